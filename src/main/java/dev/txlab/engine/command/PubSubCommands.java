package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.PubSub;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** Publish/subscribe commands, as in Redis's pubsub.c; the state lives in {@link PubSub}. */
public final class PubSubCommands {
    private PubSubCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("publish", ctx -> publish(ctx, PubSub.Kind.GLOBAL))
                        .teaching("Sends a message to a channel's subscribers now; nothing is stored, so a client"
                                + " that subscribes later never sees it"),
                bind("spublish", ctx -> publish(ctx, PubSub.Kind.SHARD)),
                bind("subscribe", ctx -> subscribe(ctx, PubSub.Kind.GLOBAL, "SUBSCRIBE")).allowedInSubscribedMode(),
                bind("ssubscribe", ctx -> subscribe(ctx, PubSub.Kind.SHARD, "SSUBSCRIBE")).allowedInSubscribedMode(),
                bind("unsubscribe", ctx -> ctx.engine().pubsub().unsubscribe(ctx.session(), names(ctx), PubSub.Kind.GLOBAL))
                        .allowedInSubscribedMode(),
                bind("sunsubscribe", ctx -> ctx.engine().pubsub().unsubscribe(ctx.session(), names(ctx), PubSub.Kind.SHARD))
                        .allowedInSubscribedMode(),
                bind("psubscribe", PubSubCommands::psubscribe).allowedInSubscribedMode(),
                bind("punsubscribe", ctx -> ctx.engine().pubsub().punsubscribe(ctx.session(), names(ctx)))
                        .allowedInSubscribedMode(),
                bind("pubsub|channels", ctx -> channels(ctx, PubSub.Kind.GLOBAL)),
                bind("pubsub|shardchannels", ctx -> channels(ctx, PubSub.Kind.SHARD)),
                bind("pubsub|numsub", ctx -> numsub(ctx, PubSub.Kind.GLOBAL)),
                bind("pubsub|shardnumsub", ctx -> numsub(ctx, PubSub.Kind.SHARD)),
                bind("pubsub|numpat", ctx -> Reply.integer(ctx.engine().pubsub().patternCount())),
                bind("pubsub|help", ctx -> Help.reply(ctx, HELP)));
    }

    private static Reply publish(CommandContext ctx, PubSub.Kind kind) {
        ctx.forcePropagationToReplicasOnly(); // replicas' subscribers get the message too; the AOF does not
        return Reply.integer(ctx.engine().pubsub().publish(ctx.key(1), ctx.arg(2), kind));
    }

    /**
     * Inside EXEC a client may not block, but subscribing is allowed there for compatibility;
     * a sharded subscription is refused there.
     */
    private static Reply subscribe(CommandContext ctx, PubSub.Kind kind, String name) {
        if (kind == PubSub.Kind.SHARD && ctx.session().transaction().inMulti()) {
            return Reply.error("ERR " + name + " isn't allowed for a DENY BLOCKING client");
        }
        return ctx.engine().pubsub().subscribe(ctx.session(), names(ctx), kind);
    }

    private static Reply psubscribe(CommandContext ctx) {
        return ctx.engine().pubsub().psubscribe(ctx.session(), names(ctx));
    }

    private static List<Key> names(CommandContext ctx) {
        List<Key> names = new ArrayList<>();
        for (int i = 1; i < ctx.argc(); i++) names.add(ctx.key(i));
        return names;
    }

    private static Reply channels(CommandContext ctx, PubSub.Kind kind) {
        if (ctx.argc() > 3) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        List<Key> found = ctx.engine().pubsub().channels(ctx.argc() == 3 ? ctx.arg(2) : null, kind);
        if (found.size() > 1) ctx.orderUndefined("the channels' hash table");
        List<Reply> out = new ArrayList<>();
        for (Key k : found) out.add(Reply.bulk(k.bytes()));
        return Reply.array(out);
    }

    private static Reply numsub(CommandContext ctx, PubSub.Kind kind) {
        List<Reply> out = new ArrayList<>();
        for (int i = 2; i < ctx.argc(); i++) {
            out.add(Reply.bulk(ctx.arg(i)));
            out.add(Reply.integer(ctx.engine().pubsub().subscribers(ctx.key(i), kind)));
        }
        return Reply.array(out);
    }

    private static final String[] HELP = {
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)"};
}
