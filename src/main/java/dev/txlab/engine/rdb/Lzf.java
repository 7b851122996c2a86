package dev.txlab.engine.rdb;

/**
 * LZF (liblzf 3.6 as Redis builds it: HLOG 16, VERY_FAST), which RDB uses for strings longer than
 * 20 bytes when rdbcompression is on. Compression here starts from an empty hash table, the
 * deterministic form of what Redis does (it leaves the table uninitialised, which in practice
 * gives the same output), so DUMP payloads match a real server's byte for byte.
 */
public final class Lzf {
    private Lzf() {}

    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    /** VERY_FAST's IDX over a 32-bit unsigned hash value. */
    private static int idx(int h) { return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1); }

    private static int next(int v, byte[] in, int p) { return (v << 8) | (in[p + 2] & 0xff); }

    private static int first(byte[] in, int p) { return ((in[p] & 0xff) << 8) | (in[p + 1] & 0xff); }

    /**
     * rdbSaveLzfStringObject's lzf_compress into at most length-4 bytes: the compressed form, or
     * null when the input is 4 bytes or less or compression would not save at least 4 bytes.
     */
    public static byte[] compress(byte[] in) {
        int inEnd = in.length;
        if (inEnd <= 4) return null;
        int outEnd = inEnd - 4;
        byte[] out = new byte[outEnd + 8];
        int[] htab = new int[HSIZE]; // offsets; 0 is "none" (a match at offset 0 is never taken)
        int ip = 0;
        int op = 0;
        int lit = 0;
        op++; // start run
        int hval = first(in, ip);
        while (ip < inEnd - 2) {
            hval = next(hval, in, ip);
            int slot = idx(hval);
            int ref = htab[slot];
            htab[slot] = ip;
            int off;
            if (ref > 0 && ref < ip && (off = ip - ref - 1) < MAX_OFF
                    && in[ref + 2] == in[ip + 2] && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxlen = Math.min(inEnd - ip - len, MAX_REF);
                if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd) return null;
                out[op - lit - 1] = (byte) (lit - 1); // stop run
                op -= lit == 0 ? 1 : 0; // undo run if length is zero
                boolean mismatch = false;
                if (maxlen > 16) {
                    for (int k = 0; k < 16; k++) {
                        len++;
                        if (in[ref + len] != in[ip + len]) {
                            mismatch = true;
                            break;
                        }
                    }
                }
                if (!mismatch) {
                    do {
                        len++;
                    } while (len < maxlen && in[ref + len] == in[ip + len]);
                }
                len -= 2; // len is now #octets - 1
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // start run
                ip += len + 1;
                if (ip >= inEnd - 2) break;
                ip -= 2;
                hval = first(in, ip);
                hval = next(hval, in, ip);
                htab[idx(hval)] = ip;
                ip++;
                hval = next(hval, in, ip);
                htab[idx(hval)] = ip;
                ip++;
            } else {
                if (op >= outEnd) return null;
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1); // stop run
                    lit = 0;
                    op++; // start run
                }
            }
        }
        if (op + 3 > outEnd) return null; // at most 3 bytes can be missing here
        while (ip < inEnd) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1); // end run
        op -= lit == 0 ? 1 : 0;
        return java.util.Arrays.copyOf(out, op);
    }

    /** Decompresses {@code in} into exactly {@code outLength} bytes, or throws on a corrupt blob. */
    public static byte[] decompress(byte[] in, int outLength) throws RdbFormatException {
        byte[] out = new byte[outLength];
        int ip = 0;
        int op = 0;
        while (ip < in.length) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) { // a literal run of ctrl + 1 bytes
                int run = ctrl + 1;
                if (op + run > outLength || ip + run > in.length) throw new RdbFormatException("LZF literal overflows");
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else { // a back reference
                int len = ctrl >> 5;
                int ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (len == 7) {
                    if (ip >= in.length) throw new RdbFormatException("LZF truncated");
                    len += in[ip++] & 0xff;
                }
                if (ip >= in.length) throw new RdbFormatException("LZF truncated");
                ref -= in[ip++] & 0xff;
                len += 2;
                if (op + len > outLength) throw new RdbFormatException("LZF back reference overflows");
                if (ref < 0) throw new RdbFormatException("LZF back reference before the start");
                for (int i = 0; i < len; i++) out[op++] = out[ref++]; // may overlap: byte by byte
            }
        }
        if (op != outLength) throw new RdbFormatException("LZF length mismatch");
        return out;
    }
}
