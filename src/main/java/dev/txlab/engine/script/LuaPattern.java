package dev.txlab.engine.script;

/**
 * Lua 5.1's pattern matching (string.find, match, gmatch, gsub), following lstrlib.c's rules:
 * character classes in the C locale (ASCII only), {@code %b}, {@code %f}, back references and
 * position captures, and the same error texts. As in 5.1, a pattern ends at its first NUL byte;
 * the subject is binary safe.
 */
final class LuaPattern {
    static final int MAX_CAPTURES = 32;
    static final int CAP_UNFINISHED = -1;
    static final int CAP_POSITION = -2;

    /** A pattern error; the library function raises it with its own position. */
    static final class PatternError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PatternError(String message) { super(message, null, false, false); }
    }

    final byte[] src;
    final int srcEnd;
    final byte[] pat;
    int level;
    final int[] captureStart = new int[MAX_CAPTURES];
    final int[] captureLen = new int[MAX_CAPTURES];

    LuaPattern(byte[] src, byte[] pattern) {
        this.src = src;
        this.srcEnd = src.length;
        int n = 0;
        while (n < pattern.length && pattern[n] != 0) n++;
        this.pat = java.util.Arrays.copyOf(pattern, n);
    }

    /** The pattern byte at p, or 0 past its end (C's terminating NUL). */
    private int p(int p) { return p < pat.length ? pat[p] & 0xff : 0; }

    /** The subject byte at s, or 0 at its end (Lua strings are NUL-terminated in C). */
    private int s(int s) { return s < srcEnd ? src[s] & 0xff : 0; }

    static boolean hasSpecials(byte[] pattern) {
        for (byte b : pattern) {
            if (b == 0) return false;
            if ("^$*+?.([%-".indexOf(b) >= 0) return true;
        }
        return false;
    }

    /** Matches the pattern from pattern position p against the subject at s; the end or -1. */
    int match(int s, int p) {
        while (true) {
            switch (p(p)) {
                case '(':
                    if (p(p + 1) == ')') return startCapture(s, p + 2, CAP_POSITION);
                    return startCapture(s, p + 1, CAP_UNFINISHED);
                case ')':
                    return endCapture(s, p + 1);
                case '%':
                    if (p(p + 1) == 'b') {
                        s = matchBalance(s, p + 2);
                        if (s < 0) return -1;
                        p += 4;
                        continue;
                    }
                    if (p(p + 1) == 'f') {
                        p += 2;
                        if (p(p) != '[') throw new PatternError("missing '[' after '%f' in pattern");
                        int ep = classEnd(p);
                        int previous = s == 0 ? 0 : src[s - 1] & 0xff;
                        if (matchBracketClass(previous, p, ep - 1) || !matchBracketClass(s(s), p, ep - 1)) return -1;
                        p = ep;
                        continue;
                    }
                    if (isDigit(p(p + 1))) {
                        s = matchCapture(s, p(p + 1));
                        if (s < 0) return -1;
                        p += 2;
                        continue;
                    }
                    break;
                case 0:
                    return s;
                case '$':
                    if (p(p + 1) == 0) return s == srcEnd ? s : -1;
                    break;
                default:
                    break;
            }
            int ep = classEnd(p);
            boolean m = s < srcEnd && singleMatch(src[s] & 0xff, p, ep);
            switch (p(ep)) {
                case '?': {
                    if (m) {
                        int res = match(s + 1, ep + 1);
                        if (res >= 0) return res;
                    }
                    p = ep + 1;
                    continue;
                }
                case '*':
                    return maxExpand(s, p, ep);
                case '+':
                    return m ? maxExpand(s + 1, p, ep) : -1;
                case '-':
                    return minExpand(s, p, ep);
                default:
                    if (!m) return -1;
                    s++;
                    p = ep;
            }
        }
    }

    private int classEnd(int p) {
        int c = p(p++);
        if (c == '%') {
            if (p(p) == 0 && p >= pat.length) throw new PatternError("malformed pattern (ends with '%')");
            return p + 1;
        }
        if (c == '[') {
            if (p(p) == '^') p++;
            do {
                if (p >= pat.length) throw new PatternError("malformed pattern (missing ']')");
                if (p(p++) == '%' && p < pat.length) p++;
            } while (p(p) != ']');
            return p + 1;
        }
        return p;
    }

    private boolean singleMatch(int c, int p, int ep) {
        switch (p(p)) {
            case '.': return true;
            case '%': return matchClass(c, p(p + 1));
            case '[': return matchBracketClass(c, p, ep - 1);
            default: return p(p) == c;
        }
    }

    static boolean matchClass(int c, int cl) {
        boolean res;
        switch (Character.toLowerCase(cl < 128 ? (char) cl : (char) 0)) {
            case 'a': res = isAlpha(c); break;
            case 'c': res = c < 32 || c == 127; break;
            case 'd': res = isDigit(c); break;
            case 'l': res = c >= 'a' && c <= 'z'; break;
            case 'p': res = isPunct(c); break;
            case 's': res = c == ' ' || (c >= 9 && c <= 13); break;
            case 'u': res = c >= 'A' && c <= 'Z'; break;
            case 'w': res = isAlpha(c) || isDigit(c); break;
            case 'x': res = isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); break;
            case 'z': res = c == 0; break;
            default: return cl == c;
        }
        return (cl >= 'a' && cl <= 'z') ? res : !res;
    }

    private boolean matchBracketClass(int c, int p, int ec) {
        boolean sig = true;
        if (p(p + 1) == '^') {
            sig = false;
            p++;
        }
        while (++p < ec) {
            if (p(p) == '%') {
                p++;
                if (matchClass(c, p(p))) return sig;
            } else if (p(p + 1) == '-' && p + 2 < ec) {
                p += 2;
                if (p(p - 2) <= c && c <= p(p)) return sig;
            } else if (p(p) == c) {
                return sig;
            }
        }
        return !sig;
    }

    private int matchBalance(int s, int p) {
        if (p(p) == 0 || p(p + 1) == 0) throw new PatternError("unbalanced pattern");
        if (s(s) != p(p)) return -1;
        int b = p(p);
        int e = p(p + 1);
        int cont = 1;
        while (++s < srcEnd) {
            int c = src[s] & 0xff;
            if (c == e) {
                if (--cont == 0) return s + 1;
            } else if (c == b) {
                cont++;
            }
        }
        return -1;
    }

    private int maxExpand(int s, int p, int ep) {
        int i = 0;
        while (s + i < srcEnd && singleMatch(src[s + i] & 0xff, p, ep)) i++;
        while (i >= 0) {
            int res = match(s + i, ep + 1);
            if (res >= 0) return res;
            i--;
        }
        return -1;
    }

    private int minExpand(int s, int p, int ep) {
        while (true) {
            int res = match(s, ep + 1);
            if (res >= 0) return res;
            if (s < srcEnd && singleMatch(src[s] & 0xff, p, ep)) s++;
            else return -1;
        }
    }

    private int startCapture(int s, int p, int what) {
        if (level >= MAX_CAPTURES) throw new PatternError("too many captures");
        captureStart[level] = s;
        captureLen[level] = what;
        level++;
        int res = match(s, p);
        if (res < 0) level--;
        return res;
    }

    private int endCapture(int s, int p) {
        int l = captureToClose();
        captureLen[l] = s - captureStart[l];
        int res = match(s, p);
        if (res < 0) captureLen[l] = CAP_UNFINISHED;
        return res;
    }

    private int captureToClose() {
        for (int l = level - 1; l >= 0; l--) if (captureLen[l] == CAP_UNFINISHED) return l;
        throw new PatternError("invalid pattern capture");
    }

    private int matchCapture(int s, int l) {
        l = checkCapture(l);
        int len = captureLen[l];
        if (srcEnd - s >= len && java.util.Arrays.equals(src, captureStart[l], captureStart[l] + len, src, s, s + len)) {
            return s + len;
        }
        return -1;
    }

    private int checkCapture(int l) {
        l -= '1';
        if (l < 0 || l >= level || captureLen[l] == CAP_UNFINISHED) throw new PatternError("invalid capture index");
        return l;
    }

    static boolean isDigit(int c) { return c >= '0' && c <= '9'; }

    static boolean isAlpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    static boolean isPunct(int c) {
        return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
    }
}
