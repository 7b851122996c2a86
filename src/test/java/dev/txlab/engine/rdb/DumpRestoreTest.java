package dev.txlab.engine.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DUMP and RESTORE against a real redis-server 7.0.15, for every type and encoding: each case
 * builds key k on both; the server's payload restores in txlab and txlab's in the server, and
 * both copies read back (type, encoding, contents) as the server's own k. Where Redis's order is
 * defined (everything but hash tables and set tables), the payloads are equal byte for byte.
 */
class DumpRestoreTest {

    interface Backend {
        Reply call(List<byte[]> argv) throws IOException;
    }

    static Stream<String> cases() {
        String big = "x".repeat(100);
        StringBuilder manyInts = new StringBuilder("SADD k");
        for (int i = 0; i < 600; i++) manyInts.append(' ').append(i * 7 - 1000);
        StringBuilder longList = new StringBuilder("RPUSH k");
        for (int i = 0; i < 1500; i++) longList.append(' ').append(i % 3 == 0 ? "elem" + i : Integer.toString(i * 1000));
        return Stream.of(
                "SET k hello",
                "SET k 12345",
                "SET k -7",
                "SET k 123456789012345",
                "SET k ''",
                "SET k " + big,
                "SET k 3.14",
                "RPUSH k a b 1 2 300 -70000 5000000000 -9223372036854775808 ''",
                "RPUSH k " + big + " small",
                longList.toString(),
                "CONFIG SET list-max-listpack-size 3|RPUSH k a b c d e f g",
                "SADD k 1 2 3 -5 70000",
                "SADD k 1 2 5000000000",
                manyInts.toString(),
                "SADD k a b c",
                "ZADD k 1 a 2.5 b -3 c inf d -inf e 0 f",
                "ZADD k 1e300 a 0.1 b 123456789012 c",
                "CONFIG SET zset-max-listpack-entries 1|ZADD k 1 a 2 b 3.5 c",
                "ZADD k 1 " + "m".repeat(80) + " 2 b",
                "HSET k f1 v1 f2 2 f3 ''",
                "CONFIG SET hash-max-listpack-entries 1|HSET k f1 v1 f2 v2",
                "HSET k f " + big,
                "PFADD k a b c",
                "GEOADD k 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
                "XADD k 1-1 a 1 b 2|XADD k 1-2 a 3 b 4|XADD k 2-0 other " + big,
                "CONFIG SET stream-node-max-entries 2|XADD k 1-1 f 1|XADD k 1-2 f 2|XADD k 5-0 g 3|XADD k 18446744073709551614-7 f x"
                        + "|XDEL k 1-2|XGROUP CREATE k g0 $|XGROUP SETID k g0 1-1 ENTRIESREAD 99999999999|XGROUP CREATE k g1 0",
                "XADD k 3-3 a 1|XDEL k 3-3|XGROUP CREATE k g $");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void payloadsTravelBothWays(String commands) throws IOException {
        RedisServer server = RedisServer.get();
        server.reset();
        Engine engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
        ClientSession session = engine.connect("A");
        Backend lab = argv -> engine.execute(session, argv);
        try (RedisConnection redis = server.connect()) {
            Backend real = redis::call;
            for (String line : commands.split("\\|")) {
                run(real, line);
                run(lab, line);
            }
            String expected = describe(real, "k");
            assertEquals(expected, describe(lab, "k"), "txlab builds the same k");

            byte[] theirs = ((Reply.Bulk) real.call(args("DUMP", "k"))).bytes();
            byte[] ours = ((Reply.Bulk) lab.call(args("DUMP", "k"))).bytes();
            if (orderDefined(real)) assertArrayEquals(theirs, ours, "DUMP payloads of " + commands);

            // the server's payload in txlab, txlab's in the server: both as the server restores its own
            assertEquals(Reply.OK, real.call(List.of(Bytes.utf8("RESTORE"), Bytes.utf8("own"), Bytes.utf8("0"), theirs)));
            String restoredExpected = describe(real, "own");
            assertEquals(expected.substring(expected.indexOf(' ', expected.indexOf(' ') + 1)),
                    restoredExpected.substring(restoredExpected.indexOf(' ', restoredExpected.indexOf(' ') + 1)),
                    "the server's own round trip keeps the contents");
            assertEquals(Reply.OK, lab.call(List.of(Bytes.utf8("RESTORE"), Bytes.utf8("r"), Bytes.utf8("0"), theirs)));
            assertEquals(restoredExpected, describe(lab, "r"), "redis-server's payload restored in txlab");
            Reply restored = real.call(List.of(Bytes.utf8("RESTORE"), Bytes.utf8("r"), Bytes.utf8("0"), ours));
            assertEquals(Reply.OK, restored, "txlab's payload restored in redis-server");
            assertEquals(restoredExpected, describe(real, "r"), "txlab's payload restored in redis-server");

            // DEBUG RELOAD: every key through a whole RDB file, encodings chosen again on load
            run(real, "DEBUG RELOAD");
            run(lab, "DEBUG RELOAD");
            assertEquals(describe(real, "k"), describe(lab, "k"), "after DEBUG RELOAD");
        } finally {
            server.reset();
        }
    }

    /**
     * Consumer groups carry the server's clock (delivery and seen times), so the stream is built
     * on the server only: its payload must restore in txlab to the same XINFO STREAM FULL, and
     * txlab must dump it back byte for byte, also after a DEBUG RELOAD.
     */
    @Test
    void streamConsumerGroupsRestoreAndDumpExactly() throws IOException {
        RedisServer server = RedisServer.get();
        server.reset();
        Engine engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
        ClientSession session = engine.connect("A");
        Backend lab = argv -> engine.execute(session, argv);
        try (RedisConnection redis = server.connect()) {
            Backend real = redis::call;
            for (String line : List.of("XADD k 1-1 a 1", "XADD k 2-1 a 2", "XADD k 3-1 b 3", "XGROUP CREATE k g 0",
                    "XREADGROUP GROUP g alice COUNT 2 STREAMS k >", "XREADGROUP GROUP g bob STREAMS k >",
                    "XACK k g 2-1", "XGROUP CREATECONSUMER k g carol", "XGROUP CREATE k other $")) {
                run(real, line);
            }
            byte[] theirs = ((Reply.Bulk) real.call(args("DUMP", "k"))).bytes();
            assertEquals(Reply.OK, lab.call(List.of(Bytes.utf8("RESTORE"), Bytes.utf8("k"), Bytes.utf8("0"), theirs)));
            assertEquals(describe(real, "k"), describe(lab, "k"), "XINFO STREAM FULL of the restored stream");
            assertArrayEquals(theirs, ((Reply.Bulk) lab.call(args("DUMP", "k"))).bytes(), "txlab dumps it back as it came");
            run(lab, "DEBUG RELOAD");
            assertArrayEquals(theirs, ((Reply.Bulk) lab.call(args("DUMP", "k"))).bytes(), "after DEBUG RELOAD");
        } finally {
            server.reset();
        }
    }

    @Test
    void restoreOptionsAndErrorsAnswerAsRedis() throws IOException {
        RedisServer server = RedisServer.get();
        server.reset();
        Engine engine = new Engine(Clock.SYSTEM);
        ClientSession session = engine.connect("A");
        Backend lab = argv -> engine.execute(session, argv);
        try (RedisConnection redis = server.connect()) {
            Backend real = redis::call;
            for (Backend b : List.of(real, lab)) run(b, "SET s hello");
            byte[] payload = ((Reply.Bulk) real.call(args("DUMP", "s"))).bytes();
            byte[] corrupt = payload.clone();
            corrupt[1] ^= 1;
            byte[] badType = payload.clone();
            badType[0] = 7;
            String[][] lines = {
                    {"RESTORE", "s", "0", null},
                    {"RESTORE", "s", "0", null, "REPLACE"},
                    {"RESTORE", "n", "-1", null},
                    {"RESTORE", "n", "abc", null},
                    {"RESTORE", "n", "0", null, "IDLETIME", "-1"},
                    {"RESTORE", "n", "0", null, "FREQ", "256"},
                    {"RESTORE", "n", "0", null, "FREQ", "5", "IDLETIME", "5"},
                    {"RESTORE", "n", "0", null, "IDLETIME"},
                    {"RESTORE", "n", "0", null, "BOGUS"},
                    {"RESTORE", "n", "0", "short"},
                    {"RESTORE", "c", "0", "corrupt"},
                    {"RESTORE", "t", "0", "badtype"},
                    {"RESTORE", "e", "1000", null, "ABSTTL"},
                    {"EXISTS", "e"},
                    {"RESTORE", "x", "100000", null, "IDLETIME", "100"},
                    {"TYPE", "x"},
                    {"DUMP", "missing"},
            };
            for (String[] line : lines) {
                List<byte[]> argv = new ArrayList<>();
                for (String w : line) {
                    if (w == null) argv.add(payload);
                    else if (w.equals("corrupt")) argv.add(corrupt);
                    else if (w.equals("badtype")) argv.add(fixCrc(badType));
                    else argv.add(Bytes.utf8(w));
                }
                assertEquals(real.call(argv), lab.call(argv), String.join(" ", line));
            }
            long ttl = ((Reply.Int) lab.call(args("PTTL", "x"))).value();
            assertEquals(true, ttl > 90_000 && ttl <= 100_000, "RESTORE's TTL: " + ttl);
        } finally {
            server.reset();
        }
    }

    /** A payload with a valid footer again after an edit, so the body itself is what is judged. */
    private static byte[] fixCrc(byte[] payload) {
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        byte[] out = payload.clone();
        for (int i = 0; i < 8; i++) out[payload.length - 8 + i] = (byte) (crc >>> (8 * i));
        return out;
    }

    private static boolean orderDefined(Backend real) throws IOException {
        String encoding = text(real.call(args("OBJECT", "ENCODING", "k")));
        return !encoding.equals("hashtable");
    }

    /** Type, encoding and contents (sorted where Redis leaves the order undefined). */
    private static String describe(Backend b, String key) throws IOException {
        String type = text(b.call(args("TYPE", key)));
        String encoding = text(b.call(args("OBJECT", "ENCODING", key)));
        String contents = switch (type) {
            case "string" -> text(b.call(args("GET", key)));
            case "list" -> flat(b.call(args("LRANGE", key, "0", "-1")), false, false);
            case "set" -> flat(b.call(args("SMEMBERS", key)), true, false);
            case "zset" -> flat(b.call(args("ZRANGE", key, "0", "-1", "WITHSCORES")), false, false);
            case "hash" -> flat(b.call(args("HGETALL", key)), !encoding.equals("listpack"), true);
            case "stream" -> deep(b.call(args("XINFO", "STREAM", key, "FULL")));
            default -> type;
        };
        return type + " " + encoding + " " + contents;
    }

    /** Nested replies as text, all the way down (XINFO STREAM FULL). */
    private static String deep(Reply reply) {
        List<Reply> elements = reply instanceof Reply.Array a ? a.elements()
                : reply instanceof Reply.Map m ? m.flat() : reply instanceof Reply.Pairs p ? p.flat() : null;
        if (elements == null) return text(reply);
        List<String> out = new ArrayList<>();
        for (Reply r : elements) out.add(deep(r));
        return out.toString();
    }

    private static String flat(Reply reply, boolean sort, boolean pairs) {
        List<String> out = new ArrayList<>();
        List<Reply> elements = reply instanceof Reply.Array a ? a.elements()
                : reply instanceof Reply.Set s ? s.elements() : reply instanceof Reply.Map m ? m.flat()
                : reply instanceof Reply.Pairs p ? p.flat() : List.of(reply);
        if (sort && pairs) {
            for (int i = 0; i + 1 < elements.size(); i += 2) out.add(text(elements.get(i)) + "" + text(elements.get(i + 1)));
            out.sort(null);
            return out.toString();
        }
        for (Reply r : elements) out.add(text(r));
        if (sort) out.sort(null);
        return out.toString();
    }

    private static void run(Backend b, String line) throws IOException {
        Reply reply = b.call(ArgSplitter.split(line).orElseThrow());
        if (reply instanceof Reply.Error e) throw new AssertionError(line + ": " + e.message());
    }

    private static List<byte[]> args(String... parts) {
        return Stream.of(parts).map(Bytes::utf8).toList();
    }

    private static String text(Reply reply) {
        return reply instanceof Reply.Bulk b ? new String(b.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
                : reply instanceof Reply.Simple s ? s.text() : reply instanceof Reply.Double d ? d.text() : reply.toString();
    }
}
