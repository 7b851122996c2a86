package dev.txlab.engine.rdb;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.Numbers;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis 7.0's listpack (listpack.c), the blob small hashes, sorted sets and list nodes are saved
 * as: a 4-byte total size and a 2-byte element count (little-endian), the entries, then 0xFF. Each
 * entry is an encoding byte (with the length or a small integer inside), its data, and its own
 * length written backwards ("backlen"). A string that is a canonical 64-bit integer is stored as
 * an integer in the smallest of the 7, 13, 16, 24, 32 or 64-bit forms, as lpAppend does.
 */
public final class Listpack {
    private Listpack() {}

    /** LP_HDR_NUMELE_UNKNOWN: the count field when it does not fit 16 bits. */
    private static final int NUMELE_UNKNOWN = 65535;
    private static final int EOF = 0xFF;

    /** The listpack holding these elements, in order. */
    public static byte[] encode(List<byte[]> elements) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] e : elements) writeEntry(body, e);
        int total = 6 + body.size() + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        for (int i = 0; i < 4; i++) out.write((total >>> (8 * i)) & 0xff);
        int count = Math.min(elements.size(), NUMELE_UNKNOWN);
        out.write(count & 0xff);
        out.write((count >>> 8) & 0xff);
        out.writeBytes(body.toByteArray());
        out.write(EOF);
        return out.toByteArray();
    }

    /** The bytes one entry takes (encoding, data and backlen): to size quicklist nodes. */
    public static int entrySize(byte[] element) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeEntry(b, element);
        return b.size();
    }

    private static void writeEntry(ByteArrayOutputStream out, byte[] e) {
        int before = out.size();
        Long v = e.length <= 20 ? Numbers.parseLong(e) : null;
        if (v != null && !java.util.Arrays.equals(Bytes.ascii(v), e)) v = null;
        if (v != null) {
            long n = v;
            if (n >= 0 && n <= 127) {
                out.write((int) n);
            } else if (n >= -4096 && n <= 4095) {
                long u = n < 0 ? (1L << 13) + n : n;
                out.write((int) (u >> 8) | 0xC0);
                out.write((int) (u & 0xff));
            } else if (n >= Short.MIN_VALUE && n <= Short.MAX_VALUE) {
                out.write(0xF1);
                little(out, n, 2);
            } else if (n >= -(1 << 23) && n <= (1 << 23) - 1) {
                out.write(0xF2);
                little(out, n, 3);
            } else if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
                out.write(0xF3);
                little(out, n, 4);
            } else {
                out.write(0xF4);
                little(out, n, 8);
            }
        } else if (e.length < 64) {
            out.write(0x80 | e.length);
            out.writeBytes(e);
        } else if (e.length < 4096) {
            out.write(0xE0 | (e.length >> 8));
            out.write(e.length & 0xff);
            out.writeBytes(e);
        } else {
            out.write(0xF0);
            little(out, e.length, 4);
            out.writeBytes(e);
        }
        writeBacklen(out, out.size() - before);
    }

    private static void little(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) out.write((int) (v >>> (8 * i)) & 0xff);
    }

    /** lpEncodeBacklen: 7 bits per byte, the most significant first, every byte but the first marked 128. */
    private static void writeBacklen(ByteArrayOutputStream out, int len) {
        int bytes = len <= 127 ? 1 : len < 16383 ? 2 : len < 2097151 ? 3 : len < 268435455 ? 4 : 5;
        for (int i = bytes - 1; i >= 0; i--) {
            int part = (len >>> (7 * i)) & 127;
            out.write(i == bytes - 1 ? part : part | 128);
        }
    }

    private static int backlenSize(long len) {
        return len <= 127 ? 1 : len < 16383 ? 2 : len < 2097151 ? 3 : len < 268435455 ? 4 : 5;
    }

    /**
     * The elements of a listpack blob, integers as their decimal text. Checks the header, every
     * entry's bounds and backlen, the terminator and the count (lpValidateIntegrity, deep).
     */
    public static List<byte[]> decode(byte[] lp) throws RdbFormatException {
        if (lp.length < 7) throw new RdbFormatException("listpack too short");
        long total = (lp[0] & 0xffL) | (lp[1] & 0xffL) << 8 | (lp[2] & 0xffL) << 16 | (lp[3] & 0xffL) << 24;
        if (total != lp.length) throw new RdbFormatException("listpack size mismatch");
        int count = (lp[4] & 0xff) | (lp[5] & 0xff) << 8;
        if ((lp[lp.length - 1] & 0xff) != EOF) throw new RdbFormatException("listpack without terminator");
        List<byte[]> out = new ArrayList<>();
        int p = 6;
        int last = lp.length - 1;
        while (p < last) {
            int start = p;
            int b = lp[p] & 0xff;
            byte[] element;
            if ((b & 0x80) == 0) {
                element = Bytes.ascii(b);
                p += 1;
            } else if ((b & 0xC0) == 0x80) {
                int len = b & 0x3f;
                element = slice(lp, p + 1, len, last);
                p += 1 + len;
            } else if ((b & 0xE0) == 0xC0) {
                need(lp, p, 2, last);
                int u = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
                element = Bytes.ascii(u >= (1 << 12) ? u - (1 << 13) : u);
                p += 2;
            } else if ((b & 0xF0) == 0xE0) {
                need(lp, p, 2, last);
                int len = ((b & 0x0f) << 8) | (lp[p + 1] & 0xff);
                element = slice(lp, p + 2, len, last);
                p += 2 + len;
            } else if (b == 0xF0) {
                need(lp, p, 5, last);
                long len = readLittle(lp, p + 1, 4);
                if (len > last) throw new RdbFormatException("listpack string out of bounds");
                element = slice(lp, p + 5, (int) len, last);
                p += 5 + (int) len;
            } else if (b >= 0xF1 && b <= 0xF4) {
                int bytes = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
                need(lp, p, 1 + bytes, last);
                long raw = readLittle(lp, p + 1, bytes);
                long v = bytes == 8 ? raw : (raw << (64 - 8 * bytes)) >> (64 - 8 * bytes);
                element = Bytes.ascii(v);
                p += 1 + bytes;
            } else {
                throw new RdbFormatException("listpack bad entry encoding " + b);
            }
            int encodedLength = p - start;
            int backlen = backlenSize(encodedLength);
            need(lp, p, backlen, last);
            // the backlen, read from its last byte backwards
            long len = 0;
            for (int i = 0; i < backlen; i++) {
                int part = lp[p + backlen - 1 - i] & 0x7f;
                len |= (long) part << (7 * i);
            }
            if (len != encodedLength) throw new RdbFormatException("listpack bad backlen");
            p += backlen;
            out.add(element);
        }
        if (p != last) throw new RdbFormatException("listpack entries overrun");
        if (count != NUMELE_UNKNOWN && count != out.size()) throw new RdbFormatException("listpack count mismatch");
        return out;
    }

    private static void need(byte[] lp, int p, int n, int last) throws RdbFormatException {
        if (p + n > last) throw new RdbFormatException("listpack entry out of bounds");
    }

    private static byte[] slice(byte[] lp, int from, int len, int last) throws RdbFormatException {
        if (len < 0 || from + len > last) throw new RdbFormatException("listpack string out of bounds");
        return java.util.Arrays.copyOfRange(lp, from, from + len);
    }

    private static long readLittle(byte[] b, int from, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (b[from + i] & 0xffL) << (8 * i);
        return v;
    }
}
