package dev.txlab.engine.command;

/**
 * Redis's glob matching (util.c stringmatchlen): {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a-z]} and backslash escapes, on bytes compared as C's signed chars, optionally ignoring
 * ASCII case (CONFIG GET, COMMAND LIST).
 *
 * <p>Iterative, backtracking only to the last star: every other token consumes exactly one byte,
 * so this answers what Redis's recursion answers, in time linear in the pattern for each start
 * position instead of exponential ({@code a*a*a*a*...b}, Redis's own regression test), and
 * without recursion a long pattern could overflow.
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(byte[] pattern, byte[] string) { return matches(pattern, string, false); }

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        // Redis never enters its loop for an empty string: only an empty pattern matches it.
        if (string.length == 0) return pattern.length == 0;
        int p = 0;
        int s = 0;
        int starP = -1; // the pattern position just after the last star seen
        int starS = -1; // where the string stood when that star was tried
        while (s < string.length) {
            if (p < pattern.length && pattern[p] == '*') {
                while (p + 1 < pattern.length && pattern[p + 1] == '*') p++;
                if (p == pattern.length - 1) return true; // a trailing star matches the rest
                starP = ++p;
                starS = s;
                continue;
            }
            int next = p < pattern.length ? token(pattern, p, string[s], nocase) : -1;
            if (next >= 0) {
                p = next;
                s++;
            } else if (starP >= 0) {
                p = starP; // let the last star swallow one more byte
                s = ++starS;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') p++;
        return p == pattern.length;
    }

    /**
     * Matches one byte against the token at {@code p} (not a star): the position after the token,
     * or -1 when the byte does not match.
     */
    private static int token(byte[] pattern, int p, byte c, boolean nocase) {
        switch (pattern[p]) {
            case '?':
                return p + 1;
            case '[':
                return charClass(pattern, p + 1, c, nocase);
            case '\\':
                if (p + 1 < pattern.length) p++;
                return same(pattern[p], c, nocase) ? p + 1 : -1;
            default:
                return same(pattern[p], c, nocase) ? p + 1 : -1;
        }
    }

    /** A class after its '[': Redis treats an unterminated class as ending at the last byte. */
    private static int charClass(byte[] pattern, int p, byte c, boolean nocase) {
        boolean not = p < pattern.length && pattern[p] == '^';
        if (not) p++;
        boolean match = false;
        while (true) {
            if (p < pattern.length && pattern[p] == '\\' && pattern.length - p >= 2) {
                p++;
                if (pattern[p] == c) match = true;
            } else if (p < pattern.length && pattern[p] == ']') {
                break;
            } else if (p >= pattern.length) {
                p--;
                break;
            } else if (pattern.length - p >= 3 && pattern[p + 1] == '-') {
                int start = pattern[p];
                int end = pattern[p + 2];
                int ch = c;
                if (start > end) {
                    int t = start;
                    start = end;
                    end = t;
                }
                if (nocase) {
                    start = lower(start);
                    end = lower(end);
                    ch = lower(ch);
                }
                p += 2;
                if (ch >= start && ch <= end) match = true;
            } else if (same(pattern[p], c, nocase)) {
                match = true;
            }
            p++;
        }
        if (not) match = !match;
        return match ? p + 1 : -1;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return nocase ? lower(a) == lower(b) : a == b;
    }

    private static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
}
