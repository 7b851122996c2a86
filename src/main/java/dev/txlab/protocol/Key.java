package dev.txlab.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Redis key: bytes compared by content. Redis keys are binary-safe, so Java strings would lose
 * information; the hash is cached because keys are looked up far more often than created.
 */
public final class Key implements Comparable<Key> {
    private final byte[] bytes;
    private final int hash;

    private Key(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps the bytes without copying: callers hand over ownership. */
    public static Key of(byte[] bytes) { return new Key(bytes); }

    public static Key of(String text) { return new Key(text.getBytes(StandardCharsets.UTF_8)); }

    /** The key's bytes; callers must not modify them. */
    public byte[] bytes() { return bytes; }

    @Override public boolean equals(Object o) {
        return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override public int hashCode() { return hash; }

    /** memcmp order, as Redis sorts keys and members. */
    @Override public int compareTo(Key o) { return Arrays.compareUnsigned(bytes, o.bytes); }

    /** The key as text, for traces; bytes that are not UTF-8 are replaced. */
    @Override public String toString() { return new String(bytes, StandardCharsets.UTF_8); }
}
