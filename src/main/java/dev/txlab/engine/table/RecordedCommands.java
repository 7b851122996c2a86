package dev.txlab.engine.table;

import dev.txlab.protocol.Reply;
import dev.txlab.protocol.Resp;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a real redis-server 7.0.15 says about its commands, recorded by {@code
 * scripts/record-command-table} into two resources: its replies to {@code COMMAND INFO} and
 * {@code COMMAND DOCS}, as RESP2, each preceded by a status line naming the server. The table is
 * built from the first at start; the docs are read on first use (help, hints, COMMAND DOCS).
 */
public final class RecordedCommands {
    private RecordedCommands() {}

    static final String INFO_RESOURCE = "command-info.resp";
    static final String DOCS_RESOURCE = "command-docs.resp";

    /** One command as COMMAND INFO describes it. */
    record Info(String name, int arity, Set<Flag> flags, int firstKey, int lastKey, int keyStep,
                List<String> aclCategories, List<String> tips, List<KeySpec> keySpecs, List<Info> subcommands) {}

    /**
     * Every top-level command, by name, in the recorded (alphabetical) order: from the build's
     * compact form of the recording ({@link CompactCommands}) when there is one, else parsed.
     */
    static List<Info> info() {
        try (InputStream compact = RecordedCommands.class.getResourceAsStream(CompactCommands.RESOURCE)) {
            if (compact != null) {
                List<Info> commands = CompactCommands.read(compact);
                if (commands != null) return commands;
            }
        } catch (IOException e) {
            // fall back on the recording itself
        }
        return parsedInfo();
    }

    /** Every top-level command, parsed from the recorded COMMAND INFO reply. */
    static List<Info> parsedInfo() {
        Reply reply = read(INFO_RESOURCE);
        List<Info> commands = new ArrayList<>();
        for (Reply entry : elements(reply)) commands.add(info(entry));
        return commands;
    }

    private static volatile Map<String, CommandDocs> docs;

    /** The docs of a command or subcommand by full name, or null when Redis has none. */
    static CommandDocs docs(String name) {
        Map<String, CommandDocs> all = docs;
        if (all == null) {
            synchronized (RecordedCommands.class) {
                if (docs == null) docs = loadDocs();
                all = docs;
            }
        }
        return all.get(name);
    }

    private static Map<String, CommandDocs> loadDocs() {
        Map<String, CommandDocs> byName = new HashMap<>();
        List<Reply> flat = elements(read(DOCS_RESOURCE));
        for (int i = 0; i < flat.size(); i += 2) {
            String name = text(flat.get(i));
            CommandDocs d = docs(flat.get(i + 1));
            byName.put(name, d);
            if (d.subcommands() != null) byName.putAll(d.subcommands());
        }
        return byName;
    }

