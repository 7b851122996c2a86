package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.Engine;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.tx.TransactionState;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT, as networking.c's clientCommand answers it: LIST and INFO with Redis 7.0's fields and
 * flags (x: in MULTI, d: a watched key changed, b: blocked, P: subscribed ...), ID, GETNAME,
 * SETNAME, KILL (the old form and every filter), PAUSE/UNPAUSE, REPLY, NO-EVICT, UNBLOCK, HELP.
 * TRACKING, CACHING, GETREDIR and TRACKINGINFO live with client-side caching.
 */
public final class ClientCommands {
    private ClientCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("client|id", ctx -> Reply.integer(ctx.session().id())),
                bind("client|setname", ClientCommands::setName),
                bind("client|getname", ctx -> ctx.session().name() == null ? Reply.NIL : Reply.bulk(ctx.session().name())),
                bind("client|list", ClientCommands::list)
                        .teaching("Lists connections; flags x (in MULTI) and d (a watched key changed) show transactions"),
                bind("client|info", ctx -> verbatim(line(ctx.engine(), ctx.session()) + "\n")),
                bind("client|kill", ClientCommands::kill),
                bind("client|pause", ClientCommands::pause)
                        .teaching("Pauses clients: writes (or all commands) wait until the pause ends"),
                bind("client|unpause", ctx -> {
                            ctx.engine().unpause();
                            return Reply.OK;
                        }),
                bind("client|reply", ClientCommands::reply),
                bind("client|no-evict", ClientCommands::noEvict),
                bind("client|unblock", ClientCommands::unblock),
                bind("client|help", ctx -> Help.reply(ctx, HELP)));
    }

    private static final String[] HELP = {
            "CACHING (YES|NO)",
            "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
            "GETREDIR",
            "    Return the client ID we are redirecting to when tracking is enabled.",
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "INFO",
            "    Return information about the current client connection.",
            "KILL <ip:port>",
            "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Kill connections by type.",
            "    * USER <username>",
            "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)",
            "      Skip killing current connection (default: yes).",
            "LIST [options ...]",
            "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Return clients of specified type.",
            "UNPAUSE",
            "    Stop the current client pause, resuming traffic.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Suspend all, or just write, clients for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Control the replies sent to the current connection.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
            "         [OPTIN] [OPTOUT] [NOLOOP]",
            "    Control server assisted client side caching.",
            "TRACKINGINFO",
            "    Report tracking status for the current connection.",
            "NO-EVICT (ON|OFF)",
            "    Protect current client connection from eviction.",
    };

    private static Reply setName(CommandContext ctx) {
        Reply.Error refused = ConnectionCommands.nameClient(ctx.session(), ctx.arg(2));
        return refused != null ? refused : Reply.OK;
    }

    /** addReplyVerbatim: RESP3 clients get "txt" text, RESP2 clients a bulk string. */
    private static Reply verbatim(String text) {
        return new Reply.Verbatim("txt", text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** getClientType: a replica (SYNC/PSYNC, not MONITOR), pubsub while subscribed, else normal. */
    private static String type(Engine engine, ClientSession c) {
        if (engine.propagation().isReplica(c)) return "replica";
        return c.pubsubFlag() ? "pubsub" : "normal";
    }

    /** getClientTypeByName; null for an unknown name. */
    private static String typeByName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "normal" -> "normal";
            case "slave", "replica" -> "replica";
            case "pubsub" -> "pubsub";
            case "master" -> "master";
            default -> null;
        };
    }

    /** catClientInfoString: one client's line, fields in Redis 7.0's order (also the ACL log's client-info). */
    public static String line(Engine engine, ClientSession c) {
        StringBuilder flags = new StringBuilder();
        TransactionState tx = c.transaction();
        if (engine.monitors().isMonitor(c)) {
            flags.append('O');
        } else if (engine.propagation().isReplica(c)) {
            flags.append('S');
        }
        if (c.pubsubFlag()) flags.append('P');
        if (tx.inMulti()) flags.append('x');
        if (engine.isBlocked(c)) flags.append('b');
        if (c.tracking().on()) flags.append('t');
        if (c.tracking().on() && c.tracking().brokenRedirect()) flags.append('R');
        if (c.tracking().on() && c.tracking().bcast()) flags.append('B');
        if (tx.dirtyCas()) flags.append('d');
        if (c.closingAfterReply()) flags.append('c');
        if (c.readonly()) flags.append('r');
        if (c.noEvict()) flags.append('e');
        if (flags.length() == 0) flags.append('N');
        long nowSeconds = engine.now() / 1000;
        long queuedBytes = 0;
        for (TransactionState.QueuedCommand q : tx.queue()) for (byte[] a : q.argv()) queuedBytes += a.length;
        String name = c.name() == null ? "" : new String(c.name(), StandardCharsets.ISO_8859_1);
        dev.txlab.engine.QueryBuffer qb = c.queryBuffer();
        qb.cron(engine.now(), nowSeconds - c.lastInteraction() / 1000);
        return "id=" + c.id()
                + " addr=" + c.address()
                + " laddr=" + c.localAddress()
                + " fd=" + c.fd()
                + " name=" + name
                + " age=" + (nowSeconds - c.createdAt() / 1000)
                + " idle=" + (nowSeconds - c.lastInteraction() / 1000)
                + " flags=" + flags
                + " db=" + c.db()
                + " sub=" + c.channelCount()
                + " psub=" + c.patternCount()
                + " ssub=" + c.shardChannelCount()
                + " multi=" + (tx.inMulti() ? tx.acceptedCount() : -1)
                + " qbuf=" + qb.used() + " qbuf-free=" + qb.free() + " argv-mem=" + qb.argvMemory()
                + " multi-mem=" + queuedBytes
                + " rbs=" + c.replyBuffer().size() + " rbp=" + c.replyBuffer().peak() + " obl=0 oll=0 omem=0"
                // getClientMemoryUsage: the client struct, its query and reply buffers, argv and MULTI queue
                + " tot-mem=" + (790 + c.replyBuffer().size() + qb.allocated() + qb.argvMemory() + queuedBytes)
                + " events=r"
                + " cmd=" + (c.lastCommand() == null ? "NULL" : c.lastCommand())
                + " user=" + c.userName()
                + " redir=" + c.tracking().redirect()
                + " resp=" + c.protocol();
    }

    private static Reply list(CommandContext ctx) {
        Engine engine = ctx.engine();
        StringBuilder out = new StringBuilder();
        if (ctx.argc() == 4 && ctx.isOption(2, "type")) {
            String type = typeByName(ctx.text(3));
            if (type == null) return Reply.error(Errors.withoutNewlines("ERR Unknown client type '" + ctx.text(3) + "'"));
            for (ClientSession c : engine.clients()) if (type(engine, c).equals(type)) out.append(line(engine, c)).append('\n');
        } else if (ctx.argc() > 3 && ctx.isOption(2, "id")) {
            for (int j = 3; j < ctx.argc(); j++) {
                Long id = Numbers.parseLong(ctx.arg(j));
                if (id == null) return Reply.error("ERR Invalid client ID");
                for (ClientSession c : engine.clients()) if (c.id() == id) out.append(line(engine, c)).append('\n');
            }
        } else if (ctx.argc() != 2) {
            return Errors.SYNTAX;
        } else {
            for (ClientSession c : engine.clients()) out.append(line(engine, c)).append('\n');
        }
        return verbatim(out.toString());
    }

    private static Reply kill(CommandContext ctx) {
        String addr = null;
        String laddr = null;
        String user = null;
        String type = null;
        long id = 0;
        boolean skipme = true;
        if (ctx.argc() == 3) {
            addr = ctx.text(2);
            skipme = false; // with the old form a client can kill itself
        } else if (ctx.argc() > 3) {
            for (int i = 2; i < ctx.argc(); i += 2) {
                boolean more = ctx.argc() > i + 1;
                if (ctx.isOption(i, "id") && more) {
                    Long v = Numbers.parseLong(ctx.arg(i + 1));
                    if (v == null || v < 1) throw new CommandFailed(Reply.error("ERR client-id should be greater than 0"));
                    id = v;
                } else if (ctx.isOption(i, "type") && more) {
                    type = typeByName(ctx.text(i + 1));
                    if (type == null) return Reply.error(Errors.withoutNewlines("ERR Unknown client type '" + ctx.text(i + 1) + "'"));
                } else if (ctx.isOption(i, "addr") && more) {
                    addr = ctx.text(i + 1);
                } else if (ctx.isOption(i, "laddr") && more) {
                    laddr = ctx.text(i + 1);
                } else if (ctx.isOption(i, "user") && more) {
                    user = ctx.text(i + 1);
                    if (!knownUser(ctx, user)) return Reply.error(Errors.withoutNewlines("ERR No such user '" + user + "'"));
                } else if (ctx.isOption(i, "skipme") && more) {
                    if (ctx.isOption(i + 1, "yes")) {
                        skipme = true;
                    } else if (ctx.isOption(i + 1, "no")) {
                        skipme = false;
                    } else {
                        return Errors.SYNTAX;
                    }
                } else {
                    return Errors.SYNTAX;
                }
            }
        } else {
            return Errors.SYNTAX;
        }
        List<ClientSession> victims = new ArrayList<>();
        for (ClientSession c : ctx.engine().clients()) {
            if (addr != null && !c.address().equals(addr)) continue;
            if (laddr != null && !c.localAddress().equals(laddr)) continue;
            if (type != null && !type(ctx.engine(), c).equals(type)) continue;
            if (id != 0 && c.id() != id) continue;
            if (user != null && !c.userName().equals(user)) continue;
            if (c == ctx.session() && skipme) continue;
            victims.add(c);
        }
        for (ClientSession c : victims) ctx.engine().kill(c);
        if (ctx.argc() == 3) return victims.isEmpty() ? Reply.error("ERR No such client") : Reply.OK;
        return Reply.integer(victims.size());
    }

    /** Whether an ACL user exists (clientKillCommand's ACLGetUserByName). */
    private static boolean knownUser(CommandContext ctx, String user) { return ctx.engine().acl().hasUser(user); }

    private static Reply pause(CommandContext ctx) {
        // clientCommand matches "pause" only with 3 or 4 arguments; more fall through to its last error
        if (ctx.argc() > 4) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        boolean all = true;
        if (ctx.argc() == 4) {
            if (ctx.isOption(3, "write")) {
                all = false;
            } else if (!ctx.isOption(3, "all")) {
                return Reply.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        Long millis = Numbers.parseLong(ctx.arg(2));
        if (millis == null) return Reply.error("ERR timeout is not an integer or out of range");
        if (millis < 0) return Reply.error("ERR timeout is negative");
        ctx.engine().pause(millis == 0 ? ctx.now() : ctx.now() + millis, all);
        return Reply.OK;
    }

    private static Reply reply(CommandContext ctx) {
        if (ctx.isOption(2, "on")) {
            ctx.session().setReplyOff(false);
            return Reply.OK;
        }
        if (ctx.isOption(2, "off")) {
            ctx.session().setReplyOff(true);
            return Reply.OK; // not sent: the client asked for silence
        }
        if (ctx.isOption(2, "skip")) {
            ctx.session().skipNextReply();
            return Reply.OK; // not sent either
        }
        return Errors.SYNTAX;
    }

    private static Reply noEvict(CommandContext ctx) {
        if (ctx.isOption(2, "on")) {
            ctx.session().setNoEvict(true);
        } else if (ctx.isOption(2, "off")) {
            ctx.session().setNoEvict(false);
        } else {
            return Errors.SYNTAX;
        }
        return Reply.OK;
    }

    private static Reply unblock(CommandContext ctx) {
        if (ctx.argc() > 4) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1)); // as "pause"
        boolean error = false;
        if (ctx.argc() == 4) {
            if (ctx.isOption(3, "error")) {
                error = true;
            } else if (!ctx.isOption(3, "timeout")) {
                return Reply.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        long id = ctx.longArg(2);
        for (ClientSession c : ctx.engine().clients()) {
            if (c.id() == id) return ctx.engine().unblock(c, error) ? Reply.ONE : Reply.ZERO;
        }
        return Reply.ZERO;
    }
}
