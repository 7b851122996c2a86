package dev.txlab.engine.rdb;

import dev.txlab.engine.Numbers;
import dev.txlab.engine.ServerConfig;
import dev.txlab.engine.keyspace.EncodingLimits;
import dev.txlab.engine.keyspace.HashValue;
import dev.txlab.engine.keyspace.ListValue;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.keyspace.SortedSetValue;
import dev.txlab.engine.keyspace.StreamValue;
import dev.txlab.engine.keyspace.StringValue;
import dev.txlab.protocol.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Redis 7.0's serialization of one value (rdb.c's rdbSaveObject and rdbLoadObject), which DUMP,
 * RESTORE, DEBUG RELOAD and the RDB a replica receives share. Values are written as 7.0 writes
 * them (strings, quicklists of listpacks, listpack or table hashes, intset or table sets, listpack
 * or skiplist sorted sets); reading also accepts the older types a 7.0 server loads (plain lists,
 * ziplists, zipmap-less hashes, text-double sorted sets). On load, the encoding is chosen again
 * from the configuration, exactly as rdbLoadObject chooses it.
 */
public final class Rdb {
    private Rdb() {}

    /** RDB_VERSION of Redis 7.0. */
    public static final int VERSION = 10;

    public static final int TYPE_STRING = 0;
    public static final int TYPE_LIST = 1;
    public static final int TYPE_SET = 2;
    public static final int TYPE_ZSET = 3;
    public static final int TYPE_HASH = 4;
    public static final int TYPE_ZSET_2 = 5;
    public static final int TYPE_LIST_ZIPLIST = 10;
    public static final int TYPE_SET_INTSET = 11;
    public static final int TYPE_ZSET_ZIPLIST = 12;
    public static final int TYPE_HASH_ZIPLIST = 13;
    public static final int TYPE_LIST_QUICKLIST = 14;
    public static final int TYPE_HASH_LISTPACK = 16;
    public static final int TYPE_ZSET_LISTPACK = 17;
    public static final int TYPE_LIST_QUICKLIST_2 = 18;

    /** quicklist node containers: one element stored as is, or a listpack of several. */
    private static final int CONTAINER_PLAIN = 1;
    private static final int CONTAINER_PACKED = 2;

    /**
     * What loading needs from the configuration: the encoding limits, how list nodes are sized,
     * and whether small integers may be Redis's shared objects.
     */
    public record Limits(EncodingLimits encodings, SortedSetValue.Limits zset, long listMaxListpackSize,
                         boolean sharedIntegers) {
        public static Limits of(ServerConfig config) {
            String policy = config.get("maxmemory-policy");
            boolean shared = config.maxmemory() == 0 || !(policy.endsWith("-lru") || policy.endsWith("-lfu"));
            return new Limits(EncodingLimits.of(config), SortedSetValue.Limits.of(config),
                    config.getLong("list-max-listpack-size"), shared);
        }
    }

    // ---- saving -------------------------------------------------------------------------------

    /** rdbSaveObjectType: the type byte for the value's type and current encoding. */
    public static int typeOf(RedisValue value) {
        if (value instanceof StringValue) return TYPE_STRING;
        if (value instanceof ListValue) return TYPE_LIST_QUICKLIST_2;
        if (value instanceof SetValue s) return s.isIntset() ? TYPE_SET_INTSET : TYPE_SET;
        if (value instanceof SortedSetValue z) return z.isListpack() ? TYPE_ZSET_LISTPACK : TYPE_ZSET_2;
        if (value instanceof StreamValue) return StreamRdb.TYPE_STREAM_LISTPACKS_2;
        HashValue h = (HashValue) value;
        return h.orderDefined() ? TYPE_HASH_LISTPACK : TYPE_HASH;
    }

    /** rdbSaveObjectType followed by rdbSaveObject. */
    public static void writeTypedObject(RdbOutput out, RedisValue value, long listMaxListpackSize) {
        out.writeType(typeOf(value));
        writeObject(out, value, listMaxListpackSize);
    }

