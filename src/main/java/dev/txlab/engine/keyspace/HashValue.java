package dev.txlab.engine.keyspace;

import dev.txlab.protocol.Key;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hash. Redis 7.0 keeps a small hash as a listpack, which answers HGETALL/HKEYS/HVALS in
 * insertion order; past 512 fields or a field or value over 64 bytes it converts, for good, to a
 * hash table whose order is not defined. We keep insertion order always and remember whether
 * Redis's order would still be defined, so traces can say so.
 */
public final class HashValue implements RedisValue {
    /** hash-max-listpack-entries and hash-max-listpack-value, Redis 7.0 defaults. */
    static final int LISTPACK_MAX_ENTRIES = 512;
    static final int LISTPACK_MAX_VALUE = 64;

    private final LinkedHashMap<Key, byte[]> fields = new LinkedHashMap<>();
    private boolean listpack = true;

    public Map<Key, byte[]> fields() { return fields; }

    public byte[] get(Key field) { return fields.get(field); }

    /** Sets a field; true when it is new. */
    public boolean put(Key field, byte[] value) {
        boolean added = fields.put(field, value) == null;
        if (listpack && (fields.size() > LISTPACK_MAX_ENTRIES
                || field.bytes().length > LISTPACK_MAX_VALUE || value.length > LISTPACK_MAX_VALUE)) {
            listpack = false;
        }
        return added;
    }

    /** Whether Redis would answer this hash's fields in a defined (insertion) order. */
    public boolean orderDefined() { return listpack; }

    @Override public String typeName() { return "hash"; }
    @Override public String encoding() { return listpack ? "listpack" : "hashtable"; }
    @Override public long size() { return fields.size(); }
}
