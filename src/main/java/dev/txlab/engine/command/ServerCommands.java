package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.Engine;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.ServerConfig;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Server commands that matter for transactions: the persistence commands that MULTI refuses or
 * only schedules, CONFIG (maxmemory and min-replicas make EXEC abort), CLIENT names, SWAPDB
 * (which touches watches), DEBUG SLEEP / SET-ACTIVE-EXPIRE, TIME and MONITOR.
 */
public final class ServerCommands {
    private ServerCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("save", ctx -> {
                            ctx.engine().resetDirty();
                            return Reply.OK;
                        })
                        .teaching("Saves the dataset to disk (not allowed inside MULTI)"),
                bind("bgsave", ctx -> background(ctx, "Background saving"))
                        .teaching("Saves in the background (inside MULTI it is only scheduled)"),
                bind("bgrewriteaof", ServerCommands::bgrewriteaof),
                bind("shutdown", ServerCommands::shutdown)
                        .teaching("Stops the server (not allowed inside MULTI)"),
                bind("time", ctx -> {
                            long now = ctx.now();
                            return Reply.array(List.of(Reply.bulk(Bytes.ascii(now / 1000)), Reply.bulk(Bytes.ascii((now % 1000) * 1000))));
                        }),
                bind("swapdb", ServerCommands::swapdb)
                        .teaching("Swaps two databases; watched keys that exist in either are touched"),
                bind("wait", ServerCommands::waitForReplicas)
                        .teaching("Waits for replicas to acknowledge writes (the lab has none)").blocks(),
                bind("monitor", ServerCommands::monitor)
                        .teaching("Streams every command the server runs, as the server calls it (EXEC after its commands, scripts' calls as [db lua])"),
                bind("debug", ServerCommands::debug));

    }

    /** Inside EXEC, BGSAVE and BGREWRITEAOF only schedule the fork (Redis 7.0). */
    private static Reply background(CommandContext ctx, String what) {
        if (ctx.argc() > 2 || (ctx.argc() == 2 && !ctx.isOption(1, "schedule"))) return Errors.SYNTAX;
        boolean insideExec = ctx.session().transaction().inMulti();
        if (!insideExec && what.startsWith("Background saving")) ctx.engine().resetDirty(); // the save completes at once
        return new Reply.Simple(what + (insideExec ? " scheduled" : " started"));
    }

    /** bgrewriteaofCommand: inside EXEC the rewrite is scheduled for after it. */
    private static Reply bgrewriteaof(CommandContext ctx) {
        ctx.engine().rewriteAppendOnlyFile();
        return background(ctx, "Background append only file rewriting");
    }

    private static Reply shutdown(CommandContext ctx) {
        boolean abort = false, save = false, nosave = false, other = false;
        for (int i = 1; i < ctx.argc(); i++) {
            if (ctx.isOption(i, "abort")) abort = true;
            else if (ctx.isOption(i, "save")) save = true;
            else if (ctx.isOption(i, "nosave")) nosave = true;
            else if (ctx.isOption(i, "now") || ctx.isOption(i, "force")) other = true;
            else return Errors.SYNTAX;
        }
        if ((abort && (save || nosave || other)) || (save && nosave)) return Errors.SYNTAX;
        // the lab never starts a shutdown, so there is none to abort
        if (abort) return Reply.error("ERR No shutdown in progress.");
        if (ctx.engine().scriptTimedOut()) {
            // Redis allows only SHUTDOWN NOSAVE past busy-reply-threshold, and exits, killing the script
            if (!nosave) return ctx.engine().scripting().busyError();
            ctx.engine().interruptScript();
            return Reply.error("ERR txlab does not shut down its engine: it stopped the busy script instead (Redis"
                    + " would exit, losing every change since the last save)");
        }
        return Reply.error("ERR txlab does not shut down its engine: it would end every client's session");
    }

    /** The lab has no replicas: 0 acknowledge, and asking for more waits out the timeout. */
    private static Reply waitForReplicas(CommandContext ctx) {
        long wanted = ctx.longArg(1);
        Long timeout = Numbers.parseLong(ctx.arg(2));
        if (timeout == null) return Reply.error("ERR timeout is not an integer or out of range");
        if (timeout < 0) return Reply.error("ERR timeout is negative");
        if (wanted <= 0 || ctx.session().transaction().inMulti()) return Reply.ZERO;
        return Blocking.block(ctx, List.of(), timeout, Reply.ZERO, (served, ready) -> null);
    }

    private static Reply monitor(CommandContext ctx) {
        if (ctx.session().transaction().inMulti()) return Reply.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
        if (ctx.session().denyBlocking()) return Reply.error("ERR MONITOR isn't allowed for DENY BLOCKING client");
        if (ctx.engine().monitors().isMonitor(ctx.session())) return new Reply.Multi(List.of()); // no reply at all
        ctx.engine().monitors().add(ctx.session());
        return Reply.OK;
    }

    private static Reply swapdb(CommandContext ctx) {
        if (ctx.engine().cluster() != null) return Reply.error("ERR SWAPDB is not allowed in cluster mode");
        int first = dbIndex(ctx.arg(1), "ERR invalid first DB index");
        int second = dbIndex(ctx.arg(2), "ERR invalid second DB index");
        if (first < 0 || first >= Engine.DATABASES || second < 0 || second >= Engine.DATABASES) {
            return Errors.DB_INDEX_OUT_OF_RANGE;
        }
        if (first != second) ctx.engine().swapDatabases(first, second);
        return Reply.OK;
    }

    private static int dbIndex(byte[] arg, String error) {
        Long v = Numbers.parseLong(arg);
        if (v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new CommandFailed(Reply.error(error));
        return v.intValue();
    }

    private static Reply debug(CommandContext ctx) {
        // debugCommand answers its help for DEBUG HELP (argc 2), even though txlab runs few of them
        if (ctx.argc() == 2 && ctx.isOption(1, "help")) return Help.reply(ctx, DEBUG_HELP);
        if (ctx.isOption(1, "sleep") && ctx.argc() == 3) {
            Double seconds = Numbers.parseDoubleSaturating(ctx.arg(2));
            long millis = seconds == null || seconds.isNaN() ? 0 : (long) (seconds * 1000);
            ctx.engine().sleep(Math.max(0, millis));
            return Reply.OK;
        }
        if (ctx.isOption(1, "set-active-expire") && ctx.argc() == 3) {
            Long flag = Numbers.parseLong(ctx.arg(2));
            ctx.engine().setActiveExpire(flag != null && flag != 0);
            return Reply.OK;
        }
        if (ctx.isOption(1, "pause-cron") && ctx.argc() == 3) {
            Long flag = Numbers.parseLong(ctx.arg(2)); // atoi
            ctx.engine().setCronPaused(flag != null && flag != 0);
            return Reply.OK;
        }
        if (ctx.isOption(1, "replybuffer") && ctx.argc() == 4) {
            if (ctx.isOption(2, "peak-reset-time")) {
                if (ctx.isOption(3, "never")) ctx.engine().setReplyBufferPeakReset(-1);
                else if (ctx.isOption(3, "reset")) ctx.engine().setReplyBufferPeakReset(Engine.REPLY_BUFFER_DEFAULT_PEAK_RESET_MILLIS);
                else {
                    Long millis = Numbers.parseLong(ctx.arg(3));
                    if (millis == null) return Errors.NOT_INTEGER;
                    ctx.engine().setReplyBufferPeakReset(millis);
                }
            } else if (ctx.isOption(2, "resizing")) {
                Long on = Numbers.parseLong(ctx.arg(3)); // atoi
                ctx.engine().setReplyBufferResizing(on != null && on != 0);
            } else {
                return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
            }
            return Reply.OK;
        }
        if (ctx.isOption(1, "protocol") && ctx.argc() == 3) return debugProtocol(ctx);
        if (ctx.isOption(1, "set-disable-deny-scripts") && ctx.argc() == 3) {
            Long on = dev.txlab.engine.Numbers.parseLong(ctx.arg(2)); // atoi: anything else is 0
            ctx.engine().scripting().setDenyScriptsDisabled(on != null && on != 0);
            return Reply.OK;
        }
        if (ctx.isOption(1, "digest") && ctx.argc() == 2) return new Reply.Simple(Digest.ofDataset(ctx.engine()));
        if (ctx.isOption(1, "digest-value")) {
            List<Reply> out = new ArrayList<>();
            for (int j = 2; j < ctx.argc(); j++) out.add(new Reply.Simple(Digest.ofKey(ctx.db(), ctx.key(j))));
            return Reply.array(out);
        }
        if (ctx.isOption(1, "object") && ctx.argc() == 3) return ObjectCommand.debugObject(ctx);
        // debugCommand's LISTPACK and QUICKLIST print the structure on the server's stdout, after
        // objectCommandLookupOrReply and an encoding check; the reply is all a client sees
        if (ctx.isOption(1, "listpack") && ctx.argc() == 3) return printedOnStdout(ctx, "listpack", "Listpack");
        if (ctx.isOption(1, "quicklist") && (ctx.argc() == 3 || ctx.argc() == 4)) return printedOnStdout(ctx, "quicklist", "Quicklist");
        if (ctx.isOption(1, "reload")) return dev.txlab.engine.rdb.Reload.debugReload(ctx);
        if (ctx.isOption(1, "loadaof")) return dev.txlab.engine.rdb.Reload.debugLoadAof(ctx);
        if (ctx.isOption(1, "quicklist-packed-threshold") && ctx.argc() == 3) {
            // where a quicklist stores an element in a node of its own: invisible to commands
            Long size = dev.txlab.engine.ServerConfig.memoryValue(ctx.text(2));
            if (size == null || size > (1L << 32) - (1 << 20)) {
                return Reply.error("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
            }
            return Reply.OK;
        }
        return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
    }

    /** DEBUG PROTOCOL type: one reply of each RESP3 type, for clients to test their parsers. */
    /** DEBUG LISTPACK / QUICKLIST: the key's structure goes to the server's stdout, the client gets a status. */
    private static Reply printedOnStdout(CommandContext ctx, String encoding, String what) {
        RedisValue v = ctx.db().lookupNoTouch(ctx.key(2));
        if (v == null) return Errors.NO_SUCH_KEY;
        if (!v.encoding().equals(encoding)) return Reply.error("ERR Not a " + encoding + " encoded object.");
        return new Reply.Simple(what + " structure printed on stdout");
    }

    private static Reply debugProtocol(CommandContext ctx) {
        String type = ctx.text(2).toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "string" -> Reply.bulk("Hello World");
            case "integer" -> Reply.integer(12345);
            case "double" -> new Reply.Double(3.141);
            case "bignum" -> new Reply.BigNumber("1234567999999999999999999999999999999");
            case "null" -> Reply.NIL;
            case "array" -> Reply.array(List.of(Reply.integer(0), Reply.integer(1), Reply.integer(2)));
            case "set" -> Reply.set(List.of(Reply.integer(0), Reply.integer(1), Reply.integer(2)));
            case "map" -> Reply.map(List.of(Reply.integer(0), new Reply.Bool(false), Reply.integer(1), new Reply.Bool(true),
                    Reply.integer(2), new Reply.Bool(false)));
            // attributes reach only RESP3 clients; a RESP2 client sees the reply alone
            case "attrib" -> new Reply.Attribute(Reply.map(List.of(Reply.bulk("key-popularity"),
                    Reply.array(List.of(Reply.bulk("key:123"), Reply.integer(90))))),
                    Reply.bulk("Some real reply following the attribute"));
            case "push" -> ctx.session().protocol() < 3 ? Reply.error("ERR RESP2 is not supported by this command")
                    : Reply.error("ERR txlab does not simulate DEBUG PROTOCOL PUSH yet (out-of-band replies come with pub/sub)");
            case "true" -> new Reply.Bool(true);
            case "false" -> new Reply.Bool(false);
            case "verbatim" -> new Reply.Verbatim("txt", "This is a verbatim\nstring".getBytes(StandardCharsets.US_ASCII));
            default -> Reply.error("ERR Wrong protocol type name. Please use one of the following: "
                    + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        };
    }

    /** debugCommand's help lines (debug.c), shown by DEBUG HELP. */
    private static final String[] DEBUG_HELP = {
            "AOF-FLUSH-SLEEP <microsec>",
            "    Server will sleep before flushing the AOF, this is used for testing.",
            "ASSERT",
            "    Crash by assertion failed.",
            "CHANGE-REPL-ID",
            "    Change the replication IDs of the instance.",
            "    Dangerous: should be used only for testing the replication subsystem.",
            "CONFIG-REWRITE-FORCE-ALL",
            "    Like CONFIG REWRITE but writes all configuration options, including",
            "    keywords not listed in original configuration file or default values.",
            "CRASH-AND-RECOVER [<milliseconds>]",
            "    Hard crash and restart after a <milliseconds> delay (default 0).",
            "DIGEST",
            "    Output a hex signature representing the current DB content.",
            "DIGEST-VALUE <key> [<key> ...]",
            "    Output a hex signature of the values of all the specified keys.",
            "ERROR <string>",
            "    Return a Redis protocol error with <string> as message. Useful for clients",
            "    unit tests to simulate Redis errors.",
            "LEAK <string>",
            "    Create a memory leak of the input string.",
            "LOG <message>",
            "    Write <message> to the server log.",
            "HTSTATS <dbid>",
            "    Return hash table statistics of the specified Redis database.",
            "HTSTATS-KEY <key>",
            "    Like HTSTATS but for the hash table stored at <key>'s value.",
            "LOADAOF",
            "    Flush the AOF buffers on disk and reload the AOF in memory.",
            "REPLICATE <string>",
            "    Replicates the provided string to replicas, allowing data divergence.",
            "MALLCTL <key> [<val>]",
            "    Get or set a malloc tuning integer.",
            "MALLCTL-STR <key> [<val>]",
            "    Get or set a malloc tuning string.",
            "OBJECT <key>",
            "    Show low level info about `key` and associated value.",
            "DROP-CLUSTER-PACKET-FILTER <packet-type>",
            "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
            "OOM",
            "    Crash the server simulating an out-of-memory error.",
            "PANIC",
            "    Crash the server simulating a panic.",
            "POPULATE <count> [<prefix>] [<size>]",
            "    Create <count> string keys named key:<num>. If <prefix> is specified then",
            "    it is used instead of the 'key' prefix. These are not propagated to",
            "    replicas. Cluster slots are not respected so keys not belonging to the",
            "    current node can be created in cluster mode.",
            "PROTOCOL <type>",
            "    Reply with a test value of the specified type. <type> can be: string,",
            "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
            "    true, false.",
            "RELOAD [option ...]",
            "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
            "    * MERGE: conflicting keys will be loaded from RDB.",
            "    * NOFLUSH: the existing database will not be removed before load, but",
            "      conflicting keys will generate an exception and kill the server.",
            "    * NOSAVE: the database will be loaded from an existing RDB file.",
            "    Examples:",
            "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
            "      the database.",
            "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
            "      existing RDB file.",
            "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
            "      file to the database.",
            "RESTART [<milliseconds>]",
            "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
            "SDSLEN <key>",
            "    Show low level SDS string info representing `key` and value.",
            "SEGFAULT",
            "    Crash the server with sigsegv.",
            "SET-ACTIVE-EXPIRE <0|1>",
            "    Setting it to 0 disables expiring keys in background when they are not",
            "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
            "    default.",
            "QUICKLIST-PACKED-THRESHOLD <size>",
            "    Sets the threshold for elements to be inserted as plain vs packed nodes",
            "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
            "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
            "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
            "SLEEP <seconds>",
            "    Stop the server for <seconds>. Decimals allowed.",
            "STRINGMATCH-TEST",
            "    Run a fuzz tester against the stringmatchlen() function.",
            "STRUCTSIZE",
            "    Return the size of different Redis core C structures.",
            "LISTPACK <key>",
            "    Show low level info about the listpack encoding of <key>.",
            "QUICKLIST <key> [<0|1>]",
            "    Show low level info about the quicklist encoding of <key>.",
            "    The optional argument (0 by default) sets the level of detail",
            "CLIENT-EVICTION",
            "    Show low level client eviction pools info (maxmemory-clients).",
            "PAUSE-CRON <0|1>",
            "    Stop periodic cron job processing.",
            "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
            "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
            "    In case NEVER is provided the last observed peak will never be reset",
            "    In case RESET is provided the peak reset time will be restored to the default value",
            "REPLYBUFFER RESIZING <0|1>",
            "    Enable or disable the reply buffer resize cron job",
            "CLUSTERLINK KILL <to|from|all> <node-id>",
            "    Kills the link based on the direction to/from (both) with the provided node.",
    };
}
