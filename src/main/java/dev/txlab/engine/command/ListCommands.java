package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.Notifications;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.ListValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** List commands, as in Redis's t_list.c. */
public final class ListCommands {
    private ListCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("lpush", ctx -> push(ctx, true, false)),
                bind("rpush", ctx -> push(ctx, false, false)),
                bind("lpushx", ctx -> push(ctx, true, true)),
                bind("rpushx", ctx -> push(ctx, false, true)),
                bind("lpop", ctx -> pop(ctx, true)),
                bind("rpop", ctx -> pop(ctx, false)),
                bind("llen", ctx -> {
                            ListValue list = ctx.lookup(ctx.key(1), ListValue.class);
                            return Reply.integer(list == null ? 0 : list.size());
                        }),
                bind("lrange", ListCommands::lrange),
                bind("lindex", ListCommands::lindex),
                bind("lset", ListCommands::lset),
                bind("lrem", ListCommands::lrem),
                bind("ltrim", ListCommands::ltrim),
                bind("linsert", ListCommands::linsert),
                bind("lpos", ListCommands::lpos),
                bind("lmpop", ctx -> mpop(ctx, 1, false)),
                bind("blmpop", ctx -> mpop(ctx, 2, true))
                        .teaching("LMPOP that waits for an element (never inside MULTI)"),
                bind("rpoplpush", ctx -> move(ctx, false, true, -1)),
                bind("lmove", ctx -> move(ctx, side(ctx, 3), side(ctx, 4), -1)),
                bind("blpop", ctx -> blockingPop(ctx, true))
                        .teaching("LPOP that waits for an element (allowed in MULTI, where it never waits)"),
                bind("brpop", ctx -> blockingPop(ctx, false))
                        .teaching("RPOP that waits for an element (allowed in MULTI, where it never waits)"),
                bind("brpoplpush", ctx -> move(ctx, false, true, Blocking.timeoutMillis(ctx, 3))),
                bind("blmove", ctx -> {
                            boolean from = side(ctx, 3);
                            boolean to = side(ctx, 4);
                            return move(ctx, from, to, Blocking.timeoutMillis(ctx, 5));
                        }));
    }

    private static Reply push(CommandContext ctx, boolean head, boolean onlyIfExists) {
        Key key = ctx.key(1);
        Database db = ctx.db();
        ListValue list = ctx.lookup(key, ListValue.class);
        if (list == null) {
            if (onlyIfExists) return Reply.ZERO;
            list = new ListValue();
            list.trackLayout(ctx.engine().config().getLong("list-max-listpack-size"));
            db.put(key, list, false);
        }
        for (int j = 2; j < ctx.argc(); j++) {
            if (head) list.elements().add(0, ctx.arg(j));
            else list.elements().add(ctx.arg(j));
        }
        db.modified(key);
        Notifications.event(ctx, Notifications.LIST, head ? "lpush" : "rpush", key);
        return Reply.integer(list.size());
    }

    private static Reply pop(CommandContext ctx, boolean head) {
        if (ctx.argc() > 3) return Errors.wrongArity(ctx.commandName());
        boolean hasCount = ctx.argc() == 3;
        long count = 0;
        if (hasCount) {
            Long parsed = Numbers.parseLong(ctx.arg(2));
            if (parsed == null || parsed < 0) return Errors.OUT_OF_RANGE_POSITIVE;
            count = parsed;
        }
        Key key = ctx.key(1);
        ListValue list = ctx.lookup(key, ListValue.class);
        if (list == null) return hasCount ? Reply.NIL_ARRAY : Reply.NIL;
        if (hasCount && count == 0) return Reply.EMPTY_ARRAY;
        List<byte[]> elements = list.elements();
        Reply reply;
        if (!hasCount) {
            reply = Reply.bulk(elements.remove(head ? 0 : elements.size() - 1));
        } else {
            int n = (int) Math.min(count, elements.size());
            List<Reply> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(Reply.bulk(elements.remove(head ? 0 : elements.size() - 1)));
            reply = Reply.array(out);
        }
        removedElements(ctx, key, list, head);
        return reply;
    }

    /** Redis's listElementsRemoved: signal, and delete the key once the list is empty. */
    private static void removedElements(CommandContext ctx, Key key, ListValue list, boolean head) {
        Notifications.event(ctx, Notifications.LIST, head ? "lpop" : "rpop", key);
        boolean emptied = list.size() == 0;
        if (emptied) ctx.db().remove(key);
        ctx.db().modified(key);
        if (emptied) Notifications.event(ctx, Notifications.GENERIC, "del", key);
    }

    /** LEFT is true, RIGHT false; anything else is a syntax error. */
    private static boolean side(CommandContext ctx, int i) {
        if (ctx.isOption(i, "left")) return true;
        if (ctx.isOption(i, "right")) return false;
        throw new CommandFailed(Errors.SYNTAX);
    }

    /**
     * LMOVE and friends; {@code timeout} is -1 for the non-blocking forms. Moving within one
     * list rotates it.
     */
    private static Reply move(CommandContext ctx, boolean fromLeft, boolean toLeft, long timeout) {
        Key source = ctx.key(1);
        Key destination = ctx.key(2);
        ListValue from = ctx.lookup(source, ListValue.class);
        if (from == null) {
            if (timeout < 0 || Blocking.insideExec(ctx)) return Reply.NIL;
            // served once the source is a list: the move itself may still fail (WRONGTYPE destination)
            return Blocking.block(ctx, List.of(source), timeout, Reply.NIL_ARRAY,
                    (served, ready) -> {
                        if (!(served.db().lookup(ready) instanceof ListValue)) return null;
                        Reply moved = move(served, fromLeft, toLeft, -1);
                        // serveClientBlockedOnList: replicas get the move with its sides spelled out
                        if (moved instanceof Reply.Bulk && served.commandName().equals("blmove")) {
                            served.propagateAs("LMOVE", source, destination, fromLeft ? "left" : "right", toLeft ? "left" : "right");
                        }
                        return moved;
                    });
        }
        ListValue to = ctx.lookup(destination, ListValue.class);
        byte[] value = from.elements().remove(fromLeft ? 0 : from.elements().size() - 1);
        if (to == null) {
            to = new ListValue(); // source exists, so a missing destination is another key
            to.trackLayout(ctx.engine().config().getLong("list-max-listpack-size"));
            ctx.db().put(destination, to, false);
        }
        if (toLeft) to.elements().add(0, value);
        else to.elements().add(value);
        ctx.db().modified(destination);
        Notifications.event(ctx, Notifications.LIST, toLeft ? "lpush" : "rpush", destination);
        Notifications.event(ctx, Notifications.LIST, fromLeft ? "lpop" : "rpop", source);
        boolean emptied = from.size() == 0;
        if (emptied) ctx.db().remove(source);
        if (emptied) Notifications.event(ctx, Notifications.GENERIC, "del", source);
        ctx.db().modified(source);
        // replicas never block: BLMOVE goes as LMOVE, BRPOPLPUSH as RPOPLPUSH
        if (ctx.commandName().equals("blmove")) ctx.propagateAs("LMOVE", source, destination, ctx.arg(3), ctx.arg(4));
        else if (ctx.commandName().equals("brpoplpush")) ctx.propagateAs("RPOPLPUSH", source, destination);
        return Reply.bulk(value);
    }

    private static Reply blockingPop(CommandContext ctx, boolean head) {
        long timeout = Blocking.timeoutMillis(ctx, ctx.argc() - 1);
        for (int j = 1; j < ctx.argc() - 1; j++) {
            Key key = ctx.key(j);
            ListValue list = ctx.lookup(key, ListValue.class);
            if (list != null) return pop(ctx, key, list, head);
        }
        if (Blocking.insideExec(ctx)) return Reply.NIL_ARRAY;
        // served from whichever key gains elements first, not in the order the keys were given
        return Blocking.block(ctx, Blocking.keysBeforeTimeout(ctx), timeout, Reply.NIL_ARRAY,
                (served, ready) -> served.db().lookup(ready) instanceof ListValue list ? pop(served, ready, list, head) : null);
    }

    /**
     * LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] and BLMPOP timeout numkeys ...: pops up
     * to count elements from the first non-empty list, answering [key, [elements]], or a null
     * array. BLMPOP parses its timeout after everything else, as t_list.c does.
     */
    private static Reply mpop(CommandContext ctx, int numkeysIndex, boolean blocking) {
        Long numkeys = Numbers.parseLong(ctx.arg(numkeysIndex));
        if (numkeys == null || numkeys < 1) return Reply.error("ERR numkeys should be greater than 0");
        if (numkeys >= ctx.argc() - numkeysIndex - 1) return Errors.SYNTAX; // no room for LEFT|RIGHT
        int whereIndex = numkeysIndex + numkeys.intValue() + 1;
        boolean head = side(ctx, whereIndex);
        long count = -1;
        for (int j = whereIndex + 1; j < ctx.argc(); j++) {
            boolean more = j < ctx.argc() - 1;
            if (count == -1 && ctx.isOption(j, "count") && more) {
                Long parsed = Numbers.parseLong(ctx.arg(++j));
                if (parsed == null || parsed < 1) return Reply.error("ERR count should be greater than 0");
                count = parsed;
            } else {
                return Errors.SYNTAX;
            }
        }
        if (count == -1) count = 1;
        long timeout = blocking ? Blocking.timeoutMillis(ctx, 1) : -1;
        List<Key> keys = new ArrayList<>();
        for (int j = numkeysIndex + 1; j < whereIndex; j++) keys.add(ctx.key(j));
        for (Key key : keys) {
            ListValue list = ctx.lookup(key, ListValue.class);
            if (list != null) return popRange(ctx, key, list, head, count);
        }
        if (!blocking || Blocking.insideExec(ctx)) return Reply.NIL_ARRAY;
        final long n = count;
        return Blocking.block(ctx, keys, timeout, Reply.NIL_ARRAY,
                (served, ready) -> served.db().lookup(ready) instanceof ListValue list ? popRange(served, ready, list, head, n) : null);
    }

    /** listPopRangeAndReplyWithKey: [key, [up to count elements from one end]]. */
    private static Reply popRange(CommandContext ctx, Key key, ListValue list, boolean head, long count) {
        List<byte[]> elements = list.elements();
        int n = (int) Math.min(count, elements.size());
        List<Reply> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(Reply.bulk(elements.remove(head ? 0 : elements.size() - 1)));
        removedElements(ctx, key, list, head);
        ctx.propagateAs(head ? "LPOP" : "RPOP", key, n); // [B]LMPOP as [LR]POP key count
        return Reply.array(List.of(Reply.bulk(key.bytes()), Reply.array(out)));
    }

    /** BLPOP's answer: the key and the element popped from it. */
    private static Reply pop(CommandContext ctx, Key key, ListValue list, boolean head) {
        byte[] value = list.elements().remove(head ? 0 : list.elements().size() - 1);
        removedElements(ctx, key, list, head);
        ctx.propagateAs(head ? "LPOP" : "RPOP", key); // B[LR]POP as [LR]POP
        return Reply.array(List.of(Reply.bulk(key.bytes()), Reply.bulk(value)));
    }

    private static Reply linsert(CommandContext ctx) {
        boolean after;
        if (ctx.isOption(2, "after")) after = true;
        else if (ctx.isOption(2, "before")) after = false;
        else return Errors.SYNTAX;
        Key key = ctx.key(1);
        ListValue list = ctx.lookup(key, ListValue.class);
        if (list == null) return Reply.ZERO;
        List<byte[]> elements = list.elements();
        for (int i = 0; i < elements.size(); i++) {
            if (Arrays.equals(elements.get(i), ctx.arg(3))) {
                elements.add(after ? i + 1 : i, ctx.arg(4));
                ctx.db().modified(key);
                Notifications.event(ctx, Notifications.LIST, "linsert", key);
                return Reply.integer(elements.size());
            }
        }
        return Reply.integer(-1);
    }

    private static Reply lpos(CommandContext ctx) {
        long rank = 1, count = -1, maxlen = 0;
        for (int j = 3; j < ctx.argc(); j++) {
            boolean hasNext = j + 1 < ctx.argc();
            if (ctx.isOption(j, "rank") && hasNext) {
                rank = ctx.longArg(++j);
                if (rank == 0) {
                    return Reply.error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                            + "or use negative to start from the end of the list");
                }
            } else if (ctx.isOption(j, "count") && hasNext) {
                Long parsed = Numbers.parseLong(ctx.arg(++j));
                if (parsed == null || parsed < 0) return Reply.error("ERR COUNT can't be negative");
                count = parsed;
            } else if (ctx.isOption(j, "maxlen") && hasNext) {
                Long parsed = Numbers.parseLong(ctx.arg(++j));
                if (parsed == null || parsed < 0) return Reply.error("ERR MAXLEN can't be negative");
                maxlen = parsed;
            } else {
                return Errors.SYNTAX;
            }
        }
        // Redis negates a negative rank in a C long: LONG_MIN stays negative, so every match counts
        if (rank == Long.MIN_VALUE) rank = -1;
        ListValue list = ctx.lookup(ctx.key(1), ListValue.class);
        if (list == null) return count >= 0 ? Reply.EMPTY_ARRAY : Reply.NIL;
        List<byte[]> elements = list.elements();
        List<Reply> matches = new ArrayList<>();
        int n = elements.size();
        long skip = Math.abs(rank) - 1;
        for (int step = 0; step < n && (maxlen == 0 || step < maxlen); step++) {
            int i = rank > 0 ? step : n - 1 - step;
            if (!Arrays.equals(elements.get(i), ctx.arg(2))) continue;
            if (skip > 0) {
                skip--;
                continue;
            }
            matches.add(Reply.integer(i));
            if (count < 0 || (count > 0 && matches.size() >= count)) break;
        }
        if (count >= 0) return Reply.array(matches);
        return matches.isEmpty() ? Reply.NIL : matches.get(0);
    }

    private static Reply lrange(CommandContext ctx) {
        long start = ctx.longArg(2);
        long end = ctx.longArg(3);
        ListValue list = ctx.lookup(ctx.key(1), ListValue.class);
        if (list == null) return Reply.EMPTY_ARRAY;
        long len = list.size();
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (start > end || start >= len) return Reply.EMPTY_ARRAY;
        if (end >= len) end = len - 1;
        List<Reply> out = new ArrayList<>((int) (end - start + 1));
        for (int i = (int) start; i <= end; i++) out.add(Reply.bulk(list.elements().get(i)));
        return Reply.array(out);
    }

    private static Reply lindex(CommandContext ctx) {
        ListValue list = ctx.lookup(ctx.key(1), ListValue.class);
        if (list == null) return Reply.NIL; // before the index is parsed, as in Redis
        long index = ctx.longArg(2);
        long len = list.size();
        if (index < 0) index = len + index;
        if (index < 0 || index >= len) return Reply.NIL;
        return Reply.bulk(list.elements().get((int) index));
    }

    private static Reply lset(CommandContext ctx) {
        Key key = ctx.key(1);
        ListValue list = ctx.lookup(key, ListValue.class);
        if (list == null) return Errors.NO_SUCH_KEY;
        long index = ctx.longArg(2);
        long len = list.size();
        if (index < 0) index = len + index;
        if (index < 0 || index >= len) return Errors.INDEX_OUT_OF_RANGE;
        list.elements().set((int) index, ctx.arg(3));
        ctx.db().modified(key);
        Notifications.event(ctx, Notifications.LIST, "lset", key);
        return Reply.OK;
    }

    private static Reply lrem(CommandContext ctx) {
        long toRemove = ctx.longArg(2);
        Key key = ctx.key(1);
        ListValue list = ctx.lookup(key, ListValue.class);
        if (list == null) return Reply.ZERO;
        byte[] element = ctx.arg(3);
        List<byte[]> elements = list.elements();
        long removed = 0;
        if (toRemove >= 0) {
            for (int i = 0; i < elements.size() && (toRemove == 0 || removed < toRemove); ) {
                if (Arrays.equals(elements.get(i), element)) {
                    elements.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            // lremCommand negates the count and stops when removed == toremove: -LLONG_MIN stays
            // LLONG_MIN, never reached, so that count removes every match from the tail
            long limit = -toRemove;
            for (int i = elements.size() - 1; i >= 0 && removed != limit; i--) {
                if (Arrays.equals(elements.get(i), element)) {
                    elements.remove(i);
                    removed++;
                }
            }
        }
        if (removed > 0) ctx.db().modified(key);
        if (removed > 0) Notifications.event(ctx, Notifications.LIST, "lrem", key);
        if (elements.isEmpty()) {
            ctx.db().remove(key);
            Notifications.event(ctx, Notifications.GENERIC, "del", key);
        }
        return Reply.integer(removed);
    }

    private static Reply ltrim(CommandContext ctx) {
        long start = ctx.longArg(2);
        long end = ctx.longArg(3);
        Key key = ctx.key(1);
        ListValue list = ctx.lookup(key, ListValue.class);
        if (list == null) return Reply.OK;
        long len = list.size();
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        List<byte[]> elements = list.elements();
        if (start > end || start >= len) {
            elements.clear();
        } else {
            if (end >= len) end = len - 1;
            elements.subList((int) end + 1, elements.size()).clear();
            elements.subList(0, (int) start).clear();
        }
        Notifications.event(ctx, Notifications.LIST, "ltrim", key);
        if (elements.isEmpty()) ctx.db().remove(key);
        ctx.db().modified(key);
        if (elements.isEmpty()) Notifications.event(ctx, Notifications.GENERIC, "del", key);
        return Reply.OK;
    }

}
