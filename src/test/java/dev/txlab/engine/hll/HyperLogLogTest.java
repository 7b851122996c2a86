package dev.txlab.engine.hll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.support.RedisServer;
import dev.txlab.transcript.EngineTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * HyperLogLogs compared byte for byte with a real redis-server: the string underneath after many
 * additions (sparse edits, the switch to dense at hll-sparse-max-bytes, merges of sparse and dense
 * ones), every register, and the answers to randomly corrupted values (as Redis's own fuzz test
 * corrupts them: a few random bytes anywhere).
 */
class HyperLogLogTest {

    private static final class Pair implements AutoCloseable {
        final EngineTarget engine = new EngineTarget(new Engine(new Clock.ManualClock(System.currentTimeMillis())));
        final RemoteTarget redis;

        Pair(RedisServer server) throws IOException {
            server.reset();
            redis = new RemoteTarget(server.uri(), 10_000);
        }

        /** Sends argv to both and asserts the same reply; answers the real server's. */
        Reply both(List<byte[]> argv) throws IOException {
            Reply expected = redis.send("A", argv);
            Reply actual = engine.send("A", argv);
            assertEquals(ReplyFormatter.format(expected), ReplyFormatter.format(actual), () -> "after " + display(argv));
            return expected;
        }

        Reply both(String... argv) throws IOException {
            List<byte[]> list = new ArrayList<>();
            for (String a : argv) list.add(Bytes.utf8(a));
            return both(list);
        }

        @Override public void close() throws IOException {
            engine.close();
            redis.close();
        }
    }

    private static String display(List<byte[]> argv) {
        StringBuilder s = new StringBuilder();
        for (byte[] a : argv) s.append(a.length > 40 ? "<" + a.length + " bytes>" : new String(a, java.nio.charset.StandardCharsets.ISO_8859_1)).append(' ');
        return s.toString().trim();
    }

    @Test
    void theStringUnderneathIsRedissByteForByteFromSparseToDense() throws IOException {
        try (Pair p = new Pair(RedisServer.get())) {
            Random random = new Random(7);
            p.both("CONFIG", "SET", "hll-sparse-max-bytes", "3000");
            for (int round = 0; round < 120; round++) {
                List<String> argv = new ArrayList<>(List.of("PFADD", "h"));
                for (int i = 0; i < 1 + random.nextInt(200); i++) argv.add(Long.toString(random.nextLong() % 100000));
                p.both(argv.toArray(String[]::new));
                p.both("PFADD", "small", Integer.toString(random.nextInt(500)));
                if (round % 10 == 0) {
                    p.both("PFCOUNT", "h");
                    p.both("PFCOUNT", "h", "small", "missing");
                    p.both("PFDEBUG", "ENCODING", "h");
                    p.both("GET", "h");
                    p.both("GET", "small");
                    p.both("PFDEBUG", "DECODE", "small");
                }
            }
            Reply encoding = p.both("PFDEBUG", "ENCODING", "h");
            assertEquals("dense", ((Reply.Simple) encoding).text(), "the test must reach the dense form");
            p.both("PFMERGE", "m", "small", "h");
            p.both("GET", "m");
            p.both("PFMERGE", "s2", "small");
            p.both("GET", "s2");
            p.both("PFCOUNT", "m");
            p.both("PFDEBUG", "GETREG", "small");
            p.both("GET", "small");
            p.both("CONFIG", "SET", "hll-sparse-max-bytes", "30");
            p.both("PFADD", "tiny", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
            p.both("PFDEBUG", "ENCODING", "tiny");
            p.both("GET", "tiny");
        }
    }

    @Test
    void corruptedValuesAreDetectedAsRedisDetectsThem() throws IOException {
        try (Pair p = new Pair(RedisServer.get())) {
            Random random = new Random(11);
            int corrupted = 0;
            for (int round = 0; round < 300; round++) {
                p.both("DEL", "hll");
                List<String> add = new ArrayList<>(List.of("PFADD", "hll"));
                for (int i = 0; i < random.nextInt(round % 3 == 0 ? 3000 : 40); i++) add.add(Double.toString(random.nextDouble()));
                p.both(add.toArray(String[]::new));
                long length = ((Reply.Int) p.both("STRLEN", "hll")).value();
                do {
                    List<byte[]> setrange = List.of(Bytes.utf8("SETRANGE"), Bytes.utf8("hll"),
                            Bytes.utf8(Integer.toString(random.nextInt((int) length))), new byte[] {(byte) random.nextInt(256)});
                    p.both(setrange);
                } while (random.nextBoolean());
                Reply count = p.both("PFCOUNT", "hll");
                if (count instanceof Reply.Error) corrupted++;
                p.both("PFCOUNT", "hll", "other");
                p.both("PFMERGE", "other", "hll");
                p.both("PFADD", "hll", "x", "y", "z");
                p.both("GET", "hll");
            }
            assertTrue(corrupted > 10, "the corruptions must produce some errors: " + corrupted);
        }
    }

    @Test
    void elementsOfEveryLengthLandInRedissRegisters() throws IOException {
        // The register and the run of zeros come from MurmurHash64A, which reads 8-byte blocks
        // and then a tail of 0 to 7 bytes: one element per length pins every path of the hash.
        try (Pair p = new Pair(RedisServer.get())) {
            assertArrayEquals(new byte[] {'H', 'Y', 'L', 'L', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, (byte) 0xff},
                    HyperLogLog.empty().toBytes());
            for (int length = 0; length <= 40; length++) {
                String key = "len" + length;
                p.both("PFADD", key, "x".repeat(length), "\u00e9".repeat(length));
                p.both("GET", key);
            }
        }
    }
}
