package dev.txlab.transcript;

import dev.txlab.protocol.ArgSplitter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes a session as a {@code .tx} transcript that {@link TranscriptParser} reads back step for
 * step: same labels, same arguments, same reply lines, byte for byte.
 */
public final class TranscriptWriter {
    private TranscriptWriter() {}

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]+(?:@[0-9]{1,5})?"); // A, or A@7001 on a cluster

    /**
     * One command as typed and what it printed.
     *
     * @param command the text after "LABEL> " as typed (a Java string, written as UTF-8)
     * @param argv    the arguments it was split into
     * @param reply   the reply lines, as Latin-1 byte strings (see {@code ReplyFormatter})
     */
    public record Entry(String label, String command, List<byte[]> argv, List<String> reply) {}

    /** The transcript's bytes: comment lines first, then each entry. */
    public static byte[] format(List<String> comments, List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String comment : comments) {
            for (String line : comment.split("\n", -1)) {
                // "! cluster 3" is the directive line "#! cluster 3" (docs/transcript-format.md)
                write(out, ((line.startsWith("! ") ? "#" : "# ") + line).getBytes(StandardCharsets.UTF_8));
            }
        }
        for (Entry e : entries) {
            if (!LABEL.matcher(e.label()).matches()) throw new IllegalArgumentException("bad label: " + e.label());
            write(out, (e.label() + "> " + commandText(e)).getBytes(StandardCharsets.UTF_8));
            for (String line : e.reply()) write(out, line.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    public static void write(Path file, List<String> comments, List<Entry> entries) throws IOException {
        Files.write(file, format(comments, entries));
    }

    /**
     * The command as typed when a transcript line can hold it and it splits back into the same
     * arguments; otherwise every argument written in double quotes with escapes.
     */
    static String commandText(Entry e) {
        String typed = e.command();
        if (typed.indexOf('\n') < 0 && typed.indexOf('\r') < 0) {
            Optional<List<byte[]>> again = ArgSplitter.split(typed);
            if (again.isPresent() && sameArguments(again.get(), e.argv())) return typed;
        }
        StringBuilder out = new StringBuilder();
        for (byte[] arg : e.argv()) {
            if (out.length() > 0) out.append(' ');
            out.append(quote(arg));
        }
        return out.toString();
    }

    /** An argument in double quotes that ArgSplitter turns back into exactly these bytes. */
    public static String quote(byte[] arg) {
        StringBuilder out = new StringBuilder(arg.length + 2).append('"');
        for (byte b : arg) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') out.append('\\').append((char) c);
            else if (c >= 32 && c < 127) out.append((char) c);
            else out.append(String.format("\\x%02x", c));
        }
        return out.append('"').toString();
    }

    private static boolean sameArguments(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!java.util.Arrays.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    private static void write(ByteArrayOutputStream out, byte[] line) {
        out.writeBytes(line);
        out.write('\n');
    }
}
