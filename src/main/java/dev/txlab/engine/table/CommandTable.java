package dev.txlab.engine.table;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.command.ConnectionCommands;
import dev.txlab.engine.command.HashCommands;
import dev.txlab.engine.command.KeyCommands;
import dev.txlab.engine.command.ListCommands;
import dev.txlab.engine.command.ServerCommands;
import dev.txlab.engine.command.SetCommands;
import dev.txlab.engine.command.SortCommand;
import dev.txlab.engine.command.SortedSetCommands;
import dev.txlab.engine.command.StringCommands;
import dev.txlab.engine.script.ScriptingCommands;
import dev.txlab.engine.tx.Transactions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one command table: every command the engine knows, by lower-case name. The dispatcher,
 * the shell's completion and hints, and :help all read it.
 */
public final class CommandTable {
    /** Sorted, for help and completion. */
    private final Map<String, CommandSpec> byName;
    /** Hashed, for the lookup every command goes through. */
    private final Map<String, CommandSpec> index;

    public CommandTable(Collection<CommandSpec> specs) {
        Map<String, CommandSpec> map = new TreeMap<>();
        for (CommandSpec spec : specs) {
            if (map.put(spec.name(), spec) != null) throw new IllegalArgumentException("duplicate command " + spec.name());
        }
        byName = Collections.unmodifiableMap(map);
        index = new java.util.HashMap<>(map);
    }

    private static final CommandTable STANDARD = new CommandTable(standardSpecs());

    /** Every command group the engine implements. */
    public static List<CommandSpec> standardSpecs() {
        List<CommandSpec> all = new ArrayList<>();
        all.addAll(ConnectionCommands.all());
        all.addAll(KeyCommands.all());
        all.addAll(StringCommands.all());
        all.addAll(ListCommands.all());
        all.addAll(HashCommands.all());
        all.addAll(SetCommands.all());
        all.addAll(SortedSetCommands.all());
        all.addAll(SortCommand.all());
        all.addAll(ServerCommands.all());
        all.addAll(Transactions.commands());
        all.addAll(ScriptingCommands.all());
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
    public List<dev.txlab.protocol.Key> keysOf(List<byte[]> argv) {
        CommandSpec spec = lookup(argv).spec();
        return spec == null ? List.of() : spec.keysOf(argv);
    }

    /** A top-level command by name (any case), or null. */
    public CommandSpec get(String name) { return index.get(name.toLowerCase(java.util.Locale.ROOT)); }

    /** Every top-level command, by name. */
    public Collection<CommandSpec> all() { return byName.values(); }
}
