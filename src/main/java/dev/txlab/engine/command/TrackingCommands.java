package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.Tracking;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO (networking.c's clientCommand); the model is {@link Tracking}. */
public final class TrackingCommands {
    private TrackingCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("client|tracking", TrackingCommands::tracking)
                        .teaching("Client-side caching: the server remembers what you read and tells you when it changes"),
                bind("client|caching", TrackingCommands::caching),
                bind("client|getredir", ctx -> Reply.integer(ctx.session().tracking().redirect())),
                bind("client|trackinginfo", TrackingCommands::trackingInfo));
    }

    /** CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p ...] [OPTIN] [OPTOUT] [NOLOOP]. */
    private static Reply tracking(CommandContext ctx) {
        long redirect = 0;
        boolean bcast = false, optIn = false, optOut = false, noLoop = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < ctx.argc(); j++) {
            boolean more = j + 1 < ctx.argc();
            if (ctx.isOption(j, "redirect") && more) {
                j++;
                if (redirect != 0) return Reply.error("ERR A client can only redirect to a single other client");
                Long id = Numbers.parseLong(ctx.arg(j));
                if (id == null) return Errors.NOT_INTEGER;
                redirect = id;
                if (ctx.engine().clientById(redirect) == null) {
                    return Reply.error("ERR The client ID you want redirect to does not exist");
                }
            } else if (ctx.isOption(j, "bcast")) {
                bcast = true;
            } else if (ctx.isOption(j, "optin")) {
                optIn = true;
            } else if (ctx.isOption(j, "optout")) {
                optOut = true;
            } else if (ctx.isOption(j, "noloop")) {
                noLoop = true;
            } else if (ctx.isOption(j, "prefix") && more) {
                prefixes.add(ctx.arg(++j));
            } else {
                return Errors.SYNTAX;
            }
        }
        ClientSession c = ctx.session();
        Tracking tracking = ctx.engine().tracking();
        if (ctx.isOption(2, "on")) {
            if (!bcast && !prefixes.isEmpty()) return Reply.error("ERR PREFIX option requires BCAST mode to be enabled");
            if (c.tracking().on() && c.tracking().bcast() != bcast) {
                return Reply.error("ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
                        + "and then re-enabling it with a different mode.");
            }
            if (bcast && (optIn || optOut)) return Reply.error("ERR OPTIN and OPTOUT are not compatible with BCAST");
            if (optIn && optOut) return Reply.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
            List<String> current = tracking.flags(c);
            if ((optIn && current.contains("optout")) || (optOut && current.contains("optin"))) {
                return Reply.error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
                        + "and then re-enabling it with a different mode.");
            }
            if (bcast) {
                Reply.Error collision = tracking.prefixCollision(c, prefixes);
                if (collision != null) return collision;
            }
            tracking.enable(c, redirect, bcast, optIn, optOut, noLoop, prefixes);
        } else if (ctx.isOption(2, "off")) {
            tracking.disable(c);
        } else {
            return Errors.SYNTAX;
        }
        return Reply.OK;
    }

    private static Reply caching(CommandContext ctx) {
        boolean yes = ctx.isOption(2, "yes");
        if (!ctx.session().tracking().on()) return ctx.engine().tracking().caching(ctx.session(), yes);
        if (!yes && !ctx.isOption(2, "no")) return Errors.SYNTAX;
        Reply.Error refused = ctx.engine().tracking().caching(ctx.session(), yes);
        return refused != null ? refused : Reply.OK;
    }

    /** CLIENT TRACKINGINFO: a map of flags (a set), redirect and prefixes. */
    private static Reply trackingInfo(CommandContext ctx) {
        ClientSession c = ctx.session();
        List<Reply> flags = new ArrayList<>();
        for (String f : ctx.engine().tracking().flags(c)) flags.add(Reply.bulk(f));
        List<Reply> prefixes = new ArrayList<>();
        for (byte[] p : ctx.engine().tracking().prefixesOf(c)) prefixes.add(Reply.bulk(p));
        return Reply.map(List.of(Reply.bulk("flags"), Reply.set(flags), Reply.bulk("redirect"),
                Reply.integer(c.tracking().redirect()), Reply.bulk("prefixes"), Reply.array(prefixes)));
    }
}
