package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.CommandDocs;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.engine.table.Flag;
import dev.txlab.engine.table.KeyFinder;
import dev.txlab.engine.table.KeySpec;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * COMMAND and its subcommands: the command table describing itself, in the very replies Redis
 * 7.0's server.c builds (addReplyCommandInfo, addReplyCommandDocs ...). Redis lists commands in
 * hash order, which differs from run to run; the lab lists them by name.
 */
public final class IntrospectionCommands {
    private IntrospectionCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("command", IntrospectionCommands::all),
                bind("command|count", ctx -> Reply.integer(ctx.engine().table().all().size())),
                bind("command|list", IntrospectionCommands::list),
                bind("command|info", IntrospectionCommands::info),
                bind("command|docs", IntrospectionCommands::docs),
                bind("command|getkeys", ctx -> getKeys(ctx, false)),
                bind("command|getkeysandflags", ctx -> getKeys(ctx, true)),
                bind("command|help", ctx -> Help.reply(ctx, HELP)));
    }

    private static Reply all(CommandContext ctx) {
        List<Reply> out = new ArrayList<>();
        for (CommandSpec spec : ctx.engine().table().all()) out.add(info(spec));
        ctx.orderUndefined("Redis's command table (a hash table)");
        return Reply.array(out);
    }

    private static Reply info(CommandContext ctx) {
        if (ctx.argc() == 2) return all(ctx);
        List<Reply> out = new ArrayList<>();
        for (int i = 2; i < ctx.argc(); i++) out.add(info(ctx.engine().table().byFullName(ctx.text(i))));
        return Reply.array(out);
    }

    private static Reply docs(CommandContext ctx) {
        CommandTable table = ctx.engine().table();
        List<Reply> flat = new ArrayList<>();
        if (ctx.argc() == 2) {
            for (CommandSpec spec : table.all()) addDocs(flat, spec);
            ctx.orderUndefined("Redis's command table (a hash table)");
        } else {
            for (int i = 2; i < ctx.argc(); i++) {
                CommandSpec spec = table.byFullName(ctx.text(i));
                if (spec != null) addDocs(flat, spec);
            }
        }
        return Reply.map(flat);
    }

    private static void addDocs(List<Reply> flat, CommandSpec spec) {
        flat.add(Reply.bulk(spec.name()));
        flat.add(docs(spec));
    }

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]. */
    private static Reply list(CommandContext ctx) {
        String filter = null;
        byte[] argument = null;
        for (int i = 2; i < ctx.argc(); i++) {
            boolean twoMore = ctx.argc() - 1 - i == 2;
            if (ctx.isOption(i, "filterby") && twoMore) {
                if (ctx.isOption(i + 1, "module")) filter = "module";
                else if (ctx.isOption(i + 1, "aclcat")) filter = "aclcat";
                else if (ctx.isOption(i + 1, "pattern")) filter = "pattern";
                else return Errors.SYNTAX;
                argument = ctx.arg(i + 2);
                i += 2;
            } else {
                return Errors.SYNTAX;
            }
        }
        List<Reply> names = new ArrayList<>();
        addNames(names, ctx.engine().table().all(), filter, argument);
        ctx.orderUndefined("Redis's command table (a hash table)");
        return Reply.array(names);
    }

    private static void addNames(List<Reply> names, Collection<CommandSpec> specs, String filter, byte[] argument) {
        for (CommandSpec spec : specs) {
            if (filter == null || listed(spec, filter, argument)) names.add(Reply.bulk(spec.name()));
            addNames(names, spec.subcommands().values(), filter, argument);
        }
    }

    private static boolean listed(CommandSpec spec, String filter, byte[] argument) {
        return switch (filter) {
            case "module" -> false; // the lab loads no modules
            case "aclcat" -> spec.aclCategories().stream()
                    .anyMatch(c -> c.substring(1).equalsIgnoreCase(new String(argument, StandardCharsets.ISO_8859_1)));
            default -> Glob.matches(argument, spec.name().getBytes(StandardCharsets.US_ASCII), true);
        };
    }

    /** COMMAND GETKEYS / GETKEYSANDFLAGS command arg ...: what the key specs find. */
    private static Reply getKeys(CommandContext ctx, boolean withFlags) {
        List<byte[]> line = ctx.argv().subList(2, ctx.argc());
        CommandSpec spec = ctx.engine().table().lookup(line).spec();
        if (spec == null) return Reply.error("ERR Invalid command specified");
        if (!KeyFinder.mayHaveKeys(spec)) return Reply.error("ERR The command has no key arguments");
        if (!spec.arityAccepts(line.size())) return Reply.error("ERR Invalid number of arguments specified for command");
        List<KeyFinder.KeyRef> keys = KeyFinder.find(spec, line);
        if (keys.isEmpty()) {
            return spec.has(Flag.NO_MANDATORY_KEYS) ? Reply.EMPTY_ARRAY : Reply.error("ERR Invalid arguments specified for command");
        }
        List<Reply> out = new ArrayList<>();
        for (KeyFinder.KeyRef key : keys) {
            Reply name = Reply.bulk(line.get(key.position()));
            out.add(withFlags ? Reply.array(List.of(name, keyFlags(key.flags()))) : name);
        }
        return Reply.array(out);
    }

    // ---- the replies, as server.c builds them ----------------------------------------------

    /** addReplyCommandInfo: [name, arity, flags, first, last, step, ACL categories, tips, key specs, subcommands]. */
    static Reply info(CommandSpec spec) {
        if (spec == null) return Reply.NIL;
        List<Reply> flags = new ArrayList<>();
        for (Flag f : spec.flags()) flags.add(new Reply.Simple(f.wireName()));
        List<Reply> categories = new ArrayList<>();
        for (String c : spec.aclCategories()) categories.add(new Reply.Simple(c));
        List<Reply> keySpecs = new ArrayList<>();
        for (KeySpec ks : spec.keySpecs()) keySpecs.add(keySpec(ks));
        List<Reply> subcommands = new ArrayList<>();
        for (CommandSpec sub : spec.subcommands().values()) subcommands.add(info(sub));
        return Reply.array(List.of(
                Reply.bulk(spec.name()),
                Reply.integer(spec.arity()),
                Reply.set(flags),
                Reply.integer(spec.firstKey()),
                Reply.integer(spec.lastKey()),
                Reply.integer(spec.keyStep()),
                Reply.set(categories),
                Reply.set(bulks(spec.tips())),
                Reply.set(keySpecs),
                spec.isContainer() ? Reply.array(subcommands) : Reply.set(List.of())));
    }

    /** addReplyCommandKeySpecs, one spec. */
    private static Reply keySpec(KeySpec ks) {
        List<Reply> m = new ArrayList<>();
        if (ks.notes() != null) entry(m, "notes", Reply.bulk(ks.notes()));
        entry(m, "flags", keyFlags(ks.flags()));
        List<Reply> begin = new ArrayList<>();
        if (ks.begin() instanceof KeySpec.Index index) {
            entry(begin, "type", Reply.bulk("index"));
            entry(begin, "spec", Reply.map(List.of(Reply.bulk("index"), Reply.integer(index.pos()))));
        } else if (ks.begin() instanceof KeySpec.Keyword kw) {
            entry(begin, "type", Reply.bulk("keyword"));
            entry(begin, "spec", Reply.map(List.of(Reply.bulk("keyword"), Reply.bulk(kw.keyword()),
                    Reply.bulk("startfrom"), Reply.integer(kw.startFrom()))));
        } else {
            entry(begin, "type", Reply.bulk("unknown"));
            entry(begin, "spec", Reply.map(List.of()));
        }
        entry(m, "begin_search", Reply.map(begin));
        List<Reply> find = new ArrayList<>();
        if (ks.find() instanceof KeySpec.Range r) {
            entry(find, "type", Reply.bulk("range"));
            entry(find, "spec", Reply.map(List.of(Reply.bulk("lastkey"), Reply.integer(r.lastKey()),
                    Reply.bulk("keystep"), Reply.integer(r.keyStep()), Reply.bulk("limit"), Reply.integer(r.limit()))));
        } else if (ks.find() instanceof KeySpec.KeyNum k) {
            entry(find, "type", Reply.bulk("keynum"));
            entry(find, "spec", Reply.map(List.of(Reply.bulk("keynumidx"), Reply.integer(k.keyNumIdx()),
                    Reply.bulk("firstkey"), Reply.integer(k.firstKey()), Reply.bulk("keystep"), Reply.integer(k.keyStep()))));
        } else {
            entry(find, "type", Reply.bulk("unknown"));
            entry(find, "spec", Reply.map(List.of()));
        }
        entry(m, "find_keys", Reply.map(find));
        return Reply.map(m);
    }

    private static Reply keyFlags(Set<KeySpec.KeyFlag> flags) {
        List<Reply> out = new ArrayList<>();
        for (KeySpec.KeyFlag f : flags) out.add(new Reply.Simple(f.wireName()));
        return Reply.set(out);
    }

    /** addReplyCommandDocs. */
    static Reply docs(CommandSpec spec) {
        CommandDocs d = spec.docs();
        List<Reply> m = new ArrayList<>();
        if (d.summary() != null) entry(m, "summary", Reply.bulk(d.summary()));
        if (d.since() != null) entry(m, "since", Reply.bulk(d.since()));
        entry(m, "group", Reply.bulk(d.group()));
        if (d.complexity() != null) entry(m, "complexity", Reply.bulk(d.complexity()));
        if (!d.docFlags().isEmpty()) entry(m, "doc_flags", statuses(d.docFlags()));
        if (d.deprecatedSince() != null) entry(m, "deprecated_since", Reply.bulk(d.deprecatedSince()));
        if (d.replacedBy() != null) entry(m, "replaced_by", Reply.bulk(d.replacedBy()));
        if (d.history() != null) {
            List<Reply> history = new ArrayList<>();
            for (CommandDocs.History h : d.history()) {
                history.add(Reply.array(List.of(Reply.bulk(h.since()), Reply.bulk(h.changes()))));
            }
            entry(m, "history", Reply.set(history));
        }
        if (d.arguments() != null) entry(m, "arguments", arguments(d.arguments()));
        if (spec.isContainer()) {
            List<Reply> subs = new ArrayList<>();
            for (CommandSpec sub : spec.subcommands().values()) addDocs(subs, sub);
            entry(m, "subcommands", Reply.map(subs));
        }
        return Reply.map(m);
    }

    /** addReplyCommandArgList. */
    private static Reply arguments(List<CommandDocs.Argument> args) {
        List<Reply> out = new ArrayList<>();
        for (CommandDocs.Argument a : args) {
            List<Reply> m = new ArrayList<>();
            entry(m, "name", Reply.bulk(a.name()));
            entry(m, "type", Reply.bulk(a.type()));
            if (a.keySpecIndex() != -1) entry(m, "key_spec_index", Reply.integer(a.keySpecIndex()));
            if (a.token() != null) entry(m, "token", Reply.bulk(a.token()));
            if (a.summary() != null) entry(m, "summary", Reply.bulk(a.summary()));
            if (a.since() != null) entry(m, "since", Reply.bulk(a.since()));
            if (a.deprecatedSince() != null) entry(m, "deprecated_since", Reply.bulk(a.deprecatedSince()));
            if (!a.flags().isEmpty()) entry(m, "flags", statuses(a.flags()));
            if (a.arguments() != null) entry(m, "arguments", arguments(a.arguments()));
            out.add(Reply.map(m));
        }
        return Reply.array(out);
    }

    private static void entry(List<Reply> map, String field, Reply value) {
        map.add(Reply.bulk(field));
        map.add(value);
    }

    private static Reply statuses(List<String> names) {
        List<Reply> out = new ArrayList<>();
        for (String n : names) out.add(new Reply.Simple(n));
        return Reply.set(out);
    }

    private static List<Reply> bulks(List<String> texts) {
        List<Reply> out = new ArrayList<>();
        for (String t : texts) out.add(Reply.bulk(t));
        return out;
    }

    private static final String[] HELP = {
            "(no subcommand)",
            "    Return details about all Redis commands.",
            "COUNT",
            "    Return the total number of commands in this Redis server.",
            "LIST",
            "    Return a list of all commands in this Redis server.",
            "INFO [<command-name> ...]",
            "    Return details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "DOCS [<command-name> ...]",
            "    Return documentation details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "GETKEYS <full-command>",
            "    Return the keys from a full Redis command.",
            "GETKEYSANDFLAGS <full-command>",
            "    Return the keys and the access flags from a full Redis command."};
}
