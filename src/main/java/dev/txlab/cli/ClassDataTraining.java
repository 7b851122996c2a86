package dev.txlab.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The workload a class-data-sharing archive is recorded from. The launcher (bin/txlab) runs
 * {@code java -XX:ArchiveClassesAtExit=txlab.jsa -cp txlab.jar dev.txlab.cli.ClassDataTraining}
 * once per jar, then starts every txlab with {@code -XX:SharedArchiveFile=txlab.jsa}: the classes
 * this run loaded (txlab's, the JDK's beyond the default archive, JLine's, and the lambdas of
 * the command table's bindings) are then mapped ready-parsed and verified instead of loaded
 * from the jar. LuaJ is left out by the JVM (its class files predate Java 6; picocli is compiled
 * from its sources with txlab for that reason).
 *
 * <p>It runs the commands users start most, in this one JVM, through {@link Main#run}, with
 * everything they print thrown away and their progress kept in a temporary directory, so
 * recording an archive changes nothing of the user's.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {}

    /** A transcript touching the engine's usual paths: strings, MULTI/EXEC, WATCH, errors, a script. */
    private static final String TRANSCRIPT = String.join("\n",
            "# recorded for the class-data archive: its replies need not match",
            "A> SET k 1", "OK",
            "A> WATCH k", "OK",
            "B> INCR k", "(integer) 2",
            "A> MULTI", "OK",
            "A> INCR k", "QUEUED",
            "A> LPUSH l a b", "QUEUED",
            "A> HSET h f v", "QUEUED",
            "A> EXEC", "(nil)",
            "A> SADD s a", "(integer) 1",
            "A> ZADD z 1 a", "(integer) 1",
            "A> EVAL \"return redis.call('GET', KEYS[1])\" 1 k", "\"2\"",
            "A> NOSUCH", "(error) ERR unknown command 'NOSUCH', with args beginning with: ",
            "");

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("txlab-class-data");
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        try {
            System.setOut(discard);
            System.setErr(discard);
            Path transcript = dir.resolve("training.tx");
            Files.writeString(transcript, TRANSCRIPT);
            String data = dir.toString();
            // Every command file's bindings, so each method reference's lambda class is archived: the
            // table links a file's only when one of its commands is first used (LazyBindings).
            dev.txlab.engine.table.CommandTable.standardBindings();
            run("", "--version");
            run("", "--help");
            run("", "replay", "--check", transcript.toString());
            run("", "replay", transcript.toString());
            run(TRANSCRIPT.lines().filter(l -> l.startsWith("A> ") || l.startsWith("B> ")).map(l -> l + "\n")
                    .reduce("", String::concat));
            run("", "lesson", "--data-dir", data);
            run("\n\n\n", "lesson", "1", "--data-dir", data);
            run("", "quiz", "--data-dir", data, "--count", "2", "--seed", "1");
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One command line with this standard input; whatever it answers, the next one runs. */
    private static void run(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            Main.run(args);
        } catch (RuntimeException e) {
            // A failing step only makes the archive smaller; the launcher must still get one.
        }
    }
}
