package dev.txlab.engine.keyspace;

/** A string value: immutable bytes (APPEND and SETRANGE build a new one). */
public record StringValue(byte[] bytes) implements RedisValue {
    @Override public String typeName() { return "string"; }
    @Override public long size() { return bytes.length; }
}
