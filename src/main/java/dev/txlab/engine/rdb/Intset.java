package dev.txlab.engine.rdb;

import java.util.Arrays;

/**
 * Redis's intset blob (intset.c): the width of every element (2, 4 or 8 bytes, the smallest
 * that holds them all), the count, then the integers in ascending order; all little-endian.
 */
public final class Intset {
    private Intset() {}

    public static byte[] encode(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int width = 2;
        for (long v : sorted) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) width = 8;
            else if ((v < Short.MIN_VALUE || v > Short.MAX_VALUE) && width < 4) width = 4;
        }
        byte[] out = new byte[8 + width * sorted.length];
        put(out, 0, width, 4);
        put(out, 4, sorted.length, 4);
        for (int i = 0; i < sorted.length; i++) put(out, 8 + i * width, sorted[i], width);
        return out;
    }

    private static void put(byte[] out, int at, long v, int bytes) {
        for (int i = 0; i < bytes; i++) out[at + i] = (byte) (v >>> (8 * i));
    }

    /** The integers, checked as intsetValidateIntegrity does (deep: ascending, no duplicates). */
    public static long[] decode(byte[] blob) throws RdbFormatException {
        if (blob.length < 8) throw new RdbFormatException("intset too short");
        long width = little(blob, 0, 4);
        if (width != 2 && width != 4 && width != 8) throw new RdbFormatException("intset bad encoding");
        long count = little(blob, 4, 4);
        if (8 + count * width != blob.length) throw new RdbFormatException("intset size mismatch");
        if (count == 0) throw new RdbFormatException("empty intset");
        long[] out = new long[(int) count];
        int w = (int) width;
        for (int i = 0; i < count; i++) {
            long raw = little(blob, 8 + i * w, w);
            out[i] = w == 8 ? raw : (raw << (64 - 8 * w)) >> (64 - 8 * w);
            if (i > 0 && out[i] <= out[i - 1]) throw new RdbFormatException("intset not ascending");
        }
        return out;
    }

    private static long little(byte[] b, int from, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (b[from + i] & 0xffL) << (8 * i);
        return v;
    }
}
