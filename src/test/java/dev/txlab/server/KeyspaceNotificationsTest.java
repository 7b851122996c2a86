package dev.txlab.server;

import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications (notify-keyspace-events) over serve's socket, compared with a real
 * redis-server: every event name, its class, and the order of the events of one command, of an
 * EXEC and of a script. A subscribes to every keyspace and keyevent channel; B writes.
 */
class KeyspaceNotificationsTest {

    /**
     * The writer's command and its reply, then every event the subscriber S gets up to a marker
     * the writer publishes after it (the count of events is the servers' to agree on).
     */
    private static String[] write(String command) {
        return new String[] {"B> " + command, "B?", "B> PUBLISH __keyspace@0__:marker done", "B?", "S* marker"};
    }

    private static void same(String flags, String[]... writes) throws Exception {
        java.util.List<String> steps = new java.util.ArrayList<>(java.util.List.of(
                "B> CONFIG SET notify-keyspace-events " + flags, "B?",
                "S> PSUBSCRIBE __key*__:*", "S?"));
        for (String[] w : writes) steps.addAll(java.util.List.of(w));
        steps.add("B> CONFIG SET notify-keyspace-events \"\"");
        steps.add("B?");
        Conversation.sameOnBoth(steps.toArray(String[]::new));
    }

    @Test
    void stringsAndGenericCommands() throws Exception {
        same("KEA",
                write("SET s 1"), write("SET s 2 EX 100"), write("INCRBY s 3"), write("INCRBYFLOAT s 1.5"),
                write("APPEND s x"), write("SETRANGE s 0 y"), write("GETDEL s"), write("GETDEL s"),
                write("MSET a 1 b 2"), write("MSETNX a 1 c 3"), write("SETNX a 5"), write("GETSET a 6"),
                write("EXPIRE a 100"), write("PERSIST a"), write("PEXPIREAT a 1"), write("EXISTS a"),
                write("GETEX b EX 50"), write("GETEX b PERSIST"), write("GETEX b PXAT 1"),
                write("SET r 1"), write("RENAME r r2"), write("RENAMENX r2 r3"), write("COPY r3 r4"),
                write("MOVE r4 1"), write("DEL r3 nosuch r4"), write("SETEX e 100 v"),
                write("SETBIT bits 3 1"), write("SETBIT bits 3 1"), write("BITOP OR dest bits"),
                write("BITFIELD bf SET u8 0 255"), write("PFADD h a b"), write("PFMERGE h2 h"),
                write("UNLINK h h2"), write("SET x 1 GET"), write("SET x 1 XX KEEPTTL"));
    }

    @Test
    void newKeysAreAnnouncedOnlyWithN() throws Exception {
        same("KEn",
                write("SET n1 v"), write("SET n1 w"), write("RPUSH nl a"), write("HSET nh f v"));
        same("KEA", write("SET m1 v"));
        same("KEAn", write("SET m2 v"), write("LPUSH m3 a"));
    }

    @Test
    void lists() throws Exception {
        same("KEA",
                write("RPUSH l a b c d e"), write("LPUSH l z"), write("LPUSHX nolist a"),
                write("RPUSHX l f"), write("LINSERT l BEFORE a y"), write("LINSERT l BEFORE nothere y"),
                write("LSET l 0 q"), write("LREM l 1 q"), write("LTRIM l 0 3"), write("LPOP l"),
                write("RPOP l 1"), write("LMOVE l l2 LEFT RIGHT"), write("RPOPLPUSH l l2"),
                write("LMPOP 1 l2 LEFT COUNT 10"), write("RPUSH l3 a"), write("BLPOP l3 0"),
                write("RPUSH l4 a b"), write("LTRIM l4 5 10"), write("RPUSH l5 a"), write("LREM l5 0 a"),
                write("RPUSH l6 3 1 2"), write("SORT l6 STORE l7"), write("SORT nolist STORE l7"));
    }

    @Test
    void hashesAndSets() throws Exception {
        same("KEA",
                write("HSET h a 1 b 2"), write("HSETNX h a 1"), write("HSETNX h c 1"),
                write("HMSET h d 4"), write("HINCRBY h a 1"), write("HINCRBYFLOAT h a 1.5"),
                write("HDEL h a nosuch"), write("HDEL h b c d"),
                write("SADD s 1 2 3"), write("SADD s 1"), write("SREM s 1"), write("SMOVE s s2 2"),
                write("SMOVE s s2 3"), write("SADD a 1 2"), write("SADD b 2 3"),
                write("SINTERSTORE i a b"), write("SUNIONSTORE u a b"), write("SDIFFSTORE d a b"),
                write("SINTERSTORE d a nosuch"), write("SPOP u 5"), write("SADD one x"), write("SPOP one"));
    }

