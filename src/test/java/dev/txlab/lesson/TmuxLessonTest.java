package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.support.Tmux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lesson played as a new user plays it: on a real terminal (tmux), pressing Enter and typing,
 * with the screen read back. Skipped, with a visible message, where tmux is not installed.
 */
class TmuxLessonTest {
    /** The last line is an empty prompt, such as {@code A(W!)(TX)>}. */
    static final Pattern PROMPT = Pattern.compile("(?s).*\\n(sql )?[A-Za-z0-9_-]+(\\[\\d+])?(\\(W!?\\))?(\\(TX\\))?>\\n");

    static String tmux;

    @TempDir Path dir;
    private Tmux session;


    @BeforeAll
    static void findTmux() { tmux = Tmux.find("the terminal test of txlab lesson"); }

    @AfterEach
    void stopTmux() throws Exception {
        if (session != null) session.close();
    }

    private void start(String... args) throws Exception {
        startAt(150, args);
    }

    private void startAt(int width, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("lesson", "--lessons", ShippedLessons.dir().toString(),
                "--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        session = Tmux.start(tmux, dir, width, "", all.toArray(String[]::new));
    }

    private void keys(String... keys) throws Exception { session.keys(keys); }

    private String pane() throws Exception { return session.pane(false); }

    private String waitFor(Predicate<String> condition, String what) throws Exception { return session.waitFor(condition, what); }

    /** Types a line (empty: just Enter) after the prompt and waits for {@code expected}, then the next prompt. */
    private String typeAndWait(String line, String expected) throws Exception {
        int promptLine = (int) pane().lines().count() - 1;
        if (!line.isEmpty()) keys("-l", line);
        keys("Enter");
        return waitFor(pane -> {
            List<String> lines = pane.lines().toList();
            if (lines.size() <= promptLine + 1 || !PROMPT.matcher(pane).matches()) return false;
            return String.join("\n", lines.subList(promptLine, lines.size())).contains(expected);
        }, expected + " after " + (line.isEmpty() ? "Enter" : line) + ", then a prompt");
    }



    @Test
    void aNewUserStepsThroughALessonWithEnterTriesOwnCommandsAndSolvesATask() throws Exception {
        start("6");
        String pane = waitFor(p -> p.contains("-- next: SET balance 100   (Enter runs it)") && PROMPT.matcher(p).matches(),
                "the lesson's first step announced, and a prompt");
        assertTrue(pane.contains("Lesson 6: WATCH: optimistic locking"), pane);
        assertTrue(pane.contains("Enter runs the next step (shown above the prompt)."), pane);

        // Enter runs the announced step, which the screen shows after the prompt as if typed.
        typeAndWait("", "A> SET balance 100\nOK");
        typeAndWait("", "# A watches balance");
        pane = typeAndWait("", "A's next EXEC will answer (nil).");
        assertTrue(pane.contains("A(W)> B> DECRBY balance 30\n(integer) 70\n"), pane);

        // A command of one's own runs in between; the lesson's next step waits.
        pane = typeAndWait("GET balance", "\"70\"");
        assertTrue(pane.stripTrailing().endsWith("-- next: MULTI   (Enter runs it)\nA(W!)>"), pane);
        typeAndWait("", "A(W!)> MULTI\nOK");
        typeAndWait("", "QUEUED");
        typeAndWait("", "A(W!)(TX)> EXEC\n(nil)");

        // On to the first task, which the learner solves by typing.
        for (int i = 0; i < 8; i++) typeAndWait(":next", "steps");
        pane = typeAndWait(":next", "Type commands until the goal holds.");
        assertTrue(pane.contains("-- Your turn: make EXEC answer (nil)"), pane);
        typeAndWait(":hint", "Hint:");
        typeAndWait("B> DECRBY balance 30", "(integer) 70");
        typeAndWait("MULTI", "OK");
        typeAndWait("DECRBY balance 10", "QUEUED");
        pane = typeAndWait("EXEC", "Goal reached: make EXEC answer (nil).");
        assertTrue(pane.contains("A(W!)(TX)> EXEC\n(nil)"), pane);

        keys("-l", ":quit");
        keys("Enter");
        pane = waitFor(p -> p.contains("[txlab exited with 0]"), "the lesson exiting");
        assertTrue(pane.contains("Leaving the lesson; your progress is saved. Resume it with: txlab lesson 6"), pane);
        String progress = Files.readString(dir.resolve("data").resolve(LessonProgressStore.FILE_NAME), StandardCharsets.UTF_8);
        assertTrue(progress.contains("watch\t9\t12\t0\tmake-exec-answer-nil\t"), progress);
    }

    @Test
    void at80ColumnsTheMarkdownIsRenderedTablesFitAndNoLineBreaksInsideAWord() throws Exception {
        startAt(80, "5");
        String pane = waitFor(p -> p.contains("(Enter runs it)") && PROMPT.matcher(p).matches(), "the first step, and a prompt");
        // Emphasis is shown as emphasis (bold), without the Markdown around it.
        assertTrue(pane.contains("when Redis finds it"), pane);
        assertFalse(pane.contains("**"), pane);
        assertTrue(session.pane(true).contains("\u001B[1mwhen Redis finds it"), "bold on screen:\n" + session.pane(true));
        // On to the summary table, shown before the first task.
        for (int i = 0; i < 3; i++) typeAndWait(":next", "steps");
        pane = typeAndWait(":next", "Your turn: doom a transaction");
        assertTrue(pane.contains("Summary"), pane);
        assertTrue(pane.lines().anyMatch(l -> l.matches("-+-\\+-+-\\+-+-\\+-+")), "a table rule sized to the screen:\n" + pane);
        assertTrue(pane.lines().anyMatch(l -> l.startsWith("Error ") && l.contains(" | Found ")), pane);
        assertFalse(pane.contains("| --- |"), "no raw Markdown table:\n" + pane);
        // tmux joins the lines it had to wrap itself (-J): any line wider than the window was
        // broken by the terminal, wherever it fell, inside a word or not. None may be.
        for (String line : pane.lines().toList()) {
            assertTrue(line.length() <= 80, "wider than the window, so broken by the terminal: [" + line + "]\n" + pane);
        }
        keys("-l", ":quit");
        keys("Enter");
        waitFor(p -> p.contains("[txlab exited with 0]"), "the lesson exiting");
    }
}
