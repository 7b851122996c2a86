package dev.txlab.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The handful of Redis settings the lab can act on (CONFIG GET/SET): maxmemory and its policy
 * (to show OOM rejections dooming a transaction), min-replicas-to-write (NOREPLICAS), the busy
 * script threshold, and a few harmless ones. Texts of CONFIG SET errors are Redis 7.0's.
 */
public final class ServerConfig {

    /** How a parameter's value is checked and normalised. */
    private interface Kind {
        /** The stored text, or throws with the reason Redis gives. */
        String normalise(String value) throws IllegalArgumentException;
    }

    private static final Kind MEMORY = v -> {
        Long bytes = memoryValue(v);
        if (bytes == null) throw new IllegalArgumentException("argument must be a memory value");
        return Long.toString(bytes);
    };

    /** A memory value (with units) within Redis's bounds for the parameter. */
    private static Kind memory(long min, long max) {
        return v -> {
            Long bytes = memoryValue(v);
            if (bytes == null) throw new IllegalArgumentException("argument must be a memory value");
            if (bytes < min || bytes > max) {
                throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
            }
            return Long.toString(bytes);
        };
    }

    private static Kind integer(long min, long max) {
        return v -> {
            Long n = Numbers.parseLong(v);
            if (n == null) throw new IllegalArgumentException("argument couldn't be parsed into an integer");
            if (n < min || n > max) {
                throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
            }
            return Long.toString(n);
        };
    }

    private static Kind oneOf(String... options) {
        return v -> {
            for (String o : options) if (o.equalsIgnoreCase(v)) return o;
            throw new IllegalArgumentException("argument(s) must be one of the following: " + String.join(", ", options));
        };
    }

    private static final Kind YES_NO = oneOf("yes", "no");

    private record Parameter(String name, Kind kind, String alias) {}

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    /** The values every command's checks read, kept parsed (the dispatcher reads them per command). */
    private long maxmemory;
    private long minReplicasToWrite;
    private long minReplicasMaxLag = 10;
    private int notifyKeyspaceEvents;
    private OutputBufferLimits outputBufferLimits = OutputBufferLimits.parse(null, OutputBufferLimits.DEFAULT);

    public ServerConfig() {
        define("maxmemory", MEMORY, "0", null);
        define("maxmemory-policy", oneOf("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"), "noeviction", null);
        define("min-replicas-to-write", integer(0, Integer.MAX_VALUE), "0", "min-slaves-to-write");
        define("min-replicas-max-lag", integer(0, Integer.MAX_VALUE), "10", "min-slaves-max-lag");
        define("busy-reply-threshold", integer(0, Long.MAX_VALUE), "5000", "lua-time-limit");
        define("hz", integer(0, Integer.MAX_VALUE), "10", null);
        define("appendonly", YES_NO, "no", null);
        define("save", v -> v, "", null);
        define("databases", integer(1, Integer.MAX_VALUE), "16", null);
        define("lazyfree-lazy-expire", YES_NO, "no", null);
        define("repl-ping-replica-period", integer(1, Integer.MAX_VALUE), "10", "repl-ping-slave-period");
        // encodings: past these, a collection converts to its big form (OBJECT ENCODING shows which)
        define("hash-max-listpack-entries", integer(0, Long.MAX_VALUE), "512", "hash-max-ziplist-entries");
        define("hash-max-listpack-value", memory(0, Long.MAX_VALUE), "64", "hash-max-ziplist-value");
        define("set-max-intset-entries", integer(0, Long.MAX_VALUE), "512", null);
        define("zset-max-listpack-entries", integer(0, Long.MAX_VALUE), "128", "zset-max-ziplist-entries");
        define("zset-max-listpack-value", memory(0, Long.MAX_VALUE), "64", "zset-max-ziplist-value");
        define("list-max-listpack-size", integer(Integer.MIN_VALUE, Integer.MAX_VALUE), "-2", "list-max-ziplist-size");
        define("list-compress-depth", integer(0, Integer.MAX_VALUE), "0", null);
        define("stream-node-max-bytes", memory(0, Long.MAX_VALUE), "4096", null);
        define("stream-node-max-entries", integer(0, Long.MAX_VALUE), "100", null);
        define("hll-sparse-max-bytes", memory(0, Long.MAX_VALUE), "3000", null);
        define("proto-max-bulk-len", memory(1024 * 1024, Long.MAX_VALUE), "536870912", null);
        define("client-output-buffer-limit", v -> OutputBufferLimits.parse(get("client-output-buffer-limit"), v).format(),
                OutputBufferLimits.DEFAULT, null);
        define("notify-keyspace-events", Notifications::normalise, "", null);
        define("tracking-table-max-keys", integer(0, Long.MAX_VALUE), "1000000", null);
    }

