package dev.txlab.engine.keyspace;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.Numbers;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A string value: immutable bytes, plus the representation Redis 7.0 would hold them in, because
 * OBJECT ENCODING, OBJECT REFCOUNT and DEBUG OBJECT show it:
 *
 * <ul>
 *   <li>{@code int}: a canonical 64-bit integer, as SET, MSET, SETNX, GETSET, APPEND to a missing
 *       key and INCR/DECR store one (tryObjectEncoding, createStringObjectFromLongLongForValue);
 *       0 to 9999 is then one of Redis's shared integer objects (refcount INT_MAX) unless
 *       maxmemory evicts by LRU or LFU;</li>
 *   <li>{@code embstr}: at most 44 bytes, stored once (SET of a non-integer, INCRBYFLOAT's result);</li>
 *   <li>{@code raw}: longer strings, and every string APPEND, SETRANGE, SETBIT or BITFIELD wrote
 *       into in place (dbUnshareStringValue), and BITOP's result, whatever their length.</li>
 * </ul>
 *
 * <p>The value never changes after it is built: a command that modifies a string stores a new
 * StringValue, so two keys may share one (COPY) without either seeing the other's writes. Where
 * Redis changes an object in place (INCR of an unshared integer), {@link #withInteger} keeps the
 * {@link #identity()}, so DEBUG OBJECT's address stays the same as in Redis.
 */
public final class StringValue implements RedisValue {

    /** OBJ_ENCODING_EMBSTR_SIZE_LIMIT: the longest string stored as embstr. */
    public static final int EMBSTR_SIZE_LIMIT = 44;
    /** OBJ_SHARED_INTEGERS: 0 to 9999 have one shared object each. */
    public static final long SHARED_INTEGERS = 10000;
    /** OBJ_SHARED_REFCOUNT: the reference count OBJECT REFCOUNT reports for a shared object. */
    public static final int SHARED_REFCOUNT = Integer.MAX_VALUE;

    private enum Encoding { INT, EMBSTR, RAW }

    private static final AtomicLong NEXT_IDENTITY = new AtomicLong(1);

    private final byte[] bytes;
    private final Encoding encoding;
    private final boolean shared;
    private final long identity;

    private StringValue(byte[] bytes, Encoding encoding, boolean shared, long identity) {
        this.bytes = bytes;
        this.encoding = encoding;
        this.shared = shared;
        this.identity = identity != 0 ? identity : SHARED_INTEGERS + NEXT_IDENTITY.getAndIncrement();
    }

    /** The value as SET stores its argument, shared integers allowed (see {@link #stored}). */
    public StringValue(byte[] bytes) {
        this(bytes, chooseEncoding(bytes), isSharedInteger(bytes, true), 0);
    }

    private StringValue(byte[] bytes, boolean sharedIntegers) {
        this(bytes, chooseEncoding(bytes), isSharedInteger(bytes, sharedIntegers), 0);
    }

    /**
     * tryObjectEncoding's choice for an argument stored as is (SET, SETNX, SETEX, MSET, GETSET,
     * APPEND creating the key, RESTORE and reloads): int for a canonical integer of at most 20
     * bytes, embstr up to 44 bytes, raw beyond.
     *
     * @param sharedIntegers false when maxmemory evicts by LRU or LFU, which needs a private
     *                       object per key (MAXMEMORY_FLAG_NO_SHARED_INTEGERS)
     */
    public static StringValue stored(byte[] bytes, boolean sharedIntegers) {
        return new StringValue(bytes, sharedIntegers);
    }

    /** createStringObject: embstr or raw by length only, never int (INCRBYFLOAT's result). */
    public static StringValue created(byte[] bytes) {
        return new StringValue(bytes, bytes.length <= EMBSTR_SIZE_LIMIT ? Encoding.EMBSTR : Encoding.RAW, false, 0);
    }

    /** A raw (sds) string: what a command that wrote into the bytes leaves (APPEND, SETRANGE, SETBIT, BITOP). */
    public static StringValue raw(byte[] bytes) {
        return new StringValue(bytes, Encoding.RAW, false, 0);
    }

    /** createStringObjectFromLongLongForValue: an int-encoded value, shared for 0 to 9999 if allowed. */
    public static StringValue ofInteger(long value, boolean sharedIntegers) {
        byte[] text = Bytes.ascii(value);
        boolean share = sharedIntegers && value >= 0 && value < SHARED_INTEGERS;
        return new StringValue(text, Encoding.INT, share, 0);
    }

    /**
     * Whether INCR/DECR may overwrite this object in place with the new value (an unshared int whose
     * new value is not one of the shared ones), as incrDecrCommand does.
     */
    public boolean modifiableInPlace(long newValue) {
        return encoding == Encoding.INT && !shared && (newValue < 0 || newValue >= SHARED_INTEGERS);
    }

    /** This object overwritten in place with another integer: the same identity, new bytes. */
    public StringValue withInteger(long value) {
        return new StringValue(Bytes.ascii(value), Encoding.INT, false, identity());
    }

    /** dupStringObject (COPY): the same encoding, never shared, a new object. */
    public StringValue duplicate() {
        return new StringValue(bytes, encoding, false, 0);
    }

    /** The bytes; never modify the array. */
    public byte[] bytes() { return bytes; }

    public int length() { return bytes.length; }

    @Override public String typeName() { return "string"; }

    @Override public long size() { return bytes.length; }

    @Override public String encoding() {
        return switch (encoding) {
            case INT -> "int";
            case EMBSTR -> "embstr";
            case RAW -> "raw";
        };
    }

    /** OBJECT REFCOUNT: INT_MAX for one of Redis's shared integers, otherwise 1 (the keyspace's reference). */
    public int refcount() { return shared ? SHARED_REFCOUNT : 1; }

    /** Whether this is one of Redis's shared integer objects (0 to 9999). */
    public boolean shared() { return shared; }

    /**
     * A number standing for the object's address (DEBUG OBJECT's {@code at:}): the same for every
     * key holding the same shared integer, kept by an in-place INCR, new for any other new object.
     */
    public long identity() {
        return shared ? Numbers.parseLong(bytes) + 1 : identity;
    }

    private static Encoding chooseEncoding(byte[] bytes) {
        if (bytes.length <= 20 && bytes.length > 0 && isDigitOrMinus(bytes[0]) && Numbers.parseLong(bytes) != null) {
            return Encoding.INT;
        }
        return bytes.length <= EMBSTR_SIZE_LIMIT ? Encoding.EMBSTR : Encoding.RAW;
    }

    private static boolean isDigitOrMinus(byte b) { return (b >= '0' && b <= '9') || b == '-'; }

    private static boolean isSharedInteger(byte[] bytes, boolean allowed) {
        if (!allowed || bytes.length > 4) return false;
        Long v = Numbers.parseLong(bytes);
        return v != null && v >= 0 && v < SHARED_INTEGERS;
    }

    @Override public String toString() {
        return "StringValue[" + encoding() + ", " + bytes.length + " bytes]";
    }
}
