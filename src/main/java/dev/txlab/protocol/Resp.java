package dev.txlab.protocol;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RESP2 on the wire: commands as arrays of bulk strings, replies in their five types.
 *
 * <p>Why not Jedis or Lettuce for reading replies: both fold simple-string and bulk replies into
 * the same byte array, so {@code OK} and {@code "OK"} could not be told apart, and redis-cli's
 * output could not be reproduced. They are still used to check that real clients work.
 */
public final class Resp {
    private Resp() {}

    /** Redis's default proto-max-bulk-len. */
    public static final long MAX_BULK = 512L * 1024 * 1024;

    /** A malformed or unexpected byte sequence from the peer. */
    public static final class ProtocolException extends IOException {
        public ProtocolException(String message) { super(message); }
    }

    public static byte[] encodeCommand(List<byte[]> argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeAscii(out, "*" + argv.size() + "\r\n");
        for (byte[] arg : argv) {
            writeAscii(out, "$" + arg.length + "\r\n");
            out.writeBytes(arg);
            writeAscii(out, "\r\n");
        }
        return out.toByteArray();
    }

    /** Writes a reply, without recursion (script replies can nest thousands deep). */
    public static void writeReply(OutputStream out, Reply reply) throws IOException {
        java.util.ArrayDeque<java.util.Iterator<Reply>> stack = new java.util.ArrayDeque<>();
        Reply next = reply.resp2();
        while (true) {
            if (next != null) {
                if (next instanceof Reply.Array a) {
                    out.write('*');
                    out.write(Integer.toString(a.elements().size()).getBytes(StandardCharsets.US_ASCII));
                    out.write(CRLF);
                    stack.push(a.elements().iterator());
                } else {
                    writeScalar(out, next);
                }
            }
            while (!stack.isEmpty() && !stack.peek().hasNext()) stack.pop();
            if (stack.isEmpty()) return;
            next = stack.peek().next();
        }
    }

    private static void writeScalar(OutputStream out, Reply reply) throws IOException {
        if (reply instanceof Reply.Simple s) {
            out.write('+');
            out.write(s.text().getBytes(StandardCharsets.ISO_8859_1));
            out.write(CRLF);
        } else if (reply instanceof Reply.Error e) {
            out.write('-');
            out.write(e.message().getBytes(StandardCharsets.ISO_8859_1));
            out.write(CRLF);
        } else if (reply instanceof Reply.Int i) {
            out.write(':');
            out.write(Long.toString(i.value()).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
        } else if (reply instanceof Reply.Bulk b) {
            out.write('$');
            out.write(Integer.toString(b.bytes().length).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
            out.write(b.bytes());
            out.write(CRLF);
        } else if (reply instanceof Reply.NullBulk) {
            out.write(NULL_BULK);
        } else if (reply instanceof Reply.NullArray) {
            out.write(NULL_ARRAY);
        }
    }

    public static byte[] encodeReply(Reply reply) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeReply(out, reply);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return out.toByteArray();
    }

    /**
     * How deeply arrays may nest in a reply. A script may legitimately return about 8,000
     * levels (Redis's Lua stack limit); parsing is iterative, and this only stops a peer that
     * sends "*1" forever from growing memory without end.
     */
    public static final int MAX_NESTING = 100_000;

    /** Reads one reply (client side), without recursion. The stream should be buffered. */
    public static Reply readReply(InputStream in) throws IOException {
        java.util.ArrayDeque<PendingArray> stack = new java.util.ArrayDeque<>();
        while (true) {
            Reply value = readScalarOrStartArray(in, stack);
            while (value != null) {
                if (stack.isEmpty()) return value;
                PendingArray top = stack.peek();
                top.elements.add(value);
                if (top.elements.size() < top.expected) break;
                stack.pop();
                value = Reply.array(top.elements);
            }
        }
    }

    /** An array whose elements are still being read. */
    private static final class PendingArray {
        final long expected;
        final List<Reply> elements;

        PendingArray(long expected) {
            this.expected = expected;
            this.elements = new ArrayList<>((int) Math.min(expected, 1024));
        }
    }

    /** Reads a scalar, an empty or null array; or pushes a non-empty array and returns null. */
    private static Reply readScalarOrStartArray(InputStream in, java.util.Deque<PendingArray> stack) throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("connection closed");
        String line = readLine(in);
        switch (type) {
            case '+':
                return new Reply.Simple(line);
            case '-':
                return new Reply.Error(line);
            case ':':
                return new Reply.Int(parseLong(line));
            case '$': {
                long len = parseLong(line);
                if (len == -1) return Reply.NIL;
                if (len < 0 || len > MAX_BULK) throw new ProtocolException("bad bulk length " + len);
                byte[] data = in.readNBytes((int) len);
                if (data.length != len) throw new EOFException("connection closed inside a bulk string");
                if (in.read() != '\r' || in.read() != '\n') throw new ProtocolException("bulk string not followed by CRLF");
                return new Reply.Bulk(data);
            }
            case '*': {
                long n = parseLong(line);
                if (n == -1) return Reply.NIL_ARRAY;
                if (n < 0 || n > Integer.MAX_VALUE) throw new ProtocolException("bad array length " + n);
                if (n == 0) return Reply.EMPTY_ARRAY;
                if (stack.size() >= MAX_NESTING) throw new ProtocolException("arrays nested more than " + MAX_NESTING + " deep");
                stack.push(new PendingArray(n));
                return null;
            }
            default:
                throw new ProtocolException("unexpected reply type byte " + type);
        }
    }

    /** A CRLF-terminated line, as Latin-1 (one char per byte). */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) throw new EOFException("connection closed");
            if (b == '\r') {
                int next = in.read();
                if (next == '\n') return line.toString(StandardCharsets.ISO_8859_1);
                line.write(b);
                if (next < 0) throw new EOFException("connection closed");
                line.write(next);
                continue;
            }
            line.write(b);
        }
    }

    private static long parseLong(String s) throws ProtocolException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad number '" + s + "'");
        }
    }

    private static void writeAscii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
}
