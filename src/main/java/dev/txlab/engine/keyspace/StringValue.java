package dev.txlab.engine.keyspace;

/** A string value: immutable bytes (APPEND and SETRANGE build a new one). */
public record StringValue(byte[] bytes) implements RedisValue {
    @Override public String typeName() { return "string"; }
    @Override public long size() { return bytes.length; }

    /** tryObjectEncoding's choice for a string stored by SET: a 64-bit integer, short, or long. */
    @Override public String encoding() {
        if (bytes.length <= 20 && dev.txlab.engine.Numbers.parseLong(bytes) != null) return "int";
        return bytes.length <= 44 ? "embstr" : "raw";
    }
}
