package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Notifications;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.hll.HyperLogLog;
import dev.txlab.engine.hll.HyperLogLogSelfTest;
import dev.txlab.engine.keyspace.StringValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * PFADD, PFCOUNT, PFMERGE and the debugging commands, as in Redis's hyperloglog.c. A HyperLogLog
 * is an ordinary string (engine/hll/HyperLogLog holds its layout), so GET, SETRANGE, DUMP and
 * WATCH see it like any other string.
 *
 * <p>A teaching point these commands carry: PFCOUNT is flagged read-only, yet when the cached
 * estimate is stale it writes the fresh one into the string and signals the key, so a PFCOUNT
 * by another client can make a watcher's EXEC fail.
 */
public final class HyperLogLogCommands {
    private HyperLogLogCommands() {}

    private static final Reply.Error NOT_HLL =
            Reply.error("WRONGTYPE Key is not a valid HyperLogLog string value.");
    private static final Reply.Error CORRUPTED = Reply.error("INVALIDOBJ Corrupted HLL object detected");

    public static List<Binding> bindings() {
        return List.of(
                bind("pfadd", HyperLogLogCommands::pfadd)
                        .teaching("Adds elements to a HyperLogLog (a string underneath); answers 1 if its estimate may have changed"),
                bind("pfcount", HyperLogLogCommands::pfcount)
                        .teaching("Estimates distinct elements; a stale cached estimate is rewritten, which touches the key for WATCH"),
                bind("pfmerge", HyperLogLogCommands::pfmerge),
                bind("pfdebug", HyperLogLogCommands::pfdebug),
                bind("pfselftest", ctx -> {
                    String failure = HyperLogLogSelfTest.run(sparseMaxBytes(ctx));
                    return failure == null ? Reply.OK : Reply.error(failure);
                }));
    }

    private static long sparseMaxBytes(CommandContext ctx) {
        return ctx.engine().config().getLong("hll-sparse-max-bytes");
    }

    /** isHLLObjectOrReply: the key's HyperLogLog (a working copy), null when missing. */
    private static HyperLogLog lookup(CommandContext ctx, Key key) {
        StringValue value = ctx.lookup(key, StringValue.class);
        if (value == null) return null;
        if (!HyperLogLog.looksValid(value.bytes())) throw new CommandFailed(NOT_HLL);
        return HyperLogLog.copyOf(value.bytes());
    }

    private static void store(CommandContext ctx, Key key, HyperLogLog hll) {
        ctx.db().put(key, StringValue.raw(hll.toBytes()), true);
    }

    /** PFADD key [element ...]: 1 when the key was created or any register rose. */
    private static Reply pfadd(CommandContext ctx) {
        Key key = ctx.key(1);
        HyperLogLog hll = lookup(ctx, key);
        boolean updated = false;
        if (hll == null) {
            hll = HyperLogLog.empty();
            updated = true;
        }
        long maxBytes = sparseMaxBytes(ctx);
        try {
            for (int i = 2; i < ctx.argc(); i++) updated |= hll.add(ctx.arg(i), maxBytes);
        } catch (HyperLogLog.Corrupted e) {
            return CORRUPTED; // Redis leaves the half-updated value in place; the copy here is dropped
        }
        if (updated) {
            hll.invalidateCache();
            store(ctx, key, hll);
            ctx.db().modified(key);
            Notifications.event(ctx, Notifications.STRING, "pfadd", key);
        }
        return updated ? Reply.ONE : Reply.ZERO;
    }

    /** PFCOUNT key [key ...]: one key answers (and refreshes) its cache; several answer their union. */
    private static Reply pfcount(CommandContext ctx) {
        try {
            if (ctx.argc() > 2) {
                byte[] max = new byte[HyperLogLog.REGISTERS];
                for (int i = 1; i < ctx.argc(); i++) {
                    HyperLogLog hll = lookup(ctx, ctx.key(i));
                    if (hll != null) hll.mergeInto(max);
                }
                return Reply.integer(HyperLogLog.count(max));
            }
            Key key = ctx.key(1);
            HyperLogLog hll = lookup(ctx, key);
            if (hll == null) return Reply.ZERO;
            long cached = hll.cachedCount();
            if (cached >= 0) return Reply.integer(cached);
            long card = hll.count();
            hll.cacheCount(card);
            store(ctx, key, hll);
            ctx.db().modified(key);
            return Reply.integer(card);
        } catch (HyperLogLog.Corrupted e) {
            return CORRUPTED;
        }
    }

    /** PFMERGE destkey [sourcekey ...]: the destination (itself a source) gets every register's maximum. */
    private static Reply pfmerge(CommandContext ctx) {
        byte[] max = new byte[HyperLogLog.REGISTERS];
        boolean anyDense = false;
        try {
            for (int i = 1; i < ctx.argc(); i++) {
                HyperLogLog hll = lookup(ctx, ctx.key(i));
                if (hll == null) continue;
                anyDense |= hll.isDense();
                hll.mergeInto(max);
            }
            Key dest = ctx.key(1);
            HyperLogLog target = lookup(ctx, dest);
            if (target == null) target = HyperLogLog.empty();
            if (anyDense) target.toDense();
            target.raiseAll(max, sparseMaxBytes(ctx));
            target.invalidateCache();
            store(ctx, dest, target);
            ctx.db().modified(dest);
            Notifications.event(ctx, Notifications.STRING, "pfadd", dest); // as Redis: a merge is a mass add
            return Reply.OK;
        } catch (HyperLogLog.Corrupted e) {
            return CORRUPTED;
        }
    }

    /** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key. */
    private static Reply pfdebug(CommandContext ctx) {
        String sub = ctx.text(1);
        Key key = ctx.key(2);
        if (ctx.db().lookup(key) == null) return Reply.error("ERR The specified key does not exist");
        HyperLogLog hll = lookup(ctx, key);
        boolean known = switch (sub.toLowerCase(java.util.Locale.ROOT)) {
            case "getreg", "decode", "encoding", "todense" -> true;
            default -> false;
        };
        if (!known) return Reply.error("ERR Unknown PFDEBUG subcommand '" + sub + "'");
        if (ctx.argc() != 3) return Reply.error("ERR Wrong number of arguments for the '" + sub + "' subcommand");
        try {
            switch (sub.toLowerCase(java.util.Locale.ROOT)) {
                case "getreg" -> {
                    if (!hll.isDense()) {
                        hll.toDense();
                        store(ctx, key, hll); // an encoding change only: no key signal, as in Redis
                        ctx.engine().addDirty(1);
                    }
                    List<Reply> registers = new ArrayList<>(HyperLogLog.REGISTERS);
                    for (int r : hll.registers()) registers.add(Reply.integer(r));
                    return Reply.array(registers);
                }
                case "decode" -> {
                    if (hll.isDense()) return Reply.error("ERR HLL encoding is not sparse");
                    return Reply.bulk(hll.decode());
                }
                case "encoding" -> {
                    return new Reply.Simple(hll.isDense() ? "dense" : "sparse");
                }
                default -> { // todense
                    if (hll.isDense()) return Reply.ZERO;
                    hll.toDense();
                    store(ctx, key, hll);
                    ctx.engine().addDirty(1);
                    return Reply.ONE;
                }
            }
        } catch (HyperLogLog.Corrupted e) {
            return CORRUPTED;
        }
    }
}
