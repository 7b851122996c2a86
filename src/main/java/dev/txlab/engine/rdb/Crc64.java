package dev.txlab.engine.rdb;

/**
 * Redis's CRC-64 ("Jones": polynomial 0xad93d23594c935a9, reflected input and output, initial
 * value 0, no final xor), which seals DUMP payloads, RDB files and FUNCTION DUMP. The check value
 * of "123456789" is 0xe9c6d914c4b8d9ca (crc64.c's own test).
 */
public final class Crc64 {
    private Crc64() {}

    /** The reflected polynomial, as the table-driven, bit-reversed algorithm uses it. */
    private static final long POLY_REFLECTED = 0x95ac9329ac4bc9b5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            TABLE[i] = crc;
        }
    }

    /** Continues a CRC over bytes[from, from+length). Start with 0. */
    public static long update(long crc, byte[] bytes, int from, int length) {
        for (int i = from; i < from + length; i++) crc = TABLE[(int) ((crc ^ bytes[i]) & 0xff)] ^ (crc >>> 8);
        return crc;
    }

    public static long of(byte[] bytes) { return update(0, bytes, 0, bytes.length); }
}
