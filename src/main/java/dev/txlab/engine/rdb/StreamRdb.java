package dev.txlab.engine.rdb;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.keyspace.StreamValue;
import dev.txlab.engine.keyspace.StreamValue.Consumer;
import dev.txlab.engine.keyspace.StreamValue.EntryImage;
import dev.txlab.engine.keyspace.StreamValue.Group;
import dev.txlab.engine.keyspace.StreamValue.Id;
import dev.txlab.engine.keyspace.StreamValue.NodeImage;
import dev.txlab.engine.keyspace.StreamValue.Pending;
import dev.txlab.protocol.Key;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream's RDB form (rdb.c, RDB_TYPE_STREAM_LISTPACKS and _2): each radix-tree node as its
 * 16-byte master ID and its listpack, then length, last ID, first ID, greatest deleted ID and
 * entries added (the last three only in _2), then the consumer groups with their pending entries
 * and consumers.
 *
 * <p>A node's listpack (t_stream.c) starts with the master entry: live count, deleted count, the
 * master fields' count and names, and a 0. Each entry follows as flags, ID deltas from the master
 * ID, the field count and field/value pairs (or only the values when its fields are the master's),
 * and the number of listpack elements it took. A deleted entry stays, flagged.
 */
final class StreamRdb {
    private StreamRdb() {}

    static final int TYPE_STREAM_LISTPACKS = 15;
    static final int TYPE_STREAM_LISTPACKS_2 = 19;

    private static final int FLAG_DELETED = 1;
    private static final int FLAG_SAMEFIELDS = 2;

    static void write(RdbOutput out, StreamValue s) {
        List<NodeImage> nodes = s.nodeImages();
        out.writeLength(nodes.size());
        for (NodeImage n : nodes) {
            out.writeString(rawId(n.master()));
            out.writeString(Listpack.encode(listpackOf(n)));
        }
        out.writeLength(s.length());
        writeId(out, s.lastId());
        writeId(out, s.firstId());
        writeId(out, s.maxDeletedEntryId());
        out.writeUnsignedLength(s.entriesAdded());
        out.writeLength(s.groups().size());
        for (var g : s.groups().entrySet()) {
            Group group = g.getValue();
            out.writeString(g.getKey().bytes());
            writeId(out, group.lastId);
            out.writeUnsignedLength(group.entriesRead);
            out.writeLength(group.pending.size());
            for (Pending p : group.pending.values()) {
                out.writeBytes(rawId(p.id));
                out.writeMillis(p.deliveryTime);
                out.writeLength(p.deliveryCount);
            }
            out.writeLength(group.consumers.size());
            for (Consumer c : group.consumers.values()) {
                out.writeString(c.name.bytes());
                out.writeMillis(c.seenTime);
                out.writeLength(c.pending.size());
                for (Id id : c.pending.keySet()) out.writeBytes(rawId(id));
            }
        }
    }

    private static List<byte[]> listpackOf(NodeImage n) {
        List<byte[]> lp = new ArrayList<>();
        lp.add(Bytes.ascii(n.live()));
        lp.add(Bytes.ascii(n.deleted()));
        lp.add(Bytes.ascii(n.masterFields().length));
        for (byte[] f : n.masterFields()) lp.add(f);
        lp.add(Bytes.ascii(0));
        for (EntryImage e : n.entries()) {
            byte[][] fv = e.fieldsAndValues();
            boolean same = sameFields(n.masterFields(), fv);
            int flags = (same ? FLAG_SAMEFIELDS : 0) | (e.deleted() ? FLAG_DELETED : 0);
            lp.add(Bytes.ascii(flags));
            lp.add(Bytes.ascii(e.id().ms() - n.master().ms()));
            lp.add(Bytes.ascii(e.id().seq() - n.master().seq()));
            int fields = fv.length / 2;
            if (same) {
                for (int i = 1; i < fv.length; i += 2) lp.add(fv[i]);
                lp.add(Bytes.ascii(fields + 3));
            } else {
                lp.add(Bytes.ascii(fields));
                for (byte[] b : fv) lp.add(b);
                lp.add(Bytes.ascii(2L * fields + 4));
            }
        }
        return lp;
    }

    private static boolean sameFields(byte[][] master, byte[][] fv) {
        if (fv.length / 2 != master.length) return false;
        for (int i = 0; i < master.length; i++) {
            if (!java.util.Arrays.equals(master[i], fv[2 * i])) return false;
        }
        return true;
    }

    static StreamValue read(int type, RdbInput in) throws RdbFormatException {
        StreamValue s = new StreamValue();
        long nodes = in.readLength();
        Id previous = null;
        for (long i = 0; i < nodes; i++) {
            byte[] key = in.readString();
            if (key.length != 16) throw new RdbFormatException("Stream node key entry is not the size of a stream ID");
            Id master = idOf(key);
            if (previous != null && master.compareTo(previous) <= 0) {
                throw new RdbFormatException("Listpack re-added with existing key");
            }
            NodeImage node = parseNode(master, Listpack.decode(in.readString()), previous);
            previous = node.entries().get(node.entries().size() - 1).id();
            s.loadNode(node);
        }
        long length = in.readLength();
        if (length != s.liveEntries()) throw new RdbFormatException("Stream length inconsistent with rax entries");
        Id lastId = readId(in);
        if (previous != null && lastId.compareTo(previous) < 0) {
            throw new RdbFormatException("Stream last ID is smaller than its entries");
        }
        s.setLastId(lastId);
        StreamValue.Entry first = s.edge(true);
        if (type == TYPE_STREAM_LISTPACKS_2) {
            Id firstId = readId(in);
            s.setLoadedCounters(length, firstId);
            s.setMaxDeletedEntryId(readId(in));
            s.setEntriesAdded(in.readUnsignedLength());
        } else {
            s.setLoadedCounters(length, first == null ? Id.MIN : first.id());
            s.setEntriesAdded(length);
        }
        long groups = in.readLength();
        for (long g = 0; g < groups; g++) {
            Key name = Key.of(in.readString());
            Id lastDelivered = readId(in);
            long entriesRead = type == TYPE_STREAM_LISTPACKS_2 ? in.readUnsignedLength() : s.estimateDistance(lastDelivered);
            Group group = s.createGroup(name, lastDelivered, entriesRead);
            if (group == null) throw new RdbFormatException("Duplicated consumer group name " + name);
            long pel = in.readLength();
            for (long p = 0; p < pel; p++) {
                Id id = idOf(in.readBytes(16));
                if (group.pending.containsKey(id)) {
                    throw new RdbFormatException("Duplicated global PEL entry loading stream consumer group");
                }
                Pending pending = group.addUnowned(id, 0);
                pending.deliveryTime = in.readLittleEndian(8);
                pending.deliveryCount = in.readLength();
            }
            long consumers = in.readLength();
            for (long c = 0; c < consumers; c++) {
                Key consumerName = Key.of(in.readString());
                Consumer consumer = group.createConsumer(consumerName, 0);
                if (consumer == null) throw new RdbFormatException("Duplicate stream consumer detected.");
                consumer.seenTime = in.readLittleEndian(8);
                long owned = in.readLength();
                for (long p = 0; p < owned; p++) {
                    Id id = idOf(in.readBytes(16));
                    Pending pending = group.pending.get(id);
                    if (pending == null) throw new RdbFormatException("Consumer entry not found in group global PEL");
                    if (pending.consumer != null) throw new RdbFormatException("Duplicated consumer PEL entry");
                    pending.consumer = consumer;
                    consumer.pending.put(id, pending);
                }
            }
            for (Pending p : group.pending.values()) {
                if (p.consumer == null) throw new RdbFormatException("Stream CG PEL entry without consumer");
            }
        }
        return s;
    }

    /** One node's listpack, checked element by element: a blob that does not add up is refused. */
    private static NodeImage parseNode(Id master, List<byte[]> lp, Id previous) throws RdbFormatException {
        Cursor c = new Cursor(lp);
        long live = c.integer();
        long deleted = c.integer();
        long masterFieldCount = c.integer();
        if (masterFieldCount < 0 || masterFieldCount > lp.size()) throw corrupt();
        byte[][] masterFields = new byte[(int) masterFieldCount][];
        for (int i = 0; i < masterFields.length; i++) masterFields[i] = c.next();
        if (c.integer() != 0) throw corrupt();
        List<EntryImage> entries = new ArrayList<>();
        long liveSeen = 0;
        long deletedSeen = 0;
        Id last = previous;
        while (c.hasNext()) {
            long flags = c.integer();
            Id id = new Id(master.ms() + c.integer(), master.seq() + c.integer());
            if (last != null && id.compareTo(last) <= 0) throw corrupt();
            last = id;
            byte[][] fv;
            long expectedCount;
            if ((flags & FLAG_SAMEFIELDS) != 0) {
                fv = new byte[masterFields.length * 2][];
                for (int i = 0; i < masterFields.length; i++) {
                    fv[2 * i] = masterFields[i];
                    fv[2 * i + 1] = c.next();
                }
                expectedCount = masterFields.length + 3L;
            } else {
                long fields = c.integer();
                if (fields < 0 || fields > lp.size()) throw corrupt();
                fv = new byte[(int) fields * 2][];
                for (int i = 0; i < fv.length; i++) fv[i] = c.next();
                expectedCount = 2 * fields + 4;
            }
            if (c.integer() != expectedCount) throw corrupt();
            boolean isDeleted = (flags & FLAG_DELETED) != 0;
            if (isDeleted) deletedSeen++;
            else liveSeen++;
            entries.add(new EntryImage(id, fv, isDeleted));
        }
        if (entries.isEmpty() || liveSeen == 0 || liveSeen != live || deletedSeen != deleted
                || !entries.get(0).id().equals(master)) {
            throw corrupt();
        }
        return new NodeImage(master, masterFields, live, deleted, entries);
    }

    private static RdbFormatException corrupt() {
        return new RdbFormatException("Stream listpack integrity check failed.");
    }

    /** Walks a decoded listpack, refusing to run past its end or to read text as a number. */
    private static final class Cursor {
        private final List<byte[]> elements;
        private int at;

        Cursor(List<byte[]> elements) { this.elements = elements; }

        boolean hasNext() { return at < elements.size(); }

        byte[] next() throws RdbFormatException {
            if (at >= elements.size()) throw corrupt();
            return elements.get(at++);
        }

        long integer() throws RdbFormatException {
            Long v = Numbers.parseLong(next());
            if (v == null) throw corrupt();
            return v;
        }
    }

    /** streamEncodeID: both halves big-endian, so that byte order is ID order. */
    private static byte[] rawId(Id id) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (id.ms() >>> (56 - 8 * i));
            b[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
        return b;
    }

    private static Id idOf(byte[] raw) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (raw[i] & 0xff);
            seq = (seq << 8) | (raw[8 + i] & 0xff);
        }
        return new Id(ms, seq);
    }

    private static void writeId(RdbOutput out, Id id) {
        out.writeUnsignedLength(id.ms());
        out.writeUnsignedLength(id.seq());
    }

    private static Id readId(RdbInput in) throws RdbFormatException {
        return new Id(in.readUnsignedLength(), in.readUnsignedLength());
    }
}
