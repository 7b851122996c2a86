package dev.txlab.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * INFO's rdb_changes_since_last_save (Redis's server.dirty) grows by what a real redis-server
 * counts for the string and bitmap writes: a SETBIT or BITFIELD that changes nothing adds
 * nothing, BITFIELD adds one per changed field, a created or lengthened string always counts.
 */
class DirtyCounterTest {

    static Stream<String> cases() {
        return Stream.of(
                "SETBIT k 0 0",
                "SET k a|SETBIT k 1 1",
                "SET k a|SETBIT k 7 1",
                "SET k a|SETBIT k 7 0",
                "SET k a|SETBIT k 100 0",
                "BITFIELD k SET i5 0 0",
                "SET k a|BITFIELD k SET u8 0 97 SET u8 0 98 SET u8 0 99",
                "SET k a|BITFIELD k SET u8 0 97 INCRBY u8 0 0",
                "BITFIELD k INCRBY u8 0 1 INCRBY u8 8 1 GET u8 0",
                "BITFIELD k OVERFLOW FAIL SET u2 0 10",
                "SET k a|BITFIELD k OVERFLOW FAIL INCRBY u2 0 10",
                "SET a 1|BITOP NOT d a",
                "SET d x|BITOP AND d nokey",
                "BITOP AND d nokey",
                "SET k abc|APPEND k ''",
                "SET k abc|SETRANGE k 0 ''",
                "SET k abc|SETRANGE k 0 abc",
                "MSET a 1 b 2 c 3",
                "INCR n|INCRBYFLOAT n 1.5",
                "SET k v|GETDEL k|GETDEL k",
                "SET k v|GETEX k EX 100|GETEX k|GETEX k PERSIST|GETEX k PERSIST",
                "SET a 1|SET b 2|FLUSHALL",
                "SET a 1|SAVE|SET b 2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void countsChangesAsRedisDoes(String commands) throws IOException {
        RedisServer server = RedisServer.get();
        server.reset();
        Engine engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
        ClientSession session = engine.connect("A");
        try (RedisConnection redis = server.connect()) {
            long redisBefore = dirty(redis.call(args("INFO", "persistence")));
            long engineBefore = dirty(engine.execute(session, args("INFO", "persistence")));
            for (String line : commands.split("\\|")) {
                List<byte[]> argv = ArgSplitter.split(line).orElseThrow();
                redis.call(argv);
                engine.execute(session, argv);
            }
            long redisDelta = dirty(redis.call(args("INFO", "persistence"))) - redisBefore;
            long engineDelta = dirty(engine.execute(session, args("INFO", "persistence"))) - engineBefore;
            if (commands.contains("SAVE")) { // SAVE starts again from 0
                redisDelta += redisBefore;
                engineDelta += engineBefore;
            }
            assertEquals(redisDelta, engineDelta, "changes counted for " + commands);
        } finally {
            server.reset();
        }
    }

    private static List<byte[]> args(String... parts) {
        return Stream.of(parts).map(Bytes::utf8).toList();
    }

    private static final Pattern FIELD = Pattern.compile("rdb_changes_since_last_save:(\\d+)");

    private static long dirty(Reply info) {
        byte[] text = info instanceof Reply.Verbatim v ? v.text() : ((Reply.Bulk) info).bytes();
        Matcher m = FIELD.matcher(new String(text, StandardCharsets.ISO_8859_1));
        if (!m.find()) throw new AssertionError("no rdb_changes_since_last_save in INFO");
        return Long.parseLong(m.group(1));
    }
}
