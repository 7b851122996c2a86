package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** Set commands, as in Redis's t_set.c. */
public final class SetCommands {
    private SetCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("sadd", SetCommands::sadd),
                bind("srem", SetCommands::srem),
                bind("smembers", SetCommands::smembers),
                bind("sismember", ctx -> {
                            SetValue s = ctx.lookup(ctx.key(1), SetValue.class);
                            return s != null && s.contains(ctx.key(2)) ? Reply.ONE : Reply.ZERO;
                        }),
                bind("smismember", ctx -> {
                            SetValue s = ctx.lookup(ctx.key(1), SetValue.class);
                            List<Reply> out = new ArrayList<>();
                            for (int j = 2; j < ctx.argc(); j++) out.add(s != null && s.contains(ctx.key(j)) ? Reply.ONE : Reply.ZERO);
                            return Reply.array(out);
                        }),
                bind("spop", SetCommands::spop),
                bind("srandmember", SetCommands::srandmember),
                bind("smove", SetCommands::smove),
                bind("sinter", ctx -> algebra(ctx, Op.INTER, false)),
                bind("sunion", ctx -> algebra(ctx, Op.UNION, false)),
                bind("sdiff", ctx -> algebra(ctx, Op.DIFF, false)),
                bind("sinterstore", ctx -> algebra(ctx, Op.INTER, true)),
                bind("sunionstore", ctx -> algebra(ctx, Op.UNION, true)),
                bind("sdiffstore", ctx -> algebra(ctx, Op.DIFF, true)),
                bind("scard", ctx -> {
                            SetValue s = ctx.lookup(ctx.key(1), SetValue.class);
                            return Reply.integer(s == null ? 0 : s.size());
                        }));
    }

    private static Reply sadd(CommandContext ctx) {
        Key key = ctx.key(1);
        SetValue set = ctx.lookup(key, SetValue.class);
        if (set == null) {
            set = new SetValue();
            ctx.db().put(key, set, false);
        }
        long added = 0;
        for (int j = 2; j < ctx.argc(); j++) if (set.add(ctx.key(j))) added++;
        if (added > 0) ctx.db().modified(key); // adding only existing members changes nothing
        return Reply.integer(added);
    }

    private static Reply srem(CommandContext ctx) {
        Key key = ctx.key(1);
        SetValue set = ctx.lookup(key, SetValue.class);
        if (set == null) return Reply.ZERO;
        long removed = 0;
        for (int j = 2; j < ctx.argc(); j++) {
            if (set.remove(ctx.key(j))) {
                removed++;
                if (set.size() == 0) {
                    ctx.db().remove(key);
                    break;
                }
            }
        }
        if (removed > 0) ctx.db().modified(key);
        return Reply.integer(removed);
    }

    private enum Op { INTER, UNION, DIFF }

    /**
     * SINTER/SUNION/SDIFF and their STORE forms. A missing key is an empty set. The result is a
     * new set with Redis's encoding rules, so an all-integer result answers in ascending order;
     * SINTER answers in the order of its smallest input, defined only when that is an intset.
     */
    private static Reply algebra(CommandContext ctx, Op op, boolean store) {
        int first = store ? 2 : 1;
        List<SetValue> sets = new ArrayList<>();
        for (int j = first; j < ctx.argc(); j++) sets.add(ctx.lookup(ctx.key(j), SetValue.class));
        SetValue result = new SetValue();
        boolean orderDefined;
        if (op == Op.INTER) {
            SetValue smallest = null;
            boolean anyMissing = false;
            for (SetValue s : sets) {
                if (s == null) anyMissing = true;
                else if (smallest == null || s.size() < smallest.size()) smallest = s;
            }
            if (!anyMissing && smallest != null) {
                for (Key m : smallest.membersInReplyOrder()) {
                    boolean inAll = true;
                    for (SetValue s : sets) if (!s.contains(m)) { inAll = false; break; }
                    if (inAll) result.add(m);
                }
            }
            orderDefined = smallest == null || smallest.orderDefined();
        } else {
            SetValue base = sets.get(0);
            for (int i = 0; i < sets.size(); i++) {
                SetValue s = sets.get(i);
                if (s == null) continue;
                if (op == Op.UNION) for (Key m : s.members()) result.add(m);
                else if (i == 0) for (Key m : s.members()) result.add(m);
                else for (Key m : s.members()) result.remove(m);
            }
            if (op == Op.DIFF && base == null) result = new SetValue();
            orderDefined = result.orderDefined();
        }
        if (store) {
            Key destination = ctx.key(1);
            boolean existed = ctx.db().lookup(destination) != null;
            if (result.size() == 0) {
                if (existed) {
                    ctx.db().remove(destination);
                    ctx.db().modified(destination);
                }
            } else {
                ctx.db().put(destination, result, false);
                ctx.db().modified(destination);
            }
            return Reply.integer(result.size());
        }
        List<Reply> out = new ArrayList<>();
        for (Key m : result.membersInReplyOrder()) out.add(Reply.bulk(m.bytes()));
        if (!orderDefined && out.size() > 1) ctx.orderUndefined("a hash table (the result is not a small all-integer set)");
        return Reply.set(out); // RESP3 '~', an empty one too
    }

    private static Reply spop(CommandContext ctx) {
        if (ctx.argc() > 3) return dev.txlab.protocol.Errors.SYNTAX;
        Key key = ctx.key(1);
        long count = -1;
        if (ctx.argc() == 3) {
            Long parsed = dev.txlab.engine.Numbers.parseLong(ctx.arg(2));
            if (parsed == null || parsed < 0) return dev.txlab.protocol.Errors.OUT_OF_RANGE_POSITIVE;
            count = parsed;
        }
        SetValue set = ctx.lookup(key, SetValue.class);
        // With a count, SPOP answers a set (spopWithCountCommand's addReplySetLen).
        if (set == null) return count < 0 ? Reply.NIL : Reply.EMPTY_SET;
        if (count == 0) return Reply.EMPTY_SET;
        if (count >= set.size()) {
            // Redis answers the whole set as SUNION of the key would: a small all-integer set in order.
            SetValue all = new SetValue();
            for (Key m : set.members()) all.add(m);
            List<Reply> out = new ArrayList<>();
            for (Key m : all.membersInReplyOrder()) out.add(Reply.bulk(m.bytes()));
            ctx.db().remove(key);
            ctx.db().modified(key);
            if (!all.orderDefined() && out.size() > 1) ctx.orderUndefined("a hash table (the set is not a small all-integer intset)");
            return Reply.set(out);
        }
        List<Key> members = new ArrayList<>(set.members());
        java.util.Collections.shuffle(members, ctx.engine().random());
        int n = count < 0 ? 1 : (int) Math.min(count, members.size());
        List<Reply> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            set.remove(members.get(i));
            out.add(Reply.bulk(members.get(i).bytes()));
        }
        if (set.size() == 0) ctx.db().remove(key);
        ctx.db().modified(key);
        if (n > 1 || members.size() > 1) ctx.orderUndefined("a random choice");
        return count < 0 ? out.get(0) : Reply.set(out);
    }

    private static Reply srandmember(CommandContext ctx) {
        if (ctx.argc() > 3) return dev.txlab.protocol.Errors.SYNTAX;
        if (ctx.argc() == 3) ctx.longArg(2); // the count is parsed before the key is looked up
        SetValue set = ctx.lookup(ctx.key(1), SetValue.class);
        if (ctx.argc() == 2) {
            if (set == null) return Reply.NIL;
            List<Key> members = new ArrayList<>(set.members());
            if (members.size() > 1) ctx.orderUndefined("a random choice");
            return Reply.bulk(members.get(ctx.engine().random().nextInt(members.size())).bytes());
        }
        long count = ctx.longArg(2);
        if (count == Long.MIN_VALUE) {
            return Reply.error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        }
        if (set == null || count == 0) return Reply.EMPTY_ARRAY;
        if (-count > Errors.MAX_REPLY_ELEMENTS) return Errors.REPLY_TOO_LONG;
        List<Key> members = new ArrayList<>(set.members());
        List<Reply> out = new ArrayList<>();
        if (count > 0) {
            java.util.Collections.shuffle(members, ctx.engine().random());
            for (int i = 0; i < Math.min(count, members.size()); i++) out.add(Reply.bulk(members.get(i).bytes()));
        } else {
            for (long i = 0; i < -count; i++) out.add(Reply.bulk(members.get(ctx.engine().random().nextInt(members.size())).bytes()));
        }
        if (members.size() > 1) ctx.orderUndefined("a random choice");
        return Reply.array(out);
    }

    private static Reply smove(CommandContext ctx) {
        Key source = ctx.key(1);
        Key destination = ctx.key(2);
        // A missing source answers 0 before any type check, as in Redis.
        if (ctx.db().lookup(source) == null) return Reply.ZERO;
        SetValue from = ctx.lookup(source, SetValue.class);
        SetValue to = ctx.lookup(destination, SetValue.class);
        Key member = ctx.key(3);
        if (source.equals(destination)) return from.contains(member) ? Reply.ONE : Reply.ZERO;
        if (!from.remove(member)) return Reply.ZERO;
        if (from.size() == 0) ctx.db().remove(source);
        ctx.db().modified(source);
        if (to == null) {
            to = new SetValue();
            ctx.db().put(destination, to, false);
        }
        // Only a member new to the destination changes it: a destination that already holds it
        // is left alone, and a WATCH on it stays clean (Redis signals it only when the add succeeds).
        if (to.add(member)) ctx.db().modified(destination);
        return Reply.ONE;
    }

    private static Reply smembers(CommandContext ctx) {
        SetValue set = ctx.lookup(ctx.key(1), SetValue.class);
        if (set == null) return Reply.EMPTY_SET; // SMEMBERS is SINTER of one key in Redis 7.0
        List<Reply> out = new ArrayList<>(set.size() > Integer.MAX_VALUE ? 0 : (int) set.size());
        for (Key m : set.membersInReplyOrder()) out.add(Reply.bulk(m.bytes()));
        if (!set.orderDefined() && set.size() > 1) ctx.orderUndefined("a hash table (the set is not a small all-integer intset)");
        return Reply.set(out);
    }
}
