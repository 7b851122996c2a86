package dev.txlab.engine.rdb;

/**
 * LZF decompression (liblzf's lzf_d, as Redis uses it for RDB strings longer than 20 bytes when
 * rdbcompression is on, so payloads from a real server can hold LZF blobs). txlab itself writes
 * strings uncompressed, which every Redis loads.
 */
public final class Lzf {
    private Lzf() {}

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