    /** rdbSaveObject: the value's body, in the form its type byte announces. */
    public static void writeObject(RdbOutput out, RedisValue value, long listMaxListpackSize) {
        if (value instanceof StringValue s) {
                if (s.encoding().equals("int")) out.writeIntegerString(Numbers.parseLong(s.bytes()));
                else out.writeString(s.bytes());
        } else if (value instanceof ListValue l) {
            writeQuicklist(out, l.elements(), listMaxListpackSize);
        } else if (value instanceof SetValue s) {
                if (s.isIntset()) {
                    List<Key> members = s.membersInReplyOrder();
                    long[] ints = new long[members.size()];
                    for (int i = 0; i < ints.length; i++) ints[i] = Numbers.parseLong(members.get(i).bytes());
                    out.writeString(Intset.encode(ints));
                } else {
                    out.writeLength(s.size());
                    for (Key m : s.members()) out.writeString(m.bytes());
                }
        } else if (value instanceof SortedSetValue z) {
                if (z.isListpack()) {
                    List<byte[]> flat = new ArrayList<>();
                    for (SortedSetValue.Entry e : z.entries()) {
                        flat.add(e.member().bytes());
                        flat.add(scoreText(e.score()));
                    }
                    out.writeString(Listpack.encode(flat));
                } else {
                    out.writeLength(z.size());
                    // from the greatest to the smallest, as Redis walks its skiplist backwards
                    for (SortedSetValue.Entry e : z.entries().descendingSet()) {
                        out.writeString(e.member().bytes());
                        out.writeBinaryDouble(e.score());
                    }
                }
        } else if (value instanceof StreamValue stream) {
            StreamRdb.write(out, stream);
        } else if (value instanceof HashValue h) {
                if (h.orderDefined()) {
                    List<byte[]> flat = new ArrayList<>();
                    for (Map.Entry<Key, byte[]> e : h.fields().entrySet()) {
                        flat.add(e.getKey().bytes());
                        flat.add(e.getValue());
                    }
                    out.writeString(Listpack.encode(flat));
                } else {
                    out.writeLength(h.size());
                    for (Map.Entry<Key, byte[]> e : h.fields().entrySet()) {
                        out.writeString(e.getKey().bytes());
                        out.writeString(e.getValue());
                    }
                }
        }
    }

