package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.Engine;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.PubSub;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Connection and server commands: PING, ECHO, QUIT, RESET, HELLO, SELECT, DBSIZE, FLUSHDB, FLUSHALL. */
public final class ConnectionCommands {
    private ConnectionCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("ping", ConnectionCommands::ping).allowedInSubscribedMode(),
                bind("echo", ctx -> Reply.bulk(ctx.arg(1))),
                bind("quit", ConnectionCommands::quit)
                        .teaching("Closes the connection; its queue and watches go with it").runsAtOnceInMulti()
                        .allowedInSubscribedMode(),
                bind("reset", ConnectionCommands::reset)
                        .teaching("Resets the connection: leaves MULTI, unwatches, selects db 0").runsAtOnceInMulti()
                        .allowedInSubscribedMode(),
                bind("hello", ConnectionCommands::hello),
                bind("select", ConnectionCommands::select),
                bind("dbsize", ctx -> Reply.integer(ctx.db().size())),
                bind("flushdb", ctx -> flush(ctx, false)),
                bind("flushall", ctx -> flush(ctx, true)));
    }

    private static Reply ping(CommandContext ctx) {
        // PING's arity is checked by the command itself, so "PING a b" in MULTI is QUEUED and fails at EXEC.
        if (ctx.argc() > 2) return Errors.wrongArity("ping");
        // a RESP2 client in subscribed mode can only read arrays: pong comes as one
        if (ctx.session().protocol() == 2 && PubSub.inSubscribedMode(ctx.session())) {
            return Reply.array(List.of(Reply.bulk("pong"), Reply.bulk(ctx.argc() == 1 ? new byte[0] : ctx.arg(1))));
        }
        return ctx.argc() == 1 ? Reply.PONG : Reply.bulk(ctx.arg(1));
    }

    private static Reply quit(CommandContext ctx) {
        ctx.engine().closeAfterReply(ctx.session());
        return Reply.OK;
    }

    /** Redis's clearClientConnectionState: out of MULTI, no watches, no subscriptions, db 0, RESP2, no name. */
    private static Reply reset(CommandContext ctx) {
        // clearClientConnectionState: MONITOR, the user, MULTI, subscriptions, the name, and
        // the READONLY / CLIENT REPLY flags (NO-EVICT stays)
        ctx.engine().monitors().stop(ctx.session());
        if (ctx.session().tracking().on()) ctx.engine().tracking().disable(ctx.session());
        ctx.session().setReplyOff(false);
        ctx.session().setReadonly(false);
        ctx.engine().transactions().discardTransaction(ctx.session());
        ctx.engine().pubsub().unsubscribeAll(ctx.session());
        ctx.select(0);
        ctx.session().setProtocol(2);
        ctx.engine().acl().setDefaultAuth(ctx.session()); // back to the default user, as a new connection
        ctx.session().setName(null);
        return new Reply.Simple("RESET");
    }

    /**
     * Redis 7.0's helloCommand: the version is checked first, then the options in order (a
     * SETNAME before a failing AUTH stays done), and only then does the protocol switch, so the
     * reply is already in the new one. AUTH checks the user and password as the AUTH command does.
     */
    private static Reply hello(CommandContext ctx) {
        int version = 0;
        int next = 1;
        if (ctx.argc() >= 2) {
            Long asked = Numbers.parseLong(ctx.arg(next++));
            if (asked == null) return Reply.error("ERR Protocol version is not an integer or out of range");
            if (asked < 2 || asked > 3) return Errors.NOPROTO;
            version = asked.intValue();
        }
        for (int j = next; j < ctx.argc(); j++) {
            int more = ctx.argc() - 1 - j;
            if (ctx.isOption(j, "auth") && more >= 2) {
                if (!ctx.engine().acl().authenticate(ctx.session(), ctx.arg(j + 1), ctx.arg(j + 2), ctx.arg(0))) {
                    return Errors.WRONGPASS;
                }
                j += 2;
            } else if (ctx.isOption(j, "setname") && more >= 1) {
                Reply.Error refused = nameClient(ctx.session(), ctx.arg(j + 1));
                if (refused != null) return refused;
                j++;
            } else {
                return Reply.error(Errors.withoutNewlines("ERR Syntax error in HELLO option '" + cString(ctx.arg(j)) + "'"));
            }
        }
        if (!ctx.session().authenticated()) {
            return Reply.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO"
                    + " AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol"
                    + " version at the same time");
        }
        if (version != 0) ctx.session().setProtocol(version);
        return Reply.map(List.of(
                Reply.bulk("server"), Reply.bulk("redis"),
                Reply.bulk("version"), Reply.bulk(Engine.REDIS_VERSION),
                Reply.bulk("proto"), Reply.integer(ctx.session().protocol()),
                Reply.bulk("id"), Reply.integer(ctx.session().id()),
                Reply.bulk("mode"), Reply.bulk("standalone"),
                Reply.bulk("role"), Reply.bulk("master"),
                Reply.bulk("modules"), Reply.EMPTY_ARRAY));
    }

    /**
     * CLIENT SETNAME and HELLO SETNAME (Redis's clientSetNameOrReply): printable ASCII without
     * spaces, or empty to remove the name. Null when named, else the error to answer.
     */
    static Reply.Error nameClient(ClientSession session, byte[] name) {
        for (byte b : name) if (b < '!' || b > '~') return Errors.BAD_CLIENT_NAME;
        session.setName(name.length == 0 ? null : name);
        return null;
    }

    /** An argument as C's %s prints it: up to its first NUL. */
    private static String cString(byte[] arg) {
        int n = 0;
        while (n < arg.length && arg[n] != 0) n++;
        return new String(arg, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static Reply select(CommandContext ctx) {
        long index = ctx.longArg(1);
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            // Redis 7.0's getRangeLongFromObjectOrReply really says "value must between".
            throw new CommandFailed(Reply.error("ERR value is out of range, value must between -2147483648 and 2147483647"));
        }
        if (index < 0 || index >= Engine.DATABASES) return Errors.DB_INDEX_OUT_OF_RANGE;
        ctx.select((int) index);
        return Reply.OK;
    }

    private static Reply flush(CommandContext ctx, boolean all) {
        if (ctx.argc() > 2 || (ctx.argc() == 2 && !ctx.isOption(1, "async") && !ctx.isOption(1, "sync"))) {
            return Errors.SYNTAX;
        }
        if (all) {
            for (int i = 0; i < Engine.DATABASES; i++) ctx.engine().database(i).flush();
        } else {
            ctx.db().flush();
        }
        ctx.engine().tracking().invalidateAll(); // signalFlushedDb: trackers are told everything is gone
        ctx.forcePropagation(); // replicas empty their data even when this one was empty already
        return Reply.OK;
    }
}
