package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.ClientSession;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Engine;
import dev.txlab.engine.PubSub;
import dev.txlab.engine.ServerConfig;
import dev.txlab.engine.ServerStats;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * INFO, as Redis 7.0's genRedisInfoString lays it out for a standalone server without
 * persistence: every section and field in Redis's order, "# Name" headers, CRLF lines and a
 * blank line between sections. Counters count what the engine did (commands, connections,
 * expired keys, errors ...); fields about a process the lab does not have (fork, AOF, RSS) keep
 * the values an idle redis-server shows.
 */
public final class InfoCommand {
    private InfoCommand() {}

    public static List<Binding> bindings() {
        return List.of(bind("info", InfoCommand::info)
                .teaching("Server statistics; rdb_changes_since_last_save counts writes, commandstats each command"));
    }

    /** Redis's default sections (INFO with no argument, or "default"). */
    private static final List<String> DEFAULT = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace");

    private static Reply info(CommandContext ctx) {
        Set<String> wanted = new HashSet<>();
        boolean all = false;
        if (ctx.argc() == 1) wanted.addAll(DEFAULT);
        for (int i = 1; i < ctx.argc(); i++) {
            String s = Bytes.lowerAscii(ctx.arg(i));
            switch (s) {
                case "default" -> wanted.addAll(DEFAULT);
                case "all", "everything" -> all = true;
                default -> wanted.add(s);
            }
        }
        return new Reply.Verbatim("txt", text(ctx.engine(), wanted, all).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The INFO text for these sections (all: every one). */
    public static String text(Engine engine, Set<String> wanted, boolean all) {
        StringBuilder out = new StringBuilder();
        int[] sections = {0};
        ServerConfig config = engine.config();
        ServerStats stats = engine.stats();
        long now = engine.now();
        if (all || wanted.contains("server")) {
            long uptime = (now - engine.startedAt()) / 1000;
            section(out, sections, "Server",
                    "redis_version:" + Engine.REDIS_VERSION,
                    "redis_git_sha1:00000000",
                    "redis_git_dirty:0",
                    "redis_build_id:7478" + "6c6162000000",
                    "redis_mode:" + (engine.cluster() == null ? "standalone" : "cluster"),
                    "os:" + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + arch(),
                    "arch_bits:64",
                    "monotonic_clock:POSIX clock_gettime",
                    "multiplexing_api:epoll",
                    "atomicvar_api:c11-builtin",
                    "gcc_version:0.0.0",
                    "process_id:" + ProcessHandle.current().pid(),
                    "process_supervised:no",
                    "run_id:" + engine.runId(),
                    "tcp_port:" + config.get("port"),
                    "server_time_usec:" + now * 1000,
                    "uptime_in_seconds:" + uptime,
                    "uptime_in_days:" + uptime / 86400,
                    "hz:" + config.get("hz"),
                    "configured_hz:" + config.get("hz"),
                    "lru_clock:" + ((now / 1000) & ((1 << 24) - 1)),
                    "executable:",
                    "config_file:",
                    "io_threads_active:0");
        }
        if (all || wanted.contains("clients")) {
            section(out, sections, "Clients",
                    "connected_clients:" + engine.clients().size(),
                    "cluster_connections:0",
                    "maxclients:" + config.get("maxclients"),
                    "client_recent_max_input_buffer:0",
                    "client_recent_max_output_buffer:0",
                    "blocked_clients:" + engine.blockedClients(),
                    "tracking_clients:" + engine.tracking().trackingClients(),
                    "clients_in_timeout_table:" + engine.clientsWithTimeout());
        }
        if (all || wanted.contains("memory")) {
            long used = engine.usedMemory();
            stats.memoryPeak = Math.max(stats.memoryPeak, used);
            long startup = 876304;
            long peak = stats.memoryPeak;
            long total = Runtime.getRuntime().maxMemory();
            long maxmemory = config.maxmemory();
            section(out, sections, "Memory",
                    "used_memory:" + used,
                    "used_memory_human:" + human(used),
                    "used_memory_rss:" + used,
                    "used_memory_rss_human:" + human(used),
                    "used_memory_peak:" + peak,
                    "used_memory_peak_human:" + human(peak),
                    "used_memory_peak_perc:" + percent(used, peak),
                    "used_memory_overhead:" + startup,
                    "used_memory_startup:" + startup,
                    "used_memory_dataset:" + Math.max(0, used - startup),
                    "used_memory_dataset_perc:" + percent(Math.max(0, used - startup), Math.max(1, used - startup)),
                    "allocator_allocated:" + used,
                    "allocator_active:" + used,
                    "allocator_resident:" + used,
                    "total_system_memory:" + total,
                    "total_system_memory_human:" + human(total),
                    "used_memory_lua:32768",
                    "used_memory_vm_eval:32768",
                    "used_memory_lua_human:32.00K",
                    "used_memory_scripts_eval:0",
                    "number_of_cached_scripts:" + engine.scripting().cachedScripts(),
                    "number_of_functions:0",
                    "number_of_libraries:0",
                    "used_memory_vm_functions:33792",
                    "used_memory_vm_total:66560",
                    "used_memory_vm_total_human:65.00K",
                    "used_memory_functions:200",
                    "used_memory_scripts:200",
                    "used_memory_scripts_human:200B",
                    "maxmemory:" + maxmemory,
                    "maxmemory_human:" + human(maxmemory),
                    "maxmemory_policy:" + config.get("maxmemory-policy"),
                    "allocator_frag_ratio:1.00",
                    "allocator_frag_bytes:0",
                    "allocator_rss_ratio:1.00",
                    "allocator_rss_bytes:0",
                    "rss_overhead_ratio:1.00",
                    "rss_overhead_bytes:0",
                    "mem_fragmentation_ratio:1.00",
                    "mem_fragmentation_bytes:0",
                    "mem_not_counted_for_evict:0",
                    "mem_replication_backlog:0",
                    "mem_total_replication_buffers:0",
                    "mem_clients_slaves:0",
                    "mem_clients_normal:0",
                    "mem_cluster_links:0",
                    "mem_aof_buffer:0",
                    "mem_allocator:libc",
                    "active_defrag_running:0",
                    "lazyfree_pending_objects:0",
                    "lazyfreed_objects:" + stats.lazyfreedObjects);
        }
        if (all || wanted.contains("persistence")) {
            section(out, sections, "Persistence",
                    "loading:0",
                    "async_loading:0",
                    "current_cow_peak:0",
                    "current_cow_size:0",
                    "current_cow_size_age:0",
                    "current_fork_perc:0.00",
                    "current_save_keys_processed:0",
                    "current_save_keys_total:0",
                    "rdb_changes_since_last_save:" + engine.dirty(),
                    "rdb_bgsave_in_progress:0",
                    "rdb_last_save_time:" + stats.lastSave(engine),
                    "rdb_last_bgsave_status:ok",
                    "rdb_last_bgsave_time_sec:-1",
                    "rdb_current_bgsave_time_sec:-1",
                    "rdb_saves:" + stats.rdbSaves,
                    "rdb_last_cow_size:0",
                    "rdb_last_load_keys_expired:0",
                    "rdb_last_load_keys_loaded:0",
                    "aof_enabled:" + (config.get("appendonly").equals("yes") ? 1 : 0),
                    "aof_rewrite_in_progress:0",
                    "aof_rewrite_scheduled:0",
                    "aof_last_rewrite_time_sec:-1",
                    "aof_current_rewrite_time_sec:-1",
                    "aof_last_bgrewrite_status:ok",
                    "aof_rewrites:0",
                    "aof_rewrites_consecutive_failures:0",
                    "aof_last_write_status:ok",
                    "aof_last_cow_size:0",
                    "module_fork_in_progress:0",
                    "module_fork_last_cow_size:0");
        }
        if (all || wanted.contains("stats")) {
            PubSub pubsub = engine.pubsub();
            section(out, sections, "Stats",
                    "total_connections_received:" + stats.connectionsReceived,
                    "total_commands_processed:" + stats.commandsProcessed,
                    "instantaneous_ops_per_sec:0",
                    "total_net_input_bytes:" + stats.netInputBytes,
                    "total_net_output_bytes:" + stats.netOutputBytes,
                    "total_net_repl_input_bytes:0",
                    "total_net_repl_output_bytes:0",
                    "instantaneous_input_kbps:0.00",
                    "instantaneous_output_kbps:0.00",
                    "instantaneous_input_repl_kbps:0.00",
                    "instantaneous_output_repl_kbps:0.00",
                    "rejected_connections:" + stats.rejectedConnections,
                    "sync_full:0",
                    "sync_partial_ok:0",
                    "sync_partial_err:0",
                    "expired_keys:" + stats.expiredKeys,
                    "expired_stale_perc:0.00",
                    "expired_time_cap_reached_count:0",
                    "expire_cycle_cpu_milliseconds:0",
                    "evicted_keys:" + stats.evictedKeys,
                    "evicted_clients:0",
                    "total_eviction_exceeded_time:0",
                    "current_eviction_exceeded_time:0",
                    "keyspace_hits:" + stats.keyspaceHits,
                    "keyspace_misses:" + stats.keyspaceMisses,
                    "pubsub_channels:" + pubsub.channels(null, PubSub.Kind.GLOBAL).size(),
                    "pubsub_patterns:" + pubsub.patternCount(),
                    "pubsubshard_channels:" + pubsub.channels(null, PubSub.Kind.SHARD).size(),
                    "latest_fork_usec:0",
                    "total_forks:0",
                    "migrate_cached_sockets:0",
                    "slave_expires_tracked_keys:0",
                    "active_defrag_hits:0",
                    "active_defrag_misses:0",
                    "active_defrag_key_hits:0",
                    "active_defrag_key_misses:0",
                    "total_active_defrag_time:0",
                    "current_active_defrag_time:0",
                    "tracking_total_keys:" + engine.tracking().totalKeys(),
                    "tracking_total_items:" + engine.tracking().totalItems(),
                    "tracking_total_prefixes:" + engine.tracking().totalPrefixes(),
                    "unexpected_error_replies:0",
                    "total_error_replies:" + stats.totalErrorReplies,
                    "dump_payload_sanitizations:0",
                    "total_reads_processed:" + stats.readsProcessed,
                    "total_writes_processed:" + stats.writesProcessed,
                    "io_threaded_reads_processed:0",
                    "io_threaded_writes_processed:0",
                    "reply_buffer_shrinks:" + stats.replyBufferShrinks,
                    "reply_buffer_expands:" + stats.replyBufferExpands);
        }
        if (all || wanted.contains("replication")) {
            var propagation = engine.propagation();
            List<String> lines = new ArrayList<>();
            var primary = propagation.primary();
            if (primary == null) {
                lines.add("role:master");
            } else {
                // a replica whose link never came up (the lab does not connect): repl_state "connect"
                lines.add("role:slave");
                lines.add("master_host:" + primary.host());
                lines.add("master_port:" + primary.port());
                lines.add("master_link_status:down");
                lines.add("master_last_io_seconds_ago:-1");
                lines.add("master_sync_in_progress:0");
                lines.add("slave_read_repl_offset:" + propagation.offset());
                lines.add("slave_repl_offset:" + propagation.offset());
                lines.add("master_link_down_since_seconds:-1");
                lines.add("slave_priority:" + config.get("replica-priority"));
                lines.add("slave_read_only:" + (config.get("replica-read-only").equals("yes") ? 1 : 0));
                lines.add("replica_announced:" + (config.get("replica-announced").equals("yes") ? 1 : 0));
            }
            lines.add("connected_slaves:" + propagation.replicaCount());
            int n = 0;
            for (ClientSession c : engine.clients()) {
                if (!propagation.isReplica(c)) continue;
                String addr = c.address();
                String ip = addr.contains(":") ? addr.substring(0, addr.lastIndexOf(':')) : addr;
                lines.add("slave" + n++ + ":ip=" + ip + ",port=0,state=online,offset=" + propagation.offset() + ",lag=0");
            }
            long offset = propagation.offset();
            boolean backlog = propagation.hasBacklog(); // created with the first replica
            lines.add("master_failover_state:no-failover");
            lines.add("master_replid:" + propagation.replId());
            lines.add("master_replid2:" + propagation.replId2());
            lines.add("master_repl_offset:" + offset);
            lines.add("second_repl_offset:" + propagation.secondOffset());
            lines.add("repl_backlog_active:" + (backlog ? 1 : 0));
            lines.add("repl_backlog_size:" + config.get("repl-backlog-size"));
            lines.add("repl_backlog_first_byte_offset:" + (backlog ? 1 : 0));
            lines.add("repl_backlog_histlen:" + (backlog ? offset : 0));
            section(out, sections, "Replication", lines.toArray(String[]::new));
        }
        if (all || wanted.contains("cpu")) {
            var os = ManagementFactory.getOperatingSystemMXBean();
            long cpuNanos = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
            var threads = ManagementFactory.getThreadMXBean();
            long userNanos = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadUserTime() : 0;
            long mainNanos = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
            long sysNanos = Math.max(0, cpuNanos - userNanos);
            section(out, sections, "CPU",
                    "used_cpu_sys:" + seconds(sysNanos),
                    "used_cpu_user:" + seconds(cpuNanos - sysNanos),
                    "used_cpu_sys_children:0.000000",
                    "used_cpu_user_children:0.000000",
                    "used_cpu_sys_main_thread:" + seconds(Math.max(0, mainNanos - userNanos)),
                    "used_cpu_user_main_thread:" + seconds(userNanos));
        }
        if (all || wanted.contains("module_list") || wanted.contains("modules")) {
            section(out, sections, "Modules");
        }
        if (all || wanted.contains("commandstats")) {
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, ServerStats.CommandStats> e : stats.commands().entrySet()) {
                ServerStats.CommandStats s = e.getValue();
                if (s.calls == 0 && s.failed == 0 && s.rejected == 0) continue;
                lines.add("cmdstat_" + e.getKey() + ":calls=" + s.calls + ",usec=" + s.usec + ",usec_per_call="
                        + String.format(Locale.ROOT, "%.2f", s.calls == 0 ? 0.0 : (double) s.usec / s.calls)
                        + ",rejected_calls=" + s.rejected + ",failed_calls=" + s.failed);
            }
            section(out, sections, "Commandstats", lines.toArray(String[]::new));
        }
        if (all || wanted.contains("errorstats")) {
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, Long> e : stats.errors().entrySet()) lines.add("errorstat_" + e.getKey() + ":count=" + e.getValue());
            section(out, sections, "Errorstats", lines.toArray(String[]::new));
        }
        if (all || wanted.contains("latencystats")) {
            List<String> lines = new ArrayList<>();
            String[] percentiles = config.get("latency-tracking-info-percentiles").isEmpty() ? new String[0]
                    : config.get("latency-tracking-info-percentiles").split(" ");
            for (Map.Entry<String, ServerStats.CommandStats> e : stats.commands().entrySet()) {
                ServerStats.CommandStats s = e.getValue();
                if (s.histogram.isEmpty()) continue; // no latency_histogram (latency-tracking off, or no call yet)
                StringBuilder line = new StringBuilder("latency_percentiles_usec_").append(e.getKey()).append(':');
                for (int i = 0; i < percentiles.length; i++) {
                    if (i > 0) line.append(',');
                    line.append('p').append(percentiles[i]).append('=').append(String.format(Locale.ROOT, "%.3f",
                            s.valueAtPercentile(Double.parseDouble(percentiles[i])) / 1000.0));
                }
                lines.add(line.toString());
            }
            section(out, sections, "Latencystats", lines.toArray(String[]::new));
        }
        if (all || wanted.contains("cluster")) {
            section(out, sections, "Cluster", "cluster_enabled:" + (engine.cluster() == null ? 0 : 1));
        }
        if (all || wanted.contains("keyspace")) {
            List<String> lines = new ArrayList<>();
            for (int db = 0; db < Engine.DATABASES; db++) {
                Database database = engine.database(db);
                if (database.size() == 0) continue;
                long expiring = 0;
                for (Key k : database.entries().keySet()) if (database.expireAt(k) >= 0) expiring++;
                // avg_ttl is an estimate the active expire cycle's sampling builds up over time; 0 until it has one
                lines.add("db" + db + ":keys=" + database.size() + ",expires=" + expiring + ",avg_ttl=0");
            }
            section(out, sections, "Keyspace", lines.toArray(String[]::new));
        }
        return out.toString();
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") ? "x86_64" : a;
    }

    private static String seconds(long nanos) {
        return (nanos / 1_000_000_000) + "." + String.format(Locale.ROOT, "%06d", (nanos / 1000) % 1_000_000);
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    }

    /** Redis's bytesToHuman. */
    static String human(long n) {
        double d = n;
        if (n < 1024) return n + "B";
        if (n < 1024L * 1024) return String.format(Locale.ROOT, "%.2fK", d / 1024);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.2fM", d / (1024 * 1024));
        if (n < 1024L * 1024 * 1024 * 1024) return String.format(Locale.ROOT, "%.2fG", d / (1024L * 1024 * 1024));
        if (n < 1024L * 1024 * 1024 * 1024 * 1024) return String.format(Locale.ROOT, "%.2fT", d / (1024L * 1024 * 1024 * 1024));
        return String.format(Locale.ROOT, "%.2fP", d / (1024L * 1024 * 1024 * 1024 * 1024));
    }

    /** "# Name" and CRLF-ended lines, a blank line before every section but the first. */
    private static void section(StringBuilder out, int[] sections, String name, String... lines) {
        if (sections[0]++ > 0) out.append("\r\n");
        out.append("# ").append(name).append("\r\n");
        for (String line : lines) out.append(line).append("\r\n");
    }

}
