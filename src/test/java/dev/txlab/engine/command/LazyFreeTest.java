package dev.txlab.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * INFO's lazyfreed_objects after UNLINK, DEL and FLUSHDB of values small and big, in each
 * encoding, compared with a real redis-server: only what Redis would free in its background
 * thread (a free effort over 64 allocations, or every key of a database emptied ASYNC) counts.
 */
class LazyFreeTest {

    /** Each case: commands that build data, then the ones that free it. */
    private static final List<List<String>> CASES = List.of(
            List.of("SET s v", "UNLINK s"),
            List.of("RPUSH small a b c", "UNLINK small"),
            List.of("EVAL \"for i=1,1000 do redis.call('sadd', KEYS[1], i) end\" 1 ints", "UNLINK ints"),
            List.of("EVAL \"for i=1,100 do redis.call('sadd', KEYS[1], i) end\" 1 intset", "UNLINK intset"),
            List.of("EVAL \"for i=1,1000 do redis.call('hset', KEYS[1], i, i) end\" 1 h", "DEL h",
                    "EVAL \"for i=1,1000 do redis.call('hset', KEYS[1], i, i) end\" 1 h2",
                    "CONFIG SET lazyfree-lazy-user-del yes", "DEL h2", "CONFIG SET lazyfree-lazy-user-del no"),
            List.of("EVAL \"for i=1,200 do redis.call('zadd', KEYS[1], i, i) end\" 1 z", "UNLINK z"),
            List.of("EVAL \"for i=1,20000 do redis.call('rpush', KEYS[1], string.rep('x', 100)) end\" 1 l", "UNLINK l"),
            List.of("CONFIG SET stream-node-max-entries 5",
                    "EVAL \"for i=1,1000 do redis.call('xadd', KEYS[1], '*', 'f', i) end\" 1 st",
                    "XGROUP CREATE st g 0", "XREADGROUP GROUP g c COUNT 2 STREAMS st >", "UNLINK st",
                    "CONFIG SET stream-node-max-entries 100"),
            List.of("MSET a 1 b 2 c 3", "FLUSHDB ASYNC", "MSET a 1 b 2", "FLUSHALL SYNC", "MSET a 1",
                    "CONFIG SET lazyfree-lazy-user-flush yes", "FLUSHALL", "CONFIG SET lazyfree-lazy-user-flush no"));

    @Test
    void lazyfreedObjectsCountsWhatRedisFreesInTheBackground() throws Exception {
        RedisServer server = RedisServer.get();
        for (List<String> commands : CASES) {
            server.reset();
            long expected;
            try (RedisConnection c = server.connect()) {
                c.call(argv("CONFIG RESETSTAT"));
                for (String command : commands) c.call(argv(command));
                for (int wait = 0; wait < 100 && field(c.call(argv("INFO memory")), "lazyfree_pending_objects") > 0; wait++) {
                    Thread.sleep(20); // redis-server frees in its background thread
                }
                expected = field(c.call(argv("INFO memory")), "lazyfreed_objects");
            }
            Engine engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
            ClientSession a = engine.connect("A");
            for (String command : commands) engine.execute(a, argv(command));
            assertEquals(expected, field(engine.execute(a, argv("INFO memory")), "lazyfreed_objects"), String.join(" / ", commands));
        }
    }

    private static List<byte[]> argv(String command) { return ArgSplitter.split(command).orElseThrow(); }

    private static long field(Reply info, String name) {
        String text = info instanceof Reply.Verbatim v ? new String(v.text(), StandardCharsets.ISO_8859_1)
                : new String(((Reply.Bulk) info).bytes(), StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) if (line.startsWith(name + ":")) return Long.parseLong(line.substring(name.length() + 1));
        throw new AssertionError(name + " missing from INFO");
    }
}
