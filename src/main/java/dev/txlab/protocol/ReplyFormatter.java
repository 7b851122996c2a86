package dev.txlab.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints replies as redis-cli 7.0 does on a terminal ({@code --no-raw}).
 *
 * <p>Output lines are byte strings held in Latin-1 (one char per byte): bulk strings are always
 * escaped to ASCII, but error and status texts are printed raw by redis-cli, so they may carry
 * any byte. Transcripts are read the same way, which keeps comparisons byte-exact. Use
 * {@link #forDisplay(String)} before showing a line on a UTF-8 terminal.
 */
public final class ReplyFormatter {
    private ReplyFormatter() {}

    /** The lines redis-cli prints for this reply. */
    public static List<String> lines(Reply reply) {
        String text = format(reply, "");
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i));
                start = i + 1;
            }
        }
        return lines;
    }

    /** The reply as redis-cli prints it, each line ending in a newline. */
    public static String format(Reply reply) {
        return format(reply, "");
    }

    private static String format(Reply reply, String prefix) {
        // redis-cli prints error and status texts with %s: a NUL byte ends them.
        if (reply instanceof Reply.Error e) return "(error) " + cString(e.message()) + "\n";
        if (reply instanceof Reply.Simple s) return cString(s.text()) + "\n";
        if (reply instanceof Reply.Int i) return "(integer) " + i.value() + "\n";
        if (reply instanceof Reply.Bulk b) return repr(b.bytes()) + "\n";
        if (reply instanceof Reply.Array a) return formatArray(a.elements(), prefix);
        return "(nil)\n"; // null bulk and null array look the same
    }

    private static String formatArray(List<Reply> elements, String prefix) {
        if (elements.isEmpty()) return "(empty array)\n";
        int width = Integer.toString(elements.size()).length();
        String nestedPrefix = prefix + " ".repeat(width + 2);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < elements.size(); i++) {
            // The first element's index follows the parent's index on the same line.
            if (i > 0) out.append(prefix);
            String index = Integer.toString(i + 1);
            out.append(" ".repeat(width - index.length())).append(index).append(") ");
            out.append(format(elements.get(i), nestedPrefix));
        }
        return out.toString();
    }

    /** redis-cli's sdscatrepr: a quoted string with C escapes and lower-case \xHH. */
    public static String repr(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 32 && c <= 126) out.append((char) c);
                    else out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                }
            }
        }
        return out.append('"').toString();
    }

    private static String cString(String text) {
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }

    /** A formatted line (Latin-1 byte string) decoded as UTF-8 for a terminal. */
    public static String forDisplay(String byteLine) {
        for (int i = 0; i < byteLine.length(); i++) {
            if (byteLine.charAt(i) > 127) {
                return new String(byteLine.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return byteLine;
    }
}
