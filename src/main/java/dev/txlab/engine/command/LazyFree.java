package dev.txlab.engine.command;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.keyspace.HashValue;
import dev.txlab.engine.keyspace.ListValue;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.keyspace.SortedSetValue;
import dev.txlab.engine.keyspace.StreamValue;

/**
 * Redis's lazyfree.c, as far as INFO shows it. The lab frees nothing itself (the JVM does), but
 * Redis hands a value to its background thread only when freeing it is worth it, and counts it in
 * lazyfreed_objects: UNLINK (and DEL under lazyfree-lazy-user-del) of a value whose free effort is
 * over 64, and each key of a database emptied by FLUSHDB/FLUSHALL ASYNC. The background free is
 * over at once here, so lazyfree_pending_objects stays 0.
 */
final class LazyFree {
    private LazyFree() {}

    /** LAZYFREE_THRESHOLD: below this many allocations freeing at once is cheaper. */
    private static final long THRESHOLD = 64;

    /** freeObjAsync: counts {@code value} when Redis would free it in the background. */
    static void freeAsync(CommandContext ctx, RedisValue value) {
        if (effort(ctx, value) > THRESHOLD) ctx.engine().stats().lazyfreedObjects++;
    }

    /** emptyDbAsync: every key of the emptied database is counted, however small. */
    static void emptyDbAsync(CommandContext ctx, long keys) { ctx.engine().stats().lazyfreedObjects += keys; }

    /** lazyfreeGetFreeEffort: roughly how many allocations freeing the value takes. */
    private static long effort(CommandContext ctx, RedisValue value) {
        if (value instanceof ListValue l) {
            return dev.txlab.engine.rdb.Rdb.quicklistNodes(l.elements(),
                    ctx.engine().config().getLong("list-max-listpack-size")).size(); // quicklist nodes
        }
        if (value instanceof SetValue || value instanceof HashValue) {
            return value.encoding().equals("hashtable") ? value.size() : 1;
        }
        if (value instanceof SortedSetValue) return value.encoding().equals("skiplist") ? value.size() : 1;
        if (value instanceof StreamValue s) {
            long effort = RaxShape.nodeCount(s);
            if (!s.groups().isEmpty()) {
                // every group counts as much as the first one's pending entries (a constant-time guess)
                effort += (long) s.groups().size() * (1 + s.groups().firstEntry().getValue().pending.size());
            }
            return effort;
        }
        return 1; // a string, HyperLogLog or any other single allocation
    }
}
