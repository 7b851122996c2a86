package dev.txlab.engine.keyspace;

import dev.txlab.engine.Numbers;
import dev.txlab.protocol.Key;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A set. Redis 7.0 stores a set of up to 512 integers as an intset, which SMEMBERS answers in
 * ascending numeric order; anything else is a hash table with no defined order. The conversion
 * is one way, so we remember it.
 */
public final class SetValue implements RedisValue {
    /** set-max-intset-entries, Redis 7.0 default. */
    static final int INTSET_MAX_ENTRIES = 512;

    private final LinkedHashSet<Key> members = new LinkedHashSet<>();
    private boolean intset = true;

    public Set<Key> members() { return members; }

    public boolean add(Key member) {
        boolean added = members.add(member);
        if (added && intset && (members.size() > INTSET_MAX_ENTRIES || Numbers.parseLong(member.bytes()) == null)) {
            intset = false;
        }
        return added;
    }

    public boolean remove(Key member) { return members.remove(member); }

    public boolean contains(Key member) { return members.contains(member); }

    /** Whether Redis would answer SMEMBERS in a defined (ascending numeric) order. */
    public boolean orderDefined() { return intset; }

    /** Members in the order Redis 7.0 answers them when that order is defined, else insertion order. */
    public List<Key> membersInReplyOrder() {
        List<Key> list = new ArrayList<>(members);
        if (intset) list.sort((a, b) -> Long.compare(Numbers.parseLong(a.bytes()), Numbers.parseLong(b.bytes())));
        return list;
    }

    @Override public String typeName() { return "set"; }
    @Override public String encoding() { return intset ? "intset" : "hashtable"; }
    @Override public long size() { return members.size(); }
}
