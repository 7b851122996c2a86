package dev.txlab.engine;

import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.HashValue;
import dev.txlab.engine.keyspace.ListValue;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.keyspace.SortedSetValue;
import dev.txlab.engine.keyspace.StringValue;
import dev.txlab.protocol.Key;
import dev.txlab.trace.KeyChange;
import dev.txlab.trace.ValueSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The values of a command's keys before it runs, so the trace can show what it changed ("a:
 * missing -> 1"). Taken only while tracing; reading a snapshot never expires or touches a key.
 */
public record KeySnapshots(int db, List<Key> keys, List<ValueSnapshot> values) {
    static final KeySnapshots NONE = new KeySnapshots(0, List.of(), List.of());

    static KeySnapshots take(Engine engine, int db, List<Key> keys) {
        if (keys.isEmpty()) return NONE;
        List<Key> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        List<ValueSnapshot> values = new ArrayList<>(distinct.size());
        for (Key key : distinct) values.add(snapshot(engine, db, key));
        return new KeySnapshots(db, distinct, values);
    }

    /** The keys as they are now compared with the snapshot. */
    public List<KeyChange> changes(Engine engine) {
        if (keys.isEmpty()) return List.of();
        List<KeyChange> changes = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            changes.add(new KeyChange(db, keys.get(i), values.get(i), snapshot(engine, db, keys.get(i))));
        }
        return changes;
    }

    /** What a key holds now; null when missing (or past its expiry time). */
    static ValueSnapshot snapshot(Engine engine, int db, Key key) {
        Database database = engine.database(db);
        RedisValue value = database.peek(key);
        if (value == null) return null;
        long expireAt = database.expireAt(key);
        long ttl = expireAt < 0 ? -1 : Math.max(0, expireAt - engine.now());
        if (value instanceof StringValue s) {
            return new ValueSnapshot("string", s.bytes(), s.size(), List.of(), ttl);
        }
        List<byte[]> sample = new ArrayList<>();
        if (value instanceof ListValue l) {
            sample.addAll(l.elements().subList(0, (int) Math.min(ValueSnapshot.SAMPLE, l.size())));
        } else if (value instanceof HashValue h) {
            for (Map.Entry<Key, byte[]> e : h.fields().entrySet()) {
                if (sample.size() >= 2 * ValueSnapshot.SAMPLE) break;
                sample.add(e.getKey().bytes());
                sample.add(e.getValue());
            }
        } else if (value instanceof SetValue s) {
            s.membersInReplyOrder().stream().limit(ValueSnapshot.SAMPLE).forEach(m -> sample.add(m.bytes()));
        } else if (value instanceof dev.txlab.engine.keyspace.StreamValue x) {
            for (var e : x.range(dev.txlab.engine.keyspace.StreamValue.Id.MIN, dev.txlab.engine.keyspace.StreamValue.Id.MAX, false)) {
                if (sample.size() >= ValueSnapshot.SAMPLE) break;
                sample.add(e.id().toString().getBytes(StandardCharsets.US_ASCII));
            }
        } else if (value instanceof SortedSetValue z) {
            for (SortedSetValue.Entry e : z.entries()) {
                if (sample.size() >= 2 * ValueSnapshot.SAMPLE) break;
                sample.add(e.member().bytes());
                sample.add(Numbers.formatDouble17g(e.score()).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return new ValueSnapshot(value.typeName(), null, value.size(), sample, ttl);
    }
}