    @Test
    void streams() throws Exception {
        same("KEA",
                write("XADD x 1-0 a 1"), write("XADD x MAXLEN 1 2-0 a 2"), write("XADD x NOMKSTREAM MAXLEN 5 3-0 a 3"),
                write("XADD nox NOMKSTREAM * a 1"), write("XTRIM x MAXLEN 0"), write("XTRIM x MAXLEN 0"),
                write("XADD x 4-0 a 4"), write("XADD x 5-0 a 5"), write("XDEL x 4-0 9-9"), write("XDEL x 9-9"),
                write("XSETID x 10-0"), write("XGROUP CREATE x g 0"), write("XGROUP CREATE x g 0"),
                write("XGROUP CREATE mk g $ MKSTREAM"), write("XGROUP SETID x g 0"),
                write("XREADGROUP GROUP g alice STREAMS x >"), write("XREADGROUP GROUP g alice STREAMS x 0"),
                write("XGROUP CREATECONSUMER x g bob"), write("XGROUP CREATECONSUMER x g bob"),
                write("XCLAIM x g carol 0 5-0"), write("XAUTOCLAIM x g dave 0 0"), write("XACK x g 5-0"),
                write("XGROUP DELCONSUMER x g bob"), write("XGROUP DESTROY x g"), write("DEL x mk"));
    }

    @Test
    void sortedSets() throws Exception {
        same("KEA",
                write("ZADD z 1 a 2 b 3 c 4 d"), write("ZADD z 1 a"), write("ZINCRBY z 1 a"),
                write("ZADD z INCR 1 a"), write("ZREM z a"), write("ZREMRANGEBYSCORE z 2 2"),
                write("ZREMRANGEBYRANK z 0 0"), write("ZADD lex 0 a 0 b"), write("ZREMRANGEBYLEX lex [a [b"),
                write("ZPOPMIN z"), write("ZPOPMAX z"), write("ZADD z1 1 a"), write("ZADD z2 1 b"),
                write("ZUNIONSTORE zu 2 z1 z2"), write("ZINTERSTORE zi 2 z1 z2"), write("ZDIFFSTORE zd 2 z1 z2"),
                write("ZRANGESTORE zr z1 0 -1"), write("ZINTERSTORE zu 2 z1 z2"), write("BZPOPMIN z1 0"),
                write("ZMPOP 1 z2 MAX"), write("GEOADD g 13.36 38.11 Palermo"),
                write("GEOSEARCHSTORE g2 g FROMLONLAT 13 38 BYRADIUS 500 km"),
                write("GEORADIUS g 13 38 500 km STORE g3"));
    }

    @Test
    void execAndScriptsEmitInOrder() throws Exception {
        same("KEA", new String[] {
                "B> MULTI", "B?", "B> SET t 1", "B?", "B> LPUSH tl a", "B?", "B> DEL t", "B?",
                "B> EXEC", "B?"}, write("PING"));
        same("KEA", write("EVAL \"redis.call('set', KEYS[1], 1); redis.call('incr', KEYS[1])\" 1 q"));
    }

    @Test
    void keyspaceOnlyAndKeyeventOnlyAndClasses() throws Exception {
        same("K$", write("SET a 1"), write("LPUSH l a"), write("DEL a"));
        same("El", write("SET a 1"), write("LPUSH l a"), write("DEL l"));
        same("Kg", write("SET a 1"), write("EXPIRE a 100"), write("DEL a"));
    }

    @Test
    void expiredAndEvictedKeysAreAnnouncedByTheServerItself() throws Exception {
        Conversation.sameOnBoth(
                "B> CONFIG SET notify-keyspace-events Exe", "B?",
                "S> PSUBSCRIBE *", "S?",
                "B> SET gone v PX 1", "B?",
                "S?",
                "B> SET foo bar", "B?",
                "B> CONFIG SET maxmemory-policy allkeys-lru", "B?",
                "B> CONFIG SET maxmemory 1", "B?",
                "S?",
                "B> CONFIG SET maxmemory 0", "B?",
                "B> CONFIG SET notify-keyspace-events \"\"", "B?");
    }

    @Test
    void resp3SubscribersGetPushes() throws Exception {
        Conversation.sameOnBoth(
                "B> CONFIG SET notify-keyspace-events KEA", "B?",
                "S> HELLO 3", "S!",
                "S> SUBSCRIBE __keyevent@0__:set", "S?",
                "S> SET k v", "S?", "S?",
                "B> SET k v", "B?", "S?",
                "B> CONFIG SET notify-keyspace-events \"\"", "B?");
    }

    @Test
    void configGetShowsTheCanonicalForm() throws Exception {
        Conversation.sameOnBoth(
                "B> CONFIG SET notify-keyspace-events KEA", "B?",
                "B> CONFIG GET notify-keyspace-events", "B?",
                "B> CONFIG SET notify-keyspace-events g$lshzxetKEmdn", "B?",
                "B> CONFIG GET notify-keyspace-events", "B?",
                "B> CONFIG SET notify-keyspace-events Ex", "B?",
                "B> CONFIG GET notify-keyspace-events", "B?",
                "B> CONFIG SET notify-keyspace-events nE", "B?",
                "B> CONFIG GET notify-keyspace-events", "B?",
                "B> CONFIG SET notify-keyspace-events Q", "B?",
                "B> CONFIG SET notify-keyspace-events \"\"", "B?",
                "B> CONFIG GET notify-keyspace-events", "B?");
    }
}
