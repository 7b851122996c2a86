package dev.txlab.engine;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What INFO's stats, commandstats and errorstats sections count, the slow log, and the latency
 * monitor's events: Redis's server.stat_*, each command's calls/usec/rejected_calls/failed_calls
 * and latency histogram, the error-code table, slowlog.c and latency.c. CONFIG RESETSTAT clears
 * the counters (not the slow log nor latency events, as in Redis).
 */
public final class ServerStats {
    /** One command's line in INFO commandstats, plus its LATENCY HISTOGRAM. */
    public static final class CommandStats {
        public long calls;
        public long usec;
        public long rejected;
        public long failed;
        /**
         * The latency histogram Redis keeps per command (hdr_histogram, 2 significant digits, in
         * nanoseconds): calls by the lowest value of their equivalence range.
         */
        public final TreeMap<Long, Long> histogram = new TreeMap<>();

        /** The histogram's total_count. */
        public long histogramCount() {
            long n = 0;
            for (long c : histogram.values()) n += c;
            return n;
        }

        /** hdr_value_at_percentile, in nanoseconds: the top of the range where the percentile falls. */
        public long valueAtPercentile(double percentile) {
            long total = histogramCount();
            long wanted = Math.max(1, (long) (Math.min(percentile, 100.0) / 100 * total + 0.5));
            long seen = 0;
            for (Map.Entry<Long, Long> e : histogram.entrySet()) {
                seen += e.getValue();
                if (seen >= wanted) return highestEquivalent(e.getKey());
            }
            return 0;
        }

        /** Calls at most {@code nanos} long (by equivalence range). */
        public long countUpTo(long nanos) {
            long n = 0;
            for (Map.Entry<Long, Long> e : histogram.headMap(nanos, true).entrySet()) n += e.getValue();
            return n;
        }
    }

    /** hdr's bucket for a value with 256 sub-buckets (2 significant digits, unit 1 ns). */
    private static int hdrBucket(long v) { return Math.max(0, 64 - Long.numberOfLeadingZeros(v | 255) - 8); }

    /** lowest_equivalent_value. */
    public static long lowestEquivalent(long v) {
        int b = hdrBucket(v);
        return (v >> b) << b;
    }

    /** highest_equivalent_value. */
    public static long highestEquivalent(long v) {
        return lowestEquivalent(v) + (1L << hdrBucket(v)) - 1;
    }

    /** A SLOWLOG entry, as slowlog.c keeps it. */
    public record SlowEntry(long id, long unixSeconds, long micros, List<byte[]> argv, String peer, String name) {}

    /** One latency event sample (latency.c). */
    public record LatencySample(long unixSeconds, long millis) {}

    private final Map<String, CommandStats> commands = new TreeMap<>();
    private final Map<String, Long> errors = new TreeMap<>();
    public long connectionsReceived;
    public long commandsProcessed;
    public long rejectedConnections;
    public long expiredKeys;
    /** lazyfreed_objects: values freed in the background (see command/LazyFree). */
    public long lazyfreedObjects;
    /** reply_buffer_shrinks and reply_buffer_expands (see ReplyBufferShape). */
    public long replyBufferShrinks;
    public long replyBufferExpands;
    public long evictedKeys;
    public long keyspaceHits;
    public long keyspaceMisses;
    public long totalErrorReplies;
    public long netInputBytes;
    public long netOutputBytes;
    public long readsProcessed;
    public long writesProcessed;
    /** used_memory_peak, as INFO last saw it. */
    public long memoryPeak;
    /** LASTSAVE (engine time) and rdb_saves. */
    public long lastSaveMillis;
    public long rdbSaves;

    private final Deque<SlowEntry> slowlog = new ArrayDeque<>();
    private long nextSlowlogId;
    private final Map<String, Deque<LatencySample>> latency = new LinkedHashMap<>();
    private final Map<String, long[]> latencyMax = new LinkedHashMap<>();

    ServerStats() {}

    /** CONFIG RESETSTAT: Redis's resetServerStats, resetCommandTableStats and resetErrorTableStats. */
    public void reset() {
        commands.clear();
        errors.clear();
        connectionsReceived = commandsProcessed = rejectedConnections = expiredKeys = evictedKeys = lazyfreedObjects = 0;
        replyBufferShrinks = replyBufferExpands = 0;
        keyspaceHits = keyspaceMisses = totalErrorReplies = netInputBytes = netOutputBytes = 0;
        readsProcessed = writesProcessed = 0;
    }

    /** rdb_last_save_time, in seconds. */
    public long lastSave(Engine engine) { return lastSaveMillis / 1000; }

    public Map<String, CommandStats> commands() { return commands; }

    public Map<String, Long> errors() { return errors; }

    /** A command ran (call()): its time and whether it answered an error (failed_calls). */
    void called(CommandSpec spec, long micros, Reply reply) { called(spec, micros, reply, true); }

    /** As above; {@code track}: latency-tracking is on, so the call lands in the histogram too. */
    void called(CommandSpec spec, long micros, Reply reply, boolean track) {
        CommandStats s = commands.computeIfAbsent(spec.name(), k -> new CommandStats());
        s.calls++;
        s.usec += micros;
        if (track) { // updateCommandLatencyHistogram: nanoseconds, clamped to 1 ns .. 1 s
            long nanos = Math.max(1, Math.min(1_000_000_000L, micros * 1000));
            s.histogram.merge(lowestEquivalent(nanos), 1L, Long::sum);
        }
        commandsProcessed++;
        if (reply instanceof Reply.Error e) {
            s.failed++;
            if (e != countedAlready) error(e);
        }
        countedAlready = null;
    }

