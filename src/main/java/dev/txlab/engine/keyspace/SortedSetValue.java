package dev.txlab.engine.keyspace;

import dev.txlab.engine.ServerConfig;
import dev.txlab.protocol.Key;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A sorted set: a member-to-score map plus the members ordered by (score, member bytes), which is
 * Redis's order in both of its encodings. Scores compare with {@code <} as in C, so -0.0 and 0.0
 * tie and the member decides.
 *
 * <p>Redis 7.0 keeps a small sorted set in a listpack and a large one in a skiplist with a hash
 * table (t_zset.c). The two answer every command alike but for one thing we must reproduce: a
 * listpack stores a whole-number score as an integer, so a score of -0 is read back as 0, while
 * a skiplist keeps the double and shows "-0". So the value remembers its encoding, converts where
 * Redis converts (on adding a member past zset-max-listpack-entries or longer than
 * zset-max-listpack-value; a skiplist goes back to a listpack only when a STORE command or a
 * reload builds a new value), and turns -0 into 0 whenever a score enters a listpack.
 */
public final class SortedSetValue implements RedisValue {

    /**
     * zset-max-listpack-entries and zset-max-listpack-value, read from the configuration at each
     * write (Redis reads the server globals at every insertion, so a CONFIG SET applies to the next
     * write, never to values already built).
     */
    public record Limits(long maxEntries, long maxValue) {
        /** Redis 7.0's defaults. */
        public static final Limits DEFAULTS = new Limits(128, 64);

        public static Limits of(ServerConfig config) {
            return new Limits(config.getLong("zset-max-listpack-entries"), config.getLong("zset-max-listpack-value"));
        }
    }

    public record Entry(double score, Key member) {}

    static int order(Entry a, Entry b) {
        if (a.score < b.score) return -1;
        if (a.score > b.score) return 1;
        return a.member.compareTo(b.member);
    }

    private boolean listpack;
    private final Map<Key, Double> scores = new HashMap<>();
    private final TreeSet<Entry> ordered = new TreeSet<>(SortedSetValue::order);

    private SortedSetValue(boolean listpack) { this.listpack = listpack; }

    /** An empty listpack (createZsetListpackObject). */
    public static SortedSetValue listpack() { return new SortedSetValue(true); }

    /** An empty skiplist (createZsetObject). */
    public static SortedSetValue skiplist() { return new SortedSetValue(false); }

    /**
     * The sorted set ZADD creates for a missing key (zaddGenericCommand): a skiplist when listpacks
     * are switched off (zset-max-listpack-entries 0) or the first member is already too long for
     * one, else a listpack. How many members follow does not matter: they convert it as they come.
     */
    public static SortedSetValue forFirstMember(int firstMemberLength, Limits limits) {
        return new SortedSetValue(!(limits.maxEntries() == 0 || limits.maxValue() < firstMemberLength));
    }

    /**
     * A listpack when {@code sizeHint} members of up to {@code firstMemberLength} bytes fit one at
     * Redis's default limits, else a skiplist. Kept for callers that build a copy in a given
     * encoding; {@link #copy} says it directly.
     */
    public SortedSetValue(int sizeHint, int firstMemberLength) {
        this(sizeHint <= Limits.DEFAULTS.maxEntries() && firstMemberLength <= Limits.DEFAULTS.maxValue());
    }

    public Double score(Key member) { return scores.get(member); }

    public boolean contains(Key member) { return scores.containsKey(member); }

    /**
     * Adds a member or moves it to a new score, converting to a skiplist first when a new member
     * would not fit the listpack (zsetAdd's check); true when the member is new.
     */
    public boolean add(Key member, double score, Limits limits) {
        if (listpack && !scores.containsKey(member)
                && (scores.size() + 1 > limits.maxEntries() || member.bytes().length > limits.maxValue())) {
            listpack = false;
        }
        return put(member, score);
    }

