package dev.txlab.engine.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * A list. An ArrayList keeps index access (LINDEX, LRANGE, LSET) simple; LPUSH pays a copy,
 * which is fine for the list sizes a lab uses.
 */
public final class ListValue implements RedisValue {
    private final List<byte[]> elements = new ArrayList<>();

    public List<byte[]> elements() { return elements; }

    /** A copy (COPY's quicklist duplicate); the element arrays are never mutated, so they are shared. */
    public ListValue copy() {
        ListValue c = new ListValue();
        c.elements.addAll(elements);
        return c;
    }

    @Override public String typeName() { return "list"; }
    /** Redis 7.0 keeps every list as a quicklist (of listpacks). */
    @Override public String encoding() { return "quicklist"; }
    @Override public long size() { return elements.size(); }
}
