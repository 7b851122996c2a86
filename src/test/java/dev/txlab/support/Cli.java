package dev.txlab.support;

import dev.txlab.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the txlab command line in-process, with a given standard input, capturing what it prints. */
public final class Cli {
    private Cli() {}

    /** The exit code and what went to stdout and stderr. */
    public record Run(int exit, String out, String err) {}

    public static Run txlab(String... args) { return txlabWithInput("", args); }

    /** System streams are global, so runs are serialised. */
    public static Run txlabWithInput(String stdin, String... args) {
        return txlabWithBytes(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** The same with standard input as raw bytes (not necessarily UTF-8), as a pipe can carry. */
    public static synchronized Run txlabWithBytes(byte[] stdin, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
