package dev.txlab.engine.rdb;

/**
 * Reads RDB's primitive encodings from a byte array (rdbLoadLen, rdbGenericLoadStringObject with
 * its integer and LZF encodings, binary and old-style text doubles). Every malformed or truncated
 * input throws {@link RdbFormatException}, never a Java runtime exception.
 */
public final class RdbInput {
    private final byte[] data;
    private int pos;
    private final int end;

    public RdbInput(byte[] data) { this(data, 0, data.length); }

    public RdbInput(byte[] data, int from, int end) {
        this.data = data;
        this.pos = from;
        this.end = end;
    }

    public int position() { return pos; }

    public int remaining() { return end - pos; }

    public int readByte() throws RdbFormatException {
        if (pos >= end) throw new RdbFormatException("unexpected end of data");
        return data[pos++] & 0xff;
    }

    public byte[] readBytes(long n) throws RdbFormatException {
        if (n < 0 || n > end - pos) throw new RdbFormatException("unexpected end of data (" + n + " bytes wanted)");
        byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    public long readLittleEndian(int bytes) throws RdbFormatException {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= ((long) readByte()) << (8 * i);
        return v;
    }

    private long readBigEndian(int bytes) throws RdbFormatException {
        long v = 0;
        for (int i = 0; i < bytes; i++) v = (v << 8) | readByte();
        return v;
    }

    /** A length or, for a string, the special encoding marker: see {@link #readString}. */
    private long readLengthOrEncoding(boolean[] encoded) throws RdbFormatException {
        int first = readByte();
        int kind = (first & 0xc0) >> 6;
        encoded[0] = false;
        switch (kind) {
            case 0: return first & 0x3f;
            case 1: return ((long) (first & 0x3f) << 8) | readByte();
            case 3:
                encoded[0] = true;
                return first & 0x3f;
            default:
                if (first == 0x80) return readBigEndian(4);
                if (first == 0x81) {
                    long v = readBigEndian(8);
                    if (v < 0) throw new RdbFormatException("length out of range");
                    return v;
                }
                throw new RdbFormatException("unknown length encoding " + first);
        }
    }

    /** rdbLoadLen of a 64-bit unsigned value (stream IDs, and a group's -1 entries-read). */
    public long readUnsignedLength() throws RdbFormatException {
        int first = readByte();
        if (first == 0x81) return readBigEndian(8);
        pos--;
        return readLength();
    }

    /** rdbLoadLen. */
    public long readLength() throws RdbFormatException {
        boolean[] encoded = new boolean[1];
        long len = readLengthOrEncoding(encoded);
        if (encoded[0]) throw new RdbFormatException("an encoded string where a length was expected");
        return len;
    }

    /** rdbGenericLoadStringObject: a raw, integer-encoded or LZF-compressed string, as bytes. */
    public byte[] readString() throws RdbFormatException {
        boolean[] encoded = new boolean[1];
        long len = readLengthOrEncoding(encoded);
        if (!encoded[0]) return readBytes(len);
        switch ((int) len) {
            case 0: return dev.txlab.engine.Bytes.ascii((byte) readByte());
            case 1: return dev.txlab.engine.Bytes.ascii((short) readLittleEndian(2));
            case 2: return dev.txlab.engine.Bytes.ascii((int) readLittleEndian(4));
            case 3: {
                long compressed = readLength();
                long plain = readLength();
                if (plain > Integer.MAX_VALUE - 8) throw new RdbFormatException("LZF string too long");
                return Lzf.decompress(readBytes(compressed), (int) plain);
            }
            default: throw new RdbFormatException("unknown string encoding " + len);
        }
    }

    /** Whether the next string is integer-encoded (rdbLoad keeps such a string int-encoded). */
    public boolean nextStringIsInteger() throws RdbFormatException {
        if (pos >= end) throw new RdbFormatException("unexpected end of data");
        int first = data[pos] & 0xff;
        return (first & 0xc0) == 0xc0 && (first & 0x3f) <= 2;
    }

    /** rdbLoadBinaryDoubleValue. */
    public double readBinaryDouble() throws RdbFormatException {
        return Double.longBitsToDouble(readLittleEndian(8));
    }

    /** rdbLoadDoubleValue (RDB_TYPE_ZSET, before binary doubles): 253 nan, 254 +inf, 255 -inf, else text. */
    public double readTextDouble() throws RdbFormatException {
        int len = readByte();
        switch (len) {
            case 255: return Double.NEGATIVE_INFINITY;
            case 254: return Double.POSITIVE_INFINITY;
            case 253: return Double.NaN;
            default:
                String text = new String(readBytes(len), java.nio.charset.StandardCharsets.ISO_8859_1);
                try {
                    return Double.parseDouble(text.trim());
                } catch (NumberFormatException e) {
                    throw new RdbFormatException("bad double " + text);
                }
        }
    }
}
