package dev.txlab.engine;

import java.nio.charset.StandardCharsets;

/** Byte-string helpers with C semantics. */
public final class Bytes {
    private Bytes() {}

    /**
     * strcasecmp of a C string against an ASCII word: the argument ends at its first NUL byte,
     * as Redis's option parsing reads it.
     */
    public static boolean equalsIgnoreCase(byte[] arg, String word) {
        int n = arg.length;
        for (int i = 0; i < n; i++) if (arg[i] == 0) { n = i; break; }
        if (n != word.length()) return false;
        for (int i = 0; i < n; i++) {
            int a = arg[i] & 0xff;
            int b = word.charAt(i);
            if (a >= 'A' && a <= 'Z') a += 32;
            if (b >= 'A' && b <= 'Z') b += 32;
            if (a != b) return false;
        }
        return true;
    }

    /** ASCII lower case, leaving other bytes alone (Redis's command lookup is ASCII case-blind). */
    public static String lowerAscii(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            out[i] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return new String(out);
    }

    public static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    public static byte[] ascii(long v) { return Long.toString(v).getBytes(StandardCharsets.US_ASCII); }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
