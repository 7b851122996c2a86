package dev.txlab.engine.table;

import dev.txlab.engine.CommandContext;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One row of the command table: everything the dispatcher, the shell's completion and hints, and
 * :help know about a command, next to its implementation.
 *
 * @param name      full lower-case name; a subcommand is {@code container|sub}, as in Redis's errors
 * @param arity     Redis's convention: n means exactly n arguments, -n at least n (name included)
 * @param syntax    the arguments as redis-cli's hints show them
 * @param keys      which arguments are keys
 * @param keyFinder overrides {@code keys} for commands whose keys depend on arguments (EVAL)
 * @param subcommands for a container command (SCRIPT), its subcommands by lower-case name
 */
public record CommandSpec(
        String name,
        int arity,
        Set<Flag> flags,
        Group group,
        KeySpec keys,
        Function<List<byte[]>, List<Key>> keyFinder,
        String syntax,
        String summary,
        Implementation implementation,
        Map<String, CommandSpec> subcommands) {

    /** What a command does when it runs. */
    @FunctionalInterface
    public interface Implementation {
        Reply run(CommandContext ctx);
    }

    public CommandSpec {
        // An EnumSet answers has() with a bit test; the dispatcher asks several times per command.
        flags = java.util.Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags));
        subcommands = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subcommands));
    }

    public boolean has(Flag flag) { return flags.contains(flag); }

    public boolean isContainer() { return !subcommands.isEmpty(); }

    /** Redis's arity check. */
    public boolean arityAccepts(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    /** The keys this invocation names. */
    public List<Key> keysOf(List<byte[]> argv) {
        return keyFinder != null ? keyFinder.apply(argv) : keys.keys(argv);
    }

    /** The name as users type it: upper case, a subcommand after a space. */
    public String displayName() { return name.replace('|', ' ').toUpperCase(); }

    /** Starts a row; see {@link Builder}. */
    public static Builder command(String name, int arity, Group group) {
        return new Builder(name, arity, group);
    }

    /** Builds a table row so each command reads as one declaration. */
    public static final class Builder {
        private final String name;
        private final int arity;
        private final Group group;
        private final EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        private KeySpec keys = KeySpec.NONE;
        private Function<List<byte[]>, List<Key>> keyFinder;
        private String syntax = "";
        private String summary = "";
        private Map<String, CommandSpec> subcommands = Map.of();

        private Builder(String name, int arity, Group group) {
            this.name = name;
            this.arity = arity;
            this.group = group;
        }

        public Builder flags(Flag... f) { flags.addAll(List.of(f)); return this; }
        public Builder keys(int first, int last, int step) { keys = new KeySpec(first, last, step); return this; }
        public Builder firstKey() { keys = KeySpec.one(); return this; }
        public Builder keyFinder(Function<List<byte[]>, List<Key>> finder) { keyFinder = finder; return this; }
        public Builder syntax(String s) { syntax = s; return this; }
        public Builder summary(String s) { summary = s; return this; }
        public Builder subcommands(List<CommandSpec> subs) {
            java.util.LinkedHashMap<String, CommandSpec> map = new java.util.LinkedHashMap<>();
            for (CommandSpec s : subs) map.put(s.name().substring(s.name().indexOf('|') + 1), s);
            subcommands = map;
            return this;
        }

        public CommandSpec runs(Implementation implementation) {
            return new CommandSpec(name, arity, flags, group, keys, keyFinder, syntax, summary, implementation, subcommands);
        }
    }
}
