package dev.txlab.store;

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

/**
 * A small text file of the learner's (quiz or lesson progress) that must survive a crash and a
 * corruption: written to a temporary file and moved over the old one, so a crash leaves the old
 * or the new file, never half of one; a file that cannot be read is moved aside
 * ({@code .corrupt-<time>}) with a one-line message, and the caller starts afresh.
 */
public final class DataFile {
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
        try {
            return new Read(Files.readString(file, StandardCharsets.UTF_8), null);
        } catch (NoSuchFileException e) {
            return new Read(null, null);
        } catch (CharacterCodingException e) {
            return new Read(null, setAside("is corrupt (not UTF-8 text)"));
        } catch (IOException | RuntimeException e) {
            return new Read(null, setAside("cannot be read (" + reason(e) + ")"));
        }
    }

    /** Moves the file out of the way; returns the one-line message saying so. */
    public String setAside(String problem) {
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

    /** Writes atomically: a temporary file in the same directory, then a move. */
    public void write(String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
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

    /** Why an operation failed, in a few words for a one-line message. */
    public static String reason(Exception e) {
        String name = e.getClass().getSimpleName();
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof IOException && e.getMessage() != null && e.getMessage().contains("Is a directory")) return "it is a directory";
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }
}
