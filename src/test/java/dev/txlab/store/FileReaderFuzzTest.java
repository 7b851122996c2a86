package dev.txlab.store;

import static org.junit.jupiter.api.Assertions.fail;

import dev.txlab.lesson.LessonException;
import dev.txlab.lesson.LessonParser;
import dev.txlab.lesson.LessonProgressStore;
import dev.txlab.quiz.ProgressStore;
import dev.txlab.support.Cli;
import dev.txlab.support.Corpus;
import dev.txlab.transcript.TranscriptException;
import dev.txlab.transcript.TranscriptParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, made permanent for files: seeded random and mutated bytes (flipped, inserted, deleted,
 * duplicated and swapped ranges, edge numbers, format tokens, plain noise) as quiz and lesson
 * progress files, transcripts and lesson files. Each reader must either read the file or refuse
 * it with a one-line message (for progress files: set it aside and start afresh), never throw
 * anything else; and now and then the whole command runs over the file ({@code txlab quiz --stats},
 * {@code txlab lesson}, {@code txlab replay --check}) and must print no stack trace and no
 * "internal error", with exit code 0 or 1.
 *
 * <p>A CI run tries {@value #DEFAULT_CASES} files of each kind. Run many more by hand with
 * {@code mvn -o test -Dtest=FileReaderFuzzTest -Dtxlab.fuzz.files=20000} (and another sequence
 * with {@code -Dtxlab.fuzz.seed=N}).
 */
class FileReaderFuzzTest {
    static final int DEFAULT_CASES = 300;
    static final int CASES = Integer.getInteger("txlab.fuzz.files", DEFAULT_CASES);
    static final long SEED = Long.getLong("txlab.fuzz.seed", 11L);
    /** One file in this many is also run through the whole command. */
    static final int COMMAND_EVERY = 25;
    static final int MAX_REPORTED = 8;

    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(");
    static final String[] TOKENS = {"\t", "\n", "\r\n", "#", "```", "```redis", "```sql", "> ", "A> ", "B> ", "-", ",",
            "0", "1", "-1", "2147483647", "2147483648", "-2147483648", "9223372036854775807", "99999999999999999999",
            "<details>", "</details>", "<summary>Hint</summary>", "<summary>Solution</summary>", "Your turn:", "replied> ",
            "state> ", "## ", "# Lesson 1: ", "(error) ERR", "1) ", "(nil)", "\"", "\\", "\u0000", "\u00ff", "\uFEFF",
            ProgressStoreHeaders.QUIZ, ProgressStoreHeaders.LESSONS};

    /** The first lines of the progress files, as their formats say. */
    static final class ProgressStoreHeaders {
        static final String QUIZ = "# txlab quiz progress, format 1";
        static final String LESSONS = "# txlab lesson progress, format 1";
    }

    @TempDir Path dir;

    final List<String> failures = new ArrayList<>();

    void failed(String what, byte[] content, String problem) throws IOException {
        if (failures.size() >= MAX_REPORTED) return;
        Path kept = dir.resolve("failure-" + failures.size());
        Files.write(kept, content);
        failures.add(what + ": " + problem.replace("\r", "\\r").replace("\n", "\\n") + " (the file is kept as " + kept + " until the test ends; " + content.length + " bytes: "
                + preview(content) + ")");
    }

    void report(String what) {
        if (!failures.isEmpty()) fail(failures.size() + " failure(s) fuzzing " + what + ":\n" + String.join("\n", failures));
        System.out.println("FileReaderFuzzTest: " + CASES + " " + what + ", seed " + SEED + ", no failure");
    }

    static String preview(byte[] content) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(content.length, 160); i++) {
            int c = content[i] & 0xff;
            out.append(c >= 32 && c < 127 && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return out.toString();
    }

    static String oneLineProblem(String message) {
        if (message == null || message.isBlank()) return "an empty message";
        if (message.contains("\n") || message.contains("\r")) return "a message of more than one line: " + message;
        return null;
    }

    static String crashIn(Cli.Run run) {
        String all = run.out() + run.err();
        if (all.contains("internal error")) return "internal error: " + all;
        if (STACK_FRAME.matcher(all).find() || all.contains("Exception in thread")) return "a stack trace: " + all;
        if (run.exit() != 0 && run.exit() != 1) return "exit code " + run.exit() + ": " + all;
        return null;
    }

    @Test
    void progressFilesAreReadOrSetAsideWithOneLine() throws Exception {
        Random r = new Random(SEED);
        byte[] quiz = (ProgressStoreHeaders.QUIZ + "\n# card\tbox\tdue_ms\tright\twrong\tlast_ms\tlast_right\n"
                + "multi-queued-reply\t3\t5000\t2\t1\t800\t1\nwatch-own-write\t1\t0\t0\t4\t900\t0\n").getBytes(StandardCharsets.UTF_8);
        byte[] lessons = (ProgressStoreHeaders.LESSONS + "\n# lesson\tpart\tparts\tdone\tsolved\tupdated_ms\n"
                + "atomic-commands\t2\t9\t0\ttask-one,task-two\t1700000000000\nwatch\t0\t12\t1\t-\t1700000000001\n")
                .getBytes(StandardCharsets.UTF_8);
        Path lessonsDir = Path.of(System.getProperty("user.dir"), "lessons");
        for (int i = 0; i < CASES && failures.size() < MAX_REPORTED; i++) {
            Path data = Files.createDirectory(dir.resolve("p" + i));
            byte[] q = mutate(r, quiz);
            byte[] l = mutate(r, lessons);
            Files.write(data.resolve(ProgressStore.FILE_NAME), q);
            Files.write(data.resolve(LessonProgressStore.FILE_NAME), l);
            try {
                ProgressStore store = new ProgressStore(data);
                ProgressStore.Loaded loaded = store.load();
                String problem = loaded.warning() == null ? null : oneLineProblem(loaded.warning());
                if (problem != null) failed("quiz progress", q, problem);
                if (loaded.warning() == null) {
                    store.save(loaded.progress());
                    if (!store.load().progress().all().equals(loaded.progress().all())) failed("quiz progress", q, "saved, it read back differently");
                }
            } catch (Exception | Error e) {
                failed("quiz progress", q, "threw " + e);
            }
            try {
                LessonProgressStore store = new LessonProgressStore(data);
                LessonProgressStore.Loaded loaded = store.load();
                String problem = loaded.warning() == null ? null : oneLineProblem(loaded.warning());
                if (problem != null) failed("lesson progress", l, problem);
                if (loaded.warning() == null) {
                    store.save(loaded.progress());
                    if (!store.load().progress().all().equals(loaded.progress().all())) failed("lesson progress", l, "saved, it read back differently");
                }
            } catch (Exception | Error e) {
                failed("lesson progress", l, "threw " + e);
            }
            if (i % COMMAND_EVERY == 0) {
                Files.write(data.resolve(ProgressStore.FILE_NAME), q);
                Files.write(data.resolve(LessonProgressStore.FILE_NAME), l);
                Cli.Run stats = Cli.txlab("quiz", "--data-dir", data.toString(), "--stats");
                String problem = crashIn(stats);
                if (problem == null && stats.err().lines().count() > 1) problem = "more than one line on stderr: " + stats.err();
                if (problem != null) failed("quiz progress (txlab quiz --stats)", q, problem);
                Cli.Run list = Cli.txlab("lesson", "--lessons", lessonsDir.toString(), "--data-dir", data.toString());
                problem = crashIn(list);
                if (problem == null && list.err().lines().count() > 1) problem = "more than one line on stderr: " + list.err();
                if (problem != null) failed("lesson progress (txlab lesson)", l, problem);
            }
        }
        report("progress files");
    }

    @Test
    void transcriptsAreReadOrRefusedWithOneLine() throws Exception {
        Random r = new Random(SEED + 1);
        List<byte[]> bases = new ArrayList<>();
        for (String corpus : List.of("conformance/random", "conformance/edge")) {
            List<Path> files = Corpus.transcripts(corpus);
            for (int i = 0; i < files.size(); i += Math.max(1, files.size() / 20)) bases.add(Files.readAllBytes(files.get(i)));
        }
        for (int i = 0; i < CASES && failures.size() < MAX_REPORTED; i++) {
            byte[] content = mutate(r, bases.get(r.nextInt(bases.size())));
            Path file = dir.resolve("t" + i + ".tx");
            Files.write(file, content);
            try {
                TranscriptParser.parse(file);
            } catch (TranscriptException e) {
                String problem = oneLineProblem(e.getMessage());
                if (problem != null) failed("transcript", content, problem);
            } catch (Exception | Error e) {
                failed("transcript", content, "threw " + e);
            }
            if (i % COMMAND_EVERY == 0) {
                String problem = crashIn(Cli.txlab("replay", "--check", file.toString()));
                if (problem != null) failed("transcript (txlab replay --check)", content, problem);
                problem = crashIn(Cli.txlab("replay", file.toString()));
                if (problem != null) failed("transcript (txlab replay)", content, problem);
            }
            Files.delete(file);
        }
        report("transcripts");
    }

    @Test
    void lessonFilesAreReadOrRefusedWithOneLine() throws Exception {
        Random r = new Random(SEED + 2);
        Path shipped = Path.of(System.getProperty("user.dir"), "lessons");
        List<Path> lessons;
        try (Stream<Path> files = Files.list(shipped)) {
            lessons = files.filter(f -> f.getFileName().toString().matches("\\d+-.*\\.md")).sorted().toList();
        }
        for (int i = 0; i < CASES && failures.size() < MAX_REPORTED; i++) {
            Path base = lessons.get(r.nextInt(lessons.size()));
            byte[] content = mutate(r, Files.readAllBytes(base));
            String name = base.getFileName().toString();
            try {
                LessonParser.parse(name, name, content);
            } catch (LessonException e) {
                String problem = oneLineProblem(e.getMessage());
                if (problem != null) failed("lesson " + name, content, problem);
            } catch (Exception | Error e) {
                failed("lesson " + name, content, "threw " + e);
            }
            if (i % COMMAND_EVERY == 0) {
                Path lessonsDir = Files.createDirectory(dir.resolve("l" + i));
                Path file = Files.write(lessonsDir.resolve(name), content);
                String problem = crashIn(Cli.txlab("replay", "--check", file.toString()));
                if (problem != null) failed("lesson " + name + " (txlab replay --check)", content, problem);
                Cli.Run list = Cli.txlab("lesson", "--lessons", lessonsDir.toString(), "--data-dir", dir.resolve("d" + i).toString());
                problem = crashIn(list);
                if (problem != null) failed("lesson " + name + " (txlab lesson)", content, problem);
                String number = String.valueOf(Integer.parseInt(name.substring(0, name.indexOf('-'))));
                Cli.Run play = Cli.txlabWithInput("\n".repeat(30) + ":next\n".repeat(5) + ":quit\n",
                        "lesson", number, "--lessons", lessonsDir.toString(), "--data-dir", dir.resolve("d" + i).toString());
                // A lesson that does not parse is not there to play: "no lesson 'N'", exit code 2.
                problem = play.exit() == 2 && play.err().contains("txlab lesson: no lesson '" + number + "'")
                        ? crashIn(new Cli.Run(1, play.out(), play.err())) : crashIn(play);
                if (problem != null) failed("lesson " + name + " (txlab lesson " + number + ")", content, problem);
            }
        }
        report("lesson files");
    }

    /** A damaged copy of {@code base}, or (one time in ten) plain noise. */
    static byte[] mutate(Random r, byte[] base) {
        if (r.nextInt(10) == 0) {
            byte[] noise = new byte[r.nextInt(2000)];
            r.nextBytes(noise);
            return noise;
        }
        byte[] b = base.clone();
        int edits = 1 + r.nextInt(r.nextInt(4) == 0 ? 40 : 5);
        for (int e = 0; e < edits; e++) {
            if (b.length == 0) b = new byte[] {(byte) r.nextInt(256)};
            int at = r.nextInt(b.length);
            b = switch (r.nextInt(8)) {
                case 0 -> flip(r, b, at);
                case 1 -> insert(b, at, randomBytes(r, 1 + r.nextInt(20)));
                case 2 -> delete(b, at, Math.min(b.length - at, 1 + r.nextInt(100)));
                case 3 -> insert(b, at, slice(b, r.nextInt(b.length), 1 + r.nextInt(200)));
                case 4 -> insert(b, at, TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                case 5 -> swapLines(r, b);
                case 6 -> java.util.Arrays.copyOf(b, at);
                default -> replaceDigits(r, b, at);
            };
        }
        return b;
    }

    static byte[] flip(Random r, byte[] b, int at) {
        b[at] = (byte) r.nextInt(256);
        return b;
    }

    static byte[] insert(byte[] b, int at, byte[] what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + what.length);
        out.write(b, 0, at);
        out.writeBytes(what);
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    static byte[] delete(byte[] b, int at, int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(b, 0, at);
        out.write(b, at + n, b.length - at - n);
        return out.toByteArray();
    }

    static byte[] slice(byte[] b, int from, int n) {
        return java.util.Arrays.copyOfRange(b, from, Math.min(b.length, from + n));
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] out = new byte[n];
        r.nextBytes(out);
        return out;
    }

    /** Two lines change places. */
    static byte[] swapLines(Random r, byte[] b) {
        List<String> lines = new ArrayList<>(List.of(new String(b, StandardCharsets.ISO_8859_1).split("\n", -1)));
        if (lines.size() < 2) return b;
        java.util.Collections.swap(lines, r.nextInt(lines.size()), r.nextInt(lines.size()));
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The digit run at or after {@code at} becomes an edge number. */
    static byte[] replaceDigits(Random r, byte[] b, int at) {
        int start = at;
        while (start < b.length && (b[start] < '0' || b[start] > '9')) start++;
        if (start == b.length) return b;
        int end = start;
        while (end < b.length && b[end] >= '0' && b[end] <= '9') end++;
        String[] edges = {"2147483647", "2147483648", "-1", "0", "99999999999999999999", "9223372036854775807", "007"};
        return insert(delete(b, start, end - start), start, edges[r.nextInt(edges.length)].getBytes(StandardCharsets.US_ASCII));
    }
}
