package dev.txlab.quiz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a reply typed by the learner with what redis-cli prints, forgiving where the
 * redis-cli form is unambiguous and strict where it is not:
 * <ul>
 * <li>spaces around a line, blank lines and the alignment of array indexes do not matter;</li>
 * <li>{@code (nil)}, {@code (integer) 3}, {@code (empty array)}, {@code OK}, {@code QUEUED} and
 *     error texts ignore case; {@code nil} is taken for {@code (nil)};</li>
 * <li>an error may be given as its full text (a final period optional, without a script's
 *     {@code script: <sha>, on @user_script:N.} suffix), or by its code alone when the code is
 *     not the generic {@code ERR} (EXECABORT, WRONGTYPE ...);</li>
 * <li>bulk strings are compared exactly, quotes included: {@code "5"} is not {@code (integer) 5}
 *     and {@code "ok"} is neither {@code "OK"} nor {@code OK};</li>
 * <li>array indexes must be there: {@code 1) OK} is not {@code OK}. A whole array may be typed on
 *     one line ({@code 1) OK 2) (integer) 3}).</li>
 * </ul>
 */
public final class ReplyMatcher {
    private ReplyMatcher() {}

    private static final Pattern INDEX = Pattern.compile("(\\d+)\\)\\s*(.*)", Pattern.DOTALL);
    private static final Pattern INTEGER = Pattern.compile("\\(integer\\)\\s*(-?\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ERROR = Pattern.compile("\\(error\\)\\s*(.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ENDS_WITH_INDEX = Pattern.compile("(?s)(.*\\s)?\\d+\\)");
    private static final Pattern SCRIPT_SUFFIX = Pattern.compile(" script: [0-9a-f]{40}, on @user_script:\\d+\\.$");

    /** One printed line: its chain of array indexes ({@code 2) 1) x} is [2, 1]) and its value. */
    record Entry(List<Integer> indexes, String value) {}

    /** Whether the typed lines say the same reply as the redis-cli lines {@code expected}. */
    public static boolean matches(List<String> expected, List<String> typed) {
        List<Entry> want = entries(expected);
        List<String> lines = nonBlank(typed);
        if (lines.size() == 1 && want.size() > 1) lines = splitOneLineArray(lines.get(0));
        List<Entry> got = entries(lines);
        if (got.size() != want.size()) return false;
        for (int i = 0; i < want.size(); i++) {
            if (!want.get(i).indexes().equals(got.get(i).indexes())) return false;
            if (!valueMatches(want.get(i).value(), got.get(i).value())) return false;
        }
        return true;
    }

    private static List<String> nonBlank(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) if (!l.isBlank()) out.add(l);
        return out;
    }

    static List<Entry> entries(List<String> lines) {
        List<Entry> out = new ArrayList<>();
        for (String line : nonBlank(lines)) out.add(entry(line));
        return out;
    }

    static Entry entry(String line) {
        String rest = line.strip();
        List<Integer> indexes = new ArrayList<>();
        while (true) {
            Matcher m = INDEX.matcher(rest);
            if (!m.matches()) break;
            try {
                indexes.add(Integer.parseInt(m.group(1)));
            } catch (NumberFormatException e) {
                break;
            }
            rest = m.group(2).strip();
        }
        return new Entry(indexes, rest);
    }

    static boolean valueMatches(String expected, String typed) {
        String e = expected.strip();
        String t = typed.strip();
        String tl = t.toLowerCase(Locale.ROOT);
        if (e.equals("(nil)")) return tl.equals("(nil)") || tl.equals("nil");
        if (e.equals("(empty array)")) return tl.equals("(empty array)") || tl.equals("(empty list or set)");
        Matcher ei = INTEGER.matcher(e);
        if (ei.matches()) {
            Matcher ti = INTEGER.matcher(t);
            return ti.matches() && ti.group(1).equals(ei.group(1));
        }
        Matcher ee = ERROR.matcher(e);
        if (e.startsWith("(error)") && ee.matches()) {
            Matcher te = ERROR.matcher(t);
            return te.matches() && errorMatches(ee.group(1), te.group(1));
        }
        if (e.startsWith("\"")) return e.equals(t);
        // A status reply (OK, QUEUED, PONG ...): typed without quotes, any case.
        return !t.startsWith("\"") && e.equalsIgnoreCase(t);
    }

    static boolean errorMatches(String expected, String typed) {
        String t = normaliseError(typed);
        if (t.equals(normaliseError(expected))) return true;
        String withoutSuffix = SCRIPT_SUFFIX.matcher(expected.strip()).replaceFirst("");
        if (t.equals(normaliseError(withoutSuffix))) return true;
        String code = expected.strip().split(" ", 2)[0];
        return !code.equals("ERR") && t.equals(code.toLowerCase(Locale.ROOT));
    }

    private static String normaliseError(String text) {
        String s = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        while (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /**
     * Splits {@code 1) OK 2) (integer) 3} before each index that follows a blank outside
     * double quotes.
     */
    static List<String> splitOneLineArray(String line) {
        String s = line.strip();
        if (!INDEX.matcher(s).matches()) return List.of(line);
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (Character.isWhitespace(c) && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                int j = i + 1;
                while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
                // "1) 1) a" keeps a nested index on its line: split only where a new top-level
                // entry could start, i.e. not right after another index.
                String before = s.substring(start, i).strip();
                if (j < s.length() && s.charAt(j) == ')' && !before.isEmpty() && !ENDS_WITH_INDEX.matcher(before).matches()) {
                    parts.add(before);
                    start = i + 1;
                }
            }
        }
        parts.add(s.substring(start).strip());
        return parts;
    }

    /**
     * When the typed reply is not right but says the same value in another notation (the quotes
     * of a string missing, {@code (integer)} missing or given to a string, an error without
     * {@code (error)}, an array without its indexes), how redis-cli prints it; empty otherwise
     * (right, or wrong). The value itself must be exact: {@code 15.7} is not {@code "15.75"}.
     */
    public static java.util.Optional<String> close(List<String> expected, List<String> typed) {
        if (matches(expected, typed)) return java.util.Optional.empty();
        List<Entry> want = entries(expected);
        List<String> lines = nonBlank(typed);
        if (lines.size() == 1 && want.size() > 1) lines = splitOneLineArray(lines.get(0));
        List<Entry> got = entries(lines);
        if (got.size() != want.size() || want.isEmpty()) return java.util.Optional.empty();
        String note = null;
        for (int i = 0; i < want.size(); i++) {
            Entry w = want.get(i);
            Entry g = got.get(i);
            if (!g.indexes().isEmpty() && !w.indexes().equals(g.indexes())) return java.util.Optional.empty();
            boolean indexesMissing = g.indexes().size() < w.indexes().size();
            if (!g.indexes().isEmpty() && indexesMissing) return java.util.Optional.empty();
            if (valueMatches(w.value(), g.value())) {
                if (indexesMissing && note == null) note = "redis-cli prints an array one element per line, each with its index: 1) ..., 2) ...";
                continue;
            }
            if (!sameValue(w.value(), g.value())) return java.util.Optional.empty();
            if (note == null) note = notation(w.value(), g.value());
        }
        return java.util.Optional.ofNullable(note);
    }

    /** The value behind a printed reply, without its notation; null for nil. */
    private static String plain(String printed) {
        String t = printed.strip();
        Matcher i = INTEGER.matcher(t);
        if (i.matches()) return i.group(1);
        if (t.toLowerCase(Locale.ROOT).startsWith("(double)")) return t.substring(8).strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return unescape(t.substring(1, t.length() - 1));
        }
        return t;
    }

    private static boolean sameValue(String expected, String typed) {
        String e = expected.strip();
        String t = typed.strip();
        String tl = t.toLowerCase(Locale.ROOT);
        if (e.equals("(nil)")) return tl.equals("null") || tl.equals("none") || tl.equals("\"(nil)\"") || tl.equals("\"nil\"");
        if (e.equals("(empty array)")) return tl.equals("[]") || tl.equals("empty array") || tl.equals("empty");
        Matcher ee = ERROR.matcher(e);
        if (e.startsWith("(error)") && ee.matches()) return !tl.startsWith("(error)") && errorMatches(ee.group(1), t);
        if (!e.startsWith("\"") && !INTEGER.matcher(e).matches() && !e.toLowerCase(Locale.ROOT).startsWith("(double)")) {
            return plain(t).equalsIgnoreCase(e); // a status reply typed in quotes
        }
        return plain(e).equals(plain(t));
    }

    private static String notation(String expected, String typed) {
        String e = expected.strip();
        if (e.startsWith("\"")) {
            String note = "redis-cli prints a string reply in double quotes: " + e;
            return INTEGER.matcher(typed.strip()).matches() ? note + " (an (integer) is another kind of reply)" : note;
        }
        if (INTEGER.matcher(e).matches()) {
            return "redis-cli prints an integer reply as " + e + (typed.strip().startsWith("\"") ? " (in quotes it would be a string)" : "");
        }
        if (e.toLowerCase(Locale.ROOT).startsWith("(double)")) return "redis-cli prints a double (RESP3) as " + e;
        if (e.equals("(nil)")) return "redis-cli prints a missing value (a null reply) as (nil)";
        if (e.equals("(empty array)")) return "redis-cli prints an empty array as (empty array)";
        if (e.startsWith("(error)")) return "redis-cli prints an error reply with (error) in front: " + e;
        return "redis-cli prints a status reply as it is, without quotes: " + e;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) c = s.charAt(++i);
            b.append(c);
        }
        return b.toString();
    }
}
