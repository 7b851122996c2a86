package dev.txlab.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A Redis reply as a typed value, in RESP3's types. Commands return the type Redis returns; the
 * edges derive what a RESP2 client sees ({@link #resp2()}: maps as flat arrays, doubles as bulk
 * strings ...), as Redis's addReply* functions do. Only {@link ReplyFormatter} turns replies into
 * redis-cli text and only {@link Resp} into bytes.
 */
public sealed interface Reply {

    Simple OK = new Simple("OK");
    Simple QUEUED = new Simple("QUEUED");
    Simple PONG = new Simple("PONG");
    NullBulk NIL = new NullBulk();
    NullArray NIL_ARRAY = new NullArray();
    Array EMPTY_ARRAY = new Array(List.of());
    Map EMPTY_MAP = new Map(List.of());
    Set EMPTY_SET = new Set(List.of());
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

    /** RESP3 {@code %}: keys and values alternating in {@code flat}; RESP2 sends the flat array. */
    record Map(List<Reply> flat) implements Reply {
        public Map {
            flat = List.copyOf(flat);
            if (flat.size() % 2 != 0) throw new IllegalArgumentException("a map needs key-value pairs");
        }

        public int size() { return flat.size() / 2; }
    }

    /** RESP3 {@code ~}: members in no defined order; RESP2 sends an array. */
    record Set(List<Reply> elements) implements Reply {
        public Set { elements = List.copyOf(elements); }
    }

    /**
     * An array of pairs (ZRANGE ... WITHSCORES, HRANDFIELD ... WITHVALUES): RESP3 sends each pair
     * as a 2-element array, RESP2 flattens them, as Redis does with {@code if (c->resp > 2)}.
     */
    record Pairs(List<Reply> flat) implements Reply {
        public Pairs {
            flat = List.copyOf(flat);
            if (flat.size() % 2 != 0) throw new IllegalArgumentException("pairs need an even count");
        }

        public int size() { return flat.size() / 2; }
    }

    /**
     * RESP3 {@code ,}: addReplyDouble; RESP2 sends the same text as a bulk string. The text is
     * Redis's {@code %.17g} (inf, -inf, nan, -nan spelled out) unless the reply was read off the
     * wire with other digits (GEOPOS's human long doubles), which are kept as sent: redis-cli
     * prints the text, not the value. Two doubles are equal when their texts are.
     */
    record Double(double value, String text) implements Reply {
        /** A double sent as Redis's addReplyDouble formats it. */
        public Double(double value) { this(value, null); }

        @Override public String text() { return text != null ? text : DoubleFormat.g17(value); }

        @Override public boolean equals(Object o) { return o instanceof Double d && text().equals(d.text()); }

        @Override public int hashCode() { return text().hashCode(); }

        @Override public String toString() { return "Double[" + text() + "]"; }
    }

    /** RESP3 {@code #}; RESP2 sends 1 or 0. */
    record Bool(boolean value) implements Reply {}

    /**
     * RESP3 {@code (}: decimal digits; RESP2 sends a bulk string. Held one char per byte: Redis
     * sends whatever a script gave it (CR and LF turned into spaces).
     */
    record BigNumber(String digits) implements Reply {}

    /** RESP3 {@code =}: text with a 3-letter format ("txt", "mkd"); RESP2 sends the text as bulk. */
    record Verbatim(String format, byte[] text) implements Reply {
        public Verbatim {
            if (format.length() != 3) throw new IllegalArgumentException("a verbatim format has 3 letters: " + format);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Verbatim v && format.equals(v.format) && Arrays.equals(text, v.text);
        }
        @Override public int hashCode() { return format.hashCode() * 31 + Arrays.hashCode(text); }
        @Override public String toString() { return "Verbatim[" + format + ":" + new String(text, StandardCharsets.ISO_8859_1) + "]"; }
    }

    /** RESP3 {@code >}: out-of-band data (pub/sub messages); RESP2 sends an array. */
    record Push(List<Reply> elements) implements Reply {
        public Push { elements = List.copyOf(elements); }
    }

    /**
     * Several replies to one command, sent one after the other (SUBSCRIBE a b confirms each
     * channel). Inside EXEC's array they are sent inline, each counting as an element, exactly
     * as Redis sends them (its array then announces fewer elements than follow).
     */
    record Multi(List<Reply> replies) implements Reply {
        public Multi { replies = List.copyOf(replies); }
    }

    /** RESP3 {@code |}: attributes that precede a reply; RESP2 clients see only the reply. */
    record Attribute(Map attributes, Reply value) implements Reply {}

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

    /** A map from alternating keys and values. */
    static Map map(List<? extends Reply> keysAndValues) {
        return keysAndValues.isEmpty() ? EMPTY_MAP : new Map(List.copyOf(keysAndValues));
    }

    static Set set(List<? extends Reply> members) { return members.isEmpty() ? EMPTY_SET : new Set(List.copyOf(members)); }

    /** Pairs from alternating first and second elements (member, score ...). */
    static Pairs pairs(List<? extends Reply> flat) { return new Pairs(List.copyOf(flat)); }

    default boolean isError() { return this instanceof Error; }

    /** What a RESP2 client receives for this reply (the reply itself when it uses only RESP2 types). */
    default Reply resp2() { return Resp2Form.of(this); }
}