    private void define(String name, Kind kind, String initial, String alias) {
        Parameter p = new Parameter(name, kind, alias);
        parameters.put(name, p);
        if (alias != null) parameters.put(alias, p);
        values.put(name, initial);
    }

    public String get(String name) { return values.get(parameters.get(name).name()); }

    public long getLong(String name) { return Long.parseLong(get(name)); }

    /** Name/value pairs whose name matches a glob pattern, as CONFIG GET answers them. */
    public List<String[]> matching(byte[] pattern) {
        List<String[]> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            String name = e.getKey();
            if (dev.txlab.engine.command.Glob.matches(pattern, name.getBytes(java.nio.charset.StandardCharsets.US_ASCII), true)) {
                out.add(new String[] {name, values.get(e.getValue().name())});
            }
        }
        return out;
    }

    /** Whether the parameter exists (any case). */
    public boolean knows(String name) { return parameters.containsKey(name.toLowerCase(Locale.ROOT)); }

    /** Validates a value without storing it; throws with Redis's reason. */
    public String validate(String name, String value) {
        return parameters.get(name.toLowerCase(Locale.ROOT)).kind().normalise(value);
    }

    public void set(String name, String normalisedValue) {
        String canonical = parameters.get(name.toLowerCase(Locale.ROOT)).name();
        values.put(canonical, normalisedValue);
        switch (canonical) {
            case "maxmemory" -> maxmemory = Long.parseLong(normalisedValue);
            case "min-replicas-to-write" -> minReplicasToWrite = Long.parseLong(normalisedValue);
            case "min-replicas-max-lag" -> minReplicasMaxLag = Long.parseLong(normalisedValue);
            case "client-output-buffer-limit" -> outputBufferLimits = OutputBufferLimits.parse(null, normalisedValue);
            case "notify-keyspace-events" -> { // shown canonical, but n survives even beside A, as in Redis
                notifyKeyspaceEvents = Notifications.parse(normalisedValue);
                values.put(canonical, Notifications.format(notifyKeyspaceEvents));
            }
            default -> { }
        }
    }

    /** notify-keyspace-events, parsed (Notifications' class flags). */
    public int notifyKeyspaceEvents() { return notifyKeyspaceEvents; }

    /** client-output-buffer-limit, parsed. */
    public OutputBufferLimits outputBufferLimits() { return outputBufferLimits; }

    /** maxmemory in bytes; 0 means no limit. */
    public long maxmemory() { return maxmemory; }

    /** Whether writes need replicas the lab does not have (min-replicas-to-write with a lag limit). */
    public boolean requiresReplicas() { return minReplicasToWrite > 0 && minReplicasMaxLag > 0; }

    /** The canonical name of a parameter given by name or alias. */
    public String canonical(String name) { return parameters.get(name.toLowerCase(Locale.ROOT)).name(); }

    /** Redis's memtoll: a number with an optional b/k/kb/m/mb/g/gb unit; null when malformed. */
    public static Long memoryValue(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"}, {"m", "1000000"},
                {"g", "1000000000"}, {"b", "1"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                multiplier = Long.parseLong(u[1]);
                s = s.substring(0, s.length() - u[0].length());
                break;
            }
        }
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9') || s.length() > 18) return null;
        return Long.parseLong(s) * multiplier;
    }
}
