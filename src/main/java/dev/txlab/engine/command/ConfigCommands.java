package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.ServerConfig;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CONFIG GET/SET/RESETSTAT/REWRITE/HELP over every Redis 7.0 parameter (see {@link ServerConfig}),
 * as config.c answers them: GET with several names and glob patterns, SET of several pairs checked
 * all before any is kept (a failing value rolls back the ones before it), Redis's error texts.
 */
public final class ConfigCommands {
    private ConfigCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("config|get", ConfigCommands::get),
                bind("config|set", ConfigCommands::set)
                        .teaching("Changes settings; maxmemory and min-replicas-to-write decide whether EXEC may run"),
                bind("config|resetstat", ctx -> {
                            ctx.engine().stats().reset();
                            return Reply.OK;
                        }),
                // the lab, like a redis-server started with options only, has no file to rewrite
                bind("config|rewrite", ctx -> Reply.error("ERR The server is running without a config file")),
                bind("config|help", ctx -> Help.reply(ctx, HELP)));
    }

    private static final String[] HELP = {
            "GET <pattern>",
            "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>",
            "    Set the configuration <directive> to <value>.",
            "RESETSTAT",
            "    Reset statistics reported by the INFO command.",
            "REWRITE",
            "    Rewrite the configuration file.",
    };

    /** configGetCommand: each name or pattern adds what it matches, each parameter once (by its canonical name). */
    private static Reply get(CommandContext ctx) {
        ServerConfig config = ctx.engine().config();
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 2; i < ctx.argc(); i++) {
            for (String[] pair : config.matching(ctx.arg(i))) {
                if (found.containsKey(pair[0])) continue;
                found.put(pair[0], pair[1]);
            }
        }
        List<Reply> out = new ArrayList<>();
        for (Map.Entry<String, String> e : found.entrySet()) {
            out.add(Reply.bulk(e.getKey()));
            out.add(Reply.bulk(e.getValue().getBytes(StandardCharsets.ISO_8859_1)));
        }
        if (found.size() > 1) ctx.orderUndefined("the configuration dictionary");
        return Reply.map(out); // addReplyMapLen since Redis 7.0
    }

    /**
     * configSetCommand: unknown names first (the first one is named), then immutable, protected
     * and duplicate parameters; then each value is checked in order, and the first bad one
     * leaves every parameter as it was.
     */
    private static Reply set(CommandContext ctx) {
        if (ctx.argc() % 2 != 0) return Errors.SYNTAX;
        ServerConfig config = ctx.engine().config();
        String unknown = null;
        String refusedName = null;
        String refusal = null;
        List<ServerConfig.Parameter> chosen = new ArrayList<>();
        for (int i = 2; i < ctx.argc(); i += 2) {
            String name = ctx.text(i);
            ServerConfig.Parameter p = config.parameter(name);
            if (p != null && p.has("sensitive")) ctx.redactArgument(i + 1);
            if (p == null) {
                if (unknown == null && refusal == null) unknown = name;
                continue;
            }
            if (unknown != null || refusal != null) continue;
            if (p.has("immutable") || (p.has("protected") && !config.get("enable-protected-configs").equals("yes"))) {
                refusal = p.has("immutable") ? "can't set immutable config" : "can't set protected config";
                refusedName = name;
                continue;
            }
            if (chosen.contains(p)) {
                refusal = "duplicate parameter";
                refusedName = name;
                continue;
            }
            chosen.add(p);
        }
        if (unknown != null) return Reply.error(Errors.withoutNewlines("ERR Unknown option or number of arguments for CONFIG SET - '" + unknown + "'"));
        if (refusal != null) return failed(refusedName, refusal);
        List<String[]> changes = new ArrayList<>();
        for (int i = 2; i < ctx.argc(); i += 2) {
            ServerConfig.Parameter p = config.parameter(ctx.text(i));
            try {
                changes.add(new String[] {p.name(), config.validate(p.name(), ctx.text(i + 1))});
            } catch (IllegalArgumentException e) {
                return failed(ctx.text(i), e.getMessage()); // named as the client wrote it (an alias stays one)
            }
        }
        for (String[] c : changes) {
            if (c[0].equals("port") && !c[1].equals(config.get("port"))) {
                // applying: the engine listens on no port of its own, serve keeps the one it was started on
                return failed("port", "Unable to listen on this port. Check server logs.");
            }
        }
        for (String[] c : changes) config.set(c[0], c[1]);
        config.changed();
        return Reply.OK;
    }

    private static Reply failed(String name, String why) {
        return Reply.error(Errors.withoutNewlines("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + why));
    }
}
