package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.txlab.support.Tmux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell as a new user meets it: a real terminal (tmux), keys typed one line at a time, and
 * the screen read back. Skipped, with a visible message, where tmux is not installed.
 */
class TmuxShellTest {
    static String tmux;

    @TempDir Path dir;
    private Tmux session;


    @BeforeAll
    static void findTmux() { tmux = Tmux.find("the terminal test of the shell"); }

    @AfterEach
    void stopTmux() throws Exception {
        if (session != null) session.close();
    }

    /** Starts the shell in a detached tmux window of its own server; waits for the banner. */
    private void startShell(String environment, String... args) throws Exception {
        session = Tmux.start(tmux, dir, 160, environment, args);
        waitFor(pane -> pane.contains("Type :help for help") && PROMPT.matcher(pane).matches(), "the banner and a prompt");
    }

    private void type(String line) throws Exception { session.type(line); }

    private void keys(String... keys) throws Exception { session.keys(keys); }

    private String pane(boolean escapes) throws Exception { return session.pane(escapes); }

    private String waitFor(Predicate<String> condition, String what) throws Exception { return session.waitFor(condition, what); }

    /** The last line is an empty prompt such as {@code A(W!)(TX)>}. */
    static final java.util.regex.Pattern PROMPT = java.util.regex.Pattern.compile("(?s).*\\n[A-Za-z0-9_-]+(\\[\\d+])?(\\(W!?\\))?(\\(TX\\))?(\\(blocked\\))?>\\n");

    /**
     * Types a line and waits for its output and the next prompt. Between two prompts the terminal
     * is not in JLine's hands (its own echo would show typed-ahead keys), so the test types as a
     * person does: after the prompt.
     */
    private String typeAndWait(String line, String expected) throws Exception {
        int promptLine = (int) pane(false).lines().count() - 1;
        type(line);
        return waitFor(pane -> {
            List<String> lines = pane.lines().toList();
            if (lines.size() <= promptLine + 1 || !PROMPT.matcher(pane).matches()) return false;
            // Only what appeared from the prompt the line was typed at counts.
            return String.join("\n", lines.subList(promptLine, lines.size())).contains(expected);
        }, expected + " under " + line + ", then a prompt");
    }



    /** :timeline after a WATCH race, in an 80-column terminal: the lanes fit, and the abort is linked to its cause. */
    @Test
    void timelineDrawsAWatchRaceAt80Columns() throws Exception {
        session = Tmux.start(tmux, dir, 80, "NO_COLOR=1");
        waitFor(pane -> pane.contains(":help for help") && PROMPT.matcher(pane).matches(), "the banner and a prompt");
        typeAndWait("SET k 1", "OK");
        typeAndWait("WATCH k", "OK");
        typeAndWait("MULTI", "OK");
        typeAndWait("INCR k", "QUEUED");
        typeAndWait("B> SET k 5", "OK");
        typeAndWait("A> EXEC", "(nil)");
        String drawn = typeAndWait(":timeline", "aborted by [1]");
        assertLinesInOrder(drawn,
                "   | A                            | B",
                " 2 | WATCH k -> OK                |",
                " 4 | : INCR k -> QUEUED #1        |",
                " 5 |                              | SET k 5 -> OK [1]",
                " 6 | EXEC -> (nil) aborted by [1] |",
                "[1] step 5: B's SET k 5 wrote k, which A watches: A's EXEC at step 6 answered");
        for (String line : drawn.lines().toList()) assertTrue(line.length() <= 80, "wider than the terminal: " + line);
    }

