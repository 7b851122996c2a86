package dev.txlab.engine.table;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.command.BitCommands;
import dev.txlab.engine.command.ClientCommands;
import dev.txlab.engine.command.ConfigCommands;
import dev.txlab.engine.command.DiagnosticsCommands;
import dev.txlab.engine.command.InfoCommand;
import dev.txlab.engine.command.TrackingCommands;
import dev.txlab.engine.command.ConnectionCommands;
import dev.txlab.engine.command.GeoCommands;
import dev.txlab.engine.command.HashCommands;
import dev.txlab.engine.command.HyperLogLogCommands;
import dev.txlab.engine.command.IntrospectionCommands;
import dev.txlab.engine.command.KeyCommands;
import dev.txlab.engine.command.PubSubCommands;
import dev.txlab.engine.command.ListCommands;
import dev.txlab.engine.command.ObjectCommand;
import dev.txlab.engine.command.ScanCommands;
import dev.txlab.engine.command.ServerCommands;
import dev.txlab.engine.command.SetCommands;
import dev.txlab.engine.command.SortCommand;
import dev.txlab.engine.command.SortedSetCommands;
import dev.txlab.engine.command.StreamCommands;
import dev.txlab.engine.command.StringCommands;
import dev.txlab.engine.script.ScriptingCommands;
import dev.txlab.engine.tx.Transactions;
import dev.txlab.protocol.Key;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one command table: every command of Redis 7.0, as a real server describes it (see
 * {@link RecordedCommands}), each bound to txlab's implementation or, until there is one, to an
 * answer saying txlab does not simulate it yet. The dispatcher, COMMAND, the shell's completion,
 * hints and help, the traces and the remote backend all read it.
 */
public final class CommandTable {
    /** Sorted, for help and completion. */
    private final Map<String, CommandSpec> byName;
    /** Hashed, for the lookup every command goes through. */
    private final Map<String, CommandSpec> index;

    /** Joins Redis's description of every command with the given bindings, by full name. */
    public CommandTable(Collection<Binding> bindings) {
        Map<String, Binding> bound = new HashMap<>();
        for (Binding b : bindings) {
            if (bound.put(b.name(), b) != null) throw new IllegalArgumentException("command bound twice: " + b.name());
        }
        Map<String, CommandSpec> map = new TreeMap<>();
        for (RecordedCommands.Info info : RecordedCommands.info()) map.put(info.name(), row(info, bound));
        if (!bound.isEmpty()) throw new IllegalArgumentException("bindings for commands Redis 7.0 does not have: " + bound.keySet());
        byName = Collections.unmodifiableMap(map);
        index = new HashMap<>(map);
    }

    /** Joins Redis's description of every command with bindings taken from their files when first needed. */
    private CommandTable(LazyBindings lazy) {
        Map<String, CommandSpec> map = new TreeMap<>();
        for (RecordedCommands.Info info : RecordedCommands.info()) map.put(info.name(), row(info, lazy));
        byName = Collections.unmodifiableMap(map);
        index = new HashMap<>(map);
    }

    private static CommandSpec row(RecordedCommands.Info info, LazyBindings lazy) {
        Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
        for (RecordedCommands.Info sub : info.subcommands()) {
            subcommands.put(sub.name().substring(sub.name().indexOf('|') + 1), row(sub, lazy));
        }
        return new CommandSpec(info, subcommands, lazy);
    }

    private static CommandSpec row(RecordedCommands.Info info, Map<String, Binding> bound) {
        Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
        for (RecordedCommands.Info sub : info.subcommands()) {
            subcommands.put(sub.name().substring(sub.name().indexOf('|') + 1), row(sub, bound));
        }
        Binding binding = bound.remove(info.name());
        return new CommandSpec(info, subcommands, binding != null ? binding : Binding.notSimulated(info.name()));
    }

    /**
     * Bound lazily, a command file at a time, from the index the build writes ({@link LazyBindings});
     * all at once without it.
     */
    private static final CommandTable STANDARD = standardTable(LazyBindings.fromIndex());

