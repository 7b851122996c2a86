package dev.txlab.engine.keyspace;

import dev.txlab.engine.Numbers;

/**
 * The bytes a Redis 7.0 listpack takes (listpack.c), for the few places where the size decides
 * behaviour: a stream node is full when its listpack would reach stream-node-max-bytes. An entry
 * is its encoding (integers in 1 to 9 bytes, strings with a 1, 2 or 5 byte header; a string that
 * reads as a canonical 64-bit integer is stored as that integer) plus a back-length of 1 to 5 bytes.
 */
public final class ListpackSize {
    private ListpackSize() {}

    /** The 6-byte header (total bytes, element count) and the end byte. */
    public static final long HEADER_AND_END = 7;
    /** The largest listpack a stream node may have (STREAM_LISTPACK_MAX_SIZE). */
    public static final long STREAM_LISTPACK_MAX_SIZE = 1L << 30;

    public static long integer(long v) {
        long encoded;
        if (v >= 0 && v <= 127) encoded = 1;
        else if (v >= -4096 && v <= 4095) encoded = 2;
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) encoded = 3;
        else if (v >= -8388608 && v <= 8388607) encoded = 4;
        else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) encoded = 5;
        else encoded = 9;
        return encoded + backlen(encoded);
    }

    public static long string(byte[] s) {
        if (s.length <= 20) {
            Long asInteger = Numbers.parseLong(s);
            if (asInteger != null) return integer(asInteger);
        }
        long encoded = s.length < 64 ? 1 + s.length : s.length < 4096 ? 2 + s.length : 5 + s.length;
        return encoded + backlen(encoded);
    }

    private static long backlen(long l) {
        if (l <= 127) return 1;
        if (l < 16383) return 2;
        if (l < 2097151) return 3;
        if (l < 268435455) return 4;
        return 5;
    }
}
