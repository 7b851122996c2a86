package dev.txlab.engine.script;

import dev.txlab.engine.rdb.Rdb;
import dev.txlab.engine.rdb.RdbFormatException;
import dev.txlab.engine.rdb.RdbInput;
import dev.txlab.engine.rdb.RdbOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * The FUNCTION DUMP payload, byte-compatible with Redis 7.0's: for each library the RDB opcode
 * FUNCTION2 (245) and the library's code as an RDB string, then the RDB version (10, two bytes
 * little-endian) and a CRC64 (Jones, as Redis's crc64.c) of everything before it, little-endian.
 * Strings, the footer and its check are engine/rdb's, as DUMP and RESTORE use them: codes are
 * written as rdbSaveRawString writes them (LZF over 20 bytes), and read in any encoding a real
 * server writes.
 */
final class FunctionPayload {
    private FunctionPayload() {}

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
        RdbOutput out = new RdbOutput();
        for (byte[] code : codes) {
            out.writeType(OPCODE_FUNCTION2);
            out.writeString(code);
        }
        return out.withDumpFooter();
    }

    /** The libraries' codes in a payload, after its version and checksum are checked (functionRestoreCommand). */
    static List<byte[]> read(byte[] payload) throws Invalid {
        if (!Rdb.verifyFooter(payload)) throw new Invalid("DUMP payload version or checksum are wrong");
        RdbInput in = new RdbInput(payload, 0, payload.length - 10);
        List<byte[]> codes = new ArrayList<>();
        try {
            while (in.remaining() > 0) {
                int type = in.readByte();
                if (type != OPCODE_FUNCTION2 && type != OPCODE_FUNCTION) throw new Invalid("given type is not a function");
                if (type == OPCODE_FUNCTION) throw new Invalid("Pre-GA function format not supported");
                codes.add(in.readString());
            }
        } catch (RdbFormatException e) {
            throw new Invalid("Failed loading library payload");
        }
        return codes;
    }
}