    /**
     * A command was refused before running (rejected_calls), its error counted: by processCommand,
     * or by a script's redis.call (scriptCall's error path; {@code spec} null for an unknown command).
     */
    public void rejected(CommandSpec spec, Reply.Error error) {
        if (spec != null) commands.computeIfAbsent(spec.name(), k -> new CommandStats()).rejected++;
        error(error);
    }

    /** A script's error reply whose error was counted where it happened (ERR_REPLY_FLAG_NO_STATS_UPDATE). */
    private Reply.Error countedAlready;

    /**
     * The script's reply {@code e} carries an error a command inside it already counted (Lua's
     * ignore_error_stats_update): the script's command counts as failed, the error not again.
     */
    public void errorCountedAlready(Reply.Error e) { countedAlready = e; }

    /** afterErrorReply: the error code counted in errorstats (up to 128 codes, as Redis). */
    public void error(Reply.Error e) {
        totalErrorReplies++;
        String code = statsCode(e.message());
        if (errors.containsKey(code) || errors.size() < 128) errors.merge(code, 1L, Long::sum);
    }

    /**
     * The code afterErrorReply counts: the word before a space found among the first 32 bytes of
     * "-" + message; with no space there (a script's {err="x"}, a first word of 31 bytes or more)
     * it falls back to ERR.
     */
    static String statsCode(String message) {
        int space = message.indexOf(' ');
        return space >= 0 && space <= 30 ? message.substring(0, space) : "ERR";
    }

    // ---- slow log ------------------------------------------------------------------------------

    /** slowlogPushEntryIfNeeded: past slowlog-log-slower-than, trimmed as slowlogCreateEntry trims. */
    void slowlogPush(ServerConfig config, CommandSpec spec, List<byte[]> argv, long micros, ClientSession client,
                     long nowMillis) {
        long threshold = config.getLong("slowlog-log-slower-than");
        if (threshold < 0 || micros < threshold || spec.has(Flag.SKIP_SLOWLOG)) return;
        List<byte[]> kept = new ArrayList<>();
        int count = Math.min(argv.size(), 32);
        for (int j = 0; j < count; j++) {
            if (count != argv.size() && j == count - 1) {
                kept.add(("... (" + (argv.size() - count + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII));
                break;
            }
            byte[] a = argv.get(j);
            if (a.length > 128) {
                byte[] cut = new byte[128];
                System.arraycopy(a, 0, cut, 0, 128);
                byte[] more = ("... (" + (a.length - 128) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
                byte[] both = new byte[128 + more.length];
                System.arraycopy(cut, 0, both, 0, 128);
                System.arraycopy(more, 0, both, 128, more.length);
                a = both;
            }
            kept.add(a);
        }
        String name = client.name() == null ? "" : new String(client.name(), StandardCharsets.ISO_8859_1);
        slowlog.addFirst(new SlowEntry(nextSlowlogId++, nowMillis / 1000, micros, kept, client.address(), name));
        long max = config.getLong("slowlog-max-len");
        while (slowlog.size() > max) slowlog.removeLast();
    }

    /** Newest first. */
    public List<SlowEntry> slowlog() { return List.copyOf(slowlog); }

    public void slowlogReset() { slowlog.clear(); }

    /** After CONFIG SET slowlog-max-len: the oldest entries beyond it go. */
    void slowlogTrim(long max) { while (slowlog.size() > max) slowlog.removeLast(); }

    // ---- latency monitor -----------------------------------------------------------------------

    /** latencyAddSampleIfNeeded: an event that took at least latency-monitor-threshold ms. */
    public void latencySample(ServerConfig config, String event, long millis, long nowMillis) {
        long threshold = config.getLong("latency-monitor-threshold");
        if (threshold <= 0 || millis < threshold) return;
        long now = nowMillis / 1000;
        Deque<LatencySample> samples = latency.computeIfAbsent(event, k -> new ArrayDeque<>());
        long[] max = latencyMax.computeIfAbsent(event, k -> new long[1]);
        if (millis > max[0]) max[0] = millis;
        // one sample per second: a second one in the same second keeps the larger
        LatencySample last = samples.peekLast();
        if (last != null && last.unixSeconds() == now) {
            samples.removeLast();
            samples.addLast(new LatencySample(now, Math.max(millis, last.millis())));
        } else {
            samples.addLast(new LatencySample(now, millis));
        }
        while (samples.size() > 160) samples.removeFirst();
    }

    /** Events in the order they first happened, with their samples oldest first. */
    public Map<String, Deque<LatencySample>> latencyEvents() { return latency; }

    public long latencyMax(String event) { return latencyMax.get(event)[0]; }

    /** LATENCY RESET: the named events, or all; how many were reset. */
    public int latencyReset(List<String> events) {
        if (events.isEmpty()) {
            int n = latency.size();
            latency.clear();
            latencyMax.clear();
            return n;
        }
        int n = 0;
        for (String e : events) {
            if (latency.remove(e) != null) n++;
            latencyMax.remove(e);
        }
        return n;
    }
}
