package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Notifications;
import dev.txlab.engine.LongDouble;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.keyspace.EncodingLimits;
import dev.txlab.engine.keyspace.HashValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hash commands, as in Redis's t_hash.c. */
public final class HashCommands {
    private HashCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("hset", ctx -> hset(ctx, false)),
                bind("hmset", ctx -> hset(ctx, true)),
                bind("hsetnx", HashCommands::hsetnx),
                bind("hget", ctx -> {
                            HashValue h = ctx.lookup(ctx.key(1), HashValue.class);
                            return h == null ? Reply.NIL : Reply.bulkOrNil(h.get(ctx.key(2)));
                        }),
                bind("hmget", HashCommands::hmget),
                bind("hgetall", ctx -> listHash(ctx, true, true)),
                bind("hkeys", ctx -> listHash(ctx, true, false)),
                bind("hvals", ctx -> listHash(ctx, false, true)),
                bind("hdel", HashCommands::hdel),
                bind("hexists", ctx -> {
                            HashValue h = ctx.lookup(ctx.key(1), HashValue.class);
                            return h != null && h.get(ctx.key(2)) != null ? Reply.ONE : Reply.ZERO;
                        }),
                bind("hlen", ctx -> {
                            HashValue h = ctx.lookup(ctx.key(1), HashValue.class);
                            return Reply.integer(h == null ? 0 : h.size());
                        }),
                bind("hstrlen", ctx -> {
                            HashValue h = ctx.lookup(ctx.key(1), HashValue.class);
                            byte[] v = h == null ? null : h.get(ctx.key(2));
                            return Reply.integer(v == null ? 0 : v.length);
                        }),
                bind("hincrby", HashCommands::hincrby),
                bind("hincrbyfloat", HashCommands::hincrbyfloat),
                bind("hrandfield", HashCommands::hrandfield));
    }

    static EncodingLimits limits(CommandContext ctx) { return EncodingLimits.of(ctx.engine().config()); }

    /** The hash at key, created (and stored) when missing; WRONGTYPE for other types. */
    private static HashValue lookupOrCreate(CommandContext ctx, Key key) {
        HashValue h = ctx.lookup(key, HashValue.class);
        if (h == null) {
            h = new HashValue();
            ctx.db().put(key, h, false);
        }
        return h;
    }

    private static Reply hset(CommandContext ctx, boolean legacy) {
        if (ctx.argc() % 2 == 1) return Errors.wrongArity(ctx.commandName());
        Key key = ctx.key(1);
        HashValue h = lookupOrCreate(ctx, key);
        long created = 0;
        EncodingLimits limits = limits(ctx);
        for (int j = 2; j < ctx.argc(); j += 2) if (h.put(ctx.key(j), ctx.arg(j + 1), limits)) created++;
        ctx.db().modified(key);
        Notifications.event(ctx, Notifications.HASH, "hset", key);
        return legacy ? Reply.OK : Reply.integer(created);
    }

    private static Reply hsetnx(CommandContext ctx) {
        Key key = ctx.key(1);
        HashValue h = lookupOrCreate(ctx, key);
        if (h.get(ctx.key(2)) != null) return Reply.ZERO;
        h.put(ctx.key(2), ctx.arg(3), limits(ctx));
        ctx.db().modified(key);
        Notifications.event(ctx, Notifications.HASH, "hset", key);
        return Reply.ONE;
    }

    private static Reply hmget(CommandContext ctx) {
        HashValue h = ctx.lookup(ctx.key(1), HashValue.class);
        List<Reply> out = new ArrayList<>(ctx.argc() - 2);
        for (int j = 2; j < ctx.argc(); j++) out.add(h == null ? Reply.NIL : Reply.bulkOrNil(h.get(ctx.key(j))));
        return Reply.array(out);
    }

    /** HGETALL answers a map (RESP3 {@code %}); HKEYS and HVALS arrays, as genericHgetallCommand does. */
    private static Reply listHash(CommandContext ctx, boolean fields, boolean values) {
        boolean map = fields && values;
        HashValue h = ctx.lookup(ctx.key(1), HashValue.class);
        if (h == null) return map ? Reply.EMPTY_MAP : Reply.EMPTY_ARRAY;
        List<Reply> out = new ArrayList<>();
        for (Map.Entry<Key, byte[]> e : h.fields().entrySet()) {
            if (fields) out.add(Reply.bulk(e.getKey().bytes()));
            if (values) out.add(Reply.bulk(e.getValue()));
        }
        if (!h.orderDefined() && h.size() > 1) ctx.orderUndefined("a hash table (the hash outgrew its listpack)");
        return map ? Reply.map(out) : Reply.array(out);
    }

    private static Reply hdel(CommandContext ctx) {
        Key key = ctx.key(1);
        HashValue h = ctx.lookup(key, HashValue.class);
        if (h == null) return Reply.ZERO;
        long deleted = 0;
        for (int j = 2; j < ctx.argc(); j++) {
            if (h.remove(ctx.key(j))) {
                deleted++;
                if (h.size() == 0) {
                    ctx.db().remove(key);
                    break;
                }
            }
        }
        if (deleted > 0) {
            ctx.db().modified(key);
            Notifications.event(ctx, Notifications.HASH, "hdel", key);
            if (h.size() == 0) Notifications.event(ctx, Notifications.GENERIC, "del", key);
        }
        return Reply.integer(deleted);
    }

    private static Reply hincrby(CommandContext ctx) {
        long increment = ctx.longArg(3);
        Key key = ctx.key(1);
        HashValue h = lookupOrCreate(ctx, key);
        byte[] current = h.get(ctx.key(2));
        long value = 0;
        if (current != null) {
            Long parsed = Numbers.parseLong(current);
            if (parsed == null) return Errors.HASH_NOT_INTEGER;
            value = parsed;
        }
        if (Numbers.addOverflows(value, increment)) return Errors.OVERFLOW;
        value += increment;
        h.put(ctx.key(2), Bytes.ascii(value), limits(ctx));
        ctx.db().modified(key);
        Notifications.event(ctx, Notifications.HASH, "hincrby", key);
        return Reply.integer(value);
    }

    private static Reply hincrbyfloat(CommandContext ctx) {
        LongDouble.Parsed increment = LongDouble.parse(ctx.arg(3));
        if (increment == null) return Errors.NOT_FLOAT;
        if (increment.infinite()) return Reply.error("ERR value is NaN or Infinity");
        Key key = ctx.key(1);
        HashValue h = lookupOrCreate(ctx, key);
        byte[] current = h.get(ctx.key(2));
        BigDecimal value = BigDecimal.ZERO;
        if (current != null) {
            LongDouble.Parsed parsed = LongDouble.parse(current);
            if (parsed == null) return Errors.HASH_NOT_FLOAT;
            if (parsed.infinite()) return Errors.NAN_OR_INFINITY;
            value = parsed.value();
        }
        BigDecimal sum = LongDouble.add(value, increment.value());
        if (sum == null) return Errors.NAN_OR_INFINITY;
        byte[] text = LongDouble.formatHuman(sum).getBytes(StandardCharsets.US_ASCII);
        h.put(ctx.key(2), text, limits(ctx));
        ctx.db().modified(key);
        ctx.propagateAs("HSET", key, ctx.arg(2), text); // the result, so replicas never round differently
        Notifications.event(ctx, Notifications.HASH, "hincrbyfloat", key);
        return Reply.bulk(text);
    }

    /**
     * HRANDFIELD key [count [WITHVALUES]], as t_hash.c picks: a negative count samples with
     * repetition (at most {@link Errors#MAX_REPLY_ELEMENTS}, where Redis would exhaust memory); a
     * count at least the size answers the whole hash in its order; otherwise distinct random
     * fields. Pairs nest in RESP3.
     */
    private static Reply hrandfield(CommandContext ctx) {
        if (ctx.argc() == 2) {
            HashValue h = ctx.lookup(ctx.key(1), HashValue.class);
            if (h == null) return Reply.NIL;
            List<Key> fields = new ArrayList<>(h.fields().keySet());
            if (fields.size() > 1) ctx.orderUndefined("a random choice");
            return Reply.bulk(fields.get(ctx.engine().random().nextInt(fields.size())).bytes());
        }
        long l = rangedCount(ctx, 2);
        boolean withValues = false;
        if (ctx.argc() > 4 || (ctx.argc() == 4 && !ctx.isOption(3, "withvalues"))) return Errors.SYNTAX;
        if (ctx.argc() == 4) {
            withValues = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) return Reply.error("ERR value is out of range");
        }
        HashValue h = ctx.lookup(ctx.key(1), HashValue.class);
        if (h == null || l == 0) return Reply.EMPTY_ARRAY;
        boolean unique = l > 0;
        long count = Math.abs(l);
        List<Map.Entry<Key, byte[]>> entries = new ArrayList<>(h.fields().entrySet());
        int size = entries.size();
        java.util.Random random = ctx.engine().random();
        List<Map.Entry<Key, byte[]>> picked = new ArrayList<>();
        if (!unique || count == 1) {
            if (count > Errors.MAX_REPLY_ELEMENTS) return Errors.REPLY_TOO_LONG;
            for (long i = 0; i < count; i++) picked.add(entries.get(random.nextInt(size)));
            if (size > 1) ctx.orderUndefined("a random choice");
        } else if (count >= size) {
            picked = entries; // the whole hash, in its own order
            if (size > 1 && !h.orderDefined()) ctx.orderUndefined("a hash table (the hash outgrew its listpack)");
        } else {
            // distinct fields: a listpack yields them in its order, a hash table in none
            boolean[] chosen = new boolean[size];
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < size; i++) order.add(i);
            java.util.Collections.shuffle(order, random);
            for (int i = 0; i < count; i++) chosen[order.get(i)] = true;
            for (int i = 0; i < size; i++) if (chosen[i]) picked.add(entries.get(i));
            ctx.orderUndefined("a random choice");
        }
        List<Reply> out = new ArrayList<>(picked.size() * (withValues ? 2 : 1));
        for (Map.Entry<Key, byte[]> e : picked) {
            out.add(Reply.bulk(e.getKey().bytes()));
            if (withValues) out.add(Reply.bulk(e.getValue()));
        }
        return withValues ? Reply.pairs(out) : Reply.array(out);
    }

    /** getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): a count that can be negated. */
    static long rangedCount(CommandContext ctx, int i) {
        long l = ctx.longArg(i);
        if (l == Long.MIN_VALUE) {
            throw CommandContext.fail(Reply.error(
                    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"));
        }
        return l;
    }
}
