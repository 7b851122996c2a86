package dev.txlab.trace;

import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import java.util.List;

/**
 * Short, single-line descriptions of commands, keys, values and replies for traces. Anything a
 * terminal could misread (spaces, quotes, control bytes) is quoted the way redis-cli quotes
 * strings, so a word shown here can be typed back; long things are cut.
 */
public final class Describe {
    private Describe() {}

    /** Longest argument or value shown, in bytes, before it is cut. */
    public static final int MAX_WORD = 40;
    /** Longest command shown, in characters. */
    static final int MAX_COMMAND = 100;

    /** A command line, e.g. {@code SET k "two words"}. */
    public static String command(List<byte[]> argv) {
        if (argv == null || argv.isEmpty()) return "(no command)";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < argv.size(); i++) {
            String word = word(argv.get(i));
            if (i > 0 && out.length() + 1 + word.length() > MAX_COMMAND) {
                out.append(" ... (").append(argv.size()).append(" arguments)");
                break;
            }
            if (i > 0) out.append(' ');
            out.append(word);
        }
        return out.toString();
    }

    /** A key name. */
    public static String key(Key key) { return word(key.bytes()); }

    /** One argument: as is when it is a plain printable word, else quoted and escaped. */
    public static String word(byte[] bytes) {
        boolean plain = bytes.length > 0 && bytes.length <= MAX_WORD;
        for (int i = 0; plain && i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            plain = c > 32 && c < 127 && c != '"' && c != '\'' && c != '\\';
        }
        return plain ? new String(bytes, java.nio.charset.StandardCharsets.US_ASCII) : quoted(bytes);
    }

    /** A string in redis-cli's quoting, cut after {@link #MAX_WORD} bytes with its full size. */
    public static String quoted(byte[] bytes) { return quoted(bytes, bytes.length); }

    /**
     * The same for a string of {@code length} bytes of which only the first ones are at hand
     * (a real server's GETRANGE), so a long value need not be fetched whole to be shown.
     */
    public static String quoted(byte[] start, long length) {
        if (length <= MAX_WORD && start.length >= length) return ReplyFormatter.repr(start);
        String head = ReplyFormatter.repr(java.util.Arrays.copyOf(start, (int) Math.min(MAX_WORD, start.length)));
        return head.substring(0, head.length() - 1) + "...\" (" + length + " bytes)";
    }

    /** A key's value: {@code missing}, a quoted string, or a collection's type, size and first elements. */
    public static String value(ValueSnapshot v) {
        if (v == null) return "missing";
        StringBuilder out = new StringBuilder();
        if (v.string() != null) {
            out.append(quoted(v.string(), Math.max(v.size(), v.string().length)));
        } else {
            boolean pairs = v.type().equals("hash") || v.type().equals("zset");
            out.append(v.type()).append(" of ").append(v.size());
            List<byte[]> sample = v.sample();
            if (!sample.isEmpty()) {
                out.append(": ");
                int shown = 0;
                for (int i = 0; i < sample.size(); i += pairs ? 2 : 1) {
                    if (shown > 0) out.append(' ');
                    out.append(quoted(sample.get(i)));
                    if (pairs && i + 1 < sample.size()) {
                        out.append(v.type().equals("zset") ? "@" : "=");
                        out.append(v.type().equals("zset") ? word(sample.get(i + 1)) : quoted(sample.get(i + 1)));
                    }
                    shown++;
                }
                if (shown < v.size()) out.append(" ...");
            }
        }
        if (v.ttlMillis() >= 0) out.append(" (expires in ").append(duration(v.ttlMillis())).append(')');
        return out.toString();
    }

    /** A time to live the way TTL rounds it: whole seconds, or milliseconds under one second. */
    public static String duration(long millis) {
        if (millis < 1000) return millis + " ms";
        long seconds = (millis + 500) / 1000;
        return seconds + " s";
    }

    /** How a key changed: {@code a: missing -> "1"} or {@code b: "x" (unchanged)}. */
    public static String change(KeyChange c) {
        String name = key(c.key()) + (c.db() != 0 ? " (db " + c.db() + ")" : "");
        if (!c.changed()) return name + ": " + value(c.after()) + " (unchanged)";
        return name + ": " + value(c.before()) + " -> " + value(c.after());
    }

    /**
     * A reply on one line: {@code OK}, {@code (integer) 3}, {@code "x"}, {@code (nil)},
     * {@code array of 2 elements}; RESP3's types as redis-cli -3 names them ({@code (double) 1.5},
     * {@code map of 2 entries} ...). Events carry the reply in the form its client got.
     */
    public static String reply(Reply reply) {
        while (reply instanceof Reply.Attribute a) reply = a.value();
        if (reply instanceof Reply.Error e) return "(error) " + cut(printable(e.message()), 120);
        if (reply instanceof Reply.Simple s) return cut(printable(s.text()), 60);
        if (reply instanceof Reply.Int i) return "(integer) " + i.value();
        if (reply instanceof Reply.Bulk b) return quoted(b.bytes());
        if (reply instanceof Reply.Double d) return "(double) " + d.text();
        if (reply instanceof Reply.Bool b) return b.value() ? "(true)" : "(false)";
        if (reply instanceof Reply.BigNumber n) return "(big number) " + cut(printable(n.digits()), 60);
        if (reply instanceof Reply.Verbatim v) return "verbatim text of " + count(v.text().length, "byte", "bytes");
        if (reply instanceof Reply.Array a) return aggregate(a.elements().size(), "(empty array)", "array of ", "element", "elements");
        if (reply instanceof Reply.Pairs p) return aggregate(p.size(), "(empty array)", "array of ", "pair", "pairs");
        if (reply instanceof Reply.Map m) return aggregate(m.size(), "(empty hash)", "map of ", "entry", "entries");
        if (reply instanceof Reply.Set s) return aggregate(s.elements().size(), "(empty set)", "set of ", "member", "members");
        if (reply instanceof Reply.Push p) return aggregate(p.elements().size(), "(empty push)", "push of ", "element", "elements");
        return "(nil)";
    }

    private static String aggregate(int size, String empty, String kind, String singular, String plural) {
        return size == 0 ? empty : kind + count(size, singular, plural);
    }

    /** An error or status text (Latin-1 byte string) with control bytes shown as \xHH. */
    public static String printable(String byteText) {
        String text = ReplyFormatter.forDisplay(byteText);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 32 || c == 127) out.append(String.format("\\x%02x", (int) c));
            else out.append(c);
        }
        return out.toString();
    }

    public static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    /** "1 command", "2 commands". */
    public static String count(int n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** "a", "a and b", "a, b and c". */
    public static String list(List<String> items) {
        if (items.isEmpty()) return "";
        if (items.size() == 1) return items.get(0);
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
