package dev.txlab.engine.rdb;

import dev.txlab.engine.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ziplist blobs of RDB files written before Redis 7.0 (ziplist.c): a 4-byte size, a
 * 4-byte tail offset, a 2-byte count, entries of (previous entry length, encoding, data), 0xFF.
 * Redis 7.0 converts them to listpacks on load; txlab only reads them.
 */
public final class Ziplist {
    private Ziplist() {}

    public static List<byte[]> decode(byte[] zl) throws RdbFormatException {
        if (zl.length < 11) throw new RdbFormatException("ziplist too short");
        if (little(zl, 0, 4) != zl.length) throw new RdbFormatException("ziplist size mismatch");
        if ((zl[zl.length - 1] & 0xff) != 0xFF) throw new RdbFormatException("ziplist without terminator");
        int p = 10;
        int last = zl.length - 1;
        List<byte[]> out = new ArrayList<>();
        while (p < last) {
            int prev = zl[p] & 0xff;
            p += prev < 254 ? 1 : 5;
            if (p >= last) throw new RdbFormatException("ziplist entry out of bounds");
            int enc = zl[p] & 0xff;
            byte[] element;
            switch (enc >> 6) {
                case 0 -> {
                    int len = enc & 0x3f;
                    element = slice(zl, p + 1, len, last);
                    p += 1 + len;
                }
                case 1 -> {
                    check(p + 2, last);
                    int len = ((enc & 0x3f) << 8) | (zl[p + 1] & 0xff);
                    element = slice(zl, p + 2, len, last);
                    p += 2 + len;
                }
                case 2 -> {
                    check(p + 5, last);
                    long len = ((zl[p + 1] & 0xffL) << 24) | ((zl[p + 2] & 0xffL) << 16) | ((zl[p + 3] & 0xffL) << 8) | (zl[p + 4] & 0xffL);
                    if (len > last) throw new RdbFormatException("ziplist string out of bounds");
                    element = slice(zl, p + 5, (int) len, last);
                    p += 5 + (int) len;
                }
                default -> {
                    int bytes;
                    switch (enc) {
                        case 0xC0 -> bytes = 2;
                        case 0xD0 -> bytes = 4;
                        case 0xE0 -> bytes = 8;
                        case 0xF0 -> bytes = 3;
                        case 0xFE -> bytes = 1;
                        default -> {
                            if (enc >= 0xF1 && enc <= 0xFD) {
                                element = Bytes.ascii((enc & 0x0f) - 1);
                                p += 1;
                                out.add(element);
                                continue;
                            }
                            throw new RdbFormatException("ziplist bad encoding " + enc);
                        }
                    }
                    check(p + 1 + bytes, last);
                    long raw = little(zl, p + 1, bytes);
                    long v = bytes == 8 ? raw : (raw << (64 - 8 * bytes)) >> (64 - 8 * bytes);
                    element = Bytes.ascii(v);
                    p += 1 + bytes;
                }
            }
            out.add(element);
        }
        if (p != last) throw new RdbFormatException("ziplist entries overrun");
        return out;
    }

    private static void check(int upTo, int last) throws RdbFormatException {
        if (upTo > last) throw new RdbFormatException("ziplist entry out of bounds");
    }

    private static byte[] slice(byte[] b, int from, int len, int last) throws RdbFormatException {
        if (from + len > last) throw new RdbFormatException("ziplist string out of bounds");
        return java.util.Arrays.copyOfRange(b, from, from + len);
    }

    private static long little(byte[] b, int from, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (b[from + i] & 0xffL) << (8 * i);
        return v;
    }
}