    @Test
    void aBlockedClientWaitsUntilAnotherClientPushesOrItsTimeoutPasses() throws Exception {
        startShell("NO_COLOR=1");
        typeAndWait("BLPOP q 0", "A is blocked: it waits for a push to q, forever if need be");
        assertTrue(pane(false).stripTrailing().endsWith("A(blocked)>"), pane(false));
        typeAndWait("GET x", "A is blocked, waiting for its earlier command");
        String served = typeAndWait("B> RPUSH q x", "A's answer:");
        assertLinesInOrder(served, "(integer) 1", "A's answer:", "1) \"q\"", "2) \"x\"");
        assertTrue(served.stripTrailing().endsWith("A>"), served);
        type("BLPOP q 0.3");
        String timedOut = waitFor(p -> p.contains("A's BLPOP timed out") && p.stripTrailing().endsWith("A>"),
                "the timeout reported above a fresh prompt");
        assertLinesInOrder(timedOut, "A's answer:", "(nil)");
    }

    /** Every expected line appears on the screen, in this order. */
    private static void assertLinesInOrder(String pane, String... expected) {
        List<String> lines = pane.lines().toList();
        int from = 0;
        for (String want : expected) {
            int found = -1;
            for (int i = from; i < lines.size(); i++) {
                if (lines.get(i).equals(want.stripTrailing())) {
                    found = i;
                    break;
                }
            }
            if (found < 0) fail("missing, or out of order: [" + want + "]\n--- screen ---\n" + pane);
            from = found + 1;
        }
    }

