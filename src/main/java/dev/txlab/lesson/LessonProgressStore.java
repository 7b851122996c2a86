package dev.txlab.lesson;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * {@code lessons-progress.tsv} in the data directory: one tab-separated line per lesson. Every
 * change re-reads the file, changes one lesson's line and writes a temporary file that is then
 * moved over the old one, so a crash leaves the old or the new file, never half of one, and two
 * lessons played at once do not erase each other's progress. A file that cannot be read is
 * moved aside ({@code .corrupt-<time>}) with a one-line message, and progress starts afresh.
 */
public final class LessonProgressStore {
    public static final String FILE_NAME = "lessons-progress.tsv";
    static final String HEADER = "# txlab lesson progress, format 1";
    private static final String COLUMNS = "# lesson\tpart\tparts\tdone\tsolved\tupdated_ms";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final Path file;

    public LessonProgressStore(Path directory) { this.file = directory.resolve(FILE_NAME); }

    public Path file() { return file; }

    /** What loading found; {@code warning} is a one-line message when the file had to be set aside. */
    public record Loaded(LessonProgress progress, String warning) {}

    public Loaded load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Loaded(new LessonProgress(), null);
        } catch (CharacterCodingException e) {
            return setAside("is corrupt (not UTF-8 text)");
        } catch (IOException | RuntimeException e) {
            return setAside("cannot be read (" + reason(e) + ")");
        }
        try {
            return new Loaded(parse(text), null);
        } catch (IllegalArgumentException e) {
            return setAside("is corrupt (" + e.getMessage() + ")");
        }
    }

    static LessonProgress parse(String text) {
        LessonProgress progress = new LessonProgress();
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals(HEADER)) throw new IllegalArgumentException("line 1: not a txlab lesson progress file");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = "line " + (i + 1) + ": ";
            String[] f = line.split("\t", -1);
            if (f.length != 6) throw new IllegalArgumentException(where + "expected 6 tab-separated fields, found " + f.length);
            if (!NAME.matcher(f[0]).matches()) throw new IllegalArgumentException(where + "bad lesson name '" + f[0] + "'");
            if (!f[3].equals("0") && !f[3].equals("1")) throw new IllegalArgumentException(where + "done must be 0 or 1");
            Set<String> solved = new HashSet<>();
            if (!f[4].equals("-")) {
                for (String id : f[4].split(",", -1)) {
                    if (!NAME.matcher(id).matches()) throw new IllegalArgumentException(where + "bad task id '" + id + "'");
                    solved.add(id);
                }
            }
            try {
                progress.put(f[0], new LessonProgress.Entry(Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3].equals("1"),
                        solved, Long.parseLong(f[5])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "a number is malformed");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
        }
        return progress;
    }

    static String format(LessonProgress progress) {
        StringBuilder out = new StringBuilder(HEADER).append('\n').append(COLUMNS).append('\n');
        for (Map.Entry<String, LessonProgress.Entry> e : progress.all().entrySet()) {
            LessonProgress.Entry p = e.getValue();
            out.append(e.getKey()).append('\t').append(p.part()).append('\t').append(p.parts()).append('\t')
                    .append(p.done() ? 1 : 0).append('\t').append(p.solved().isEmpty() ? "-" : String.join(",", p.solved()))
                    .append('\t').append(p.updated()).append('\n');
        }
        return out.toString();
    }

    /**
     * Changes one lesson's entry: reads the file as it is now, applies {@code change} to the
     * entry (a fresh one when there is none) and writes the result atomically.
     */
    public LessonProgress.Entry update(String lesson, int parts, UnaryOperator<LessonProgress.Entry> change) throws IOException {
        Loaded loaded = load();
        LessonProgress progress = loaded.progress();
        LessonProgress.Entry before = progress.get(lesson);
        LessonProgress.Entry after = change.apply(before == null ? LessonProgress.Entry.fresh(parts) : before);
        progress.put(lesson, after);
        save(progress);
        return after;
    }

    /** Writes the progress atomically: a temporary file in the same directory, then a move. */
    public void save(LessonProgress progress) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), FILE_NAME + ".", ".tmp");
        try {
            Files.writeString(temp, format(progress), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Forgets all lesson progress; true when there was a file to delete. */
    public boolean reset() throws IOException {
        return Files.deleteIfExists(file);
    }

    private Loaded setAside(String problem) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path aside = file.resolveSibling(FILE_NAME + ".corrupt-" + stamp);
        for (int n = 2; Files.exists(aside); n++) aside = file.resolveSibling(FILE_NAME + ".corrupt-" + stamp + "-" + n);
        try {
            Files.move(file, aside);
            return new Loaded(new LessonProgress(), "lesson progress " + file + " " + problem + "; moved it to "
                    + aside.getFileName() + " and starting afresh");
        } catch (IOException | RuntimeException e) {
            return new Loaded(new LessonProgress(), "lesson progress " + file + " " + problem + " and could not be moved aside ("
                    + reason(e) + "); starting afresh");
        }
    }

    static String reason(Exception e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof IOException && e.getMessage() != null && e.getMessage().contains("Is a directory")) return "it is a directory";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
