package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.ServerConfig;
import dev.txlab.engine.keyspace.HashValue;
import dev.txlab.engine.keyspace.ListValue;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.keyspace.SortedSetValue;
import dev.txlab.engine.keyspace.StringValue;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Reply;
import java.util.List;

/**
 * OBJECT ENCODING, FREQ, IDLETIME, REFCOUNT and HELP, as Redis's object.c. Every subcommand looks
 * the key up without touching it (LOOKUP_NOTOUCH), so asking never changes the answer.
 */
public final class ObjectCommand {
    private ObjectCommand() {}

    private static final String[] HELP = {
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
    };

    /** OBJ_SHARED_REFCOUNT: the reference count Redis reports for a shared object. */
    static final long SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** OBJ_SHARED_INTEGERS: the integers 0..9999 exist once and are shared by every key. */
    static final long SHARED_INTEGERS = 10000;

    public static List<Binding> bindings() {
        return List.of(
                bind("object|help", ctx -> Help.reply(ctx, HELP)),
                bind("object|encoding", ctx -> {
                            RedisValue v = ctx.db().lookupNoTouch(ctx.key(2));
                            return v == null ? Reply.NIL : Reply.bulk(v.encoding());
                        }),
                bind("object|refcount", ctx -> {
                            RedisValue v = ctx.db().lookupNoTouch(ctx.key(2));
                            return v == null ? Reply.NIL : Reply.integer(refcount(ctx.engine().config(), v));
                        }),
                bind("object|idletime", ObjectCommand::idletime),
                bind("object|freq", ObjectCommand::freq),
                bind("memory|usage", ObjectCommand::memoryUsage));
    }

    /**
     * DEBUG OBJECT key: Redis's one-line description. The address is a stand-in (stable for one
     * value object), serializedlength an estimate of the RDB size, lru the key's access time on
     * Redis's 24-bit seconds clock; a list adds its quicklist's shape, estimated from
     * list-max-listpack-size.
     */
    static Reply debugObject(CommandContext ctx) {
        Key key = ctx.key(2);
        RedisValue v = ctx.db().entries().get(key); // dictFind: expired keys too
        if (v == null) return Errors.NO_SUCH_KEY;
        long idle = ctx.db().idleSeconds(key);
        long lru = (ctx.now() / 1000 - idle) & ((1 << 24) - 1);
        String extra = "";
        if (v instanceof ListValue l) {
            long fill = ctx.engine().config().getLong("list-max-listpack-size");
            // the nodes as pushes fill them, each a listpack of its elements
            List<List<byte[]>> quicklist = dev.txlab.engine.rdb.Rdb.quicklistNodes(l.elements(), fill);
            long nodes = Math.max(1, quicklist.size());
            long bytes = 0;
            for (List<byte[]> node : quicklist) bytes += dev.txlab.engine.rdb.Listpack.encode(node).length - 7;
            extra = String.format(java.util.Locale.ROOT, " ql_nodes:%d ql_avg_node:%.2f ql_listpack_max:%d ql_compressed:%d ql_uncompressed_size:%d",
                    nodes, (double) l.size() / nodes, fill, ctx.engine().config().getLong("list-compress-depth") > 0 ? 1 : 0, bytes + 7 * nodes);
        }
        return new Reply.Simple(String.format(java.util.Locale.ROOT,
                "Value at:0x7f%010x refcount:%d encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d%s",
                address(v), refcount(ctx.engine().config(), v), v.encoding(),
                dev.txlab.engine.rdb.Rdb.serializedLength(v, ctx.engine().config().getLong("list-max-listpack-size")),
                lru, idle, extra));
    }

    /**
     * DEBUG OBJECT's at: a string's identity (shared integers share one, an in-place INCR keeps
     * it), any other value's Java identity.
     */
    private static long address(RedisValue v) {
        long identity = v instanceof StringValue s ? s.identity() : System.identityHashCode(v) & 0xffffffffL;
        return (identity & 0xffffffffL) << 4;
    }

