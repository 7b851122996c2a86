package dev.txlab.engine.keyspace;

import dev.txlab.protocol.Key;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A stream, laid out as Redis 7.0 lays it out (t_stream.c): entries live in nodes (Redis's
 * listpacks in a radix tree, keyed by the node's first "master" ID), a node takes entries until it
 * holds stream-node-max-entries of them (deleted ones included) or its listpack would reach
 * stream-node-max-bytes, and a deletion only flags an entry. The nodes show wherever Redis lets
 * them show: MAXLEN ~ and MINID ~ remove whole nodes only, and XINFO STREAM counts radix-tree keys.
 * Node sizes are the exact listpack byte counts ({@link ListpackSize}).
 *
 * <p>Consumer groups keep their last delivered ID, their read counter (entries-read, -1 when
 * unknown), the pending entries list shared with their consumers, and the consumers in name order.
 */
public final class StreamValue implements RedisValue {

    /** A stream ID: two unsigned 64-bit numbers, compared as such. */
    public record Id(long ms, long seq) implements Comparable<Id> {
        public static final Id MIN = new Id(0, 0);
        public static final Id MAX = new Id(-1L, -1L);

        @Override public int compareTo(Id o) {
            int c = Long.compareUnsigned(ms, o.ms);
            return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
        }

        public boolean isZero() { return ms == 0 && seq == 0; }

        /** streamIncrID: the next ID, or null past the last possible one. */
        public Id next() {
            if (seq == -1L) return ms == -1L ? null : new Id(ms + 1, 0);
            return new Id(ms, seq + 1);
        }

        /** streamDecrID: the previous ID, or null before 0-0. */
        public Id previous() {
            if (seq == 0) return ms == 0 ? null : new Id(ms - 1, -1L);
            return new Id(ms, seq - 1);
        }

        @Override public String toString() { return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq); }
    }

    /** One entry; {@code fieldsAndValues} alternates field, value. */
    public static final class Entry {
        private final Id id;
        private final byte[][] fieldsAndValues;
        private final Node node;
        private boolean deleted;

        Entry(Id id, byte[][] fieldsAndValues, Node node) {
            this.id = id;
            this.fieldsAndValues = fieldsAndValues;
            this.node = node;
        }

        public Id id() { return id; }

        public byte[][] fieldsAndValues() { return fieldsAndValues; }
    }

    /** A radix-tree node: one listpack with its master entry. */
    static final class Node {
        final Id master;
        final byte[][] masterFields;
        final List<Entry> entries = new ArrayList<>();
        long live;
        long deleted;
        /** The listpack's bytes, without the live/deleted counters (they change size as they grow). */
        long bytesWithoutCounters;

        Node(Id master, byte[][] masterFields) {
            this.master = master;
            this.masterFields = masterFields;
            long bytes = ListpackSize.HEADER_AND_END + ListpackSize.integer(masterFields.length) + ListpackSize.integer(0);
            for (byte[] f : masterFields) bytes += ListpackSize.string(f);
            bytesWithoutCounters = bytes;
        }

        long bytes() { return bytesWithoutCounters + ListpackSize.integer(live) + ListpackSize.integer(deleted); }

        boolean sameFields(byte[][] fieldsAndValues) {
            if (fieldsAndValues.length / 2 != masterFields.length) return false;
            for (int i = 0; i < masterFields.length; i++) {
                if (!Arrays.equals(masterFields[i], fieldsAndValues[2 * i])) return false;
            }
            return true;
        }

        /** The bytes an entry takes in this node's listpack. */
        long entryBytes(Id id, byte[][] fieldsAndValues) {
            boolean same = sameFields(fieldsAndValues);
            int fields = fieldsAndValues.length / 2;
            long bytes = ListpackSize.integer(same ? 2 : 0) // flags (deleted and same-fields bits)
                    + ListpackSize.integer(id.ms() - master.ms()) + ListpackSize.integer(id.seq() - master.seq());
            if (!same) bytes += ListpackSize.integer(fields);
            for (int i = 0; i < fieldsAndValues.length; i++) {
                if (same && i % 2 == 0) continue;
                bytes += ListpackSize.string(fieldsAndValues[i]);
            }
            long lpCount = fields + 3 + (same ? 0 : fields + 1);
            return bytes + ListpackSize.integer(lpCount);
        }
    }

    /** A pending entry: delivered to a consumer and not acknowledged yet. */
    public static final class Pending {
        public final Id id;
        public long deliveryTime;
        public long deliveryCount;
        public Consumer consumer;

        Pending(Id id, long deliveryTime, Consumer consumer) {
            this.id = id;
            this.deliveryTime = deliveryTime;
            this.deliveryCount = 1;
            this.consumer = consumer;
        }
    }

    public static final class Consumer {
        public final Key name;
        public long seenTime;
        public final TreeMap<Id, Pending> pending = new TreeMap<>();

        Consumer(Key name, long seenTime) {
            this.name = name;
            this.seenTime = seenTime;
        }
    }

    public static final class Group {
        public Id lastId;
        /** entries-read: the logical read counter, -1 when it cannot be known. */
        public long entriesRead;
        public final TreeMap<Id, Pending> pending = new TreeMap<>();
        public final TreeMap<Key, Consumer> consumers = new TreeMap<>();

        Group(Id lastId, long entriesRead) {
            this.lastId = lastId;
            this.entriesRead = entriesRead;
        }

        public Consumer consumer(Key name) { return consumers.get(name); }

        /** Finds or creates a consumer; answers null if it already existed and create-only was asked. */
        public Consumer createConsumer(Key name, long now) {
            if (consumers.containsKey(name)) return null;
            Consumer c = new Consumer(name, now);
            consumers.put(name, c);
            return c;
        }

        /** XCLAIM FORCE: a pending entry with no consumer yet (the claim gives it one). */
        public Pending addUnowned(Id id, long now) {
            Pending p = new Pending(id, now, null);
            pending.put(id, p);
            return p;
        }

        /** Adds a pending entry for a delivery to consumer (or moves an existing one to it). */
        public Pending deliver(Id id, Consumer consumer, long now) {
            Pending p = pending.get(id);
            if (p == null) {
                p = new Pending(id, now, consumer);
                pending.put(id, p);
            } else {
                p.consumer.pending.remove(id);
                p.consumer = consumer;
                p.deliveryTime = now;
                p.deliveryCount = 1;
            }
            consumer.pending.put(id, p);
            return p;
        }
    }

    private final TreeMap<Id, Node> nodes = new TreeMap<>();
    private final TreeMap<Id, Entry> live = new TreeMap<>();
    private long length;
    private long entriesAdded;
    private Id lastId = Id.MIN;
    private Id firstId = Id.MIN;
    private Id maxDeletedEntryId = Id.MIN;
    private final TreeMap<Key, Group> groups = new TreeMap<>();

    public long length() { return length; }
    public long entriesAdded() { return entriesAdded; }
    public Id lastId() { return lastId; }
    public Id firstId() { return firstId; }
    public Id maxDeletedEntryId() { return maxDeletedEntryId; }
    public void setLastId(Id id) { lastId = id; }
    public void setEntriesAdded(long n) { entriesAdded = n; }
    public void setMaxDeletedEntryId(Id id) { maxDeletedEntryId = id; }
    public int nodeCount() { return nodes.size(); }
    public NavigableMap<Key, Group> groups() { return groups; }

    /** The live entries from start to end inclusive, in order or reversed. */
    public Iterable<Entry> range(Id start, Id end, boolean reverse) {
        if (start.compareTo(end) > 0) return List.of();
        NavigableMap<Id, Entry> sub = live.subMap(start, true, end, true);
        return reverse ? sub.descendingMap().values() : sub.values();
    }

    public Entry get(Id id) { return live.get(id); }

    /** The first or last live entry, or null. */
    public Entry edge(boolean first) {
        if (live.isEmpty()) return null;
        return first ? live.firstEntry().getValue() : live.lastEntry().getValue();
    }

    /**
     * streamAppendItem's node choice and append, with an ID already checked to be greater than
     * the last one. nodeMaxBytes and nodeMaxEntries are stream-node-max-bytes/-entries.
     */
    public void append(Id id, byte[][] fieldsAndValues, long nodeMaxBytes, long nodeMaxEntries) {
        long total = 0;
        for (byte[] b : fieldsAndValues) total += b.length;
        Node tail = nodes.isEmpty() ? null : nodes.lastEntry().getValue();
        if (tail != null) {
            long maxBytes = nodeMaxBytes == 0 || nodeMaxBytes > ListpackSize.STREAM_LISTPACK_MAX_SIZE
                    ? ListpackSize.STREAM_LISTPACK_MAX_SIZE : nodeMaxBytes;
            if (tail.bytes() + total >= maxBytes) tail = null;
            else if (nodeMaxEntries != 0 && tail.live + tail.deleted >= nodeMaxEntries) tail = null;
        }
        if (tail == null) {
            byte[][] masterFields = new byte[fieldsAndValues.length / 2][];
            for (int i = 0; i < masterFields.length; i++) masterFields[i] = fieldsAndValues[2 * i];
            tail = new Node(id, masterFields);
            nodes.put(id, tail);
        }
        Entry e = new Entry(id, fieldsAndValues, tail);
        tail.bytesWithoutCounters += tail.entryBytes(id, fieldsAndValues);
        tail.entries.add(e);
        tail.live++;
        live.put(id, e);
        length++;
        entriesAdded++;
        lastId = id;
        if (length == 1) firstId = id;
    }

    /** XDEL of one ID: flags the entry deleted (removing its node once nothing in it lives). */
    public boolean delete(Id id) {
        Entry e = live.remove(id);
        if (e == null) return false;
        e.deleted = true;
        Node n = e.node;
        if (n.live == 1) {
            nodes.remove(n.master);
        } else {
            n.live--;
            n.deleted++;
        }
        length--;
        return true;
    }

    /** After deletions: the first ID as Redis recomputes it (0-0 when empty). */
    public void refreshFirstId() {
        firstId = live.isEmpty() ? Id.MIN : live.firstKey();
    }

    /** How streamTrim chooses what goes. */
    public record Trim(boolean byLength, long maxLength, Id minId, boolean approximate, long limit) {}

    /** streamTrim: answers how many entries were removed. */
    public long trim(Trim trim) {
        long removed = 0;
        Iterator<Node> it = nodes.values().iterator();
        while (it.hasNext()) {
            if (trim.byLength() && length <= trim.maxLength()) break;
            Node n = it.next();
            long entries = n.live;
            if (trim.limit() != 0 && removed + entries > trim.limit()) break;
            boolean removeNode;
            if (trim.byLength()) {
                removeNode = length - entries >= trim.maxLength();
            } else {
                Id last = n.entries.get(n.entries.size() - 1).id;
                removeNode = last.compareTo(trim.minId()) < 0;
            }
            if (removeNode) {
                for (Entry e : n.entries) if (!e.deleted) live.remove(e.id);
                it.remove();
                length -= entries;
                removed += entries;
                continue;
            }
            if (trim.approximate()) break;
            long fromNode = 0;
            for (Entry e : n.entries) {
                boolean stop = trim.byLength() ? length <= trim.maxLength() : e.id.compareTo(trim.minId()) >= 0;
                if (stop) break;
                if (!e.deleted) {
                    e.deleted = true;
                    live.remove(e.id);
                    fromNode++;
                    length--;
                }
            }
            removed += fromNode;
            n.live -= fromNode;
            n.deleted += fromNode;
            break;
        }
        if (length == 0) firstId = Id.MIN;
        else if (removed > 0) firstId = live.firstKey();
        return removed;
    }

    /** A deep copy (COPY's streamDup): the same nodes, counters and groups. */
    public StreamValue copy() {
        StreamValue c = new StreamValue();
        for (Node n : nodes.values()) {
            Node m = new Node(n.master, n.masterFields);
            for (Entry e : n.entries) {
                Entry f = new Entry(e.id, e.fieldsAndValues, m);
                f.deleted = e.deleted;
                m.entries.add(f);
                m.bytesWithoutCounters += m.entryBytes(e.id, e.fieldsAndValues);
                if (!e.deleted) c.live.put(e.id, f);
            }
            m.live = n.live;
            m.deleted = n.deleted;
            c.nodes.put(m.master, m);
        }
        c.length = length;
        c.entriesAdded = entriesAdded;
        c.lastId = lastId;
        c.firstId = firstId;
        c.maxDeletedEntryId = maxDeletedEntryId;
        for (var g : groups.entrySet()) {
            Group src = g.getValue();
            Group dst = new Group(src.lastId, src.entriesRead);
            for (Consumer consumer : src.consumers.values()) {
                Consumer d = new Consumer(consumer.name, consumer.seenTime);
                dst.consumers.put(d.name, d);
            }
            for (Pending p : src.pending.values()) {
                Consumer owner = dst.consumers.get(p.consumer.name);
                Pending q = new Pending(p.id, p.deliveryTime, owner);
                q.deliveryCount = p.deliveryCount;
                dst.pending.put(q.id, q);
                owner.pending.put(q.id, q);
            }
            c.groups.put(g.getKey(), dst);
        }
        return c;
    }

    public Group createGroup(Key name, Id lastId, long entriesRead) {
        if (groups.containsKey(name)) return null;
        Group g = new Group(lastId, entriesRead);
        groups.put(name, g);
        return g;
    }

    /** streamEstimateDistanceFromFirstEverEntry: how many entries came before id, -1 when it cannot be known. */
    public long estimateDistance(Id id) {
        if (entriesAdded == 0) return 0;
        if (length == 0 && id.compareTo(lastId) < 1) return entriesAdded;
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) return entriesAdded;
        if (cmpLast > 0) return -1;
        int cmpFirst = id.compareTo(firstId);
        if (maxDeletedEntryId.isZero() || maxDeletedEntryId.compareTo(firstId) < 0) {
            if (cmpFirst < 0) return entriesAdded - length;
            if (cmpFirst == 0) return entriesAdded - length + 1;
        }
        return -1;
    }

    /** One node as the RDB form stores it: every entry, the flagged-deleted ones too. */
    public record NodeImage(Id master, byte[][] masterFields, long live, long deleted, List<EntryImage> entries) {}

    public record EntryImage(Id id, byte[][] fieldsAndValues, boolean deleted) {}

    /** The nodes in ID order, for saving. */
    public List<NodeImage> nodeImages() {
        List<NodeImage> images = new ArrayList<>(nodes.size());
        for (Node n : nodes.values()) {
            List<EntryImage> entries = new ArrayList<>(n.entries.size());
            for (Entry e : n.entries) entries.add(new EntryImage(e.id, e.fieldsAndValues, e.deleted));
            images.add(new NodeImage(n.master, n.masterFields, n.live, n.deleted, entries));
        }
        return images;
    }

    /**
     * Loading: adds a saved node as it was (after the nodes before it). The counters that are
     * saved beside the nodes (length, IDs, entries added) are set by the loader.
     */
    public void loadNode(NodeImage image) {
        Node n = new Node(image.master(), image.masterFields());
        for (EntryImage ei : image.entries()) {
            Entry e = new Entry(ei.id(), ei.fieldsAndValues(), n);
            e.deleted = ei.deleted();
            n.entries.add(e);
            n.bytesWithoutCounters += n.entryBytes(ei.id(), ei.fieldsAndValues());
            if (!ei.deleted()) live.put(ei.id(), e);
        }
        n.live = image.live();
        n.deleted = image.deleted();
        nodes.put(n.master, n);
    }

    /** Loading: the saved length and first ID. */
    public void setLoadedCounters(long length, Id firstId) {
        this.length = length;
        this.firstId = firstId;
    }

    /** How many entries the loaded nodes hold alive (a loader checks it against the saved length). */
    public long liveEntries() { return live.size(); }

    /** streamGetEdgeID(first, tombstones included): the first ID any node holds, or the greatest ID when empty. */
    public Id firstStoredId() {
        return nodes.isEmpty() ? Id.MAX : nodes.firstEntry().getValue().entries.get(0).id;
    }

    /** The radix-tree keys: each node's master ID, in order. */
    public java.util.Set<Id> nodeKeys() { return nodes.keySet(); }

    /** The bytes of every node's listpack (MEMORY USAGE). */
    public long listpackBytes() {
        long total = 0;
        for (Node n : nodes.values()) total += n.bytes();
        return total;
    }

    @Override public String typeName() { return "stream"; }

    @Override public long size() { return length; }

    @Override public String encoding() { return "stream"; }
}
