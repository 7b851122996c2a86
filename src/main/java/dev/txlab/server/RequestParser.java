package dev.txlab.server;

import dev.txlab.protocol.ArgSplitter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One connection's query buffer, cut into commands the way Redis 7.0's networking.c does it
 * (processInputBuffer, processMultibulkBuffer, processInlineBuffer): a request starting with '*'
 * is a multibulk array of '$' bulk strings, anything else an inline line split like redis-cli's
 * input. The protocol errors, their wording and the limits are Redis's, checked against a real
 * redis-server with raw sockets (RequestParserTest, ProtocolErrorTest).
 *
 * <p>Redis's quirks are kept on purpose, because a client sees them: a line terminator is found
 * with C's strchr, so a NUL byte before it hides it and the request waits for more bytes; the two
 * bytes after a bulk string and the byte after a '\r' are skipped without being looked at.
 */
final class RequestParser {
    /** PROTO_INLINE_MAX_SIZE: how much may wait without a line end. */
    static final int INLINE_MAX = 64 * 1024;
    /** proto-max-bulk-len's default. */
    static final long MAX_BULK = 512L * 1024 * 1024;
    /** client-query-buffer-limit's default: past this Redis drops the client without a reply. */
    static final long MAX_QUERY_BUFFER = 1024L * 1024 * 1024;
    /** PROTO_IOBUF_LEN: the query buffer's first size and the least room offered to a read. */
    static final int IO_CHUNK = 16 * 1024;
    /** Redis's cap on the argv it allocates up front, whatever count a client announces. */
    private static final int ARGV_PREALLOCATION = 1024;
    /** LONG_STR_SIZE: string2ll refuses anything this long or longer. */
    private static final int LONG_STR_SIZE = 21;

    /** Allocated on the first read: an idle connection costs no buffer. */
    private byte[] buffer = new byte[0];
    private int position;
    private int end;

    private enum RequestType { UNKNOWN, INLINE, MULTIBULK }

    private RequestType requestType = RequestType.UNKNOWN;
    /** Bulk strings still to read in the current multibulk request; 0 before its count is read. */
    private int multibulkRemaining;
    /** Length of the bulk string being read, or -1 before its '$' line is read. */
    private long bulkLength = -1;
    private List<byte[]> arguments;
    private String protocolError;
    /** Redis's authRequired for the connection: until it authenticates, requests must stay small. */
    java.util.function.BooleanSupplier unauthenticated = () -> false;

    /**
     * Room at the end of the buffer for the next read: at least {@link #IO_CHUNK} bytes, or what a
     * large bulk string still needs. The caller writes into it and reports the count with
     * {@link #received(int)}.
     */
    ByteBuffer readSpace() {
        if (position == end) {
            position = 0;
            end = 0;
            if (buffer.length > 4 * INLINE_MAX) buffer = new byte[IO_CHUNK]; // give a big buffer back
        }
        if (buffer.length - end < IO_CHUNK && position > 0) {
            System.arraycopy(buffer, position, buffer, 0, end - position);
            end -= position;
            position = 0;
        }
        if (buffer.length - end < IO_CHUNK) {
            // Doubling, but a bulk header alone reserves nothing: memory follows the bytes that
            // arrive, and a large bulk string gets no more room than it needs.
            long grown = Math.max(2L * buffer.length, (long) end + IO_CHUNK);
            if (bulkLength >= 0) grown = Math.min(grown, Math.max(end, bulkLength + 2) + IO_CHUNK);
            buffer = Arrays.copyOf(buffer, (int) grown);
        }
        return ByteBuffer.wrap(buffer, end, buffer.length - end);
    }

    /** The length of the bulk string being read, or -1 (CLIENT LIST's query buffer model). */
    long bulkLength() { return bulkLength; }

    /** Records that a read put {@code count} bytes into the space from {@link #readSpace()}. */
    void received(int count) { end += count; }

    /** Bytes received and not yet taken as commands (Redis's query buffer length). */
    long pending() { return end - position; }

    /** Set once the client broke the protocol: the text of the error reply, after "ERR ". */
    String protocolError() { return protocolError; }

    /**
     * The next complete command, or null when more bytes are needed or the protocol was broken
     * (see {@link #protocolError()}). Empty requests (a blank line, {@code *0}) are skipped.
     */
    List<byte[]> next() {
        while (protocolError == null && position < end) {
            if (requestType == RequestType.UNKNOWN) {
                requestType = buffer[position] == '*' ? RequestType.MULTIBULK : RequestType.INLINE;
            }
            List<byte[]> argv = requestType == RequestType.INLINE ? inline() : multibulk();
            if (argv == null) return null;
            requestType = RequestType.UNKNOWN;
            if (!argv.isEmpty()) return argv;
        }
        return null;
    }

