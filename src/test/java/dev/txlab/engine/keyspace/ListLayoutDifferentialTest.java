package dev.txlab.engine.keyspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.Resp;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A list's quicklist nodes, as DUMP shows them, after random pushes, pops, LTRIM, LREM, LSET and
 * LMOVE at both ends, on the engine and on a real redis-server, compared byte for byte after every
 * command: ListValue follows the node layout incrementally (and looks nodes up from the nearer
 * end), so every way it is updated must keep it in step. LINSERT in the middle is left out: the
 * engine does not follow _quicklistInsert's splits and merges.
 */
class ListLayoutDifferentialTest {
    static final int SESSIONS = 40;
    static final int LENGTH = 60;

    @Test
    void dumpShowsTheRealServersNodesAfterEveryListCommand() throws Exception {
        RedisServer server = RedisServer.get();
        long compared = 0;
        try (RedisConnection real = new RedisConnection("127.0.0.1", server.port(), 10_000)) {
            for (int s = 0; s < SESSIONS; s++) {
                Random random = new Random(9100 + s);
                Engine engine = new Engine(new Clock.ManualClock(1_000_000));
                ClientSession a = engine.connect("A");
                real.call(argv("FLUSHALL"));
                String fill = List.of("-2", "-1", "2", "3", "5").get(random.nextInt(5));
                List<String> log = new ArrayList<>();
                for (int i = 0; i < LENGTH + 2; i++) {
                    List<String> command = i == 0 ? List.of("CONFIG", "SET", "list-max-listpack-size", fill)
                            : i == LENGTH + 1 ? List.of("DUMP", "l") : step(random);
                    log.add(String.join(" ", command));
                    Reply expected = real.call(argv(command));
                    Reply actual = engine.execute(a, argv(command));
                    assertEquals(wire(expected), wire(actual), String.join("\n", log));
                    Reply expectedDump = real.call(argv(List.of("DUMP", "l")));
                    assertEquals(wire(expectedDump), wire(engine.execute(a, argv(List.of("DUMP", "l")))),
                            String.join("\n", log) + "\nthen DUMP l");
                    compared += 2;
                }
            }
        }
        assertTrue(compared >= SESSIONS * LENGTH * 2L, "compared " + compared);
    }

    private static List<String> step(Random random) {
        return switch (random.nextInt(12)) {
            case 0, 1 -> withValues(random, "LPUSH");
            case 2, 3 -> withValues(random, "RPUSH");
            case 4 -> List.of("LPOP", "l", Integer.toString(1 + random.nextInt(3)));
            case 5 -> List.of("RPOP", "l", Integer.toString(1 + random.nextInt(3)));
            case 6 -> List.of("LTRIM", "l", Integer.toString(random.nextInt(4)), Integer.toString(-1 - random.nextInt(4)));
            case 7 -> List.of("LREM", "l", Integer.toString(random.nextInt(5) - 2), value(random));
            case 8 -> List.of("LSET", "l", Integer.toString(random.nextInt(6) - 3), value(random));
            case 9 -> List.of("LMOVE", "l", "l", random.nextBoolean() ? "LEFT" : "RIGHT", random.nextBoolean() ? "LEFT" : "RIGHT");
            case 10 -> List.of("LMOVE", "l", "m", random.nextBoolean() ? "LEFT" : "RIGHT", "LEFT");
            default -> List.of("LINDEX", "l", Integer.toString(random.nextInt(6) - 3));
        };
    }

    private static List<String> withValues(Random random, String push) {
        List<String> out = new ArrayList<>(List.of(push, "l"));
        for (int n = 1 + random.nextInt(5); n > 0; n--) out.add(value(random));
        return out;
    }

    /** Mostly short values (few distinct, so LREM finds them), sometimes long ones that fill a node by size. */
    private static String value(Random random) {
        int kind = random.nextInt(10);
        if (kind == 0) return "x".repeat(3000 + random.nextInt(6000));
        if (kind == 1) return Integer.toString(random.nextInt(1000));
        return Character.toString('a' + random.nextInt(4));
    }

    private static List<byte[]> argv(List<String> words) {
        List<byte[]> out = new ArrayList<>();
        for (String w : words) out.add(Bytes.utf8(w));
        return out;
    }

    private static List<byte[]> argv(String... words) { return argv(List.of(words)); }

    private static String wire(Reply reply) {
        return new String(Resp.encodeReply(reply, 2), StandardCharsets.ISO_8859_1);
    }
}
