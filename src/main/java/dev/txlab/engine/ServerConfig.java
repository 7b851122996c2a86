package dev.txlab.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every parameter of Redis 7.0's CONFIG, as redis-server 7.0.15 describes itself: the table in
 * {@code config-parameters.tsv} is recorded by {@code scripts/record-config-table} from a real
 * server's CONFIG GET answers (the defaults) and from config.c's static_configs (type, flags,
 * bounds, enum names). Values are kept in the text form CONFIG GET answers; CONFIG SET goes
 * through {@link #validate} with config.c's checks and error texts. The few values the engine
 * acts on each command (maxmemory, min-replicas, output buffer limits) are kept parsed too.
 */
public final class ServerConfig {

    /** One row of the recorded table. */
    public record Parameter(String name, String alias, String type, Set<String> flags, long min, long max,
                            Set<String> numericFlags, List<String> enumValues, String initial) {
        public boolean has(String flag) { return flags.contains(flag); }

        boolean unsigned() { return type.equals("uint") || type.equals("ulonglong") || type.equals("sizet"); }
    }

    private static final List<Parameter> TABLE = load();

    /** By name and by alias (Redis's configs dictionary holds both). */
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private final Map<String, String> values = new HashMap<>();
    /** The values every command's checks read, kept parsed (the dispatcher reads them per command). */
    private long maxmemory;
    private long minReplicasToWrite;
    private long minReplicasMaxLag = 10;
    private int notifyKeyspaceEvents;
    private OutputBufferLimits outputBufferLimits = OutputBufferLimits.parse(null, OutputBufferLimits.DEFAULT);
    private final List<Runnable> listeners = new ArrayList<>();

    public ServerConfig() {
        for (Parameter p : TABLE) {
            byName.put(p.name(), p);
            if (!p.alias().isEmpty()) byName.put(p.alias(), p);
            values.put(p.name(), p.initial());
        }
        values.put("dir", System.getProperty("user.dir", "/")); // getcwd(), as Redis answers it
    }

    private static List<Parameter> load() {
        List<Parameter> out = new ArrayList<>();
        try (InputStream in = ServerConfig.class.getResourceAsStream("config-parameters.tsv")) {
            if (in == null) throw new IllegalStateException("config-parameters.tsv is missing from the jar");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] f = line.split("\t", -1);
                out.add(new Parameter(f[0], f[1], f[2], Set.of(split(f[3], ",")),
                        f[4].isEmpty() ? 0 : parseBound(f[4]), f[5].isEmpty() ? 0 : parseBound(f[5]),
                        Set.of(split(f[6], ",")), List.of(split(f[7], "\\|")), f[8]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private final Map<String, java.util.function.Consumer<String>> setListeners = new java.util.HashMap<>();

    /** Runs {@code action} with the new value each time the parameter is set (requirepass updates the default user). */
    public void whenSet(String name, java.util.function.Consumer<String> action) { setListeners.put(name, action); }

    private static String[] split(String s, String regex) { return s.isEmpty() ? new String[0] : s.split(regex); }

    /** Bounds as C stores them in a long long (ULLONG_MAX wraps to -1, read back as unsigned). */
    private static long parseBound(String s) {
        return s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s);
    }

    /** Called after every successful CONFIG SET (the engine re-reads what it keeps parsed). */
    public void onChange(Runnable listener) { listeners.add(listener); }

    public String get(String name) { return values.get(parameter(name).name()); }

    public long getLong(String name) { return Long.parseLong(get(name)); }

    /** The parameter by name or alias, any case; null when unknown. */
    public Parameter parameter(String name) {
        Parameter exact = byName.get(name); // the engine asks by the canonical name on every command
        return exact != null ? exact : byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every parameter once, in config.c's order. */
    public List<Parameter> all() { return TABLE; }

    /**
     * Name/value pairs as CONFIG GET answers one argument: a name without glob characters is
     * looked up exactly (hidden parameters too, answered under the name asked); a pattern
     * matches names and aliases, hidden parameters excepted.
     */
    public List<String[]> matching(byte[] pattern) {
        String text = new String(pattern, StandardCharsets.ISO_8859_1);
        List<String[]> out = new ArrayList<>();
        if (!(text.contains("*") || text.contains("?") || text.contains("["))) {
            Parameter p = byName.get(text.toLowerCase(Locale.ROOT));
            if (p != null) out.add(new String[] {text, values.get(p.name())});
            return out;
        }
        for (Map.Entry<String, Parameter> e : byName.entrySet()) {
            if (e.getValue().has("hidden")) continue;
            if (dev.txlab.engine.command.Glob.matches(pattern, e.getKey().getBytes(StandardCharsets.US_ASCII), true)) {
                out.add(new String[] {e.getKey(), values.get(e.getValue().name())});
            }
        }
        return out;
    }

    /** Whether the parameter exists (any case). */
    public boolean knows(String name) { return parameter(name) != null; }

    /**
     * Checks a value as config.c's set functions do, without storing it: the text CONFIG GET
     * will answer, or throws with Redis's reason.
     */
    public String validate(String name, String value) {
        Parameter p = parameter(name);
        return switch (p.type()) {
            case "bool" -> {
                if (value.equalsIgnoreCase("yes")) yield "yes";
                if (value.equalsIgnoreCase("no")) yield "no";
                throw new IllegalArgumentException("argument must be 'yes' or 'no'");
            }
            case "string" -> validString(p, value);
            case "enum" -> validEnum(p, value);
            case "special" -> validSpecial(p, value);
            default -> validNumber(p, value);
        };
    }

    private static String validString(Parameter p, String value) {
        if (p.name().equals("dbfilename") && (value.contains("/") || value.contains("\\"))) {
            throw new IllegalArgumentException("dbfilename can't be a path, just a filename");
        }
        return value;
    }

    /** configEnumGetValue: one name, or for a multi-argument enum (shutdown-on-*) several flags. */
    private static String validEnum(Parameter p, String value) {
        String[] words = p.has("multi_arg") ? value.split(" ", -1) : new String[] {value};
        List<String> names = new ArrayList<>();
        for (String w : words) {
            String found = null;
            for (String option : p.enumValues()) if (option.equalsIgnoreCase(w)) found = option;
            if (found == null || (words.length > 1 && found.equals("default"))) {
                throw new IllegalArgumentException("argument(s) must be one of the following: "
                        + String.join(", ", p.enumValues()));
            }
            if (!names.contains(found)) names.add(found);
        }
        if (p.name().startsWith("shutdown-on-sig") && names.contains("save") && names.contains("nosave")) {
            throw new IllegalArgumentException("shutdown options SAVE and NOSAVE can't be used simultaneously");
        }
        List<String> ordered = new ArrayList<>();
        for (String option : p.enumValues()) if (names.contains(option)) ordered.add(option);
        return String.join(" ", ordered);
    }

    private static String validNumber(Parameter p, String value) {
        Set<String> nf = p.numericFlags();
        Long parsed = null;
        if (nf.contains("memory")) parsed = memoryValueUnsigned(value);
        if (parsed == null && nf.contains("percent") && value.length() > 1 && value.endsWith("%")) {
            Long pct = Numbers.parseLong(value.substring(0, value.length() - 1));
            if (pct != null && pct >= 0) parsed = -pct;
        }
        if (parsed == null && nf.contains("octal")) {
            try {
                parsed = Long.parseLong(value, 8);
            } catch (NumberFormatException e) {
                parsed = null;
            }
        }
        boolean plainInteger = !nf.contains("memory") && !nf.contains("percent") && !nf.contains("octal");
        if (parsed == null && plainInteger) parsed = Numbers.parseLong(value);
        if (parsed == null) {
            throw new IllegalArgumentException(nf.contains("memory") && nf.contains("percent")
                    ? "argument must be a memory or percent value"
                    : nf.contains("memory") ? "argument must be a memory value"
                    : nf.contains("octal") ? "argument couldn't be parsed as an octal number"
                    : "argument couldn't be parsed into an integer");
        }
        long v = parsed;
        if (p.unsigned()) {
            if (Long.compareUnsigned(v, p.max()) > 0 || Long.compareUnsigned(v, p.min()) < 0) {
                throw new IllegalArgumentException(nf.contains("octal")
                        ? "argument must be between " + Long.toOctalString(p.min()) + " and " + Long.toOctalString(p.max()) + " inclusive"
                        : "argument must be between " + Long.toUnsignedString(p.min()) + " and "
                                + Long.toUnsignedString(p.max()) + " inclusive");
            }
        } else if (nf.contains("percent") && v < 0) {
            if (v < p.min()) throw new IllegalArgumentException("percentage argument must be less or equal to " + -p.min());
        } else if (v > p.max() || v < p.min()) {
            throw new IllegalArgumentException("argument must be between " + p.min() + " and " + p.max() + " inclusive");
        }
        // a number is stored in its C type: an int parameter keeps 32 bits, as CONFIG GET shows
        if (nf.contains("percent") && v < 0) return (-v) + "%";
        if (nf.contains("memory") || p.unsigned()) return Long.toUnsignedString(v);
        if (nf.contains("octal")) return Long.toOctalString(v);
        return Long.toString(v);
    }

    private String validSpecial(Parameter p, String value) {
        String[] args = p.has("multi_arg") ? value.split(" ", -1) : new String[] {value};
        return switch (p.name()) {
            case "save" -> {
                if (args.length == 1 && args[0].isEmpty()) yield "";
                if (args.length % 2 != 0) throw new IllegalArgumentException("Invalid save parameters");
                StringBuilder out = new StringBuilder();
                for (int j = 0; j < args.length; j++) {
                    Long v = strtoll(args[j]);
                    if (v == null || (j % 2 == 0 && v < 1) || (j % 2 == 1 && v < 0)) {
                        throw new IllegalArgumentException("Invalid save parameters");
                    }
                    if (j > 0) out.append(' ');
                    out.append(v);
                }
                yield out.toString();
            }
            case "client-output-buffer-limit" -> OutputBufferLimits.parse(get("client-output-buffer-limit"), value).format();
            case "oom-score-adj-values" -> {
                if (args.length != 3) throw new IllegalArgumentException("wrong number of arguments");
                StringBuilder out = new StringBuilder();
                for (String a : args) {
                    Long v = strtoll(a);
                    if (v == null || v < -2000 || v > 2000) {
                        throw new IllegalArgumentException("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
                    }
                    if (out.length() > 0) out.append(' ');
                    out.append(v);
                }
                yield out.toString();
            }
            case "notify-keyspace-events" -> Notifications.normalise(value);
            case "bind" -> {
                if (args.length > 16) throw new IllegalArgumentException("Too many bind addresses specified.");
                yield value;
            }
            case "latency-tracking-info-percentiles" -> {
                if (args.length == 1 && args[0].isEmpty()) yield "";
                StringBuilder out = new StringBuilder();
                for (String a : args) {
                    Double d = Numbers.parseDouble(a.getBytes(StandardCharsets.ISO_8859_1));
                    if (d == null) throw new IllegalArgumentException("Invalid latency-tracking-info-percentiles parameters");
                    if (d > 100.0 || d < 0.0) {
                        throw new IllegalArgumentException("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
                    }
                    if (out.length() > 0) out.append(' ');
                    out.append(trimDouble(d));
                }
                yield out.toString();
            }
            case "dir" -> {
                if (args.length != 1) throw new IllegalArgumentException("wrong number of arguments");
                throw new IllegalArgumentException("No such file or directory");
            }
            default -> value;
        };
    }

    /** C's "%f" with its trailing zeros (and a trailing dot) removed, as trimDoubleString does. */
    private static String trimDouble(double d) {
        String s = String.format(Locale.ROOT, "%f", d);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** strtoll with the whole text consumed; null otherwise. */
    private static Long strtoll(String s) {
        String t = s.stripLeading();
        if (t.isEmpty()) return 0L;
        try {
            return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Stores a value {@link #validate} returned, and updates what the engine keeps parsed. */
    public void set(String name, String normalisedValue) {
        String canonical = parameter(name).name();
        if (canonical.equals("hz")) { // updateHZ: CONFIG_MIN_HZ..CONFIG_MAX_HZ
            normalisedValue = Long.toString(Math.max(1, Math.min(500, Long.parseLong(normalisedValue))));
        }
        values.put(canonical, normalisedValue);
        switch (canonical) {
            case "maxmemory" -> maxmemory = Long.parseUnsignedLong(normalisedValue) < 0 ? Long.MAX_VALUE
                    : Long.parseUnsignedLong(normalisedValue);
            case "min-replicas-to-write" -> minReplicasToWrite = Long.parseLong(normalisedValue);
            case "min-replicas-max-lag" -> minReplicasMaxLag = Long.parseLong(normalisedValue);
            case "client-output-buffer-limit" -> outputBufferLimits = OutputBufferLimits.parse(null, normalisedValue);
            case "notify-keyspace-events" -> { // shown canonical, but n survives even beside A, as in Redis
                notifyKeyspaceEvents = Notifications.parse(normalisedValue);
                values.put(canonical, Notifications.format(notifyKeyspaceEvents));
            }
            default -> { }
        }
        java.util.function.Consumer<String> listener = setListeners.get(canonical);
        if (listener != null) listener.accept(normalisedValue);
    }

    /** notify-keyspace-events, parsed (Notifications' class flags). */
    public int notifyKeyspaceEvents() { return notifyKeyspaceEvents; }

    /** After a CONFIG SET of several values succeeded. */
    public void changed() { for (Runnable r : listeners) r.run(); }

    /** client-output-buffer-limit, parsed. */
    public OutputBufferLimits outputBufferLimits() { return outputBufferLimits; }

    /** maxmemory in bytes; 0 means no limit. */
    public long maxmemory() { return maxmemory; }

    /** Whether writes need replicas the lab does not have (min-replicas-to-write with a lag limit). */
    public boolean requiresReplicas() { return minReplicasToWrite > 0 && minReplicasMaxLag > 0; }

    /** The canonical name of a parameter given by name or alias. */
    public String canonical(String name) { return parameter(name).name(); }

    /** Redis's memtoull for a value that must fit a signed 64-bit number; null when malformed. */
    public static Long memoryValue(String v) {
        Long value = memoryValueUnsigned(v);
        return value == null || value < 0 ? null : value;
    }

    /** Redis's memtoull: digits and an optional b/k/kb/m/mb/g/gb unit, wrapping as C does. */
    private static Long memoryValueUnsigned(String v) {
        if (v.startsWith("-")) return null;
        int digits = 0;
        while (digits < v.length() && v.charAt(digits) >= '0' && v.charAt(digits) <= '9') digits++;
        String unit = v.substring(digits).toLowerCase(Locale.ROOT);
        long multiplier = switch (unit) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000 * 1000;
            case "mb" -> 1024 * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 0;
        };
        if (multiplier == 0 || digits >= 128) return null;
        if (digits == 0) return 0L;
        long n;
        try {
            n = Long.parseUnsignedLong(v.substring(0, digits));
        } catch (NumberFormatException e) {
            n = -1; // strtoull saturates at ULLONG_MAX
        }
        return n * multiplier;
    }
}
