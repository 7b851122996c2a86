package dev.txlab.engine.script;

import java.util.ArrayList;
import java.util.List;

/**
 * The FUNCTION DUMP payload, byte-compatible with Redis 7.0's: for each library the RDB opcode
 * FUNCTION2 (245) and the library's code as an RDB string, then the RDB version (10, two bytes
 * little-endian) and a CRC64 (Jones, as Redis's crc64.c) of everything before it, little-endian.
 * Codes are written as rdbSaveRawString writes them (LZF over 20 bytes, engine/rdb's RdbOutput);
 * reading accepts the integer and LZF-compressed encodings a real server writes.
 *
 * <p>Small and self-contained on purpose: the RDB code of the lab (engine/rdb) can take over the
 * string encoding and the CRC when both exist on one branch.
 */
final class FunctionPayload {
    private FunctionPayload() {}

    static final int RDB_VERSION = 10;
    static final int OPCODE_FUNCTION = 246;
    static final int OPCODE_FUNCTION2 = 245;

    /** A payload FUNCTION RESTORE refuses; the message is Redis's error text without ERR. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) { super(message, null, false, false); }
    }

    /**
     * functionDumpCommand: rdbSaveFunctions writes each library's code with rdbSaveRawString, so a
     * code over 20 bytes is LZF-compressed when that saves space, as a real server's payload is.
     */
    static byte[] dump(List<byte[]> codes) {
        dev.txlab.engine.rdb.RdbOutput out = new dev.txlab.engine.rdb.RdbOutput();
        for (byte[] code : codes) {
            out.writeType(OPCODE_FUNCTION2);
            out.writeString(code);
        }
        return out.withDumpFooter();
    }

    /** The libraries' codes in a payload, after its version and checksum are checked. */
    static List<byte[]> read(byte[] payload) throws Invalid {
        if (payload.length < 10) throw new Invalid("DUMP payload version or checksum are wrong");
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > RDB_VERSION) throw new Invalid("DUMP payload version or checksum are wrong");
        long crc = crc64(payload, payload.length - 8);
        for (int i = 0; i < 8; i++) {
            if ((byte) (crc >>> (8 * i)) != payload[footer + 2 + i]) {
                throw new Invalid("DUMP payload version or checksum are wrong");
            }
        }
        Reader in = new Reader(payload, footer);
        List<byte[]> codes = new ArrayList<>();
        while (footer - in.pos > 0) {
            int type = in.next();
            if (type < 0) throw new Invalid("can not read data type");
            if (type != OPCODE_FUNCTION2 && type != OPCODE_FUNCTION) throw new Invalid("given type is not a function");
            if (type == OPCODE_FUNCTION) {
                throw new Invalid("Pre-GA function format not supported");
            }
            byte[] code = in.string();
            if (code == null) throw new Invalid("Failed loading library payload");
            codes.add(code);
        }
        return codes;
    }

    /** Reads RDB lengths and strings up to a limit; -1 or null past it. */
    private static final class Reader {
        final byte[] data;
        final int limit;
        int pos;

        Reader(byte[] data, int limit) {
            this.data = data;
            this.limit = limit;
        }

        int next() { return pos < limit ? data[pos++] & 0xff : -1; }

        /** rdbLoadLen: the length, or for an encoded string -(encoding + 1); Long.MIN_VALUE when cut. */
        long length() {
            int first = next();
            if (first < 0) return Long.MIN_VALUE;
            switch (first >> 6) {
                case 0: return first & 0x3f;
                case 1: {
                    int second = next();
                    return second < 0 ? Long.MIN_VALUE : ((long) (first & 0x3f) << 8) | second;
                }
                case 2: {
                    int n = first == 0x80 ? 4 : first == 0x81 ? 8 : -1;
                    if (n < 0) return Long.MIN_VALUE;
                    long v = 0;
                    for (int i = 0; i < n; i++) {
                        int b = next();
                        if (b < 0) return Long.MIN_VALUE;
                        v = (v << 8) | b;
                    }
                    return v;
                }
                default: return -((first & 0x3f) + 1);
            }
        }

        byte[] string() {
            long len = length();
            if (len == Long.MIN_VALUE) return null;
            if (len >= 0) return take(len);
            int encoding = (int) (-len - 1);
            switch (encoding) {
                case 0: case 1: case 2: {
                    int n = 1 << encoding;
                    long v = 0;
                    for (int i = 0; i < n; i++) {
                        int b = next();
                        if (b < 0) return null;
                        v |= (long) b << (8 * i);
                    }
                    long signed = n == 1 ? (byte) v : n == 2 ? (short) v : (int) v;
                    return Long.toString(signed).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                }
                case 3: {
                    long clen = length();
                    long ulen = length();
                    if (clen < 0 || ulen < 0) return null;
                    byte[] compressed = take(clen);
                    return compressed == null ? null : lzfDecompress(compressed, (int) ulen);
                }
                default: return null;
            }
        }

        private byte[] take(long n) {
            if (n > limit - pos) return null;
            byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }
    }

    /** LZF, as Redis's lzf_d.c decodes it; null on a corrupt stream. */
    static byte[] lzfDecompress(byte[] in, int outLength) {
        byte[] out = new byte[outLength];
        int ip = 0;
        int op = 0;
        while (ip < in.length) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) {
                int n = ctrl + 1;
                if (op + n > outLength || ip + n > in.length) return null;
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
            } else {
                int len = ctrl >> 5;
                int ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (len == 7) {
                    if (ip >= in.length) return null;
                    len += in[ip++] & 0xff;
                }
                if (ip >= in.length) return null;
                ref -= in[ip++] & 0xff;
                len += 2;
                if (op + len > outLength || ref < 0) return null;
                for (int i = 0; i < len; i++) out[op++] = out[ref++];
            }
        }
        return op == outLength ? out : null;
    }

    private static final long POLY_REFLECTED = 0x95ac9329ac4bc9b5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int b = 0; b < 8; b++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            TABLE[i] = crc;
        }
    }

    /** Redis's crc64 (Jones polynomial, reflected) from 0 over the first {@code length} bytes. */
    static long crc64(byte[] data, int length) {
        long crc = 0;
        for (int i = 0; i < length; i++) crc = TABLE[(int) ((crc ^ data[i]) & 0xff)] ^ (crc >>> 8);
        return crc;
    }
}
