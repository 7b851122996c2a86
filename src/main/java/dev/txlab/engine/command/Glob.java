package dev.txlab.engine.command;

/**
 * Redis's glob matching (stringmatchlen): {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]}
 * and backslash escapes, on bytes.
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(byte[] pattern, byte[] string) {
        return match(pattern, 0, string, 0, 0);
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, int depth) {
        // Redis caps recursion too (a pattern of many stars is a known slow case).
        if (depth > 1000) return false;
        // Redis skips trailing stars only after consuming a byte: "**" does not match "".
        if (si >= s.length) return pi >= p.length;
        while (pi < p.length && si < s.length) {
            switch (p[pi]) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') pi++;
                    if (pi + 1 == p.length) return true;
                    for (int k = si; k < s.length; k++) {
                        if (match(p, pi + 1, s, k, depth + 1)) return true;
                    }
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) pi++;
                    boolean found = false;
                    while (true) {
                        if (pi < p.length && p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            if (p[pi] == s[si]) found = true;
                        } else if (pi >= p.length) {
                            pi--; // unterminated class: Redis treats the end as ']'
                            break;
                        } else if (p[pi] == ']') {
                            break;
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int start = p[pi] & 0xff;
                            int end = p[pi + 2] & 0xff;
                            int c = s[si] & 0xff;
                            if (start > end) { int t = start; start = end; end = t; }
                            pi += 2;
                            if (c >= start && c <= end) found = true;
                        } else if (p[pi] == s[si]) {
                            found = true;
                        }
                        pi++;
                    }
                    if (not) found = !found;
                    if (!found) return false;
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) pi++;
                    if (p[pi] != s[si]) return false;
                    si++;
                }
                default -> {
                    if (p[pi] != s[si]) return false;
                    si++;
                }
            }
            pi++;
        }
        while (pi < p.length && p[pi] == '*') pi++;
        return pi == p.length && si == s.length;
    }
}
