package dev.txlab.engine.keyspace;

import dev.txlab.protocol.Key;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A sorted set: a member-to-score map plus the members ordered by (score, member bytes), which is
 * Redis's order in both of its encodings. Scores compare with {@code <} as in C, so -0.0 and 0.0
 * tie and the member decides.
 *
 * <p>The encoding still shows in one place: a small sorted set is a listpack that stores scores
 * as text and reads -0 back as 0, while a large one (a skiplist) keeps -0. So we track it.
 */
public final class SortedSetValue implements RedisValue {
    /** zset-max-listpack-entries and zset-max-listpack-value, Redis 7.0 defaults. */
    static final int LISTPACK_MAX_ENTRIES = 128;
    static final int LISTPACK_MAX_VALUE = 64;

    private boolean listpack;

    /** A new sorted set, created as Redis's zsetTypeCreate would from ZADD's first arguments. */
    public SortedSetValue(int sizeHint, int firstMemberLength) {
        listpack = sizeHint <= LISTPACK_MAX_ENTRIES && firstMemberLength <= LISTPACK_MAX_VALUE;
    }

    public record Entry(double score, Key member) {}

    static int order(Entry a, Entry b) {
        if (a.score < b.score) return -1;
        if (a.score > b.score) return 1;
        return a.member.compareTo(b.member);
    }

    private final Map<Key, Double> scores = new HashMap<>();
    private final TreeSet<Entry> ordered = new TreeSet<>(SortedSetValue::order);

    public Double score(Key member) { return scores.get(member); }

    /** Adds or moves a member; true when it is new. */
    public boolean put(Key member, double score) {
        if (listpack && !scores.containsKey(member)
                && (scores.size() + 1 > LISTPACK_MAX_ENTRIES || member.bytes().length > LISTPACK_MAX_VALUE)) {
            listpack = false;
        }
        if (listpack && score == 0) score = 0.0; // a listpack stores "-0" and reads back 0
        Double old = scores.put(member, score);
        if (old != null) ordered.remove(new Entry(old, member));
        ordered.add(new Entry(score, member));
        return old == null;
    }

    public boolean remove(Key member) {
        Double old = scores.remove(member);
        if (old == null) return false;
        ordered.remove(new Entry(old, member));
        return true;
    }

    /** Entries in ascending order (read-only view). */
    public NavigableSet<Entry> entries() { return java.util.Collections.unmodifiableNavigableSet(ordered); }

    @Override public String typeName() { return "zset"; }
    @Override public String encoding() { return listpack ? "listpack" : "skiplist"; }
    @Override public long size() { return scores.size(); }
}
