package dev.txlab.quiz;

import java.io.IOException;
import dev.txlab.store.DataFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The quiz progress file, {@code quiz-progress.tsv} in the data directory: one line per card,
 * tab-separated. Saving writes a temporary file next to it and moves it over the old one, so a
 * crash leaves either the old or the new file, never half of one. A file that cannot be read or
 * parsed is moved aside (its name gains {@code .corrupt-<time>}) with a one-line message, and the
 * quiz starts afresh.
 */
public final class ProgressStore {
    public static final String FILE_NAME = "quiz-progress.tsv";
    static final String HEADER = "# txlab quiz progress, format 1";
    private static final String COLUMNS = "# card\tbox\tdue_ms\tright\twrong\tlast_ms\tlast_right";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final Path file;
    private final DataFile data;

    public ProgressStore(Path directory) { this.file = directory.resolve(FILE_NAME); this.data = new DataFile(file, "quiz progress"); }

    public Path file() { return file; }

    /** What loading found; {@code warning} is a one-line message when the file had to be set aside. */
    public record Loaded(Progress progress, String warning) {}

    public Loaded load() {
        DataFile.Read read = data.read();
        if (read.text() == null) return new Loaded(new Progress(), read.warning());
        try {
            return new Loaded(parse(read.text()), null);
        } catch (IllegalArgumentException e) {
            return new Loaded(new Progress(), data.setAside("is corrupt (" + e.getMessage() + ")"));
        }
    }

    static Progress parse(String text) {
        Progress progress = new Progress();
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals(HEADER)) throw new IllegalArgumentException("line 1: not a txlab quiz progress file");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            String where = "line " + (i + 1) + ": ";
            if (f.length != 7) throw new IllegalArgumentException(where + "expected 7 tab-separated fields, found " + f.length);
            if (!ID.matcher(f[0]).matches()) throw new IllegalArgumentException(where + "bad card id '" + f[0] + "'");
            if (!f[6].equals("0") && !f[6].equals("1")) throw new IllegalArgumentException(where + "last_right must be 0 or 1");
            try {
                progress.put(f[0], new CardProgress(Integer.parseInt(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]), Long.parseLong(f[5]), f[6].equals("1")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "a number is malformed");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
        }
        return progress;
    }

    static String format(Progress progress) {
        StringBuilder out = new StringBuilder(HEADER).append('\n').append(COLUMNS).append('\n');
        for (Map.Entry<String, CardProgress> e : progress.all().entrySet()) {
            CardProgress p = e.getValue();
            out.append(e.getKey()).append('\t').append(p.box()).append('\t').append(p.dueMillis()).append('\t')
                    .append(p.right()).append('\t').append(p.wrong()).append('\t').append(p.lastAnsweredMillis())
                    .append('\t').append(p.lastRight() ? 1 : 0).append('\n');
        }
        return out.toString();
    }

    /** Writes the progress atomically (see {@link DataFile}). */
    public void save(Progress progress) throws IOException {
        data.write(format(progress));
    }

    /** Forgets all progress; true when there was a file to delete. */
    public boolean reset() throws IOException {
        return data.delete();
    }
}
