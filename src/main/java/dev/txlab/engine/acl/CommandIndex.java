package dev.txlab.engine.acl;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Redis's command ids for ACLs (ACLGetCommandID): every command and subcommand of the table gets
 * a bit in a selector's bitmap, and the categories ACL rules name come from the table's recorded
 * ACL categories.
 */
final class CommandIndex {
    /** Redis's ACLCommandCategories, in its order: ACL CAT lists them so, and the rules are built in it. */
    static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    private final CommandTable table;
    private final Map<CommandSpec, Integer> ids = new IdentityHashMap<>();
    /** Every command then its subcommands, as Redis walks its command dictionary (here in name order). */
    private final List<CommandSpec> walk = new ArrayList<>();
    private final Map<CommandSpec, CommandSpec> parents = new IdentityHashMap<>();
    /** For each category (by its index in CATEGORIES), the commands and subcommands in it. */
    private final List<List<CommandSpec>> byCategory = new ArrayList<>();

    CommandIndex(CommandTable table) {
        this.table = table;
        for (int i = 0; i < CATEGORIES.size(); i++) byCategory.add(new ArrayList<>());
        for (CommandSpec spec : table.all()) add(spec, null);
    }

    private void add(CommandSpec spec, CommandSpec parent) {
        ids.put(spec, ids.size());
        walk.add(spec);
        if (parent != null) parents.put(spec, parent);
        for (String category : spec.aclCategories()) {
            int c = CATEGORIES.indexOf(category.substring(1).toLowerCase(Locale.ROOT));
            if (c >= 0) byCategory.get(c).add(spec);
        }
        for (CommandSpec sub : spec.subcommands().values()) add(sub, spec);
    }

    int size() { return ids.size(); }

    int id(CommandSpec spec) {
        Integer id = ids.get(spec);
        if (id == null) throw new IllegalArgumentException("not in the command table: " + spec.name());
        return id;
    }

    CommandSpec parent(CommandSpec spec) { return parents.get(spec); }

    /** Commands and subcommands, each command followed by its subcommands. */
    List<CommandSpec> walk() { return Collections.unmodifiableList(walk); }

    /** Top-level commands. */
    Iterable<CommandSpec> topLevel() { return table.all(); }

    /** The category's index in CATEGORIES (any case), or -1. */
    static int category(String name) {
        for (int i = 0; i < CATEGORIES.size(); i++) if (CATEGORIES.get(i).equalsIgnoreCase(name)) return i;
        return -1;
    }

    List<CommandSpec> inCategory(int category) { return byCategory.get(category); }

    /** Redis's ACLLookupCommand: a command, or {@code container|sub}, by full name (any case). */
    CommandSpec lookup(String fullName) { return table.byFullName(fullName); }
}
