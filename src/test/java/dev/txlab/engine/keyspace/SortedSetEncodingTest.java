package dev.txlab.engine.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Key;
import org.junit.jupiter.api.Test;

/**
 * Where a sorted set is a listpack and where a skiplist, as t_zset.c decides (each case was
 * checked with OBJECT ENCODING on redis-server 7.0.15), and the RDB round trip's rules.
 */
class SortedSetEncodingTest {
    private final Engine engine = new Engine(new Clock.ManualClock(0));
    private final ClientSession a = engine.connect("A");

    private void run(String... lines) {
        for (String line : lines) engine.execute(a, ArgSplitter.split(line).orElseThrow());
    }

    private String encoding(String key) {
        RedisValue v = engine.database(0).lookup(Key.of(key));
        return v == null ? null : v.encoding();
    }

    private static final String LONG = "a".repeat(65);

    @Test
    void zaddLooksAtTheFirstMemberOnlyToChooseTheEncodingThenConvertsMemberByMember() {
        run("ZADD a 1 x", "ZADD b 1 " + LONG, "ZADD c 1 x 2 " + LONG, "CONFIG SET zset-max-listpack-entries 2",
                "ZADD d 1 x 2 y", "ZADD e 1 x 2 y 3 z", "ZADD f XX 1 x");
        assertEquals("listpack", encoding("a"));
        assertEquals("skiplist", encoding("b"));
        assertEquals("skiplist", encoding("c"));
        assertEquals("listpack", encoding("d"));
        assertEquals("skiplist", encoding("e"));
        assertNull(encoding("f"));
        run("ZADD d 5 x", "ZINCRBY d 1 y"); // updates never convert
        assertEquals("listpack", encoding("d"));
        run("ZADD d 3 z");
        assertEquals("skiplist", encoding("d"));
        run("ZREM d z", "ZREM d y"); // removals never convert back
        assertEquals("skiplist", encoding("d"));
    }

    @Test
    void withListpacksSwitchedOffEverySortedSetIsASkiplist() {
        run("CONFIG SET zset-max-listpack-entries 0", "ZADD a 1 x", "ZINCRBY b 1 x", "ZUNIONSTORE c 1 a",
                "ZRANGESTORE d a 0 -1", "ZRANGESTORE e a -inf +inf BYSCORE");
        for (String k : new String[] {"a", "b", "c", "d", "e"}) assertEquals("skiplist", encoding(k), k);
    }

    @Test
    void storeResultsAreListpacksWhenTheyFitTheLimits() {
        run("ZADD big 1 x 2 " + LONG, "ZADD small 1 x 2 y", "ZUNIONSTORE u1 1 small", "ZUNIONSTORE u2 1 big",
                "ZINTERSTORE i1 2 big small", "ZDIFFSTORE d1 2 big small", "ZRANGESTORE r1 big 0 0",
                "ZRANGESTORE r2 big 0 -1", "CONFIG SET zset-max-listpack-entries 1", "ZRANGESTORE r3 small 0 0",
                "ZRANGESTORE r4 small 0 1", "ZRANGESTORE r5 small -inf +inf BYSCORE", "SADD s 1 2",
                "ZUNIONSTORE u3 1 s");
        assertEquals("listpack", encoding("u1"));
        assertEquals("skiplist", encoding("u2"));
        assertEquals("listpack", encoding("i1"));
        assertEquals("skiplist", encoding("d1")); // big minus small leaves the long member
        assertEquals("listpack", encoding("r1"));
        assertEquals("skiplist", encoding("r2"));
        assertEquals("listpack", encoding("r3"));
        assertEquals("skiplist", encoding("r4"));
        assertEquals("skiplist", encoding("r5"));
        assertEquals("skiplist", encoding("u3"));
    }

    @Test
    void aReloadKeepsAListpackUnlessItHasTooManyMembersAndRepacksASkiplistThatFits() {
        SortedSetValue.Limits defaults = SortedSetValue.Limits.DEFAULTS;
        SortedSetValue lp = SortedSetValue.listpack();
        lp.put(Key.of("x"), 1);
        lp.put(Key.of(LONG), 2); // a listpack with a long member (a CONFIG SET came later)
        assertEquals("listpack", lp.reloaded(defaults).encoding());
        assertEquals("skiplist", lp.reloaded(new SortedSetValue.Limits(1, 64)).encoding());

        SortedSetValue sl = SortedSetValue.skiplist();
        sl.put(Key.of("x"), -0.0);
        SortedSetValue back = sl.reloaded(defaults);
        assertEquals("listpack", back.encoding());
        assertEquals(0, Double.doubleToRawLongBits(back.score(Key.of("x")))); // the listpack's integer 0
        assertEquals("skiplist", sl.encoding()); // the original is left alone
        sl.put(Key.of(LONG), 1);
        assertEquals("skiplist", sl.reloaded(defaults).encoding());
    }

    @Test
    void aCopyKeepsItsEncoding() {
        run("CONFIG SET zset-max-listpack-entries 1", "ZADD z 1 x 2 y");
        SortedSetValue z = (SortedSetValue) engine.database(0).lookup(Key.of("z"));
        SortedSetValue copy = z.copy();
        assertEquals("skiplist", copy.encoding());
        copy.remove(Key.of("x"));
        assertEquals(2, z.size());
        assertFalse(z.isListpack());
    }
}