    /**
     * Adds or moves a member in the current encoding, never converting (a copy that keeps its
     * encoding, as zsetDup does); true when it is new. In a listpack -0 becomes 0.
     */
    public boolean put(Key member, double score) {
        if (listpack && score == 0) score = 0.0; // a listpack stores the integer 0 for -0
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
    public NavigableSet<Entry> entries() { return Collections.unmodifiableNavigableSet(ordered); }

    /** The first (lowest) or last (highest) entry; null when empty. */
    public Entry first() { return ordered.isEmpty() ? null : ordered.first(); }

    public Entry last() { return ordered.isEmpty() ? null : ordered.last(); }

    /** 0-based rank of a member from the lowest (or, reversed, from the highest); -1 when absent. */
    public long rank(Key member, boolean reverse) {
        Double score = scores.get(member);
        if (score == null) return -1;
        long below = ordered.headSet(new Entry(score, member), false).size();
        return reverse ? scores.size() - 1 - below : below;
    }

    /**
     * The entries from rank {@code start} to {@code end} inclusive (0-based, already clamped to the
     * set), counted from the lowest or, reversed, from the highest; in that order.
     */
    public List<Entry> byRank(long start, long end, boolean reverse) {
        List<Entry> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, end - start + 1));
        long size = scores.size();
        // walk from the nearer end of the order
        boolean fromLow = reverse ? (size - 1 - end) <= start : start <= size - 1 - end;
        Iterator<Entry> it = fromLow ? ordered.iterator() : ordered.descendingIterator();
        long lowRank = reverse ? size - 1 - end : start; // ranks counted from the lowest
        long highRank = reverse ? size - 1 - start : end;
        long skip = fromLow ? lowRank : size - 1 - highRank;
        for (long i = 0; i < skip; i++) it.next();
        for (long i = lowRank; i <= highRank; i++) out.add(it.next());
        boolean ascendingCollected = fromLow;
        if (ascendingCollected == reverse) Collections.reverse(out);
        return out;
    }

    /** A copy in the same encoding (zsetDup, for COPY). */
    public SortedSetValue copy() {
        SortedSetValue c = new SortedSetValue(listpack);
        c.scores.putAll(scores);
        c.ordered.addAll(ordered);
        return c;
    }

    /**
     * zsetConvertToListpackIfNeeded, for a result a STORE command builds as a skiplist: it becomes
     * a listpack when it has at most zset-max-listpack-entries members, none longer than
     * zset-max-listpack-value; its -0 scores then read back as 0.
     */
    public void convertToListpackIfFits(Limits limits) {
        if (listpack || !fitsListpack(limits, true)) return;
        toListpack();
    }

    /**
     * The value as DEBUG RELOAD or DUMP/RESTORE bring it back (rdbLoadObject): a listpack is saved
     * as it is and comes back a listpack unless it now has more than zset-max-listpack-entries
     * members (the member length is not checked again); a skiplist is saved member by member with
     * binary scores and comes back a listpack when it fits both limits.
     */
    public SortedSetValue reloaded(Limits limits) {
        SortedSetValue c = copy();
        if (c.listpack) {
            if (c.size() > limits.maxEntries()) c.listpack = false;
        } else if (c.fitsListpack(limits, true)) {
            c.toListpack();
        }
        return c;
    }

    private boolean fitsListpack(Limits limits, boolean checkValues) {
        if (scores.size() > limits.maxEntries()) return false;
        if (checkValues) {
            for (Key m : scores.keySet()) if (m.bytes().length > limits.maxValue()) return false;
        }
        return true;
    }

    private void toListpack() {
        listpack = true;
        List<Entry> negativeZeros = new ArrayList<>();
        for (Entry e : ordered) {
            if (e.score() == 0 && Double.doubleToRawLongBits(e.score()) != 0) negativeZeros.add(e);
        }
        for (Entry e : negativeZeros) put(e.member(), 0.0);
    }

    public boolean isListpack() { return listpack; }

    @Override public String typeName() { return "zset"; }
    @Override public String encoding() { return listpack ? "listpack" : "skiplist"; }
    @Override public long size() { return scores.size(); }
}
