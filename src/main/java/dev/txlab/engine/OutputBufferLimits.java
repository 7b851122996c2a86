package dev.txlab.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Redis's client-output-buffer-limit: per client class (normal, slave, pubsub) a hard limit, a
 * soft limit and how many seconds over the soft limit are tolerated, in bytes (0: none). CONFIG
 * SET may give only some classes; the others keep their values.
 */
public record OutputBufferLimits(Map<String, Limit> byClass) {

    /** One class's limits. */
    public record Limit(long hardBytes, long softBytes, long softSeconds) {}

    /** Redis 7.0's default. */
    public static final String DEFAULT = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";

    public Limit normal() { return byClass.get("normal"); }

    /** The value as CONFIG GET shows it. */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Limit> e : byClass.entrySet()) {
            if (out.length() > 0) out.append(' ');
            Limit l = e.getValue();
            out.append(e.getKey()).append(' ').append(l.hardBytes()).append(' ').append(l.softBytes()).append(' ')
                    .append(l.softSeconds());
        }
        return out.toString();
    }

    /** {@code value} applied over {@code current}; throws with Redis's reason when malformed. */
    public static OutputBufferLimits parse(String current, String value) {
        Map<String, Limit> byClass = new LinkedHashMap<>();
        if (current != null) byClass.putAll(parse(null, current).byClass());
        // performInterfaceSet splits a MULTI_ARG_CONFIG with sdssplitlen on single spaces: every space
        // separates, so doubled, leading or trailing spaces make empty words and tabs do not separate
        String[] words = value.isEmpty() ? new String[0] : value.split(" ", -1);
        if (words.length % 4 != 0) {
            throw new IllegalArgumentException("Wrong number of arguments in buffer limit configuration.");
        }
        Map<String, Limit> given = new LinkedHashMap<>();
        for (int i = 0; i < words.length; i += 4) {
            String cls = words[i].toLowerCase(Locale.ROOT);
            if (cls.equals("replica")) cls = "slave";
            if (!cls.equals("normal") && !cls.equals("slave") && !cls.equals("pubsub")) {
                throw new IllegalArgumentException("Invalid client class specified in buffer limit configuration.");
            }
            Long hard = ServerConfig.memoryValue(words[i + 1]);
            Long soft = ServerConfig.memoryValue(words[i + 2]);
            Long seconds = Numbers.parseLong(words[i + 3]);
            if (hard == null || soft == null || seconds == null || seconds < 0) {
                throw new IllegalArgumentException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            given.put(cls, new Limit(hard, soft, seconds));
        }
        byClass.putAll(given);
        return new OutputBufferLimits(byClass);
    }
}
