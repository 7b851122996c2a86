package dev.txlab.engine.table;

import dev.txlab.engine.CommandContext;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of the command table: what Redis says about a command (COMMAND INFO, recorded from a
 * real server; its docs come from COMMAND DOCS on first use) joined with txlab's binding: the
 * implementation and txlab's own additions. A subcommand's name is {@code container|sub}, as
 * Redis spells it.
 */
public final class CommandSpec {
    /** What a command does when it runs. */
    @FunctionalInterface
    public interface Implementation {
        Reply run(CommandContext ctx);
    }

    private final String name;
    private final int arity;
    private final Set<Flag> flags;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final List<String> aclCategories;
    private final List<String> tips;
    private final List<KeySpec> keySpecs;
    private final Map<String, CommandSpec> subcommands;
    /** Null until first needed when the table binds lazily (see {@link LazyBindings}); a Binding is immutable. */
    private Binding binding;
    private final LazyBindings lazy;

    CommandSpec(RecordedCommands.Info info, Map<String, CommandSpec> subcommands, Binding binding) {
        this(info, subcommands, binding, null);
    }

    CommandSpec(RecordedCommands.Info info, Map<String, CommandSpec> subcommands, LazyBindings lazy) {
        this(info, subcommands, null, lazy);
    }

    private CommandSpec(RecordedCommands.Info info, Map<String, CommandSpec> subcommands, Binding binding, LazyBindings lazy) {
        this.name = info.name();
        this.arity = info.arity();
        this.flags = Collections.unmodifiableSet(info.flags().isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(info.flags()));
        this.firstKey = info.firstKey();
        this.lastKey = info.lastKey();
        this.keyStep = info.keyStep();
        this.aclCategories = List.copyOf(info.aclCategories());
        this.tips = List.copyOf(info.tips());
        this.keySpecs = List.copyOf(info.keySpecs());
        this.subcommands = Collections.unmodifiableMap(new LinkedHashMap<>(subcommands));
        this.binding = binding;
        this.lazy = lazy;
    }

    private Binding binding() {
        Binding b = binding;
        if (b == null) binding = b = lazy.bindingOf(name);
        return b;
    }

    /** Full lower-case name: {@code get}, {@code config|get}. */
    public String name() { return name; }

    /** Redis's convention: n means exactly n arguments, -n at least n (name included). */
    public int arity() { return arity; }

    public Set<Flag> flags() { return flags; }

    public boolean has(Flag flag) { return flags.contains(flag); }

    /** COMMAND INFO's legacy key range: first key, last key (negative counts from the end), step. */
    public int firstKey() { return firstKey; }

    public int lastKey() { return lastKey; }

    public int keyStep() { return keyStep; }

    /** ACL categories, "@read" ..., in Redis's order. */
    public List<String> aclCategories() { return aclCategories; }

    /** Redis's tips: "nondeterministic_output", "request_policy:all_shards" ... */
    public List<String> tips() { return tips; }

    public boolean hasTip(String tip) { return tips.contains(tip); }

    public List<KeySpec> keySpecs() { return keySpecs; }

    /** A container's subcommands (CONFIG GET ...) by lower-case subcommand name. */
    public Map<String, CommandSpec> subcommands() { return subcommands; }

    public boolean isContainer() { return !subcommands.isEmpty(); }

    /** The documentation Redis gives (COMMAND DOCS), loaded on first use. */
    public CommandDocs docs() { return RecordedCommands.docs(name); }

    /** Redis's one-line summary. */
    public String summary() {
        String summary = docs().summary();
        return summary == null ? "" : summary;
    }

    /** The group Redis files it under: "string", "sorted-set", "transactions" ... */
    public String group() { return docs().group(); }

    /** The arguments as redis-cli's hints show them. */
    public String syntax() { return docs().syntax(); }

    /** Whether some argument can be a key (the shell completes key names there). */
    public boolean mayHaveKeys() { return KeyFinder.mayHaveKeys(this); }

    /** What runs the command: its implementation, or the "not simulated yet" answer. */
    public Implementation implementation() { return binding().implementation(); }

    /** Whether txlab implements this command (rather than answering that it does not yet). */
    public boolean isSimulated() {
        if (isContainer()) return subcommands.values().stream().anyMatch(CommandSpec::isSimulated);
        return binding().simulated();
    }

    /** txlab's note for learners (what matters about this command for atomicity), or null. */
    public String teaching() { return binding().teaching(); }

    /**
     * Runs at once inside MULTI instead of being queued. Redis keeps this list in
     * processCommand, not in its table: EXEC, DISCARD, MULTI, WATCH, QUIT and RESET.
     */
    public boolean runsAtOnceInMulti() { return binding().skipsQueue(); }

    /**
     * May be sent by a RESP2 client in subscribed mode: the subscribe commands, PING, QUIT and
     * RESET (Redis keeps this list in processCommand).
     */
    public boolean allowedInSubscribedMode() { return binding().whileSubscribed(); }

    /** May make the client wait: flagged blocking, or WAIT (which Redis 7.0 does not flag). */
    public boolean mayBlock() { return has(Flag.BLOCKING) || binding().blocksUnflagged(); }

    /** Redis's arity check. */
    public boolean arityAccepts(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    /** The keys this command line names, found by its key specs. */
    public List<Key> keysOf(List<byte[]> argv) {
        List<KeyFinder.KeyRef> refs = KeyFinder.find(this, argv);
        List<Key> keys = new ArrayList<>(refs.size());
        for (KeyFinder.KeyRef ref : refs) keys.add(Key.of(argv.get(ref.position())));
        return keys;
    }

    /** The name as users type it: upper case, a subcommand after a space. */
    public String displayName() { return name.replace('|', ' ').toUpperCase(java.util.Locale.ROOT); }

    @Override public String toString() { return "CommandSpec[" + name + "]"; }
}
