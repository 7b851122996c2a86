package dev.txlab.engine.keyspace;

import dev.txlab.engine.Numbers;
import dev.txlab.protocol.Key;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A set, encoded as Redis 7.0 encodes it (t_set.c): an intset while every member is a 64-bit
 * integer in canonical form and there are at most set-max-intset-entries of them (an intset
 * answers in ascending numeric order), otherwise a hash table with no defined order. The
 * conversion is one way: removing members never turns a hash table back into an intset.
 *
 * <p>Members are kept in a LinkedHashSet whatever the encoding; an intset's order is produced by
 * sorting when asked ({@link #membersInReplyOrder}).
 */
public final class SetValue implements RedisValue {
    private final LinkedHashSet<Key> members = new LinkedHashSet<>();
    private boolean intset;

    private SetValue(boolean intset) { this.intset = intset; }

    /** An empty intset, as Redis's createIntsetObject (the start of SINTERSTORE, SUNION ...). */
    public static SetValue intset() { return new SetValue(true); }

    /** An empty hash-table set (createSetObject). */
    public static SetValue hashtable() { return new SetValue(false); }

    /** setTypeCreate: the set that can hold this first member (intset for an integer). */
    public static SetValue forMember(Key first) { return new SetValue(isInteger(first)); }

    /** isSdsRepresentableAsLongLong: what an intset can hold. */
    static boolean isInteger(Key member) { return Numbers.parseLong(member.bytes()) != null; }

    /** The members (read-only use; add and remove through this class). */
    public Set<Key> members() { return java.util.Collections.unmodifiableSet(members); }

    /** setTypeAdd: adds a member, converting to a hash table as Redis does; true when new. */
    public boolean add(Key member, EncodingLimits limits) {
        if (intset && !isInteger(member)) intset = false;
        boolean added = members.add(member);
        if (added && intset && members.size() > Math.min(limits.setMaxIntsetEntries(), EncodingLimits.INTSET_HARD_LIMIT)) {
            intset = false;
        }
        return added;
    }

    public boolean remove(Key member) { return members.remove(member); }

    public boolean contains(Key member) { return members.contains(member); }

    /** Whether Redis would answer SMEMBERS in a defined (ascending numeric) order. */
    public boolean orderDefined() { return intset; }

    public boolean isIntset() { return intset; }

    /** Members in Redis's iteration order when defined (ascending for an intset), else insertion order. */
    public List<Key> membersInReplyOrder() {
        List<Key> list = new ArrayList<>(members);
        if (intset) list.sort((a, b) -> Long.compare(Numbers.parseLong(a.bytes()), Numbers.parseLong(b.bytes())));
        return list;
    }

    /** A copy in the same encoding (COPY's setTypeDup). */
    public SetValue copy() {
        SetValue c = new SetValue(intset);
        c.members.addAll(members);
        return c;
    }

    @Override public String typeName() { return "set"; }
    @Override public String encoding() { return intset ? "intset" : "hashtable"; }
    @Override public long size() { return members.size(); }
}
