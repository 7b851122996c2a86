package dev.txlab.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints replies as redis-cli 7.0 does on a terminal ({@code --no-raw}), for a connection
 * speaking RESP2 or, after HELLO 3, RESP3 (as {@code redis-cli -3} prints them).
 *
 * <p>Output lines are byte strings held in Latin-1 (one char per byte): bulk strings are always
 * escaped to ASCII, but error and status texts (and RESP3 verbatim strings) are printed raw by
 * redis-cli, so they may carry any byte. Transcripts are read the same way, which keeps
 * comparisons byte-exact. Use {@link #forDisplay(String)} before showing a line on a UTF-8 terminal.
 */
public final class ReplyFormatter {
    private ReplyFormatter() {}

    /** The lines redis-cli prints for this reply, on a RESP2 connection. */
    public static List<String> lines(Reply reply) {
        return lines(reply, 2);
    }

    /** The lines redis-cli prints for this reply, on a connection speaking {@code protocol}. */
    public static List<String> lines(Reply reply, int protocol) {
        String text = format(reply, protocol);
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

    /**
     * The lines redis-cli prints for the reply to {@code argv}: commands whose answer is a text
     * report (INFO, CLIENT LIST ...) are printed raw, line by line, as redis-cli does for them.
     */
    public static List<String> lines(Reply reply, int protocol, List<byte[]> argv) {
        if (!printsRaw(argv)) return lines(reply, protocol);
        Reply sent = protocol == 2 ? reply.resp2() : reply;
        List<Reply> replies = sent instanceof Reply.Multi m ? m.replies() : List.of(sent);
        List<String> out = new ArrayList<>();
        for (Reply r : replies) {
            String text = raw(r);
            int start = 0;
            for (int i = 0; i <= text.length(); i++) {
                if (i == text.length() || text.charAt(i) == '\n') {
                    if (i == text.length() && start == i) break; // the text ended with its newline
                    String line = text.substring(start, i);
                    out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
                    start = i + 1;
                }
            }
        }
        return out;
    }

    /** redis-cli's list of commands whose replies it prints raw even on a terminal (cliSendCommand). */
    public static boolean printsRaw(List<byte[]> argv) {
        if (argv.isEmpty()) return false;
        String command = new String(argv.get(0), StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        String sub = argv.size() >= 2 ? new String(argv.get(1), StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT) : "";
        int argc = argv.size();
        return switch (command) {
            case "info", "lolwut" -> true;
            case "debug" -> argc >= 2 && (sub.equals("htstats") || sub.equals("htstats-key") || sub.equals("client-eviction"));
            case "memory" -> argc >= 2 && (sub.equals("malloc-stats") || sub.equals("doctor"));
            case "cluster" -> argc == 2 && (sub.equals("nodes") || sub.equals("info"));
            case "client" -> argc >= 2 && (sub.equals("list") || sub.equals("info"));
            case "latency" -> (argc == 3 && sub.equals("graph")) || (argc == 2 && sub.equals("doctor"));
            default -> false;
        };
    }

    /** cliFormatReplyRaw: texts as they are, errors with a newline, elements one per line. */
    private static String raw(Reply r) {
        if (r instanceof Reply.NullBulk || r instanceof Reply.NullArray) return "";
        if (r instanceof Reply.Error e) return e.message() + "\n";
        if (r instanceof Reply.Simple s) return s.text();
        if (r instanceof Reply.Bulk b) return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        if (r instanceof Reply.Verbatim v) return new String(v.text(), StandardCharsets.ISO_8859_1);
        if (r instanceof Reply.Int i) return Long.toString(i.value());
        if (r instanceof Reply.Array a) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < a.elements().size(); i++) {
                if (i > 0) out.append('\n');
                out.append(raw(a.elements().get(i)));
            }
            return out.toString();
        }
        return format(r, 3).stripTrailing();
    }

    /** The reply as redis-cli prints it on a RESP2 connection, each line ending in a newline. */
    public static String format(Reply reply) {
        return format(reply, 2);
    }

    /**
     * The reply as redis-cli prints it on a connection speaking {@code protocol}, each line ending
     * in a newline. A RESP2 client is sent the reply's RESP2 form, and prints that.
     */
    public static String format(Reply reply, int protocol) {
        if (protocol != 2 && protocol != 3) throw new IllegalArgumentException("no RESP" + protocol);
        Reply sent = protocol == 2 ? reply.resp2() : reply;
        if (sent instanceof Reply.Multi m) { // redis-cli prints each reply it reads in turn
            StringBuilder out = new StringBuilder();
            for (Reply r : m.replies()) out.append(formatTty(r));
            return out.toString();
        }
        return formatTty(sent);
    }

    /**
     * redis-cli's cliFormatReplyTTY, without recursion: a script can return arrays nested
     * thousands deep, which must not overflow the Java stack. The nested prefix is always spaces,
     * so only its width is tracked. A map prints each key and value on one line,
     * {@code 1# "k" => "v"}; a value that takes several lines starts on the next one.
     */
    private static String formatTty(Reply reply) {
        StringBuilder out = new StringBuilder();
        java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
        start(reply, 0, out, stack);
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next == f.elements.size()) {
                stack.pop();
                continue;
            }
            int i = f.next++;
            Reply element = f.elements.get(i);
            int nestedIndent = f.indent + f.width + 2;
            if (f.map && i % 2 == 1) {
                out.setLength(out.length() - 1); // the key's newline
                out.append(" => ");
                if (isMultiline(element)) {
                    out.append('\n');
                    spaces(out, nestedIndent);
                }
            } else {
                // The first element's index follows the parent's index on the same line.
                if (i > 0) spaces(out, f.indent);
                String index = Integer.toString((f.map ? i / 2 : i) + 1);
                spaces(out, f.width - index.length());
                out.append(index).append(f.separator).append(' ');
            }
            start(element, nestedIndent, out, stack);
        }
        return out.toString();
    }

    /** One aggregate being printed: its elements, the next one to print, and its indentation. */
    private static final class Frame {
        final List<Reply> elements;
        final int indent;
        final int width;
        final boolean map;
        /** ')' for arrays and pushes, '#' for maps, '~' for sets. */
        final char separator;
        int next;

        Frame(List<Reply> elements, int indent, boolean map, char separator) {
            this.elements = elements;
            this.indent = indent;
            this.map = map;
            this.separator = separator;
            this.width = Integer.toString(map ? elements.size() / 2 : elements.size()).length();
        }
    }

    /** Prints a scalar or an empty aggregate, or pushes a frame for a non-empty aggregate. */
    private static void start(Reply reply, int indent, StringBuilder out, java.util.Deque<Frame> stack) {
        while (reply instanceof Reply.Attribute a) reply = a.value(); // redis-cli's hiredis cannot read them
        List<Reply> elements = elementsOf(reply);
        if (elements != null && !elements.isEmpty()) {
            boolean map = reply instanceof Reply.Map;
            stack.push(new Frame(elements, indent, map, map ? '#' : reply instanceof Reply.Set ? '~' : ')'));
            return;
        }
        // redis-cli prints error and status texts with %s: a NUL byte ends them.
        if (reply instanceof Reply.Error e) out.append("(error) ").append(cString(e.message()));
        else if (reply instanceof Reply.Simple s) out.append(cString(s.text()));
        else if (reply instanceof Reply.Int i) out.append("(integer) ").append(i.value());
        else if (reply instanceof Reply.Bulk b) out.append(repr(b.bytes()));
        else if (reply instanceof Reply.Double d) out.append("(double) ").append(d.text());
        else if (reply instanceof Reply.Bool b) out.append(b.value() ? "(true)" : "(false)");
        else if (reply instanceof Reply.Verbatim v) out.append(new String(v.text(), StandardCharsets.ISO_8859_1));
        // redis-cli 7.0 has no case for big numbers: it says "Unknown reply type: 13" and exits.
        else if (reply instanceof Reply.BigNumber n) out.append("(big number) ").append(n.digits());
        else if (reply instanceof Reply.Map) out.append("(empty hash)");
        else if (reply instanceof Reply.Set) out.append("(empty set)");
        else if (reply instanceof Reply.Push) out.append("(empty push)");
        else if (elements != null) out.append("(empty array)");
        else out.append("(nil)"); // null bulk and null array look the same
        out.append('\n');
    }

    /** The elements as redis-cli walks them (a map's keys and values alternate), or null for a scalar. */
    private static List<Reply> elementsOf(Reply reply) {
        if (reply instanceof Reply.Array a) return a.elements();
        if (reply instanceof Reply.Map m) return m.flat();
        if (reply instanceof Reply.Set s) return s.elements();
        if (reply instanceof Reply.Push p) return p.elements();
        if (reply instanceof Reply.Multi m) return m.replies(); // inside EXEC's array: inline
        if (reply instanceof Reply.Pairs p) { // sent as an array of 2-element arrays
            List<Reply> pairs = new ArrayList<>(p.size());
            for (int i = 0; i < p.flat().size(); i += 2) pairs.add(Reply.array(p.flat().subList(i, i + 2)));
            return pairs;
        }
        return null;
    }

    /** redis-cli's cliIsMultilineValueTTY: whether a map value needs lines of its own. */
    private static boolean isMultiline(Reply reply) {
        while (true) {
            while (reply instanceof Reply.Attribute a) reply = a.value();
            List<Reply> elements = elementsOf(reply);
            if (elements == null || elements.isEmpty()) return false;
            boolean map = reply instanceof Reply.Map;
            if (elements.size() > (map ? 2 : 1)) return true;
            reply = elements.get(map ? 1 : 0);
        }
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
