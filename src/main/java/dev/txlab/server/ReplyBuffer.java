package dev.txlab.server;

import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One connection's output: replies encoded as RESP2 or RESP3 bytes, waiting to be written.
 * A normal client's buffer has no limit in Redis by default (client-output-buffer-limit normal
 * 0 0 0), so a client that pipelines many commands before reading is not deadlocked; the lab
 * still stops at {@link #CEILING}, far below its heap, so that a client that never reads cannot
 * take the server's memory: encoding past it throws {@link Overflow}, and serve drops the client.
 *
 * <p>The encoding is {@link ReplyEncoder}'s, written straight into one array because it runs for
 * every reply the server sends.
 */
final class ReplyBuffer {
    private static final int INITIAL = 16 * 1024;

    /** The most unsent reply bytes one client may have: 256 MB, or an eighth of the heap if less. */
    static final long CEILING = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);

    /** Unsent replies would pass {@link #CEILING}. */
    static final class Overflow extends RuntimeException {
        Overflow() { super("unsent replies over " + (CEILING >> 20) + " MB", null, false, false); }
    }
    private static final byte[][] SMALL_INTEGERS = new byte[1024][];

    static {
        for (int i = 0; i < SMALL_INTEGERS.length; i++) SMALL_INTEGERS[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    }

    /** Allocated with the first reply. */
    private byte[] bytes = new byte[0];
    private int written;
    private int length;

    boolean isEmpty() { return written == length; }

    /** Bytes encoded and not yet written to the socket. */
    int pending() { return length - written; }

    /** Encodes a reply for a client speaking {@code protocol} (2, or 3 after HELLO 3). */
    void append(Reply reply, int protocol) {
        encoder.write(reply, protocol);
    }

    /** Bytes sent as they are (the RDB a replica gets after SYNC, which is no RESP reply). */
    void appendRaw(byte[] data) { raw(data, 0, data.length); }

    /** The shared encoding, writing straight into this buffer's array. */
    private final ReplyEncoder encoder = new ReplyEncoder() {
        @Override protected void write(byte[] data, int offset, int count) { raw(data, offset, count); }

        @Override protected void header(char type, long value) { number(type, value); }

        @Override protected void line(char type, String text) { ReplyBuffer.this.line(type, text); }
    };

    /** Lets go of the memory (the client is gone); returns how much the buffer had grown to. */
    int release() {
        int capacity = bytes.length;
        bytes = new byte[0];
        written = 0;
        length = 0;
        return capacity;
    }

    /** Writes what the socket takes now; true when nothing is left. */
    boolean writeTo(WritableByteChannel channel) throws IOException {
        if (written < length) written += channel.write(ByteBuffer.wrap(bytes, written, length - written));
        if (written < length) return false;
        written = 0;
        length = 0;
        if (bytes.length > 64 * INITIAL) bytes = new byte[INITIAL]; // give a big buffer back
        return true;
    }

    /** Simple strings and errors are byte strings held one char per byte. */
    private void line(char type, String text) {
        int n = text.length();
        ensure(n + 3);
        bytes[length++] = (byte) type;
        for (int i = 0; i < n; i++) bytes[length++] = (byte) text.charAt(i);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
    }

    private void number(char type, long value) {
        byte[] digits = value >= 0 && value < SMALL_INTEGERS.length
                ? SMALL_INTEGERS[(int) value] : Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        ensure(digits.length + 3);
        bytes[length++] = (byte) type;
        System.arraycopy(digits, 0, bytes, length, digits.length);
        length += digits.length;
        bytes[length++] = '\r';
        bytes[length++] = '\n';
    }

    private void raw(byte[] data, int offset, int count) {
        ensure(count);
        System.arraycopy(data, offset, bytes, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (bytes.length - length >= more) return;
        if ((long) length - written + more > CEILING) throw new Overflow();
        if (written > 0) { // drop what is already on the wire before growing
            System.arraycopy(bytes, written, bytes, 0, length - written);
            length -= written;
            written = 0;
            if (bytes.length - length >= more) return;
        }
        long size = Math.max(Math.max(2L * bytes.length, INITIAL), (long) length + more);
        bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 16, size));
    }
}
