package dev.txlab.engine.rdb;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.Numbers;
import java.io.ByteArrayOutputStream;

/**
 * Writes RDB's primitive encodings (rdb.c): type and opcode bytes, lengths, strings (with the
 * integer encodings Redis tries for short ones, and LZF for long ones as rdbcompression does),
 * binary doubles, and the DUMP footer.
 */
public final class RdbOutput {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public void writeByte(int b) { out.write(b); }

    public void writeBytes(byte[] bytes) { out.writeBytes(bytes); }

    /** rdbSaveType: one byte, a value type or an opcode. */
    public void writeType(int type) { out.write(type); }

    /** rdbSaveLen: 6 bits, 14 bits, or 0x80 + 32 bits / 0x81 + 64 bits, big-endian. */
    public void writeLength(long len) {
        if (len < 0) throw new IllegalArgumentException("negative length " + len);
        if (len < (1 << 6)) {
            out.write((int) len);
        } else if (len < (1 << 14)) {
            out.write((int) ((len >> 8) & 0x3f) | 0x40);
            out.write((int) (len & 0xff));
        } else if (len <= 0xffffffffL) {
            out.write(0x80);
            writeBigEndian(len, 4);
        } else {
            out.write(0x81);
            writeBigEndian(len, 8);
        }
    }

    /** rdbSaveLen of a 64-bit unsigned value (stream IDs, and a group's -1 entries-read). */
    public void writeUnsignedLength(long v) {
        if (v >= 0) {
            writeLength(v);
        } else {
            out.write(0x81);
            writeBigEndian(v, 8);
        }
    }

    private void writeBigEndian(long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) out.write((int) (v >>> (8 * i)) & 0xff);
    }

    public void writeLittleEndian(long v, int bytes) {
        for (int i = 0; i < bytes; i++) out.write((int) (v >>> (8 * i)) & 0xff);
    }

    /**
     * rdbSaveRawString: a string of at most 11 bytes that is a canonical integer fitting 32 bits
     * is written as an 8, 16 or 32-bit integer; anything else as length + bytes.
     */
    public void writeString(byte[] s) {
        if (s.length <= 11) {
            Long v = Numbers.parseLong(s);
            if (v != null && java.util.Arrays.equals(Bytes.ascii(v), s) && writeEncodedInteger(v)) return;
        }
        if (s.length > 20) {
            // rdbcompression yes: LZF when it saves at least 4 bytes (0xC3, compressed and plain lengths)
            byte[] compressed = Lzf.compress(s);
            if (compressed != null) {
                out.write(0xC3);
                writeLength(compressed.length);
                writeLength(s.length);
                out.writeBytes(compressed);
                return;
            }
        }
        writeLength(s.length);
        out.writeBytes(s);
    }

    /** rdbSaveLongLongAsStringObject: an integer, encoded when it fits 32 bits, else as its text. */
    public void writeIntegerString(long v) {
        if (!writeEncodedInteger(v)) {
            byte[] text = Bytes.ascii(v);
            writeLength(text.length);
            out.writeBytes(text);
        }
    }

    /** rdbEncodeInteger: 0xC0 + int8, 0xC1 + int16 or 0xC2 + int32, little-endian; false when wider. */
    private boolean writeEncodedInteger(long v) {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            out.write(0xC0);
            writeLittleEndian(v, 1);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            out.write(0xC1);
            writeLittleEndian(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(0xC2);
            writeLittleEndian(v, 4);
        } else {
            return false;
        }
        return true;
    }

    /** rdbSaveBinaryDoubleValue: the IEEE 754 bits, little-endian. */
    public void writeBinaryDouble(double d) { writeLittleEndian(Double.doubleToRawLongBits(d), 8); }

    /** rdbSaveMillisecondTime: 8 bytes little-endian. */
    public void writeMillis(long millis) { writeLittleEndian(millis, 8); }

    public int size() { return out.size(); }

    public byte[] toByteArray() { return out.toByteArray(); }

    /**
     * The DUMP (and FUNCTION DUMP) footer: RDB version 10 in two little-endian bytes, then the
     * CRC-64 of everything before it (the version included), little-endian. Returns the payload.
     */
    public byte[] withDumpFooter() {
        writeLittleEndian(Rdb.VERSION, 2);
        long crc = Crc64.of(out.toByteArray());
        writeLittleEndian(crc, 8);
        return out.toByteArray();
    }
}