    /**
     * A score as a listpack stores it (zzlInsertAt's d2string): "inf", "-inf", "0" or "-0", an
     * integral value within +-2^62 as an integer, anything else as %.17g.
     */
    static byte[] scoreText(double score) {
        String text;
        if (Double.isInfinite(score)) text = score > 0 ? "inf" : "-inf";
        else if (score == 0) text = Double.doubleToRawLongBits(score) != 0 ? "-0" : "0";
        else if (score >= (double) (-Long.MAX_VALUE / 2) && score <= (double) (Long.MAX_VALUE / 2) && (long) score == score) {
            text = Long.toString((long) score);
        } else {
            text = Numbers.formatDouble17g(score);
        }
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * A list as quicklist nodes of listpacks, filled as RPUSH fills them
     * (_quicklistNodeAllowInsert): an element joins the last node while the node's bytes plus
     * the element's length plus 8 stay within the size limit (-1 to -5: 4 to 64 KB), or, with a
     * positive list-max-listpack-size, while the node holds fewer elements and stays within 8 KB.
     */
    private static void writeQuicklist(RdbOutput out, List<byte[]> elements, long fill) {
        List<List<byte[]>> nodes = quicklistNodes(elements, fill);
        out.writeLength(nodes.size());
        for (List<byte[]> node : nodes) {
            out.writeLength(CONTAINER_PACKED);
            out.writeString(Listpack.encode(node));
        }
    }

    /** rdbSavedObjectLen: the bytes of the value's RDB body (DEBUG OBJECT's serializedlength). */
    public static long serializedLength(RedisValue value, long listMaxListpackSize) {
        RdbOutput out = new RdbOutput();
        writeObject(out, value, listMaxListpackSize);
        return out.size();
    }

    /** A list's elements split into quicklist nodes as pushes fill them (DEBUG OBJECT's ql_nodes). */
    public static List<List<byte[]>> quicklistNodes(List<byte[]> elements, long fill) {
        List<List<byte[]>> nodes = new ArrayList<>();
        int[] counts = elements instanceof ListValue.NodeLayout l ? l.quicklistNodeCounts() : null;
        if (counts != null) { // the layout the list's pushes and deletions made
            int from = 0;
            for (int count : counts) {
                nodes.add(new ArrayList<>(elements.subList(from, from + count)));
                from += count;
            }
            if (from == elements.size()) return nodes;
            nodes.clear(); // out of step: pack from the head
        }
        List<byte[]> current = new ArrayList<>();
        long nodeBytes = 0;
        for (byte[] e : elements) {
            if (!current.isEmpty() && !allowInsert(nodeBytes, current.size(), fill, e.length)) {
                nodes.add(current);
                current = new ArrayList<>();
            }
            if (current.isEmpty()) nodeBytes = 7; // listpack header and end byte
            current.add(e);
            nodeBytes += Listpack.entrySize(e);
        }
        if (!current.isEmpty()) nodes.add(current);
        return nodes;
    }

    private static final long[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};

    /** _quicklistNodeAllowInsert: whether a node of these bytes and elements takes one more. */
    public static boolean allowInsert(long nodeBytes, int count, long fill, int elementLength) {
        long newSize = nodeBytes + elementLength + 8; // SIZE_ESTIMATE_OVERHEAD
        if (fill < 0) {
            long offset = -fill - 1;
            if (offset < OPTIMIZATION_LEVEL.length) return newSize <= OPTIMIZATION_LEVEL[(int) offset];
        }
        if (newSize > 8192) return false; // SIZE_SAFETY_LIMIT
        return count < fill;
    }

    // ---- loading ------------------------------------------------------------------------------

    /** Whether a type byte names a value type this loader knows. */
    public static boolean isObjectType(int type) {
        return (type >= 0 && type <= 5) || (type >= 9 && type <= 19);
    }

    /**
     * rdbLoadObject: reads a value of the given type, choosing its encoding from the limits.
     * Empty collections, duplicates, NaN scores and every malformed blob are refused.
     */
    public static RedisValue readObject(int type, RdbInput in, Limits limits) throws RdbFormatException {
        switch (type) {
            case StreamRdb.TYPE_STREAM_LISTPACKS:
            case StreamRdb.TYPE_STREAM_LISTPACKS_2:
                return StreamRdb.read(type, in);
            case TYPE_STRING:
                return StringValue.stored(in.readString(), limits.sharedIntegers());
            case TYPE_LIST: {
                long len = nonEmpty(in.readLength());
                ListValue list = new ListValue();
                list.trackLayout(limits.listMaxListpackSize()); // rdbLoadObject pushes each at the tail
                for (long i = 0; i < len; i++) list.elements().add(in.readString());
                return list;
            }
            case TYPE_LIST_QUICKLIST:
            case TYPE_LIST_QUICKLIST_2: {
                long nodes = nonEmpty(in.readLength());
                ListValue list = new ListValue();
                List<Integer> counts = new ArrayList<>(); // quicklistAppendListpack keeps each node
                boolean plain = false;
                for (long i = 0; i < nodes; i++) {
                    long container = CONTAINER_PACKED;
                    if (type == TYPE_LIST_QUICKLIST_2) {
                        container = in.readLength();
                        if (container != CONTAINER_PACKED && container != CONTAINER_PLAIN) {
                            throw new RdbFormatException("Quicklist integrity check failed.");
                        }
                    }
                    byte[] data = in.readString();
                    if (data.length == 0) throw new RdbFormatException("empty quicklist node");
                    if (container == CONTAINER_PLAIN) {
                        list.elements().add(data);
                        plain = true;
                        continue;
                    }
                    List<byte[]> node = type == TYPE_LIST_QUICKLIST_2 ? Listpack.decode(data) : Ziplist.decode(data);
                    list.elements().addAll(node);
                    if (!node.isEmpty()) counts.add(node.size());
                }
                if (list.size() == 0) throw new RdbFormatException("empty list");
                if (!plain) list.restoreLayout(counts, limits.listMaxListpackSize());
                return list;
            }
            case TYPE_LIST_ZIPLIST: {
                ListValue list = new ListValue();
                list.elements().addAll(Ziplist.decode(in.readString()));
                if (list.size() == 0) throw new RdbFormatException("empty list");
                return list;
            }
            case TYPE_SET: {
                long len = nonEmpty(in.readLength());
                long maxIntset = Math.min(limits.encodings().setMaxIntsetEntries(), 1L << 30);
                SetValue set = len > maxIntset ? SetValue.hashtable() : SetValue.intset();
                for (long i = 0; i < len; i++) {
                    if (!set.add(Key.of(in.readString()), limits.encodings())) {
                        throw new RdbFormatException("Duplicate set members detected");
                    }
                }
                return set;
            }
            case TYPE_SET_INTSET: {
                long[] ints = Intset.decode(in.readString());
                SetValue set = ints.length > limits.encodings().setMaxIntsetEntries() ? SetValue.hashtable() : SetValue.intset();
                EncodingLimits unbounded = new EncodingLimits(0, 0, Long.MAX_VALUE);
                for (long v : ints) set.add(Key.of(dev.txlab.engine.Bytes.ascii(v)), unbounded);
                return set;
            }
            case TYPE_ZSET:
            case TYPE_ZSET_2: {
                long len = nonEmpty(in.readLength());
                SortedSetValue z = SortedSetValue.skiplist();
                for (long i = 0; i < len; i++) {
                    Key member = Key.of(in.readString());
                    double score = type == TYPE_ZSET_2 ? in.readBinaryDouble() : in.readTextDouble();
                    if (Double.isNaN(score)) throw new RdbFormatException("Zset with NAN score detected");
                    if (!z.put(member, score)) throw new RdbFormatException("Duplicate zset fields detected");
                }
                z.convertToListpackIfFits(limits.zset());
                return z;
            }
            case TYPE_ZSET_LISTPACK:
            case TYPE_ZSET_ZIPLIST: {
                byte[] blob = in.readString();
                List<byte[]> flat = type == TYPE_ZSET_LISTPACK ? Listpack.decode(blob) : Ziplist.decode(blob);
                if (flat.size() % 2 != 0) throw new RdbFormatException("Zset listpack integrity check failed.");
                if (flat.isEmpty()) throw new RdbFormatException("empty zset");
                long count = flat.size() / 2;
                SortedSetValue z = count > limits.zset().maxEntries() ? SortedSetValue.skiplist() : SortedSetValue.listpack();
                for (int i = 0; i < flat.size(); i += 2) {
                    Double score = Numbers.parseDouble(flat.get(i + 1));
                    if (score == null || score.isNaN()) throw new RdbFormatException("Zset listpack bad score");
                    if (!z.put(Key.of(flat.get(i)), score)) throw new RdbFormatException("Zset listpack duplicate");
                }
                return z;
            }
            case TYPE_HASH: {
                long len = nonEmpty(in.readLength());
                boolean listpack = len <= limits.encodings().hashMaxEntries();
                HashValue h = listpack ? new HashValue() : HashValue.withEncoding(false);
                for (long i = 0; i < len; i++) {
                    Key field = Key.of(in.readString());
                    byte[] value = in.readString();
                    if (h.get(field) != null) throw new RdbFormatException("Duplicate hash fields detected");
                    h.put(field, value, limits.encodings());
                }
                return h;
            }
            case TYPE_HASH_LISTPACK:
            case TYPE_HASH_ZIPLIST: {
                byte[] blob = in.readString();
                List<byte[]> flat = type == TYPE_HASH_LISTPACK ? Listpack.decode(blob) : Ziplist.decode(blob);
                if (flat.size() % 2 != 0) throw new RdbFormatException("Hash listpack integrity check failed.");
                if (flat.isEmpty()) throw new RdbFormatException("empty hash");
                HashValue h = HashValue.withEncoding(flat.size() / 2 <= limits.encodings().hashMaxEntries());
                for (int i = 0; i < flat.size(); i += 2) {
                    if (h.fields().put(Key.of(flat.get(i)), flat.get(i + 1)) != null) {
                        throw new RdbFormatException("Hash listpack with dup elements");
                    }
                }
                return h;
            }
            default:
                throw new RdbFormatException("Unknown RDB encoding type " + type);
        }
    }

    private static long nonEmpty(long len) throws RdbFormatException {
        if (len == 0) throw new RdbFormatException("empty keys are not allowed");
        return len;
    }

    // ---- DUMP and RESTORE payloads ------------------------------------------------------------

    /** createDumpPayload: type, value, RDB version, CRC-64. */
    public static byte[] dump(RedisValue value, long listMaxListpackSize) {
        RdbOutput out = new RdbOutput();
        writeTypedObject(out, value, listMaxListpackSize);
        return out.withDumpFooter();
    }

    /**
     * verifyDumpPayload: at least the 10-byte footer, a version Redis 7.0 can read, and a matching
     * CRC-64 (unless the checksum is skipped, as skip-checksum-validation would).
     */
    public static boolean verifyFooter(byte[] payload) {
        if (payload.length < 10) return false;
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > VERSION) return false;
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        long stored = 0;
        for (int i = 0; i < 8; i++) stored |= (payload[footer + 2 + i] & 0xffL) << (8 * i);
        return crc == stored;
    }

    /** The value a verified payload holds (rdbLoadObjectType then rdbLoadObject). */
    public static RedisValue undump(byte[] payload, Limits limits) throws RdbFormatException {
        RdbInput in = new RdbInput(payload, 0, payload.length - 10);
        int type = in.readByte();
        if (!isObjectType(type)) throw new RdbFormatException("Unknown RDB encoding type " + type);
        return readObject(type, in, limits);
    }
}
