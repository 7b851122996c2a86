package dev.txlab.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way txlab reads a file that a user names or could replace: progress files,
 * transcripts, lessons, quiz answers, the shell's history. Any of them may turn out to be a
 * FIFO (opening it waits for a writer: a hang), a device or a link to one ({@code /dev/zero}
 * never ends: an OutOfMemoryError), a directory, or a huge (perhaps sparse) file. So, before
 * opening, the file must be a regular file no larger than the caller's cap, and at most the cap
 * is read even if the file grows meanwhile (or, like files in {@code /proc}, claims a size of 0).
 * Every refusal is an {@link Unreadable} whose message is one line naming the file and why.
 */
public final class InputFiles {
    private InputFiles() {}

    /** A file that cannot be used as input, with the reason in a few words ("it is a FIFO ..."). */
    public static final class Unreadable extends IOException {
        private final Path file;
        private final String reason;

        Unreadable(Path file, String reason) {
            super("cannot read " + file + ": " + reason);
            this.file = file;
            this.reason = reason;
        }

        public Path file() { return file; }

        /** Why, without the file's name: "it is a directory", "it is larger than 4 MB", ... */
        public String reason() { return reason; }
    }

    /**
     * The file's bytes. A missing file is a {@link NoSuchFileException} (callers often take it as
     * "nothing yet"); every other problem is an {@link Unreadable}.
     */
    public static byte[] read(Path file, long maxBytes) throws IOException {
        checkReadable(file, maxBytes);
        int cap = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(cap + 1);
        } catch (NoSuchFileException | Unreadable e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new Unreadable(file, reason(e));
        }
        if (bytes.length > cap) throw new Unreadable(file, tooLarge(maxBytes));
        return bytes;
    }

    /** The file as UTF-8 text; bytes that are not UTF-8 are a {@link CharacterCodingException}. */
    public static String readUtf8(Path file, long maxBytes) throws IOException {
        byte[] bytes = read(file, maxBytes);
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * The checks of {@link #read} without the reading: the file exists (else
     * {@link NoSuchFileException}), is a regular file (links followed) and is no larger than
     * {@code maxBytes}.
     */
    public static void checkReadable(Path file, long maxBytes) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new Unreadable(file, reason(e));
        }
        if (!attributes.isRegularFile()) throw new Unreadable(file, notRegular(file, attributes));
        if (attributes.size() > maxBytes) throw new Unreadable(file, tooLarge(maxBytes));
    }

    /**
     * For a file about to be written (such as {@code :save FILE}): it must not exist yet or be a
     * regular file. Writing to a FIFO waits for a reader, and a device or a directory is surely
     * not what was meant.
     */
    public static void checkWritable(Path file) throws Unreadable {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            return; // absent (or not even its directory exists): the write itself says what is wrong
        }
        if (!attributes.isRegularFile()) throw new Unreadable(file, notRegular(file, attributes));
    }

    private static String notRegular(Path file, BasicFileAttributes attributes) {
        String link = "";
        try {
            if (Files.isSymbolicLink(file)) link = " (a link to " + Files.readSymbolicLink(file) + ")";
        } catch (IOException | RuntimeException e) {
            // the kind of file is reason enough
        }
        if (attributes.isDirectory()) return "it is a directory" + link;
        String kind = "not a regular file";
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            kind = switch (mode & 0170000) {
                case 0010000 -> "a FIFO (named pipe), not a regular file";
                case 0020000 -> "a character device, not a regular file";
                case 0060000 -> "a block device, not a regular file";
                case 0140000 -> "a socket, not a regular file";
                default -> kind;
            };
        } catch (IOException | RuntimeException e) {
            // no "unix" view on this file system: say it generally
        }
        return "it is " + kind + link;
    }

    private static String tooLarge(long maxBytes) {
        return "it is larger than " + size(maxBytes);
    }

    /** A size in words: "4 MB", "512 KB", "100 bytes". */
    public static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) return (bytes >> 20) + " MB";
        if (bytes >= 1024 && bytes % 1024 == 0) return (bytes >> 10) + " KB";
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    /** Why a file operation failed, in a few words for a one-line message. */
    public static String reason(Exception e) {
        if (e instanceof Unreadable u) return u.reason();
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof NotDirectoryException) return "it is not a directory";
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            if (r.equals("Is a directory")) return "it is a directory";
            return r.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + r.substring(1);
        }
        if (e instanceof IOException && e.getMessage() != null && e.getMessage().contains("Is a directory")) return "it is a directory";
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + oneLine(e.getMessage());
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n]+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
