package dev.txlab.support;

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

/**
 * Drives txlab in a real terminal, as a new user meets it: a detached tmux session of its own
 * server, keys sent one line at a time, the screen read back. {@link #find} skips the calling
 * test, visibly, where tmux is not installed; CI installs it.
 */
public final class Tmux implements AutoCloseable {
    /** Waiting for the screen is not a timing assertion: this only stops a broken run from hanging. */
    static final long GIVE_UP_MILLIS = 60_000;

    private final String binary;
    private final Path socket;

    private Tmux(String binary, Path socket) {
        this.binary = binary;
        this.socket = socket;
    }

    /** The tmux binary; skips the test with a message naming {@code what} when there is none. */
    public static String find(String what) {
        String found = null;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, "tmux");
            if (f.canExecute()) found = f.getPath();
        }
        if (found == null) System.err.println("SKIPPED (tmux is not installed): " + what + " did not run");
        assumeTrue(found != null, "tmux is not installed (apt-get install -y tmux)");
        return found;
    }

    /**
     * Starts {@code txlab args...} from the test classpath in a {@code width}x50 window, with
     * {@code home} as the user's home and {@code environment} (e.g. "NO_COLOR=1") set.
     */
    public static Tmux start(String binary, Path dir, int width, String environment, String... args)
            throws IOException, InterruptedException {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Tmux tmux = new Tmux(binary, dir.resolve("tmux.sock"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        StringBuilder command = new StringBuilder(quote(java) + " -Duser.home=" + quote(home.toString())
                + " -cp " + quote(classpath) + " dev.txlab.cli.Main");
        for (String a : args) command.append(' ').append(quote(a));
        // The wrapping sh is not interactive: without the trap, the Ctrl-C sent to txlab would end it too.
        // txlab keeps its history under $HOME (as the shell sees it), so HOME is the test's home too.
        String script = "trap true INT; unset NO_COLOR; HOME=" + quote(home.toString()) + " " + environment + " " + command;
        // remain-on-exit keeps the window readable after txlab has left.
        tmux.run(true, "new-session", "-d", "-s", "txlab", "-x", Integer.toString(width), "-y", "50",
                "sh -c " + quote(script + "; echo \"[txlab exited with $?]\""), ";",
                "set-option", "-t", "txlab", "remain-on-exit", "on");
        return tmux;
    }

    /** Types text literally, then Enter. */
    public void type(String line) throws IOException, InterruptedException {
        if (!line.isEmpty()) run(true, "send-keys", "-t", "txlab", "-l", line);
        run(true, "send-keys", "-t", "txlab", "Enter");
    }

    /** Sends tmux key names (C-c, Tab, Enter ...). */
    public void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "txlab"));
        args.addAll(List.of(keys));
        run(true, args.toArray(String[]::new));
    }

    /** The whole window with its scrollback, wrapped lines joined, trailing blanks dropped. */
    public String pane(boolean escapes) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("capture-pane", "-p", "-J", "-S", "-", "-t", "txlab"));
        if (escapes) args.add("-e");
        return run(true, args.toArray(String[]::new)).lines().map(String::stripTrailing)
                .reduce("", (a, b) -> a + b + "\n").stripTrailing() + "\n";
    }

    /** Polls the screen until the condition holds; fails with the screen when it never does. */
    public String waitFor(Predicate<String> condition, String what) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        String pane = "";
        while (System.currentTimeMillis() < deadline) {
            pane = pane(false);
            if (condition.test(pane)) return pane;
            Thread.sleep(50); // polling the screen; nothing here depends on how long it took
        }
        fail("the screen never showed " + what + ":\n" + pane);
        return pane;
    }

    private String run(boolean check, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary, "-S", socket.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TERM", "xterm-256color");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (check && code != 0) fail("tmux " + String.join(" ", args) + " failed (" + code + "): " + out);
        return out;
    }

    @Override public void close() throws IOException, InterruptedException { run(false, "kill-server"); }

    static String quote(String s) { return "'" + s.replace("'", "'\\''") + "'"; }
}
