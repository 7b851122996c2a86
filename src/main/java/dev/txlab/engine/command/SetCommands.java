package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Notifications;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.keyspace.EncodingLimits;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Set commands, as in Redis's t_set.c. Results are built the way Redis builds them (a new intset
 * that converts as members arrive), so a small all-integer result answers in ascending order and
 * anything else in an order Redis leaves undefined; random picks follow Redis's strategies (which
 * members can come back, and in which order when that shows), not its random numbers.
 */
public final class SetCommands {
    private SetCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("sadd", SetCommands::sadd),
                bind("srem", SetCommands::srem),
                bind("smembers", ctx -> inter(ctx, 1, ctx.argc(), null, false, 0)),
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
                bind("sinter", ctx -> inter(ctx, 1, ctx.argc(), null, false, 0)),
                bind("sinterstore", ctx -> inter(ctx, 2, ctx.argc(), ctx.key(1), false, 0)),
                bind("sintercard", SetCommands::sintercard),
                bind("sunion", ctx -> unionDiff(ctx, 1, null, false)),
                bind("sdiff", ctx -> unionDiff(ctx, 1, null, true)),
                bind("sunionstore", ctx -> unionDiff(ctx, 2, ctx.key(1), false)),
                bind("sdiffstore", ctx -> unionDiff(ctx, 2, ctx.key(1), true)),
                bind("scard", ctx -> {
                            SetValue s = ctx.lookup(ctx.key(1), SetValue.class);
                            return Reply.integer(s == null ? 0 : s.size());
                        }));
    }

    static EncodingLimits limits(CommandContext ctx) { return EncodingLimits.of(ctx.engine().config()); }

    private static Reply sadd(CommandContext ctx) {
        Key key = ctx.key(1);
        SetValue set = ctx.lookup(key, SetValue.class);
        if (set == null) {
            set = SetValue.forMember(ctx.key(2));
            ctx.db().put(key, set, false);
        }
        EncodingLimits limits = limits(ctx);
        long added = 0;
        for (int j = 2; j < ctx.argc(); j++) if (set.add(ctx.key(j), limits)) added++;
        if (added > 0) ctx.db().modified(key); // adding only existing members changes nothing
        if (added > 0) Notifications.event(ctx, Notifications.SET, "sadd", key);
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
        if (removed > 0) {
            ctx.db().modified(key);
            Notifications.event(ctx, Notifications.SET, "srem", key);
            if (set.size() == 0) Notifications.event(ctx, Notifications.GENERIC, "del", key);
        }
        return Reply.integer(removed);
    }

    /** The sets at keys [from, to): null for a missing key, WRONGTYPE at the first other type. */
    private static List<SetValue> lookupAll(CommandContext ctx, int from, int to) {
        List<SetValue> sets = new ArrayList<>(to - from);
        for (int j = from; j < to; j++) sets.add(ctx.lookup(ctx.key(j), SetValue.class));
        return sets;
    }

    /** The members of a set as Redis would send them, telling the trace when that order is undefined. */
    private static Reply replySet(CommandContext ctx, SetValue result) {
        List<Reply> out = new ArrayList<>((int) Math.min(result.size(), Integer.MAX_VALUE));
        for (Key m : result.membersInReplyOrder()) out.add(Reply.bulk(m.bytes()));
        if (!result.orderDefined() && out.size() > 1) ctx.orderUndefined("a hash table (the result is not a small all-integer set)");
        return Reply.set(out); // RESP3 '~', an empty one too
    }

    /**
     * STORE of a computed set: an empty result deletes the destination (a signal only when it
     * existed), anything else replaces it.
     */
    private static Reply store(CommandContext ctx, Key destination, SetValue result, String event) {
        if (result.size() == 0) {
            ctx.db().lookup(destination); // an expired destination goes first, as dbDelete finds nothing then
            if (ctx.db().remove(destination)) {
                ctx.db().modified(destination);
                Notifications.event(ctx, Notifications.GENERIC, "del", destination);
            }
            return Reply.ZERO;
        }
        ctx.db().put(destination, result, false);
        ctx.db().modified(destination);
        Notifications.event(ctx, Notifications.SET, event, destination);
        return Reply.integer(result.size());
    }

    /**
     * SINTER, SMEMBERS (SINTER of one key in 7.0), SINTERSTORE and SINTERCARD: the members of the
     * smallest set found in every other, in the smallest set's order. A missing key makes the
     * result empty.
     */
    private static Reply inter(CommandContext ctx, int from, int to, Key destination, boolean cardinalityOnly, long limit) {
        List<SetValue> sets = lookupAll(ctx, from, to);
        if (sets.contains(null)) {
            if (destination != null) return store(ctx, destination, SetValue.intset(), "sinterstore");
            return cardinalityOnly ? Reply.ZERO : Reply.EMPTY_SET;
        }
        List<SetValue> bySize = new ArrayList<>(sets);
        bySize.sort((a, b) -> Long.compare(a.size(), b.size())); // stable, like glibc's merge sort
        SetValue smallest = bySize.get(0);
        SetValue result = SetValue.intset();
        EncodingLimits limits = limits(ctx);
        long cardinality = 0;
        for (Key m : smallest.membersInReplyOrder()) {
            boolean inAll = true;
            for (SetValue s : bySize) {
                if (s != smallest && !s.contains(m)) {
                    inAll = false;
                    break;
                }
            }
            if (!inAll) continue;
            cardinality++;
            if (cardinalityOnly) {
                if (limit > 0 && cardinality >= limit) break;
            } else {
                result.add(m, limits);
            }
        }
        if (cardinalityOnly) return Reply.integer(cardinality);
        if (destination != null) return store(ctx, destination, result, "sinterstore");
        // SINTER replies in the smallest input's order (not the result's encoding)
        List<Reply> out = new ArrayList<>();
        for (Key m : smallest.membersInReplyOrder()) if (result.contains(m)) out.add(Reply.bulk(m.bytes()));
        if (!smallest.orderDefined() && out.size() > 1) ctx.orderUndefined("a hash table (the smallest set is not an intset)");
        return Reply.set(out);
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit]. */
    private static Reply sintercard(CommandContext ctx) {
        Long numkeys = Numbers.parseLong(ctx.arg(1));
        if (numkeys == null || numkeys < 1) return Reply.error("ERR numkeys should be greater than 0");
        if (numkeys > ctx.argc() - 2) return Reply.error("ERR Number of keys can't be greater than number of args");
        long limit = 0;
        for (int j = 2 + numkeys.intValue(); j < ctx.argc(); j++) {
            boolean more = j < ctx.argc() - 1;
            if (ctx.isOption(j, "limit") && more) {
                Long l = Numbers.parseLong(ctx.arg(++j));
                if (l == null || l < 0) return Reply.error("ERR LIMIT can't be negative");
                limit = l;
            } else {
                return Errors.SYNTAX;
            }
        }
        return inter(ctx, 2, 2 + numkeys.intValue(), null, true, limit);
    }

    /**
     * SUNION, SDIFF and their STORE forms: a new set (an intset at first) built member by member.
     * A missing key is an empty set; SDIFF of a key with itself is empty.
     */
    private static Reply unionDiff(CommandContext ctx, int from, Key destination, boolean diff) {
        List<SetValue> sets = lookupAll(ctx, from, ctx.argc());
        SetValue result = SetValue.intset();
        EncodingLimits limits = limits(ctx);
        if (!diff) {
            for (SetValue s : sets) if (s != null) for (Key m : s.membersInReplyOrder()) result.add(m, limits);
        } else if (sets.get(0) != null) {
            SetValue first = sets.get(0);
            boolean sameSet = false;
            for (int i = 1; i < sets.size(); i++) if (sets.get(i) == first) sameSet = true;
            if (!sameSet) {
                for (Key m : first.membersInReplyOrder()) {
                    boolean elsewhere = false;
                    for (int i = 1; i < sets.size() && !elsewhere; i++) elsewhere = sets.get(i) != null && sets.get(i).contains(m);
                    if (!elsewhere) result.add(m, limits);
                }
            }
        }
        if (destination != null) return store(ctx, destination, result, diff ? "sdiffstore" : "sunionstore");
        return replySet(ctx, result);
    }

    /** SPOP key [count]: the count's strategies are t_set.c's (spopWithCountCommand). */
    private static Reply spop(CommandContext ctx) {
        if (ctx.argc() > 3) return Errors.SYNTAX;
        Key key = ctx.key(1);
        if (ctx.argc() == 2) {
            SetValue set = ctx.lookup(key, SetValue.class);
            if (set == null) return Reply.NIL;
            List<Key> members = new ArrayList<>(set.members());
            Key popped = members.get(ctx.engine().random().nextInt(members.size()));
            set.remove(popped);
            Notifications.event(ctx, Notifications.SET, "spop", key);
            if (set.size() == 0) ctx.db().remove(key);
            if (set.size() == 0) Notifications.event(ctx, Notifications.GENERIC, "del", key);
            ctx.db().modified(key);
            if (members.size() > 1) ctx.orderUndefined("a random choice");
            ctx.propagateAs("SREM", key, popped); // replicas must drop the same member
            return Reply.bulk(popped.bytes());
        }
        Long parsed = Numbers.parseLong(ctx.arg(2));
        if (parsed == null || parsed < 0) return Errors.OUT_OF_RANGE_POSITIVE;
        long count = parsed;
        SetValue set = ctx.lookup(key, SetValue.class);
        // With a count, SPOP answers a set (addReplySetLen).
        if (set == null || count == 0) return Reply.EMPTY_SET;
        long size = set.size();
        Notifications.event(ctx, Notifications.SET, "spop", key);
        if (count >= size) {
            // CASE 1: the whole set, answered as SUNION of the key would answer it
            SetValue all = SetValue.intset();
            EncodingLimits limits = limits(ctx);
            for (Key m : set.membersInReplyOrder()) all.add(m, limits);
            Reply reply = replySet(ctx, all);
            ctx.db().remove(key);
            Notifications.event(ctx, Notifications.GENERIC, "del", key);
            ctx.db().modified(key);
            ctx.propagateAs("DEL", key);
            return reply;
        }
        Random random = ctx.engine().random();
        List<Key> members = new ArrayList<>(set.membersInReplyOrder());
        List<Reply> out = new ArrayList<>((int) count);
        long remaining = size - count;
        if (remaining * 5 > count) {
            // CASE 2: pop random members one by one, answered in the order they were drawn
            Collections.shuffle(members, random);
            for (int i = 0; i < count; i++) {
                set.remove(members.get(i));
                out.add(Reply.bulk(members.get(i).bytes()));
                ctx.alsoPropagate("SREM", key, members.get(i));
            }
        } else {
            // CASE 3: draw the members that stay into a new set; answer the rest in the old set's order
            List<Key> keep = new ArrayList<>(members);
            Collections.shuffle(keep, random);
            keep = keep.subList(0, (int) remaining);
            SetValue newSet = SetValue.forMember(keep.get(0));
            EncodingLimits limits = limits(ctx);
            for (Key m : keep) {
                newSet.add(m, limits);
                set.remove(m);
            }
            for (Key m : set.membersInReplyOrder()) {
                out.add(Reply.bulk(m.bytes()));
                ctx.alsoPropagate("SREM", key, m);
            }
            ctx.db().put(key, newSet, true);
        }
        ctx.preventPropagation(); // the SREMs say it all
        ctx.db().modified(key);
        ctx.orderUndefined("a random choice");
        return Reply.set(out);
    }

    /** SRANDMEMBER key [count]: the count's strategies are t_set.c's (srandmemberWithCountCommand). */
    private static Reply srandmember(CommandContext ctx) {
        if (ctx.argc() > 3) return Errors.SYNTAX;
        Random random = ctx.engine().random();
        if (ctx.argc() == 2) {
            SetValue set = ctx.lookup(ctx.key(1), SetValue.class);
            if (set == null) return Reply.NIL;
            List<Key> members = new ArrayList<>(set.members());
            if (members.size() > 1) ctx.orderUndefined("a random choice");
            return Reply.bulk(members.get(random.nextInt(members.size())).bytes());
        }
        long l = HashCommands.rangedCount(ctx, 2); // parsed before the key is looked up
        SetValue set = ctx.lookup(ctx.key(1), SetValue.class);
        if (set == null || l == 0) return Reply.EMPTY_ARRAY;
        boolean unique = l > 0;
        long count = Math.abs(l);
        List<Key> members = set.membersInReplyOrder();
        int size = members.size();
        List<Reply> out = new ArrayList<>();
        if (!unique || count == 1) {
            // CASE 1: draws with repetition
            if (count > Errors.MAX_REPLY_ELEMENTS) return Errors.REPLY_TOO_LONG;
            for (long i = 0; i < count; i++) out.add(Reply.bulk(members.get(random.nextInt(size)).bytes()));
            if (size > 1) ctx.orderUndefined("a random choice");
        } else if (count >= size) {
            // CASE 2: the whole set, in its own order
            for (Key m : members) out.add(Reply.bulk(m.bytes()));
            if (size > 1 && !set.orderDefined()) ctx.orderUndefined("a hash table (the set is not a small all-integer intset)");
        } else {
            // CASES 3 and 4: distinct members, answered in a temporary dictionary's order
            List<Key> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, random);
            for (int i = 0; i < count; i++) out.add(Reply.bulk(shuffled.get(i).bytes()));
            ctx.orderUndefined("a random choice");
        }
        return Reply.array(out);
    }

    private static Reply smove(CommandContext ctx) {
        Key source = ctx.key(1);
        Key destination = ctx.key(2);
        // both are looked up (and expired) first; a missing source answers 0 before any type check
        boolean sourceExists = ctx.db().lookup(source) != null;
        ctx.db().lookup(destination);
        if (!sourceExists) return Reply.ZERO;
        SetValue from = ctx.lookup(source, SetValue.class);
        SetValue to = ctx.lookup(destination, SetValue.class);
        Key member = ctx.key(3);
        if (source.equals(destination)) return from.contains(member) ? Reply.ONE : Reply.ZERO;
        if (!from.remove(member)) return Reply.ZERO;
        Notifications.event(ctx, Notifications.SET, "srem", source);
        if (from.size() == 0) {
            ctx.db().remove(source);
            Notifications.event(ctx, Notifications.GENERIC, "del", source);
        }
        if (to == null) {
            to = SetValue.forMember(member);
            ctx.db().put(destination, to, false);
        }
        ctx.db().modified(source);
        // Only a member new to the destination changes it: a destination that already holds it
        // is left alone, and a WATCH on it stays clean (Redis signals it only when the add succeeds).
        if (to.add(member, limits(ctx))) {
            ctx.db().modified(destination);
            Notifications.event(ctx, Notifications.SET, "sadd", destination);
        }
        return Reply.ONE;
    }
}
