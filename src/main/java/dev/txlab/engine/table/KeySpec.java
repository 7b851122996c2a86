package dev.txlab.engine.table;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One of a command's key specs, as COMMAND INFO describes it: where the search for keys begins
 * (an argument index, or the argument after a keyword) and how the keys are found from there (a
 * range, or a count given by an argument). {@link KeyFinder} interprets them.
 *
 * @param notes Redis's note on the spec, or null
 */
public record KeySpec(String notes, Set<KeyFlag> flags, BeginSearch begin, FindKeys find) {
    public KeySpec {
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(KeyFlag.class) : EnumSet.copyOf(flags));
    }

    public boolean has(KeyFlag flag) { return flags.contains(flag); }

    /** Where the search for this spec's keys begins. */
    public sealed interface BeginSearch {}

    /** At a fixed argument index (the command name is 0). */
    public record Index(int pos) implements BeginSearch {}

    /**
     * After the first argument equal to {@code keyword} (ignoring case), searching from
     * {@code startFrom}; a negative startFrom searches backwards from the end.
     */
    public record Keyword(String keyword, int startFrom) implements BeginSearch {}

    /** Redis cannot say (SORT's STORE): the command's own key procedure decides. */
    public record UnknownBegin() implements BeginSearch {}

    /** How the keys are found once the search has begun. */
    public sealed interface FindKeys {}

    /**
     * Keys from the start to {@code lastKey} (relative to the start; negative counts from the end
     * of the arguments), every {@code keyStep}; with a {@code limit}, only 1/limit of what remains.
     */
    public record Range(int lastKey, int keyStep, int limit) implements FindKeys {}

    /**
     * A count of keys at {@code keyNumIdx} (relative to the start); the keys follow from
     * {@code firstKey} (also relative), every {@code keyStep}.
     */
    public record KeyNum(int keyNumIdx, int firstKey, int keyStep) implements FindKeys {}

    /** Redis cannot say: the command's own key procedure decides. */
    public record UnknownFind() implements FindKeys {}

    /** How a key is used, as COMMAND INFO names it, in Redis's reply order. */
    public enum KeyFlag {
        RO("RO"), RW("RW"), OW("OW"), RM("RM"),
        ACCESS("access"), UPDATE("update"), INSERT("insert"), DELETE("delete"),
        NOT_KEY("not_key"), INCOMPLETE("incomplete"), VARIABLE_FLAGS("variable_flags");

        private final String wireName;

        KeyFlag(String wireName) { this.wireName = wireName; }

        public String wireName() { return wireName; }

        static KeyFlag fromWireName(String name) {
            for (KeyFlag f : values()) if (f.wireName.equals(name)) return f;
            throw new IllegalArgumentException("unknown key spec flag '" + name + "'");
        }
    }
}
