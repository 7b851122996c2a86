package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.support.Cli;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code printf ... | txlab}: no terminal, so no prompt and no colour, and the same output as a replay. */
class PipedShellTest {

    /** Runs the txlab launcher with this standard input; returns what it printed. */
    static String txlab(String stdin, String... args) {
        Cli.Run run = Cli.txlabWithInput(stdin, args);
        assertEquals(0, run.exit(), "exit code");
        return run.out();
    }

    @Test
    void theIssuesExampleWorksThroughAPipe() {
        assertEquals("""
                OK
                # A is in MULTI now: its commands are queued, and nothing runs until EXEC.
                QUEUED
                # Queued as #1, not run yet: a is still missing.
                1) (integer) 1
                # EXEC runs A's 1 queued command in order, back to back: no other client's command runs in between.
                #   #1 INCR a -> (integer) 1 (a: missing -> "1")
                # Applied.
                # Keys before -> after EXEC:
                #   a: missing -> "1"
                """, txlab("MULTI\nINCR a\nEXEC\n"));
    }

    @Test
    void withExplainOffThePipePrintsExactlyWhatRedisCliPrints() {
        assertEquals("OK\nQUEUED\n1) (integer) 1\n", txlab("MULTI\nINCR a\nEXEC\n", "--explain", "off"));
        assertEquals("OK\nQUEUED\n1) (integer) 1\n", txlab("MULTI\nINCR a\nEXEC", "shell", "--explain=OFF"),
                "a last line without a newline still runs");
    }

    static final List<String> SESSION = List.of(
            "A> SET b hello",
            "A> MULTI",
            "A> SET a 1",
            "A> INCR b",
            "A> SET k v NX XX",
            "A> EXEC",
            "A> MULTI",
            "A> SET x 1",
            "A> NOSUCH x",
            "A> WATCH x",
            "A> MULTI",
            "A> INCR x",
            "A> EXEC",
            "A> SET balance 100",
            "A> WATCH balance",
            "A> GET balance",
            "B> DECRBY balance 30",
            "A> MULTI",
            "A> DECRBY balance 10",
            "A> EXEC",
            "A> EXEC",
            "B> SADD s 1 2 x",
            "B> SMEMBERS s",
            "A> DISCARD",
            "A> GET \"unbalanced");

    @Test
    void pipedInputPrintsTheSameRepliesAndTracesAsAFileReplay(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("session.tx");
        Files.writeString(file, String.join("\n", SESSION) + "\n");
        for (String level : List.of("brief", "full")) {
            String replayed = txlab("", "replay", "--explain", level, file.toString());
            String piped = txlab(String.join("\n", SESSION) + "\n", "--explain", level);
            // The replay echoes each command line; the shell, like redis-cli on a pipe, does not.
            List<String> withoutEchoes = new ArrayList<>(replayed.lines().toList());
            for (String command : SESSION) assertTrue(withoutEchoes.remove(command), "replay echoed " + command);
            assertEquals(String.join("\n", withoutEchoes) + "\n", piped, "explain " + level);
            assertTrue(piped.contains("# No rollback"), piped);
            assertTrue(piped.contains("# B's DECRBY balance 30 touched balance, which A watches"), piped);
            assertFalse(piped.contains("\u001b"), "no colour on a pipe");
            assertFalse(piped.contains("A> "), "no prompt on a pipe");
        }
    }

    @Test
    void quitStopsReadingTheRestOfTheInput() {
        assertEquals("PONG\n", txlab("PING\n:quit\nPING\n"));
    }

    @Test
    void linesAreReadWhateverTheirEndingsAndOverlongOnesAreSkippedWithOneLine() throws Exception {
        Shells.BoundedLines lines = new Shells.BoundedLines(new StringReader("PING\r\n" + "x".repeat(50) + "\nECHO a\nlast"), 20);
        assertEquals("PING\r", lines.next().text(), "the session drops the CR, as transcripts do");
        Shells.BoundedLines.Line tooLong = lines.next();
        assertTrue(tooLong.tooLong());
        assertEquals(2, tooLong.number());
        assertEquals("ECHO a", lines.next().text());
        assertEquals("last", lines.next().text());
        assertNull(lines.next());
        assertEquals("PONG\n\"a\"\n", txlab("PING\r\nECHO a\r\n"));
    }
}
