package dev.txlab.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A Redis reply as a typed value (the RESP2 reply types). Commands return these; only
 * {@link ReplyFormatter} turns them into redis-cli text and only {@link Resp} into bytes.
 */
public sealed interface Reply {

    Simple OK = new Simple("OK");
    Simple QUEUED = new Simple("QUEUED");
    Simple PONG = new Simple("PONG");
    NullBulk NIL = new NullBulk();
    NullArray NIL_ARRAY = new NullArray();
    Array EMPTY_ARRAY = new Array(List.of());
    Int ZERO = new Int(0);
    Int ONE = new Int(1);

    /** A status reply such as {@code +OK}. */
    record Simple(String text) implements Reply {}

    /** An error reply; {@code message} is the text after the leading '-', code included. */
    record Error(String message) implements Reply {
        /** The first word of the message, e.g. {@code ERR} or {@code WRONGTYPE}. */
        public String code() {
            int space = message.indexOf(' ');
            return space < 0 ? message : message.substring(0, space);
        }
    }

    record Int(long value) implements Reply {}

    /** A bulk string; Redis strings are bytes, not text. */
    record Bulk(byte[] bytes) implements Reply {
        @Override public boolean equals(Object o) {
            return o instanceof Bulk b && Arrays.equals(bytes, b.bytes);
        }
        @Override public int hashCode() { return Arrays.hashCode(bytes); }
        @Override public String toString() { return "Bulk[" + new String(bytes, StandardCharsets.ISO_8859_1) + "]"; }
    }

    /** {@code $-1}: a missing value. */
    record NullBulk() implements Reply {}

    /** {@code *-1}: what EXEC answers when a watched key was touched. */
    record NullArray() implements Reply {}

    record Array(List<Reply> elements) implements Reply {
        public Array { elements = List.copyOf(elements); }
    }

    static Int integer(long value) {
        return value == 0 ? ZERO : value == 1 ? ONE : new Int(value);
    }

    static Bulk bulk(byte[] bytes) { return new Bulk(bytes); }

    static Bulk bulk(String text) { return new Bulk(text.getBytes(StandardCharsets.UTF_8)); }

    /** A bulk reply for a possibly missing value. */
    static Reply bulkOrNil(byte[] bytes) { return bytes == null ? NIL : new Bulk(bytes); }

    static Error error(String message) { return new Error(message); }

    static Array array(List<? extends Reply> elements) {
        return elements.isEmpty() ? EMPTY_ARRAY : new Array(List.copyOf(elements));
    }

    default boolean isError() { return this instanceof Error; }
}
