package dev.txlab.trace;

import java.util.Locale;
import java.util.Optional;

/** How much the trace renderer says under each reply. */
public enum ExplainLevel {
    /** Replies only, as redis-cli prints them. */
    OFF,
    /** One or two lines for what a learner could not see: queueing, EXEC, watches. */
    BRIEF,
    /** Everything, with the reasons behind it (what {@code :why} shows). */
    FULL;

    /** The level named by {@code off}, {@code brief} or {@code full}, in any case. */
    public static Optional<ExplainLevel> parse(String name) {
        for (ExplainLevel level : values()) {
            if (level.name().equals(name.trim().toUpperCase(Locale.ROOT))) return Optional.of(level);
        }
        return Optional.empty();
    }

    @Override public String toString() { return name().toLowerCase(Locale.ROOT); }
}
