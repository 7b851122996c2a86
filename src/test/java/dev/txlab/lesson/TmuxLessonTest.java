package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
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
    /** Waiting for the screen is not a timing assertion: this only stops a broken run from hanging. */
    static final long GIVE_UP_MILLIS = 60_000;
    /** The last line is an empty prompt, such as {@code A(W!)(TX)>}. */
    static final Pattern PROMPT = Pattern.compile("(?s).*\\n(sql )?[A-Za-z0-9_-]+(\\[\\d+])?(\\(W!?\\))?(\\(TX\\))?>\\n");

    static String tmux;

    @TempDir Path dir;
    private Path socket;

    @BeforeAll
    static void findTmux() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, "tmux");
            if (f.canExecute()) tmux = f.getPath();
        }
        if (tmux == null) System.err.println("SKIPPED (tmux is not installed): the terminal test of txlab lesson did not run");
        assumeTrue(tmux != null, "tmux is not installed (apt-get install -y tmux)");
    }

    @AfterEach
    void stopTmux() throws Exception {
        if (socket != null) run(false, "kill-server");
    }

    private void start(String... args) throws Exception {
        socket = dir.resolve("tmux.sock");
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        StringBuilder command = new StringBuilder(quote(java) + " -Duser.home=" + quote(home.toString()) + " -cp " + quote(classpath)
                + " dev.txlab.cli.Main lesson --lessons " + quote(ShippedLessons.dir().toString()) + " --data-dir "
                + quote(dir.resolve("data").toString()));
        for (String a : args) command.append(' ').append(quote(a));
        String script = "trap true INT; unset NO_COLOR; " + command;
        run(true, "new-session", "-d", "-s", "txlab", "-x", "150", "-y", "50",
                "sh -c " + quote(script + "; echo \"[txlab exited with $?]\""), ";",
                "set-option", "-t", "txlab", "remain-on-exit", "on");
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "txlab"));
        args.addAll(List.of(keys));
        run(true, args.toArray(String[]::new));
    }

    /** The whole window with its scrollback, wrapped lines joined, trailing blanks dropped. */
    private String pane() throws Exception {
        return run(true, "capture-pane", "-p", "-J", "-S", "-", "-t", "txlab").lines().map(String::stripTrailing)
                .reduce("", (a, b) -> a + b + "\n").stripTrailing() + "\n";
    }

    private String waitFor(Predicate<String> condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        String pane = "";
        while (System.currentTimeMillis() < deadline) {
            pane = pane();
            if (condition.test(pane)) return pane;
            Thread.sleep(50); // polling the screen; nothing here depends on how long it took
        }
        fail("the screen never showed " + what + ":\n" + pane);
        return pane;
    }

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

    private String run(boolean check, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tmux, "-S", socket.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TERM", "xterm-256color");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (check && code != 0) fail("tmux " + String.join(" ", args) + " failed (" + code + "): " + out);
        return out;
    }

    private static String quote(String s) { return "'" + s.replace("'", "'\\''") + "'"; }

    @Test
    void aNewUserStepsThroughALessonWithEnterTriesOwnCommandsAndSolvesATask() throws Exception {
        start("6");
        String pane = waitFor(p -> p.contains("-- next: SET balance 100   (Enter runs it)") && PROMPT.matcher(p).matches(),
                "the lesson's first step announced, and a prompt");
        assertTrue(pane.contains("Lesson 6: 7.6 WATCH: optimistic locking"), pane);
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
}