    /** The header line and the reply recorded in a resource. */
    private static Reply read(String resource) {
        try (InputStream raw = RecordedCommands.class.getResourceAsStream(resource)) {
            if (raw == null) throw new IllegalStateException("missing resource " + resource);
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            Resp.readReply(in); // the status line naming the server it came from
            return Resp.readReply(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    // ---- COMMAND INFO ----------------------------------------------------------------------

    private static Info info(Reply entry) {
        List<Reply> f = elements(entry);
        if (f.size() != 10) throw malformed("a COMMAND INFO entry has " + f.size() + " fields");
        Set<Flag> flags = new java.util.HashSet<>();
        for (Reply flag : elements(f.get(2))) flags.add(Flag.fromWireName(text(flag)));
        List<KeySpec> keySpecs = new ArrayList<>();
        for (Reply spec : elements(f.get(8))) keySpecs.add(keySpec(spec));
        List<Info> subcommands = new ArrayList<>();
        for (Reply sub : elements(f.get(9))) subcommands.add(info(sub));
        return new Info(text(f.get(0)), (int) integer(f.get(1)), flags, (int) integer(f.get(3)),
                (int) integer(f.get(4)), (int) integer(f.get(5)), texts(f.get(6)), texts(f.get(7)), keySpecs, subcommands);
    }

    private static KeySpec keySpec(Reply reply) {
        Map<String, Reply> m = map(reply);
        Set<KeySpec.KeyFlag> flags = new java.util.HashSet<>();
        for (Reply flag : elements(m.get("flags"))) flags.add(KeySpec.KeyFlag.fromWireName(text(flag)));
        Map<String, Reply> begin = map(m.get("begin_search"));
        Map<String, Reply> beginSpec = map(begin.get("spec"));
        KeySpec.BeginSearch bs = switch (text(begin.get("type"))) {
            case "index" -> new KeySpec.Index((int) integer(beginSpec.get("index")));
            case "keyword" -> new KeySpec.Keyword(text(beginSpec.get("keyword")), (int) integer(beginSpec.get("startfrom")));
            case "unknown" -> new KeySpec.UnknownBegin();
            default -> throw malformed("begin_search type " + text(begin.get("type")));
        };
        Map<String, Reply> find = map(m.get("find_keys"));
        Map<String, Reply> findSpec = map(find.get("spec"));
        KeySpec.FindKeys fk = switch (text(find.get("type"))) {
            case "range" -> new KeySpec.Range((int) integer(findSpec.get("lastkey")), (int) integer(findSpec.get("keystep")),
                    (int) integer(findSpec.get("limit")));
            case "keynum" -> new KeySpec.KeyNum((int) integer(findSpec.get("keynumidx")),
                    (int) integer(findSpec.get("firstkey")), (int) integer(findSpec.get("keystep")));
            case "unknown" -> new KeySpec.UnknownFind();
            default -> throw malformed("find_keys type " + text(find.get("type")));
        };
        return new KeySpec(m.containsKey("notes") ? text(m.get("notes")) : null, flags, bs, fk);
    }

    // ---- COMMAND DOCS ----------------------------------------------------------------------

    private static final Set<String> DOC_FIELDS = Set.of("summary", "since", "group", "complexity", "doc_flags",
            "deprecated_since", "replaced_by", "history", "arguments", "subcommands", "module");

    private static CommandDocs docs(Reply reply) {
        Map<String, Reply> m = map(reply);
        for (String field : m.keySet()) if (!DOC_FIELDS.contains(field)) throw malformed("docs field " + field);
        List<CommandDocs.History> history = new ArrayList<>();
        if (m.containsKey("history")) {
            for (Reply h : elements(m.get("history"))) {
                List<Reply> pair = elements(h);
                history.add(new CommandDocs.History(text(pair.get(0)), text(pair.get(1))));
            }
        }
        Map<String, CommandDocs> subcommands = null;
        if (m.containsKey("subcommands")) {
            subcommands = new LinkedHashMap<>();
            List<Reply> flat = elements(m.get("subcommands"));
            for (int i = 0; i < flat.size(); i += 2) subcommands.put(text(flat.get(i)), docs(flat.get(i + 1)));
        }
        return new CommandDocs(optionalText(m, "summary"), optionalText(m, "since"), text(m.get("group")),
                optionalText(m, "complexity"), m.containsKey("doc_flags") ? texts(m.get("doc_flags")) : List.of(),
                optionalText(m, "deprecated_since"), optionalText(m, "replaced_by"), m.containsKey("history") ? history : null,
                m.containsKey("arguments") ? arguments(m.get("arguments")) : null, subcommands);
    }

    private static final Set<String> ARGUMENT_FIELDS = Set.of("name", "type", "key_spec_index", "token", "summary",
            "since", "deprecated_since", "flags", "arguments");

    private static List<CommandDocs.Argument> arguments(Reply reply) {
        List<CommandDocs.Argument> args = new ArrayList<>();
        for (Reply a : elements(reply)) {
            Map<String, Reply> m = map(a);
            for (String field : m.keySet()) if (!ARGUMENT_FIELDS.contains(field)) throw malformed("argument field " + field);
            args.add(new CommandDocs.Argument(text(m.get("name")), text(m.get("type")),
                    m.containsKey("key_spec_index") ? (int) integer(m.get("key_spec_index")) : -1,
                    optionalText(m, "token"), optionalText(m, "summary"), optionalText(m, "since"),
                    optionalText(m, "deprecated_since"), m.containsKey("flags") ? texts(m.get("flags")) : List.of(),
                    m.containsKey("arguments") ? arguments(m.get("arguments")) : null));
        }
        return args;
    }

    // ---- reading the reply tree ------------------------------------------------------------

    private static List<Reply> elements(Reply reply) {
        if (reply instanceof Reply.Array a) return a.elements();
        throw malformed("expected an array, got " + reply);
    }

    /** A RESP2 map (a flat array of field names and values), in its order. */
    private static Map<String, Reply> map(Reply reply) {
        List<Reply> flat = elements(reply);
        Map<String, Reply> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) m.put(text(flat.get(i)), flat.get(i + 1));
        return m;
    }

    private static String text(Reply reply) {
        if (reply instanceof Reply.Bulk b) return new String(b.bytes(), StandardCharsets.UTF_8);
        if (reply instanceof Reply.Simple s) return s.text();
        throw malformed("expected a string, got " + reply);
    }

    private static String optionalText(Map<String, Reply> m, String field) {
        return m.containsKey(field) ? text(m.get(field)) : null;
    }

    private static List<String> texts(Reply reply) {
        List<String> out = new ArrayList<>();
        for (Reply r : elements(reply)) out.add(text(r));
        return out;
    }

    private static long integer(Reply reply) {
        if (reply instanceof Reply.Int i) return i.value();
        throw malformed("expected an integer, got " + reply);
    }

    private static IllegalStateException malformed(String what) {
        return new IllegalStateException("recorded command table: " + what);
    }
}
