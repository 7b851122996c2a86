package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.ServerConfig;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.StringValue;
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
                bind("object|freq", ObjectCommand::freq));
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
