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
        String text = format(reply.resp2(), "");
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
        return format(reply.resp2(), "");
    }

    /**
     * redis-cli's cliFormatReplyTTY, without recursion: a script can return arrays nested
     * thousands deep, which must not overflow the Java stack. The nested-array prefix is
     * always spaces, so only its width is tracked.
     */
    private static String format(Reply reply, String prefix) {
        StringBuilder out = new StringBuilder();
        if (!startArray(reply, prefix.length(), out, null)) return out.toString();
        java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
        startArray(reply, prefix.length(), out, stack);
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next == f.elements.size()) {
                stack.pop();
                continue;
            }
            // The first element's index follows the parent's index on the same line.
            if (f.next > 0) spaces(out, f.indent);
            String index = Integer.toString(f.next + 1);
            spaces(out, f.width - index.length());
            out.append(index).append(") ");
            Reply element = f.elements.get(f.next++);
            startArray(element, f.indent + f.width + 2, out, stack);
        }
        return out.toString();
    }

    /** One array being printed: its elements, the next one to print, and its indentation. */
    private static final class Frame {
        final List<Reply> elements;
        final int indent;
        final int width;
        int next;

        Frame(List<Reply> elements, int indent) {
            this.elements = elements;
            this.indent = indent;
            this.width = Integer.toString(elements.size()).length();
        }
    }

    /**
     * Prints a scalar (or an empty array) and returns false; for a non-empty array, pushes a
     * frame when given a stack and returns true.
     */
    private static boolean startArray(Reply reply, int indent, StringBuilder out, java.util.Deque<Frame> stack) {
        if (reply instanceof Reply.Array a && !a.elements().isEmpty()) {
            if (stack != null) stack.push(new Frame(a.elements(), indent));
            return true;
        }
        // redis-cli prints error and status texts with %s: a NUL byte ends them.
        if (reply instanceof Reply.Error e) out.append("(error) ").append(cString(e.message()));
        else if (reply instanceof Reply.Simple s) out.append(cString(s.text()));
        else if (reply instanceof Reply.Int i) out.append("(integer) ").append(i.value());
        else if (reply instanceof Reply.Bulk b) out.append(repr(b.bytes()));
        else if (reply instanceof Reply.Array) out.append("(empty array)");
        else out.append("(nil)"); // null bulk and null array look the same
        out.append('\n');
        return false;
    }

    private static void spaces(StringBuilder out, int n) {
        for (int i = 0; i < n; i++) out.append(' ');
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
