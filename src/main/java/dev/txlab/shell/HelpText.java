package dev.txlab.shell;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code :help}: the shell's own commands, and Redis commands by group as redis-cli's help shows them. */
final class HelpText {
    private HelpText() {}

    static void print(ShellSession.Output out, CommandTable table, String topic) {
        if (topic.isEmpty()) {
            overview(out, table);
        } else if (topic.startsWith("@")) {
            group(out, table, topic.substring(1));
        } else {
            command(out, table, topic);
        }
    }

    /** The groups Redis files commands under, as redis-cli's {@code help @group} takes them. */
    static java.util.SortedSet<String> groups(CommandTable table) {
        java.util.SortedSet<String> groups = new java.util.TreeSet<>();
        for (CommandSpec spec : table.all()) groups.add(spec.group());
        return groups;
    }

    private static void overview(ShellSession.Output out, CommandTable table) {
        out.println("Type Redis commands as you would in redis-cli; traces under the replies start with #.");
        out.println("  B> CMD ...                run one command as client B (any label of letters, digits, _ and -)");
        for (ShellSession.MetaCommand meta : ShellSession.META) {
            String usage = meta.name() + (meta.usage().isEmpty() ? "" : " " + meta.usage());
            out.println("  " + usage + " ".repeat(Math.max(1, 26 - usage.length())) + meta.summary());
        }
        out.println("Prompt: A> is client A; A[1]> on database 1; (TX) inside MULTI; (W) watching keys;");
        out.println("        (W!) a watched key was touched, so EXEC will answer (nil).");
        out.println("Keys: Tab completes, Ctrl-R searches the history, Ctrl-C cancels the line, Ctrl-D leaves.");
        StringBuilder groups = new StringBuilder("Groups:");
        for (String g : groups(table)) groups.append(" @").append(g);
        out.println(groups.toString());
    }

    private static void group(ShellSession.Output out, CommandTable table, String name) {
        // redis-cli spells it sorted-set; older habits (and txlab before) sorted_set
        String group = name.toLowerCase(Locale.ROOT).replace('_', '-');
        List<CommandSpec> specs = new ArrayList<>();
        for (CommandSpec spec : table.all()) if (spec.group().equals(group)) specs.add(spec);
        if (specs.isEmpty()) {
            out.println("No group @" + name + ". Type :help for the list of groups.");
            return;
        }
        for (CommandSpec spec : specs) {
            out.println("");
            describe(out, spec);
        }
    }

    private static void command(ShellSession.Output out, CommandTable table, String name) {
        String[] words = name.split("\\s+");
        CommandSpec spec = table.get(words[0]);
        if (spec != null && spec.isContainer() && words.length > 1) {
            CommandSpec sub = spec.subcommands().get(words[1].toLowerCase(Locale.ROOT));
            if (sub != null) spec = sub;
        }
        if (spec == null) {
            out.println("No command named " + words[0] + ". Try :help @transactions, or Tab at the prompt.");
            return;
        }
        describe(out, spec);
        for (CommandSpec sub : spec.subcommands().values()) describe(out, sub);
    }

    static void describe(ShellSession.Output out, CommandSpec spec) {
        out.println("  " + spec.displayName() + (spec.syntax().isEmpty() ? "" : " " + spec.syntax()));
        if (!spec.summary().isEmpty()) out.println("  summary: " + spec.summary());
        if (spec.teaching() != null) out.println("  in txlab: " + spec.teaching());
        if (!spec.isSimulated()) out.println("  in txlab: not simulated yet (it answers an error that says so)");
        out.println("  group: " + spec.group());
    }
}
