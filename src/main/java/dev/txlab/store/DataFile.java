package dev.txlab.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * A small text file of the learner's (quiz or lesson progress) that must survive a crash and a
 * corruption: written to a temporary file and moved over the old one, so a crash leaves the old
 * or the new file, never half of one; a file that cannot be read (not UTF-8, larger than
 * {@link #MAX_BYTES}, or not a regular file at all: a FIFO, a link to {@code /dev/zero}, a
 * directory; see {@link InputFiles}) is moved aside ({@code .corrupt-<time>}) with a one-line
 * message, and the caller starts afresh.
 */
public final class DataFile {
    /** Far more than any learner's progress (a line per card or lesson), far less than the heap. */
    public static final long MAX_BYTES = 8L << 20;
    /** A temporary file this old is left over from a killed run, not a save in progress. */
    static final Duration STALE_AFTER = Duration.ofMinutes(10);

    private final Path file;
    private final String what;

    /** {@code what} names the file in messages, e.g. "quiz progress". */
    public DataFile(Path file, String what) {
        this.file = file;
        this.what = what;
    }

    public Path path() { return file; }

    /** The text read, or null with the warning to show (null too when there was no file yet). */
    public record Read(String text, String warning) {}

    public Read read() {
        removeStaleTemporaries();
        try {
            return new Read(InputFiles.readUtf8(file, MAX_BYTES), null);
        } catch (NoSuchFileException e) {
            return new Read(null, null);
        } catch (CharacterCodingException e) {
            return new Read(null, setAside("is corrupt (not UTF-8 text)"));
        } catch (IOException | RuntimeException e) {
            return new Read(null, setAside("cannot be read (" + reason(e) + ")"));
        }
    }

    /**
     * Removes what a run killed in the middle of {@link #write} left behind: this file's
     * temporary files ({@code NAME.<digits>.tmp}) older than {@link #STALE_AFTER}. A younger one
     * may be another txlab's save in progress (two lessons played at once), so it stays.
     */
    void removeStaleTemporaries() {
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) return;
        String name = file.getFileName().toString();
        Pattern temporary = Pattern.compile(Pattern.quote(name) + "\\.\\d+\\.tmp");
        long cutoff = System.currentTimeMillis() - STALE_AFTER.toMillis();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                entry -> temporary.matcher(entry.getFileName().toString()).matches())) {
            for (Path entry : entries) {
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile() && attributes.lastModifiedTime().toMillis() < cutoff) Files.deleteIfExists(entry);
            }
        } catch (IOException | RuntimeException e) {
            // Tidying up is a courtesy: a file that cannot be removed changes nothing for the learner.
        }
    }

    /**
     * Moves the file out of the way; returns the one-line message saying so. The problem may quote
     * the file (a bad id): control characters are escaped and it is cut short, so the message
     * stays one line on any terminal.
     */
    public String setAside(String problem) {
        problem = printable(problem, 300);
        String name = file.getFileName().toString();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path aside = file.resolveSibling(name + ".corrupt-" + stamp);
        for (int n = 2; Files.exists(aside); n++) aside = file.resolveSibling(name + ".corrupt-" + stamp + "-" + n);
        try {
            Files.move(file, aside);
            return what + " " + file + " " + problem + "; moved it to " + aside.getFileName() + " and starting afresh";
        } catch (IOException | RuntimeException e) {
            return what + " " + file + " " + problem + " and could not be moved aside (" + reason(e) + "); starting afresh";
        }
    }

    /**
     * Writes atomically: a temporary file in the same directory, forced to the disk, then a move
     * over the old file. If anything fails the temporary file is removed; if the process is
     * killed before that, the next {@link #read} removes it.
     */
    public void write(String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) channel.write(bytes);
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes the file; true when there was one. */
    public boolean delete() throws IOException { return Files.deleteIfExists(file); }

    /** Text for a one-line message: control characters escaped, at most {@code max} characters. */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= max) return out.append("...").toString();
            char c = text.charAt(i);
            if (c < 32 || c == 127) out.append(String.format("\\x%02x", (int) c));
            else if ((c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.toString();
    }

    /** Why an operation failed, in a few words for a one-line message. */
    public static String reason(Exception e) { return InputFiles.reason(e); }
}
