package dev.txlab.protocol;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RESP on the wire: commands as arrays of bulk strings; replies in RESP2's five types or, for a
 * client that said HELLO 3, in RESP3's (see {@link ReplyEncoder}).
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

    /** Writes a reply as a RESP2 client receives it. */
    public static void writeReply(OutputStream out, Reply reply) throws IOException {
        writeReply(out, reply, 2);
    }

    /** Writes a reply as a client speaking {@code protocol} (2 or 3) receives it, without recursion. */
    public static void writeReply(OutputStream out, Reply reply, int protocol) throws IOException {
        try {
            new StreamEncoder(out).write(reply, protocol);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The bytes a RESP2 client receives for this reply. */
    public static byte[] encodeReply(Reply reply) {
        return encodeReply(reply, 2);
    }

    /** The bytes a client speaking {@code protocol} (2 or 3) receives for this reply. */
    public static byte[] encodeReply(Reply reply, int protocol) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StreamEncoder(out).write(reply, protocol);
        return out.toByteArray();
    }

    /** The shared encoding onto a stream; I/O errors travel unchecked through the encoder. */
    private static final class StreamEncoder extends ReplyEncoder {
        private final OutputStream out;

        StreamEncoder(OutputStream out) { this.out = out; }

        @Override protected void write(byte[] bytes, int offset, int length) {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * How deeply aggregates may nest in a reply. A script may legitimately return about 8,000
     * levels (Redis's Lua stack limit); parsing is iterative, and this only stops a peer that
     * sends "*1" forever from growing memory without end.
     */
    public static final int MAX_NESTING = 100_000;

    /**
     * Reads one reply (client side), RESP2 or RESP3, without recursion. The stream should be
     * buffered. RESP3's null reads as {@link Reply#NIL}; aggregates keep their RESP3 type (an
     * array of pairs reads as an array of arrays, as it was sent).
     */
    public static Reply readReply(InputStream in) throws IOException {
        java.util.ArrayDeque<PendingAggregate> stack = new java.util.ArrayDeque<>();
        while (true) {
            Reply value = readScalarOrStartAggregate(in, stack);
            while (value != null) {
                if (stack.isEmpty()) return value;
                PendingAggregate top = stack.peek();
                top.elements.add(value);
                if (top.elements.size() < top.expected) break;
                stack.pop();
                value = top.complete();
            }
        }
    }

    /** An aggregate whose elements are still being read. */
    private static final class PendingAggregate {
        final char type;
        final long expected;
        final List<Reply> elements;

        /** {@code expected} counts every element to read: a map's keys and values, an attribute's reply. */
        PendingAggregate(char type, long expected) {
            this.type = type;
            this.expected = expected;
            this.elements = new ArrayList<>((int) Math.min(expected, 1024));
        }

        Reply complete() {
            return switch (type) {
                case '%' -> new Reply.Map(elements);
                case '~' -> new Reply.Set(elements);
                case '>' -> new Reply.Push(elements);
                case '|' -> new Reply.Attribute(new Reply.Map(elements.subList(0, elements.size() - 1)),
                        elements.get(elements.size() - 1));
                default -> Reply.array(elements);
            };
        }
    }

    /** Reads a scalar, an empty or null aggregate; or pushes a non-empty aggregate and returns null. */
    private static Reply readScalarOrStartAggregate(InputStream in, java.util.Deque<PendingAggregate> stack) throws IOException {
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
                return new Reply.Bulk(readBlob(in, len));
            }
            case '!':
                return new Reply.Error(new String(readBlob(in, parseLong(line)), StandardCharsets.ISO_8859_1));
            case '=': {
                byte[] blob = readBlob(in, parseLong(line));
                if (blob.length < 4 || blob[3] != ':') throw new ProtocolException("verbatim string without a format");
                return new Reply.Verbatim(new String(blob, 0, 3, StandardCharsets.ISO_8859_1),
                        java.util.Arrays.copyOfRange(blob, 4, blob.length));
            }
            case '_':
                if (!line.isEmpty()) throw new ProtocolException("bad null '" + line + "'");
                return Reply.NIL;
            case '#':
                if (line.equals("t")) return new Reply.Bool(true);
                if (line.equals("f")) return new Reply.Bool(false);
                throw new ProtocolException("bad boolean '" + line + "'");
            case ',':
                return new Reply.Double(parseDouble(line), line);
            case '(':
                return new Reply.BigNumber(line); // digits, or whatever bytes a script gave Redis

            case '*': case '%': case '~': case '>': case '|': {
                long n = parseLong(line);
                if (n == -1 && type == '*') return Reply.NIL_ARRAY;
                if (n < 0 || n > Integer.MAX_VALUE / 2) throw new ProtocolException("bad aggregate length " + n);
                long elements = type == '%' ? 2 * n : type == '|' ? 2 * n + 1 : n;
                if (elements == 0) return new PendingAggregate((char) type, 0).complete();
                if (stack.size() >= MAX_NESTING) throw new ProtocolException("replies nested more than " + MAX_NESTING + " deep");
                stack.push(new PendingAggregate((char) type, elements));
                return null;
            }
            default:
                throw new ProtocolException("unexpected reply type byte " + type);
        }
    }

    /** A length-prefixed string and its CRLF. */
    private static byte[] readBlob(InputStream in, long len) throws IOException {
        if (len < 0 || len > MAX_BULK) throw new ProtocolException("bad bulk length " + len);
        byte[] data = in.readNBytes((int) len);
        if (data.length != len) throw new EOFException("connection closed inside a bulk string");
        if (in.read() != '\r' || in.read() != '\n') throw new ProtocolException("bulk string not followed by CRLF");
        return data;
    }

    /** A RESP3 double: %.17g digits, or inf, -inf, nan and -nan as Redis spells them. */
    private static double parseDouble(String text) throws ProtocolException {
        switch (text) {
            case "inf": return java.lang.Double.POSITIVE_INFINITY;
            case "-inf": return java.lang.Double.NEGATIVE_INFINITY;
            case "nan": return java.lang.Double.longBitsToDouble(0x7ff8000000000000L);
            case "-nan": return java.lang.Double.longBitsToDouble(0xfff8000000000000L);
            default: break;
        }
        if (!text.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?|[-+]?[0-9]+\\.")) {
            throw new ProtocolException("bad double '" + text + "'");
        }
        return java.lang.Double.parseDouble(text);
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
}
