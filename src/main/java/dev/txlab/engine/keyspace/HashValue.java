package dev.txlab.engine.keyspace;

import dev.txlab.protocol.Key;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hash. Redis 7.0 keeps a small hash as a listpack, which answers HGETALL/HKEYS/HVALS (and
 * HSCAN, HRANDFIELD) in insertion order; once it holds more than hash-max-listpack-entries fields,
 * or is given a field or value longer than hash-max-listpack-value bytes, it converts for good to
 * a hash table whose order is not defined (t_hash.c's hashTypeTryConversion and hashTypeSet). We
 * keep insertion order always and remember the encoding, so that OBJECT ENCODING answers as Redis
 * does and commands can tell the trace when Redis's order would not be defined.
 */
public final class HashValue implements RedisValue {
    private final LinkedHashMap<Key, byte[]> fields = new LinkedHashMap<>();
    private boolean listpack = true;

    /** The fields in insertion order. Removing through this view is fine; add with {@link #put}. */
    public Map<Key, byte[]> fields() { return fields; }

    public byte[] get(Key field) { return fields.get(field); }

    /**
     * Sets a field; true when it is new. A field or value over the value limit converts before
     * the insertion, too many fields after it, as hashTypeSet does.
     */
    public boolean put(Key field, byte[] value, EncodingLimits limits) {
        if (listpack && (field.bytes().length > limits.hashMaxValue() || value.length > limits.hashMaxValue())) {
            listpack = false;
        }
        boolean added = fields.put(field, value) == null;
        if (listpack && fields.size() > limits.hashMaxEntries()) listpack = false;
        return added;
    }

    public boolean remove(Key field) { return fields.remove(field) != null; }

    /** Whether Redis would answer this hash's fields in a defined (insertion) order. */
    public boolean orderDefined() { return listpack; }

    /**
     * An empty hash in a given encoding, filled through {@link #fields()} without conversions: a
     * hash loaded from RDB keeps the encoding the loader chose (rdbLoadObject).
     */
    public static HashValue withEncoding(boolean listpack) {
        HashValue h = new HashValue();
        h.listpack = listpack;
        return h;
    }

    /** A copy in the same encoding (COPY's hashTypeDup). */
    public HashValue copy() {
        HashValue c = new HashValue();
        c.fields.putAll(fields);
        c.listpack = listpack;
        return c;
    }

    @Override public String typeName() { return "hash"; }
    @Override public String encoding() { return listpack ? "listpack" : "hashtable"; }
    @Override public long size() { return fields.size(); }
}
