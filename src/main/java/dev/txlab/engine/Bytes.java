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
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            byte c = bytes[i];
            out[i] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    public static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** A long's decimal digits as bytes, without the intermediate String (INCR's hot path). */
    public static byte[] ascii(long v) {
        if (v == Long.MIN_VALUE) return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
        boolean negative = v < 0;
        long n = negative ? -v : v;
        int digits = 1;
        for (long t = n; t >= 10; t /= 10) digits++;
        byte[] out = new byte[digits + (negative ? 1 : 0)];
        for (int i = out.length - 1; i >= (negative ? 1 : 0); i--) {
            out[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        if (negative) out[0] = '-';
        return out;
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