    static CommandTable standardTable(LazyBindings lazy) {
        return lazy != null ? new CommandTable(lazy) : new CommandTable(standardBindings());
    }

    /** Every command txlab implements, from each command group. */
    public static List<Binding> standardBindings() {
        List<Binding> all = new ArrayList<>();
        all.addAll(ConnectionCommands.bindings());
        all.addAll(KeyCommands.bindings());
        all.addAll(StringCommands.bindings());
        all.addAll(BitCommands.bindings());
        all.addAll(HyperLogLogCommands.bindings());
        all.addAll(GeoCommands.bindings());
        all.addAll(StreamCommands.bindings());
        all.addAll(ListCommands.bindings());
        all.addAll(HashCommands.bindings());
        all.addAll(SetCommands.bindings());
        all.addAll(SortedSetCommands.bindings());
        all.addAll(SortCommand.bindings());
        all.addAll(ObjectCommand.bindings());
        all.addAll(ScanCommands.bindings());
        all.addAll(ServerCommands.bindings());
        all.addAll(ClientCommands.bindings());
        all.addAll(ConfigCommands.bindings());
        all.addAll(InfoCommand.bindings());
        all.addAll(DiagnosticsCommands.bindings());
        all.addAll(TrackingCommands.bindings());
        all.addAll(dev.txlab.engine.rdb.DumpCommands.bindings());
        all.addAll(dev.txlab.engine.replication.ReplicationCommands.bindings());
        all.addAll(IntrospectionCommands.bindings());
        all.addAll(dev.txlab.engine.command.ModuleCommands.bindings());
        all.addAll(PubSubCommands.bindings());
        all.addAll(Transactions.bindings());
        all.addAll(ScriptingCommands.bindings());
        all.addAll(dev.txlab.engine.script.FunctionCommands.bindings());
        all.addAll(dev.txlab.engine.acl.AclCommands.bindings());
        all.addAll(dev.txlab.engine.cluster.ClusterCommands.bindings());
        return all;
    }

    public static CommandTable standard() { return STANDARD; }

    /** The outcome of looking up argv[0] (and argv[1] for a container command). */
    public record Lookup(CommandSpec spec, String unknownSubcommandOf) {}

    /**
     * Redis's lookupCommand: case-blind on the name; a container command with a second argument
     * resolves to its subcommand, and an unknown subcommand is reported as such.
     */
    public Lookup lookup(List<byte[]> argv) {
        CommandSpec spec = index.get(Bytes.lowerAscii(argv.get(0)));
        if (spec == null) return new Lookup(null, null);
        if (!spec.isContainer() || argv.size() == 1) return new Lookup(spec, null);
        CommandSpec sub = spec.subcommands().get(Bytes.lowerAscii(argv.get(1)));
        return sub == null ? new Lookup(null, spec.name()) : new Lookup(sub, null);
    }

    /**
     * The keys a command line names, as Redis's key specs find them (COMMAND GETKEYS); empty
     * for an unknown command or one without keys.
     */
    public List<Key> keysOf(List<byte[]> argv) {
        CommandSpec spec = lookup(argv).spec();
        return spec == null ? List.of() : spec.keysOf(argv);
    }

    /** A top-level command by name (any case), or null. */
    public CommandSpec get(String name) { return index.get(name.toLowerCase(Locale.ROOT)); }

    /**
     * A command or subcommand by its full name ({@code config|get}, any case), or null; Redis's
     * lookupCommandBySds, as COMMAND INFO and DOCS take names.
     */
    public CommandSpec byFullName(String fullName) {
        String lower = fullName.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) return index.get(lower);
        if (lower.indexOf('|', bar + 1) >= 0) return null;
        CommandSpec container = index.get(lower.substring(0, bar));
        return container == null ? null : container.subcommands().get(lower.substring(bar + 1));
    }

    /** Every top-level command, by name. */
    public Collection<CommandSpec> all() { return byName.values(); }
}
