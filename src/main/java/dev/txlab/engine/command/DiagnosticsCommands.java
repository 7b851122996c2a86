package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Engine;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.ServerStats;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a standalone Redis 7.0 primary says about itself besides INFO: SLOWLOG (slowlog.c),
 * LATENCY (latency.c, with the per-command histograms), MEMORY's reports, LASTSAVE, LOLWUT,
 * ROLE, REPLICAOF/SLAVEOF and FAILOVER as a primary answers them.
 */
public final class DiagnosticsCommands {
    private DiagnosticsCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("slowlog|get", DiagnosticsCommands::slowlogGet)
                        .teaching("Commands that took longer than slowlog-log-slower-than microseconds (EXEC itself is never logged)"),
                bind("slowlog|len", ctx -> Reply.integer(ctx.engine().stats().slowlog().size())),
                bind("slowlog|reset", ctx -> {
                            ctx.engine().stats().slowlogReset();
                            return Reply.OK;
                        }),
                bind("slowlog|help", ctx -> Help.reply(ctx, SLOWLOG_HELP)),
                bind("latency|history", DiagnosticsCommands::latencyHistory),
                bind("latency|latest", DiagnosticsCommands::latencyLatest),
                bind("latency|graph", DiagnosticsCommands::latencyGraph),
                bind("latency|doctor", DiagnosticsCommands::latencyDoctor),
                bind("latency|reset", ctx -> {
                            List<String> events = new ArrayList<>();
                            for (int i = 2; i < ctx.argc(); i++) events.add(ctx.text(i));
                            return Reply.integer(ctx.engine().stats().latencyReset(events));
                        }),
                bind("latency|histogram", DiagnosticsCommands::latencyHistogram),
                bind("latency|help", ctx -> Help.reply(ctx, LATENCY_HELP)),
                bind("memory|stats", DiagnosticsCommands::memoryStats),
                // getMemoryDoctorReport: under 5 MB it declines; the lab has none of the other issues it looks for
                bind("memory|doctor", ctx -> verbatim(ctx.engine().usedMemory() < 1024 * 1024 * 5
                        ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be "
                        + "used in these conditions. Please, leave for your mission on Earth and fill it with some data. "
                        + "The new Sam and I will be back to our programming as soon as I finished rebooting.\n"
                        : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs "
                        + "on this base.\n")),
                bind("memory|malloc-stats", ctx -> verbatim("Stats not supported for the current allocator")),
                bind("memory|purge", ctx -> Reply.OK),
                bind("memory|help", ctx -> Help.reply(ctx, MEMORY_HELP)),
                bind("lastsave", ctx -> Reply.integer(ctx.engine().stats().lastSaveMillis / 1000)),
                bind("lolwut", Lolwut::command),
                bind("role", DiagnosticsCommands::role),
                bind("replicaof", DiagnosticsCommands::replicaof),
                bind("slaveof", DiagnosticsCommands::replicaof),
                bind("failover", DiagnosticsCommands::failover));
    }

    private static final String[] SLOWLOG_HELP = {
            "GET [<count>]",
            "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
            "    Entries are made of:",
            "    id, timestamp, time in microseconds, arguments array, client IP and port,",
            "    client name",
            "LEN",
            "    Return the length of the slowlog.",
            "RESET",
            "    Reset the slowlog.",
    };

    private static final String[] LATENCY_HELP = {
            "DOCTOR",
            "    Return a human readable latency analysis report.",
            "GRAPH <event>",
            "    Return an ASCII latency graph for the <event> class.",
            "HISTORY <event>",
            "    Return time-latency samples for the <event> class.",
            "LATEST",
            "    Return the latest latency samples for all events.",
            "RESET [<event> ...]",
            "    Reset latency data of one or more <event> classes.",
            "    (default: reset all data for all event classes)",
            "HISTOGRAM [COMMAND ...]",
            "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
            "    If no commands are specified then all histograms are replied.",
    };

    private static final String[] MEMORY_HELP = {
            "DOCTOR",
            "    Return memory problems reports.",
            "MALLOC-STATS",
            "    Return internal statistics report from the memory allocator.",
            "PURGE",
            "    Attempt to purge dirty pages for reclamation by the allocator.",
            "STATS",
            "    Return information about the memory usage of the server.",
            "USAGE <key> [SAMPLES <count>]",
            "    Return memory in bytes used by <key> and its value. Nested values are",
            "    sampled up to <count> times (default: 5, 0 means sample all).",
    };

    private static Reply verbatim(String text) {
        return new Reply.Verbatim("txt", text.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ---- SLOWLOG ---------------------------------------------------------------------------

    private static Reply slowlogGet(CommandContext ctx) {
        // slowlogCommand matches GET only with at most one count; more words fall to its catch-all
        if (ctx.argc() > 3) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        List<ServerStats.SlowEntry> entries = ctx.engine().stats().slowlog();
        long count = 10;
        if (ctx.argc() == 3) {
            Long n = Numbers.parseLong(ctx.arg(2));
            if (n == null || n < -1) {
                return Reply.error("ERR count should be greater than or equal to -1"); // getRangeLongFromObjectOrReply's message
            }
            count = n == -1 ? entries.size() : n;
        }
        List<Reply> out = new ArrayList<>();
        for (ServerStats.SlowEntry e : entries) {
            if (out.size() >= count) break;
            List<Reply> args = new ArrayList<>();
            for (byte[] a : e.argv()) args.add(Reply.bulk(a));
            out.add(Reply.array(List.of(Reply.integer(e.id()), Reply.integer(e.unixSeconds()), Reply.integer(e.micros()),
                    Reply.array(args), Reply.bulk(e.peer()), Reply.bulk(e.name()))));
        }
        return Reply.array(out);
    }

    // ---- LATENCY ---------------------------------------------------------------------------

    private static Reply latencyHistory(CommandContext ctx) {
        Deque<ServerStats.LatencySample> samples = ctx.engine().stats().latencyEvents().get(ctx.text(2));
        List<Reply> out = new ArrayList<>();
        if (samples != null) {
            for (ServerStats.LatencySample s : samples) {
                out.add(Reply.array(List.of(Reply.integer(s.unixSeconds()), Reply.integer(s.millis()))));
            }
        }
        return Reply.array(out);
    }

    private static Reply latencyLatest(CommandContext ctx) {
        ServerStats stats = ctx.engine().stats();
        List<Reply> out = new ArrayList<>();
        for (Map.Entry<String, Deque<ServerStats.LatencySample>> e : stats.latencyEvents().entrySet()) {
            ServerStats.LatencySample last = e.getValue().peekLast();
            out.add(Reply.array(List.of(Reply.bulk(e.getKey()), Reply.integer(last.unixSeconds()),
                    Reply.integer(last.millis()), Reply.integer(stats.latencyMax(e.getKey())))));
        }
        if (out.size() > 1) ctx.orderUndefined("the latency events dictionary");
        return Reply.array(out);
    }

    /** latencyCommandGenSparkeline: the header, a rule, and one column per sample. */
    private static Reply latencyGraph(CommandContext ctx) {
        String event = ctx.text(2);
        Deque<ServerStats.LatencySample> samples = ctx.engine().stats().latencyEvents().get(event);
        if (samples == null) return Reply.error("ERR No samples available for event '" + Errors.withoutNewlines(event) + "'");
        long min = Long.MAX_VALUE;
        long max = 0;
        for (ServerStats.LatencySample s : samples) {
            min = Math.min(min, s.millis());
            max = Math.max(max, s.millis());
        }
        StringBuilder graph = new StringBuilder();
        graph.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
                .append(" ms (all time high ").append(ctx.engine().stats().latencyMax(event)).append(" ms)\n");
        graph.append("-".repeat(80)).append('\n');
        long now = ctx.now() / 1000;
        List<String> labels = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (ServerStats.LatencySample s : samples) {
            long elapsed = now - s.unixSeconds();
            labels.add(elapsed < 60 ? elapsed + "s" : elapsed < 3600 ? elapsed / 60 + "m"
                    : elapsed < 86400 ? elapsed / 3600 + "h" : elapsed / 86400 + "d");
            values.add(s.millis());
        }
        graph.append(Sparkline.render(values, labels, 4));
        return verbatim(graph.toString());
    }

    private static Reply latencyDoctor(CommandContext ctx) {
        ServerStats stats = ctx.engine().stats();
        if (stats.latencyEvents().isEmpty() && ctx.engine().config().getLong("latency-monitor-threshold") == 0) {
            return verbatim("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. "
                    + "You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. "
                    + "If we weren't in a deep space mission I'd suggest to take a look at "
                    + "https://redis.io/topics/latency-monitor.\n");
        }
        if (stats.latencyEvents().isEmpty()) {
            return verbatim("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the "
                    + "slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
        }
        StringBuilder report = new StringBuilder("Dave, I have observed latency spikes in this Redis instance. "
                + "You don't mind talking about it, do you Dave?\n\n");
        int i = 1;
        for (Map.Entry<String, Deque<ServerStats.LatencySample>> e : stats.latencyEvents().entrySet()) {
            // analyzeLatencyForEvent: average, mean absolute deviation, seconds between samples
            Deque<ServerStats.LatencySample> samples = e.getValue();
            long sum = 0;
            for (ServerStats.LatencySample s : samples) sum += s.millis();
            long avg = sum / Math.max(1, samples.size());
            long deviation = 0;
            for (ServerStats.LatencySample s : samples) deviation += Math.abs(s.millis() - avg);
            long mad = deviation / Math.max(1, samples.size());
            long period = ctx.now() / 1000 - samples.peekFirst().unixSeconds();
            report.append(String.format(java.util.Locale.ROOT,
                    "%d. %s: %d latency spikes (average %dms, mean deviation %dms, period %.2f sec). Worst all time event %dms.\n",
                    i++, e.getKey(), samples.size(), avg, mad, (double) period / samples.size(), stats.latencyMax(e.getKey())));
        }
        report.append("\nI have a few advices for you:\n\n- Check your Slow Log to understand what are the commands you "
                + "are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more "
                + "information.\n");
        return verbatim(report.toString());
    }

    /** LATENCY HISTOGRAM [command ...]: calls and the cumulative distribution per command with data. */
    private static Reply latencyHistogram(CommandContext ctx) {
        Engine engine = ctx.engine();
        Map<String, ServerStats.CommandStats> stats = engine.stats().commands();
        Set<String> names = new LinkedHashSet<>();
        if (ctx.argc() == 2) {
            for (Map.Entry<String, ServerStats.CommandStats> e : stats.entrySet()) {
                if (!e.getValue().histogram.isEmpty()) names.add(e.getKey());
            }
            if (names.size() > 1) ctx.orderUndefined("the command table");
        } else {
            for (int j = 2; j < ctx.argc(); j++) {
                CommandSpec spec = engine.table().byFullName(ctx.text(j).toLowerCase(java.util.Locale.ROOT));
                if (spec == null) continue;
                ServerStats.CommandStats s = stats.get(spec.name());
                if (s != null && !s.histogram.isEmpty()) names.add(spec.name());
                List<String> subs = new ArrayList<>();
                for (CommandSpec sub : spec.subcommands().values()) {
                    ServerStats.CommandStats ss = stats.get(sub.name());
                    if (ss != null && !ss.histogram.isEmpty()) subs.add(sub.name());
                }
                if (subs.size() > 1) ctx.orderUndefined("a command's subcommands dictionary");
                names.addAll(subs);
            }
        }
        List<Reply> out = new ArrayList<>();
        for (String name : names) {
            ServerStats.CommandStats s = stats.get(name);
            out.add(Reply.bulk(name));
            // fillCommandCDF: hdr's log iteration from 1024 ns, doubling, each level's cumulative count
            List<Reply> histogram = new ArrayList<>();
            long total = s.histogramCount();
            long previous = 0;
            for (long level = 1024; previous < total; level <<= 1) {
                long top = ServerStats.highestEquivalent(level);
                long cumulative = s.countUpTo(top);
                if (cumulative > previous) {
                    histogram.add(Reply.integer(top / 1000));
                    histogram.add(Reply.integer(cumulative));
                }
                previous = cumulative;
            }
            out.add(Reply.map(List.of(Reply.bulk("calls"), Reply.integer(s.histogramCount()), Reply.bulk("histogram_usec"),
                    Reply.map(histogram))));
        }
        return Reply.map(out);
    }

    // ---- MEMORY STATS ----------------------------------------------------------------------

    /** memoryCommand STATS: the overhead breakdown, with the lab's own used memory. */
    private static Reply memoryStats(CommandContext ctx) {
        Engine engine = ctx.engine();
        long used = engine.usedMemory();
        long startup = 876304;
        List<Reply> out = new ArrayList<>();
        pair(out, "peak.allocated", Reply.integer(Math.max(used, engine.stats().memoryPeak)));
        pair(out, "total.allocated", Reply.integer(used));
        pair(out, "startup.allocated", Reply.integer(startup));
        pair(out, "replication.backlog", Reply.integer(0));
        pair(out, "clients.slaves", Reply.integer(0));
        pair(out, "clients.normal", Reply.integer(0));
        pair(out, "cluster.links", Reply.integer(0));
        pair(out, "aof.buffer", Reply.integer(0));
        pair(out, "lua.caches", Reply.integer(0));
        pair(out, "functions.caches", Reply.integer(184));
        long keys = 0;
        for (int db = 0; db < Engine.DATABASES; db++) {
            var database = engine.database(db);
            if (database.size() == 0) continue;
            keys += database.size();
            long expiring = 0;
            for (var k : database.entries().keySet()) if (database.expireAt(k) >= 0) expiring++;
            out.add(Reply.bulk("db." + db));
            out.add(Reply.map(List.of(Reply.bulk("overhead.hashtable.main"), Reply.integer(database.size() * 56L),
                    Reply.bulk("overhead.hashtable.expires"), Reply.integer(expiring * 32L))));
        }
        long overhead = startup;
        long dataset = Math.max(0, used - overhead);
        pair(out, "overhead.total", Reply.integer(overhead));
        pair(out, "keys.count", Reply.integer(keys));
        pair(out, "keys.bytes-per-key", Reply.integer(keys == 0 ? 0 : (used - startup) / keys));
        pair(out, "dataset.bytes", Reply.integer(dataset));
        pair(out, "dataset.percentage", new Reply.Double(used == startup ? 0.0 : 100.0 * dataset / Math.max(1, used - startup)));
        pair(out, "peak.percentage", new Reply.Double(100.0 * used / Math.max(1, Math.max(used, engine.stats().memoryPeak))));
        pair(out, "allocator.allocated", Reply.integer(used));
        pair(out, "allocator.active", Reply.integer(used));
        pair(out, "allocator.resident", Reply.integer(used));
        pair(out, "allocator-fragmentation.ratio", new Reply.Double(1.0));
        pair(out, "allocator-fragmentation.bytes", Reply.integer(0));
        pair(out, "allocator.rss-ratio", new Reply.Double(1.0));
        pair(out, "allocator.rss-bytes", Reply.integer(0));
        pair(out, "rss-overhead.ratio", new Reply.Double(1.0));
        pair(out, "rss-overhead.bytes", Reply.integer(0));
        pair(out, "fragmentation", new Reply.Double(1.0));
        pair(out, "fragmentation.bytes", Reply.integer(0));
        return Reply.map(out);
    }

    private static void pair(List<Reply> out, String name, Reply value) {
        out.add(Reply.bulk(name));
        out.add(value);
    }

    // ---- LOLWUT, ROLE, REPLICAOF, FAILOVER -------------------------------------------------

    /** LOLWUT [VERSION v]: the version line (the art of versions 5 and 6 is not drawn). */
    /**
     * ROLE: a primary's offset and each replica's address and acknowledged offset; a replica's
     * primary, its link state ("connect": the lab never reaches it) and offset (-1: no link).
     */
    private static Reply role(CommandContext ctx) {
        Engine engine = ctx.engine();
        var propagation = engine.propagation();
        var primary = propagation.primary();
        if (primary != null) {
            return Reply.array(List.of(Reply.bulk("slave"), Reply.bulk(primary.host()), Reply.integer(primary.port()),
                    Reply.bulk("connect"), Reply.integer(-1)));
        }
        List<Reply> replicas = new ArrayList<>();
        for (ClientSession c : engine.clients()) {
            if (!propagation.isReplica(c)) continue;
            String addr = c.address();
            String ip = addr.contains(":") ? addr.substring(0, addr.lastIndexOf(':')) : addr;
            replicas.add(Reply.array(List.of(Reply.bulk(ip), Reply.bulk("0"), Reply.bulk(Long.toString(propagation.offset())))));
        }
        return Reply.array(List.of(Reply.bulk("master"), Reply.integer(propagation.offset()), Reply.array(replicas)));
    }

    /**
     * replicaofCommand. NO ONE makes a replica a primary again (replicationUnsetMaster); a host
     * and port make this server a replica (replicationSetMaster): writes are refused with
     * READONLY, clients blocked on keys are released with UNBLOCKED, and nothing more reaches its
     * own replicas. The lab has no replication client, so the link stays down, as a real
     * replica's does while its primary cannot be reached.
     */
    private static Reply replicaof(CommandContext ctx) {
        // a cluster node's replication follows the cluster (CLUSTER REPLICATE)
        if (ctx.engine().cluster() != null) return Reply.error("ERR REPLICAOF not allowed in cluster mode.");
        Engine engine = ctx.engine();
        var propagation = engine.propagation();
        if (ctx.isOption(1, "no") && ctx.isOption(2, "one")) {
            for (Object replica : propagation.stopFollowing()) {
                if (replica instanceof ClientSession c) engine.kill(c);
            }
            return Reply.OK;
        }
        if (propagation.isReplica(ctx.session())) {
            return Reply.error("ERR Command is not valid when client is a replica.");
        }
        Long port = Numbers.parseLong(ctx.arg(2));
        if (port == null || port < 0 || port > 65535) return Reply.error("ERR Invalid master port");
        String host = ctx.text(1);
        var primary = propagation.primary();
        if (primary != null && primary.host().equalsIgnoreCase(host) && primary.port() == port) {
            return new Reply.Simple("OK Already connected to specified master");
        }
        engine.releaseBlockedForRoleChange();
        propagation.follow(host, port.intValue());
        return Reply.OK;
    }

    /** failoverCommand's checks, as a primary answers them. */
    private static Reply failover(CommandContext ctx) {
        if (ctx.engine().cluster() != null) {
            return Reply.error("ERR FAILOVER not allowed in cluster mode. Use CLUSTER FAILOVER command instead.");
        }
        if (ctx.argc() == 2 && ctx.isOption(1, "abort")) return Reply.error("ERR No failover in progress.");
        long timeout = 0;
        boolean force = false;
        String host = null;
        for (int j = 1; j < ctx.argc(); j++) {
            if (ctx.isOption(j, "timeout") && j + 1 < ctx.argc() && timeout == 0) {
                Long t = Numbers.parseLong(ctx.arg(j + 1));
                if (t == null) return Reply.error("ERR value is not an integer or out of range");
                if (t <= 0) return Reply.error("ERR FAILOVER timeout must be greater than 0");
                timeout = t;
                j++;
            } else if (ctx.isOption(j, "to") && j + 2 < ctx.argc() && host == null) {
                if (Numbers.parseLong(ctx.arg(j + 2)) == null) return Reply.error("ERR value is not an integer or out of range");
                host = ctx.text(j + 1);
                j += 2;
            } else if (ctx.isOption(j, "force") && !force) {
                force = true;
            } else {
                return Errors.SYNTAX;
            }
        }
        if (ctx.engine().propagation().replicaCount() == 0) return Reply.error("ERR FAILOVER requires connected replicas.");
        if (force && (timeout == 0 || host == null)) {
            return Reply.error("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
        }
        return Reply.error("ERR txlab cannot hand over to a replica (its replicas are listeners only)");
    }
}
