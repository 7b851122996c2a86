package dev.txlab.lesson;

import java.io.IOException;
import dev.txlab.store.DataFile;
import java.nio.file.Path;
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
    private final DataFile data;

    public LessonProgressStore(Path directory) { this.file = directory.resolve(FILE_NAME); this.data = new DataFile(file, "lesson progress"); }

    public Path file() { return file; }

    /** What loading found; {@code warning} is a one-line message when the file had to be set aside. */
    public record Loaded(LessonProgress progress, String warning) {}

    public Loaded load() {
        DataFile.Read read = data.read();
        if (read.text() == null) return new Loaded(new LessonProgress(), read.warning());
        try {
            return new Loaded(parse(read.text()), null);
        } catch (IllegalArgumentException e) {
            return new Loaded(new LessonProgress(), data.setAside("is corrupt (" + e.getMessage() + ")"));
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

    /** Writes the progress atomically (see {@link DataFile}). */
    public void save(LessonProgress progress) throws IOException {
        data.write(format(progress));
    }

    /** Forgets all lesson progress; true when there was a file to delete. */
    public boolean reset() throws IOException {
        return data.delete();
    }
}