    /**
     * MEMORY USAGE key [SAMPLES count]: an estimate of the key's bytes (jemalloc's real numbers
     * depend on the allocator), positive for every stored key, null for a missing one.
     */
    private static Reply memoryUsage(CommandContext ctx) {
        for (int j = 3; j < ctx.argc(); j++) {
            if (ctx.isOption(j, "samples") && j + 1 < ctx.argc()) {
                if (ctx.longArg(j + 1) < 0) return Errors.SYNTAX;
                j++;
            } else {
                return Errors.SYNTAX;
            }
        }
        Key key = ctx.key(2);
        RedisValue v = ctx.db().entries().get(key);
        if (v == null) return Reply.NIL;
        return Reply.integer(estimatedSize(v) + sdsSize(key.bytes().length) + 24);
    }

    /** An sds string's allocation: header, bytes and NUL, rounded to jemalloc's 8-byte classes. */
    private static long sdsSize(long length) { return (length + 3 + 7) / 8 * 8; }

    /** A rough size of a value: the object header plus its elements' storage. */
    private static long estimatedSize(RedisValue v) {
        long size = 16;
        if (v instanceof StringValue s) {
            if (!v.encoding().equals("int")) size += sdsSize(s.bytes().length);
        } else if (v instanceof ListValue l) {
            size += 32;
            for (byte[] e : l.elements()) size += e.length + 2;
        } else if (v instanceof HashValue h) {
            boolean table = !h.orderDefined();
            for (var e : h.fields().entrySet()) {
                long pair = e.getKey().bytes().length + e.getValue().length;
                size += table ? 24 + sdsSize(e.getKey().bytes().length) + sdsSize(e.getValue().length) : pair + 4;
            }
        } else if (v instanceof SetValue s) {
            for (Key m : s.members()) size += s.isIntset() ? 8 : 24 + sdsSize(m.bytes().length);
        } else if (v instanceof SortedSetValue z) {
            boolean skiplist = !z.encoding().equals("listpack");
            for (SortedSetValue.Entry e : z.entries()) size += e.member().bytes().length + (skiplist ? 80 : 12);
        } else if (v instanceof dev.txlab.engine.keyspace.StreamValue x) {
            // XADD allocates each node's listpack at stream-node-max-bytes up front, as Redis does
            size += 64 + Math.max(x.listpackBytes(), 4096L * x.nodeCount()) + 48L * x.nodeCount();
            for (var g : x.groups().values()) size += 64 + 48L * g.pending.size() + 64L * g.consumers.size();
        }
        return size;
    }

    private static boolean lfuPolicy(ServerConfig config) { return config.get("maxmemory-policy").contains("lfu"); }

    private static Reply idletime(CommandContext ctx) {
        if (ctx.db().lookupNoTouch(ctx.key(2)) == null) return Reply.NIL;
        if (lfuPolicy(ctx.engine().config())) {
            return Reply.error("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
                    + "switching between policies at runtime LRU and LFU data will take some time to adjust.");
        }
        return Reply.integer(ctx.db().idleSeconds(ctx.key(2)));
    }

    private static Reply freq(CommandContext ctx) {
        if (ctx.db().lookupNoTouch(ctx.key(2)) == null) return Reply.NIL;
        if (!lfuPolicy(ctx.engine().config())) {
            return Reply.error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
                    + "that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        }
        return Reply.integer(ctx.db().frequency(ctx.key(2)));
    }

    /**
     * A string holding one of the integers 0..9999 is Redis's shared object, unless maxmemory is
     * set with an LRU or LFU policy (each key then needs its own access clock); everything else
     * has one reference.
     */
    static long refcount(ServerConfig config, RedisValue v) {
        if (!(v instanceof StringValue s) || !v.encoding().equals("int")) return 1;
        Long n = Numbers.parseLong(s.bytes());
        if (n == null || n < 0 || n >= SHARED_INTEGERS) return 1;
        String policy = config.get("maxmemory-policy");
        boolean noSharing = config.maxmemory() > 0 && (policy.contains("lru") || policy.contains("lfu"));
        return noSharing ? 1 : SHARED_REFCOUNT;
    }
}