    private List<byte[]> inline() {
        int newline = strchr(position, '\n');
        if (newline < 0) {
            if (end - position > INLINE_MAX) protocolError = "Protocol error: too big inline request";
            return null;
        }
        int lineEnd = newline > position && buffer[newline - 1] == '\r' ? newline - 1 : newline;
        Optional<List<byte[]>> argv = ArgSplitter.split(Arrays.copyOfRange(buffer, position, lineEnd));
        if (argv.isEmpty()) {
            protocolError = "Protocol error: unbalanced quotes in request";
            return null;
        }
        position = newline + 1;
        return argv.get();
    }

    private List<byte[]> multibulk() {
        if (multibulkRemaining == 0) {
            int cr = strchr(position, '\r');
            if (cr < 0) {
                if (end - position > INLINE_MAX) protocolError = "Protocol error: too big mbulk count string";
                return null;
            }
            if (cr + 1 >= end) return null; // the byte after '\r' has not arrived
            long count = string2ll(position + 1, cr);
            if (count == Long.MIN_VALUE || count > Integer.MAX_VALUE) {
                protocolError = "Protocol error: invalid multibulk length";
                return null;
            }
            if (count > 10 && unauthenticated.getAsBoolean()) {
                protocolError = "Protocol error: unauthenticated multibulk length";
                return null;
            }
            position = cr + 2;
            if (count <= 0) return List.of();
            multibulkRemaining = (int) count;
            arguments = new ArrayList<>((int) Math.min(count, ARGV_PREALLOCATION));
        }
        while (multibulkRemaining > 0) {
            if (bulkLength < 0) {
                int cr = strchr(position, '\r');
                if (cr < 0) {
                    if (end - position > INLINE_MAX) protocolError = "Protocol error: too big bulk count string";
                    return null;
                }
                if (cr + 1 >= end) return null;
                if (buffer[position] != '$') {
                    // Redis writes the byte as it is, but turns CR and LF into spaces in error replies.
                    char got = (char) (buffer[position] & 0xff);
                    if (got == '\r' || got == '\n') got = ' ';
                    protocolError = "Protocol error: expected '$', got '" + got + "'";
                    return null;
                }
                long length = string2ll(position + 1, cr);
                if (length == Long.MIN_VALUE || length < 0 || length > MAX_BULK) {
                    protocolError = "Protocol error: invalid bulk length";
                    return null;
                }
                if (length > 16384 && unauthenticated.getAsBoolean()) {
                    protocolError = "Protocol error: unauthenticated bulk length";
                    return null;
                }
                position = cr + 2;
                bulkLength = length;
            }
            if (end - position < bulkLength + 2) return null;
            int length = (int) bulkLength;
            arguments.add(Arrays.copyOfRange(buffer, position, position + length));
            position += length + 2; // the two bytes after the string are not checked, as in Redis
            bulkLength = -1;
            multibulkRemaining--;
        }
        List<byte[]> argv = arguments;
        arguments = null;
        return argv;
    }

    /** C's strchr from {@code from}: the index of {@code c}, or -1 at a NUL byte or the end. */
    private int strchr(int from, char c) {
        for (int i = from; i < end; i++) {
            byte b = buffer[i];
            if (b == c) return i;
            if (b == 0) return -1;
        }
        return -1;
    }

    /**
     * Redis's string2ll over buffer[from, to): an optional '-', then digits with no leading zero,
     * fitting in 64 bits. Long.MIN_VALUE stands for "not a number"; the one number it would
     * hide, -2^63, comes back as -2^63 + 1, which means the same here (a count of zero or less
     * is an empty request, a negative length an error).
     */
    private long string2ll(int from, int to) {
        int length = to - from;
        if (length == 0 || length >= LONG_STR_SIZE) return Long.MIN_VALUE;
        if (length == 1 && buffer[from] == '0') return 0;
        int p = from;
        boolean negative = buffer[p] == '-';
        if (negative && ++p == to) return Long.MIN_VALUE;
        if (buffer[p] < '1' || buffer[p] > '9') return Long.MIN_VALUE;
        long value = 0; // accumulated negatively, so that -9223372036854775808 fits as in C
        for (; p < to; p++) {
            int digit = buffer[p] - '0';
            if (digit < 0 || digit > 9) return Long.MIN_VALUE;
            if (value < (Long.MIN_VALUE + digit) / 10) return Long.MIN_VALUE;
            value = value * 10 - digit;
        }
        if (negative) return value == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : value;
        return value == Long.MIN_VALUE ? Long.MIN_VALUE : -value;
    }
}
