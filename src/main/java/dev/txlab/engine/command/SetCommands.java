package dev.txlab.engine.command;

import static dev.txlab.engine.table.CommandSpec.command;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.Flag;
import dev.txlab.engine.table.Group;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** Set commands, as in Redis's t_set.c. */
public final class SetCommands {
    private SetCommands() {}

    public static List<CommandSpec> all() {
        return List.of(
                command("sadd", -3, Group.SET).flags(Flag.WRITE, Flag.DENYOOM, Flag.FAST).firstKey()
                        .syntax("key member [member ...]").summary("Adds members; answers how many were new")
                        .runs(SetCommands::sadd),
                command("srem", -3, Group.SET).flags(Flag.WRITE, Flag.FAST).firstKey()
                        .syntax("key member [member ...]").summary("Removes members; answers how many existed")
                        .runs(SetCommands::srem),
                command("smembers", 2, Group.SET).flags(Flag.READONLY, Flag.UNORDERED_REPLY).firstKey().syntax("key")
                        .summary("Every member (order defined only for small integer sets)")
                        .runs(SetCommands::smembers),
                command("sismember", 3, Group.SET).flags(Flag.READONLY, Flag.FAST).firstKey().syntax("key member")
                        .summary("Whether a member is in the set")
                        .runs(ctx -> {
                            SetValue s = ctx.lookup(ctx.key(1), SetValue.class);
                            return s != null && s.contains(ctx.key(2)) ? Reply.ONE : Reply.ZERO;
                        }),
                command("smismember", -3, Group.SET).flags(Flag.READONLY, Flag.FAST).firstKey()
                        .syntax("key member [member ...]").summary("Whether each member is in the set")
                        .runs(ctx -> {
                            SetValue s = ctx.lookup(ctx.key(1), SetValue.class);
                            List<Reply> out = new ArrayList<>();
                            for (int j = 2; j < ctx.argc(); j++) out.add(s != null && s.contains(ctx.key(j)) ? Reply.ONE : Reply.ZERO);
                            return Reply.array(out);
                        }),
                command("scard", 2, Group.SET).flags(Flag.READONLY, Flag.FAST).firstKey().syntax("key")
                        .summary("The number of members")
                        .runs(ctx -> {
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

    private static Reply smembers(CommandContext ctx) {
        SetValue set = ctx.lookup(ctx.key(1), SetValue.class);
        if (set == null) return Reply.EMPTY_ARRAY;
        List<Reply> out = new ArrayList<>(set.size() > Integer.MAX_VALUE ? 0 : (int) set.size());
        for (Key m : set.membersInReplyOrder()) out.add(Reply.bulk(m.bytes()));
        if (!set.orderDefined() && set.size() > 1) ctx.orderUndefined("a hash table (the set is not a small all-integer intset)");
        return Reply.array(out);
    }
}
