package dev.txlab.engine.cluster;

/**
 * Redis Cluster's key hash slots: CRC16 (XMODEM: polynomial 0x1021, initial 0) of the key, or of
 * its hash tag, modulo 16384. A hash tag is the part between the first '{' and the first '}'
 * after it, when that part is not empty: {@code {user:1}:cart} and {@code {user:1}:orders} share
 * a slot, so they can be used together in one MULTI, script or multi-key command.
 */
public final class HashSlots {
    public static final int SLOTS = 16384;

    private HashSlots() {}

    /** Redis's keyHashSlot. */
    public static int slot(byte[] key) {
        int open = -1;
        for (int i = 0; i < key.length; i++) {
            if (key[i] == '{') { open = i; break; }
        }
        if (open >= 0) {
            for (int close = open + 1; close < key.length; close++) {
                if (key[close] == '}') {
                    // "{}" is no tag: the whole key is hashed
                    if (close > open + 1) return crc16(key, open + 1, close) & (SLOTS - 1);
                    break;
                }
            }
        }
        return crc16(key, 0, key.length) & (SLOTS - 1);
    }

    /** CRC16-CCITT (XMODEM) of bytes [from, to). */
    static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (bytes[i] & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }
}
