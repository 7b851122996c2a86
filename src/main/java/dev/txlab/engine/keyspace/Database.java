package dev.txlab.engine.keyspace;

import dev.txlab.protocol.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One numbered database: keys, their values and their expiry times. Expiry is lazy, as in Redis:
 * a key past its time is deleted when a command looks it up (and that deletion signals watchers);
 * {@link #activeExpire} plays the part of Redis's background expiry cycle.
 *
 * <p>Commands that write call {@link #modified} themselves, exactly where Redis calls
 * signalModifiedKey, because whether a write touches a WATCH depends on the command (a failed
 * SETNX does not, a SET of the same value does).
 */
public final class Database {

    /** Told about every key modification, to invalidate WATCHes and record traces. */
    public interface Listener {
        void keyModified(Database db, Key key, Modification cause);

        /** A key now expires at this time; lets the engine skip its expiry cycle until then. */
        default void expirySet(long whenMillis) {}

        /** A key that did not exist was stored (Redis's dbAdd, which signals blocked clients). */
        default void keyAdded(Database db, Key key) {}

        /** CLIENT PAUSE in force: an expired key reads as absent but is not deleted yet. */
        default boolean expiryPaused() { return false; }
    }

    /** Why a key counts as modified. */
    public enum Modification { WRITE, EXPIRED, FLUSHED, SWAPPED, EVICTED }

    private final int index;
    private Map<Key, RedisValue> values = new HashMap<>();
    private Map<Key, Long> expires = new HashMap<>();
    /** When each key was last accessed, and its access frequency (OBJECT IDLETIME and FREQ). */
    private Map<Key, Access> access = new HashMap<>();
    /** The coin LFU's logarithmic counter tosses; seeded, so runs are reproducible. */
    private final java.util.Random lfuCoin;
    private final Listener listener;
    private final LongSupplier now;
    /** No key expires before this time; lets the active cycle skip its scan (a lower bound). */
    private long earliestExpiry = Long.MAX_VALUE;

    public Database(int index, Listener listener, LongSupplier now) {
        this.index = index;
        this.listener = listener;
        this.now = now;
        this.lfuCoin = new java.util.Random(0x5eed + index);
    }

    public int index() { return index; }

    /**
     * The value at key, deleting it first if it has expired; null when absent. Counts as an
     * access of the key (Redis's lookupKey updates the object's LRU clock and LFU counter).
     */
    public RedisValue lookup(Key key) {
        RedisValue value = lookupNoTouch(key);
        if (value != null) touch(key);
        return value;
    }

    /**
     * Like {@link #lookup}, but leaves the key's access time alone: Redis's LOOKUP_NOTOUCH, which
     * TYPE, EXISTS, TTL, OBJECT and SCAN's TYPE filter use.
     */
    public RedisValue lookupNoTouch(Key key) {
        RedisValue value = values.get(key);
        if (value == null) return null;
        if (expireIfNeeded(key)) return null;
        return value;
    }

    /** The value without expiring it (for traces, which must not change anything). */
    public RedisValue peek(Key key) {
        RedisValue value = values.get(key);
        return value == null || isExpired(key) ? null : value;
    }

    /** Whether the key is past its expiry time but still stored. */
    public boolean isExpired(Key key) {
        Long when = expires.get(key);
        return when != null && when <= now.getAsLong();
    }

    private boolean expireIfNeeded(Key key) {
        if (!isExpired(key)) return false;
        if (listener.expiryPaused()) return true; // checkClientPauseTimeoutAndReturnIfPaused
        signalIfStreamGone(key, values.remove(key));
        expires.remove(key);
        access.remove(key);
        listener.keyModified(this, key, Modification.EXPIRED);
        return true;
    }

    /** Stores a new key or replaces a value, keeping any TTL unless told to drop it. */
    public void put(Key key, RedisValue value, boolean keepTtl) {
        RedisValue previous = values.put(key, value);
        if (!keepTtl) expires.remove(key);
        // a new object is created now; overwriting keeps the LFU counter, as dbOverwrite does
        Access old = access.get(key);
        Access fresh = new Access(now.getAsLong(), old != null && previous != null ? old.counter : Access.LFU_INIT_VAL,
                minutes(now.getAsLong()));
        access.put(key, fresh);
        if (previous == null) listener.keyAdded(this, key);
        else if (!(value instanceof StreamValue)) signalIfStreamGone(key, previous);
    }

    /** Removes a key (no signal: the caller signals, as Redis's dbDelete callers do). */
    public boolean remove(Key key) {
        expires.remove(key);
        access.remove(key);
        RedisValue removed = values.remove(key);
        signalIfStreamGone(key, removed);
        return removed != null;
    }

    /**
     * A stream that is deleted or overwritten wakes its blocked XREADGROUP clients, which then
     * fail at once instead of waiting for a group that cannot come back (db.c signals it in
     * dbGenericDelete and dbOverwrite).
     */
    private void signalIfStreamGone(Key key, RedisValue gone) {
        if (gone instanceof StreamValue) listener.keyAdded(this, key);
    }

    /**
     * Redis's signalKeyAsReady for a key that already existed: clients blocked on it may now be
     * served (XADD to a stream; XGROUP DESTROY, which answers NOGROUP to its blocked readers).
     */
    public void signalReady(Key key) {
        listener.keyAdded(this, key);
    }

    /** Signals that the command wrote this key. */
    public void modified(Key key) {
        listener.keyModified(this, key, Modification.WRITE);
    }

    public void setExpire(Key key, long whenMillis) {
        expires.put(key, whenMillis);
        if (whenMillis < earliestExpiry) earliestExpiry = whenMillis;
        listener.expirySet(whenMillis);
    }

    public boolean removeExpire(Key key) { return expires.remove(key) != null; }

    /** Absolute expiry time in ms, or -1 when the key has none. */
    public long expireAt(Key key) {
        Long when = expires.get(key);
        return when == null ? -1 : when;
    }

    /** Number of stored keys, expired-but-not-yet-deleted ones included, as DBSIZE counts. */
    public int size() { return values.size(); }

    /** Every stored key (a snapshot), expired ones included. */
    public List<Key> keys() { return new ArrayList<>(values.keySet()); }

    /**
     * Deletes everything. Each stored key counts as modified, even one past its time (Redis checks
     * the dict, not logical expiry); the watch logic then spares watches taken on an already
     * expired key.
     */
    public void flush() {
        List<Key> stored = new ArrayList<>(values.keySet());
        for (Map.Entry<Key, RedisValue> e : values.entrySet()) signalIfStreamGone(e.getKey(), e.getValue());
        values.clear();
        expires.clear();
        access.clear();
        for (Key key : stored) listener.keyModified(this, key, Modification.FLUSHED);
    }

    /** SWAPDB: the two databases exchange their contents (the caller touches watches first). */
    public void swapContents(Database other) {
        signalStreamsReplaced(this, other);
        signalStreamsReplaced(other, this);
        Map<Key, RedisValue> v = values;
        values = other.values;
        other.values = v;
        Map<Key, Long> e = expires;
        expires = other.expires;
        other.expires = e;
        Map<Key, Access> a = access;
        access = other.access;
        other.access = a;
        long t = earliestExpiry;
        earliestExpiry = other.earliestExpiry;
        other.earliestExpiry = t;
    }

    /** scanDatabaseForDeletedStreams: a stream whose key holds no stream after a swap wakes its readers. */
    private static void signalStreamsReplaced(Database emptied, Database replacedWith) {
        for (Map.Entry<Key, RedisValue> e : emptied.values.entrySet()) {
            if (e.getValue() instanceof StreamValue && !(replacedWith.values.get(e.getKey()) instanceof StreamValue)) {
                emptied.listener.keyAdded(emptied, e.getKey());
            }
        }
    }

    /** No key of this database expires before this time (a lower bound). */
    public long earliestExpiry() { return earliestExpiry; }

    /** Every stored key with its value (read-only), for memory estimates and eviction. */
    public Map<Key, RedisValue> entries() { return java.util.Collections.unmodifiableMap(values); }

    /** Whether the key is stored, expired or not (Redis's dictFind on the main dict). */
    public boolean isStored(Key key) { return values.containsKey(key); }

    /**
     * Redis's active expiry: deletes every key past its time, signalling each. Cheap when nothing
     * is due, so the engine can run it before every command.
     */
    public int activeExpire() {
        long t = now.getAsLong();
        if (t < earliestExpiry) return 0;
        List<Key> due = new ArrayList<>();
        long next = Long.MAX_VALUE;
        for (Map.Entry<Key, Long> e : expires.entrySet()) {
            if (e.getValue() <= t) due.add(e.getKey());
            else next = Math.min(next, e.getValue());
        }
        earliestExpiry = next;
        for (Key key : due) expireIfNeeded(key);
        return due.size();
    }

    // ---- access tracking: OBJECT IDLETIME and OBJECT FREQ (Redis's robj->lru) ------------------

    /**
     * One key's access record. Redis keeps either an LRU clock or an LFU counter in the object,
     * depending on maxmemory-policy; we keep both, so switching policies needs no conversion
     * (Redis's own answers right after a switch are documented as meaningless for a while).
     */
    private static final class Access {
        /** LFU_INIT_VAL: a new key starts with this counter so it is not evicted at once. */
        static final int LFU_INIT_VAL = 5;

        long lastMillis;
        int counter;
        /** When the counter was last decremented, in minutes (LFUGetTimeInMinutes, 16 bits). */
        long counterMinutes;

        Access(long lastMillis, int counter, long counterMinutes) {
            this.lastMillis = lastMillis;
            this.counter = counter;
            this.counterMinutes = counterMinutes;
        }
    }

    /** Redis's LFU time: minutes since the epoch, modulo 2^16. */
    private static long minutes(long millis) { return (millis / 60_000) & 65535; }

    /** lfu-log-factor and lfu-decay-time at Redis's defaults (txlab's CONFIG does not offer them). */
    private static final int LFU_LOG_FACTOR = 10;
    private static final int LFU_DECAY_TIME = 1;

    /** An access: the LRU clock moves to now and the LFU counter decays, then maybe grows. */
    private void touch(Key key) {
        long t = now.getAsLong();
        Access a = access.computeIfAbsent(key, k -> new Access(t, Access.LFU_INIT_VAL, minutes(t)));
        a.lastMillis = t;
        int counter = decayedCounter(a, t);
        if (counter < 255) {
            int base = Math.max(0, counter - Access.LFU_INIT_VAL);
            double p = 1.0 / (base * LFU_LOG_FACTOR + 1);
            if (lfuCoin.nextDouble() < p) counter++;
        }
        a.counter = counter;
        a.counterMinutes = minutes(t);
    }

    /** LFUDecrAndReturn: one point less per lfu-decay-time minutes since the last decrement. */
    private static int decayedCounter(Access a, long t) {
        long nowMinutes = minutes(t);
        long elapsed = nowMinutes >= a.counterMinutes ? nowMinutes - a.counterMinutes : 65535 - a.counterMinutes + nowMinutes;
        long periods = LFU_DECAY_TIME > 0 ? elapsed / LFU_DECAY_TIME : 0;
        return periods > a.counter ? 0 : (int) (a.counter - periods);
    }

    /**
     * OBJECT IDLETIME: whole seconds between the key's last access and now, as Redis measures it
     * with an LRU clock of one-second resolution. 0 for a key this database does not hold.
     */
    public long idleSeconds(Key key) {
        Access a = access.get(key);
        if (a == null) return 0;
        long t = now.getAsLong();
        return Math.max(0, t / 1000 - a.lastMillis / 1000);
    }

    /** OBJECT FREQ: the key's logarithmic access counter, decayed to now (not stored). */
    public int frequency(Key key) {
        Access a = access.get(key);
        return a == null ? 0 : decayedCounter(a, now.getAsLong());
    }

    /** RESTORE ... IDLETIME / FREQ and COPY: sets a key's access record. */
    public void setAccess(Key key, long idleSeconds, int frequency) {
        long t = now.getAsLong();
        Access a = access.computeIfAbsent(key, k -> new Access(t, Access.LFU_INIT_VAL, minutes(t)));
        if (idleSeconds >= 0) a.lastMillis = t - idleSeconds * 1000;
        if (frequency >= 0) {
            a.counter = Math.min(255, frequency);
            a.counterMinutes = minutes(t);
        }
    }
}
