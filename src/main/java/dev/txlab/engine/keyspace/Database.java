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
    }

    /** Why a key counts as modified. */
    public enum Modification { WRITE, EXPIRED, FLUSHED, SWAPPED, EVICTED }

    private final int index;
    private Map<Key, RedisValue> values = new HashMap<>();
    private Map<Key, Long> expires = new HashMap<>();
    private final Listener listener;
    private final LongSupplier now;
    /** No key expires before this time; lets the active cycle skip its scan (a lower bound). */
    private long earliestExpiry = Long.MAX_VALUE;

    public Database(int index, Listener listener, LongSupplier now) {
        this.index = index;
        this.listener = listener;
        this.now = now;
    }

    public int index() { return index; }

    /** The value at key, deleting it first if it has expired; null when absent. */
    public RedisValue lookup(Key key) {
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
        values.remove(key);
        expires.remove(key);
        listener.keyModified(this, key, Modification.EXPIRED);
        return true;
    }

    /** Stores a new key or replaces a value, keeping any TTL unless told to drop it. */
    public void put(Key key, RedisValue value, boolean keepTtl) {
        RedisValue previous = values.put(key, value);
        if (!keepTtl) expires.remove(key);
        if (previous == null) listener.keyAdded(this, key);
    }

    /** Removes a key (no signal: the caller signals, as Redis's dbDelete callers do). */
    public boolean remove(Key key) {
        expires.remove(key);
        return values.remove(key) != null;
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
        values.clear();
        expires.clear();
        for (Key key : stored) listener.keyModified(this, key, Modification.FLUSHED);
    }

    /** SWAPDB: the two databases exchange their contents (the caller touches watches first). */
    public void swapContents(Database other) {
        Map<Key, RedisValue> v = values;
        values = other.values;
        other.values = v;
        Map<Key, Long> e = expires;
        expires = other.expires;
        other.expires = e;
        long t = earliestExpiry;
        earliestExpiry = other.earliestExpiry;
        other.earliestExpiry = t;
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
}
