package dev.txlab.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.engine.ClientSession;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SCAN's promise, whatever happens between calls: a key present for the whole iteration is
 * returned at least once, and the iteration ends.
 */
class ScanCursorTest {

    private static List<byte[]> argv(String... words) {
        List<byte[]> out = new ArrayList<>();
        for (String w : words) out.add(w.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private static String text(Reply r) { return new String(((Reply.Bulk) r).bytes(), StandardCharsets.UTF_8); }

    @Test
    void everyKeyPresentThroughoutIsReturnedDespiteWritesAndResizes() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            Engine engine = new Engine(new Clock.ManualClock(0));
            ClientSession c = engine.connect("A");
            int stable = 50 + random.nextInt(400);
            for (int i = 0; i < stable; i++) engine.execute(c, argv("SET", "stable:" + i, "v"));
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            int calls = 0;
            int churn = 0;
            do {
                Reply.Array reply = (Reply.Array) engine.execute(c, argv("SCAN", cursor, "COUNT", "" + (1 + random.nextInt(20))));
                cursor = text(reply.elements().get(0));
                for (Reply key : ((Reply.Array) reply.elements().get(1)).elements()) seen.add(text(key));
                // grow and shrink the table between calls
                int adds = random.nextInt(60);
                for (int i = 0; i < adds; i++) engine.execute(c, argv("SET", "churn:" + churn++, "v"));
                if (random.nextBoolean()) engine.execute(c, argv("DEL", "churn:" + random.nextInt(Math.max(1, churn))));
                if (random.nextInt(4) == 0) {
                    for (int i = 0; i < churn; i++) engine.execute(c, argv("DEL", "churn:" + i));
                }
                assertTrue(++calls < 100_000, "the iteration must end");
            } while (!cursor.equals("0"));
            for (int i = 0; i < stable; i++) assertTrue(seen.contains("stable:" + i), "stable:" + i + " missed");
        }
    }

    @Test
    void cursorsParseAsStrtoul() {
        assertEquals(0, ScanCommands.parseCursor(new byte[0]));
        assertEquals(-1L, ScanCommands.parseCursor("-1".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(-1L, ScanCommands.parseCursor("18446744073709551615".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(12, ScanCommands.parseCursor("+12".getBytes(StandardCharsets.US_ASCII)));
        for (String bad : new String[] {" 1", "1 ", "18446744073709551616", "abc", "-", "1x"}) {
            assertThrows(CommandFailed.class, () -> ScanCommands.parseCursor(bad.getBytes(StandardCharsets.US_ASCII)), bad);
        }
    }
}