    @Test
    void aNewUserSeesRedisCliRepliesAndTracesThatExplainThem() throws Exception {
        startShell("");

        // A runtime error inside EXEC fails alone; nothing is rolled back.
        typeAndWait("SET b hello", "OK");
        typeAndWait("MULTI", "A(TX)>");
        typeAndWait("SET a 1", "# Queued as #1");
        typeAndWait("INCR b", "# Queued as #2");
        typeAndWait("SET k v NX XX", "# Queued as #3");
        String pane = typeAndWait("EXEC", "# Keys before -> after EXEC:");
        assertLinesInOrder(pane,
                "A> SET b hello",
                "OK",
                "A> MULTI",
                "OK",
                "# A is in MULTI now: its commands are queued, and nothing runs until EXEC.",
                "A(TX)> SET a 1",
                "QUEUED",
                "# Queued as #1, not run yet: a is still missing.",
                "A(TX)> INCR b",
                "QUEUED",
                "# Queued as #2, not run yet: b is still \"hello\".",
                "A(TX)> SET k v NX XX",
                "QUEUED",
                "A(TX)> EXEC",
                "1) OK",
                "2) (error) ERR value is not an integer or out of range",
                "3) (error) ERR syntax error",
                "#   #2 INCR b -> failed at run time: ERR value is not an integer or out of range",
                "#   #3 SET k v NX XX -> failed at run time: ERR syntax error",
                "# No rollback: #2 and #3 failed alone; the other command stays applied.",
                "#   a: missing -> \"1\"",
                "#   b: \"hello\" (unchanged)");

        // A command rejected while queueing dooms the whole transaction.
        typeAndWait("MULTI", "A(TX)>");
        typeAndWait("SET x 1", "not run yet: x is still missing.");
        typeAndWait("NOSUCH x", "# Rejected while queueing (unknown command)");
        typeAndWait("INCR x", "already doomed");
        typeAndWait("EXEC", "# EXECABORT: nothing ran");
        pane = typeAndWait("GET x", "A> GET x\n(nil)");
        assertLinesInOrder(pane,
                "A(TX)> NOSUCH x",
                "(error) ERR unknown command 'NOSUCH', with args beginning with: 'x'",
                // Wrapped at a word boundary to the 160 columns of the window, and still a comment.
                "# Rejected while queueing (unknown command): A's transaction is now doomed. Later commands still answer"
                        + " QUEUED, but EXEC will answer EXECABORT and run none of",
                "#   them.",
                "A(TX)> INCR x",
                "QUEUED",
                "A(TX)> EXEC",
                "(error) EXECABORT Transaction discarded because of previous errors.",
                "# EXECABORT: nothing ran; the 2 commands answered QUEUED were thrown away, because NOSUCH x was rejected"
                        + " while queueing (ERR unknown command 'NOSUCH', with args",
                "#   beginning with: 'x' ).",
                "A> GET x",
                "(nil)");

        // A WATCH race between A and B: B's write makes A's EXEC answer (nil).
        typeAndWait("SET balance 100", "A> SET balance 100\nOK");
        typeAndWait("WATCH balance", "A(W)>");
        typeAndWait("B> DECRBY balance 30", "A(W!)>");
        typeAndWait("MULTI", "A(W!)(TX)>");
        typeAndWait("DECRBY balance 10", "balance is still \"70\"");
        typeAndWait("EXEC", "# Retry:");
        pane = typeAndWait("GET balance", "\"70\"");
        assertLinesInOrder(pane,
                "A(W)> B> DECRBY balance 30",
                "(integer) 70",
                "# B's DECRBY balance 30 touched balance, which A watches: A's next EXEC will answer (nil).",
                "A(W!)> MULTI",
                "OK",
                "A(W!)(TX)> DECRBY balance 10",
                "QUEUED",
                "# Queued as #1, not run yet: balance is still \"70\".",
                "A(W!)(TX)> EXEC",
                "(nil)",
                "# (nil): EXEC ran nothing; the command answered QUEUED was thrown away, because B's DECRBY balance 30"
                        + " touched the watched key balance after WATCH.",
                "# Retry: WATCH balance, read it again, MULTI, queue the writes, EXEC; repeat while EXEC answers (nil).",
                "A> GET balance",
                "\"70\"");

        // Traces are coloured on a terminal.
        assertTrue(pane(true).contains("\u001b["), "colour on a terminal");

        // Garbage gives one line and the shell goes on; Ctrl-C drops a half-typed line.
        typeAndWait("GET \"unbalanced", "Invalid argument(s)");
        typeAndWait(":nope", "Unknown shell command ':nope'. Type :help for the list.");
        keys("-l", "SET half typed");
        waitFor(p -> p.contains("A> SET half typed"), "the half-typed line");
        keys("C-c");
        // Ctrl-C reaches JLine as a signal: wait for the fresh prompt before typing on.
        waitFor(p -> p.stripTrailing().endsWith("A> SET half typed\nA>"), "a fresh prompt after Ctrl-C");
        pane = typeAndWait("PING", "PONG");
        assertFalse(pane.contains("OK\nA> PING"), "the cancelled SET did not run");

        // Ctrl-R searches the history.
        keys("C-r");
        keys("-l", "B> DEC");
        waitFor(p -> p.stripTrailing().endsWith("A> B> DECRBY balance 30\nbck-i-search: B> DEC_"), "the history search");
        keys("C-g");
        waitFor(p -> PROMPT.matcher(p).matches(), "the search cancelled");

        // Completion from the command table, and the argument hint from its syntax.
        keys("-l", "WAT");
        keys("Tab");
        waitFor(p -> p.stripTrailing().endsWith("A> WATCH key [key ...]"), "WATCH completed with its hint");
        keys("C-u");

        // :quit leaves, and the history was kept in the user's home.
        type(":quit");
        waitFor(p -> p.contains("[txlab exited with 0]"), "the shell exiting");
        String history = Files.readString(dir.resolve("home").resolve(".txlab_history"), StandardCharsets.UTF_8);
        assertTrue(history.contains("B> DECRBY balance 30"), history);
    }

    @Test
    void noColorTurnsColourOffAndExplainFullIsTakenFromTheCommandLine() throws Exception {
        startShell("NO_COLOR=1; export NO_COLOR;", "--explain", "full");
        String pane = typeAndWait("MULTI", "DISCARD throws the queue away.");
        assertLinesInOrder(pane,
                "A> MULTI",
                "OK",
                "# A is in MULTI now: its commands are queued, and nothing runs until EXEC.",
                "# Queued commands are only checked for a known name and the number of arguments now;");
        String coloured = pane(true);
        assertFalse(coloured.contains("\u001b["), coloured);
        keys("C-d");
        waitFor(p -> p.contains("[txlab exited with 0]"), "Ctrl-D leaving the shell");
    }
}
