package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.ProtectedCommands;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Reply;
import java.util.List;

/**
 * MODULE (module.c's moduleCommand) on a server that loads no modules: LIST is empty, and LOAD,
 * LOADEX and UNLOAD are refused as enable-module-command no (its default, immutable at run time)
 * refuses them on a redis-server 7.0.
 */
public final class ModuleCommands {
    private ModuleCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("module|list", ctx -> Reply.EMPTY_ARRAY),
                bind("module|load", ModuleCommands::refused),
                bind("module|loadex", ModuleCommands::refused),
                bind("module|unload", ModuleCommands::refused),
                bind("module|help", ctx -> Help.reply(ctx, HELP)));
    }

    private static Reply refused(CommandContext ctx) {
        return ProtectedCommands.notAllowed("MODULE", "enable-module-command");
    }

    private static final String[] HELP = {
            "LIST",
            "    Return a list of loaded modules.",
            "LOAD <path> [<arg> ...]",
            "    Load a module library from <path>, passing to it any optional arguments.",
            "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
            "    Load a module library from <path>, while passing it module configurations and optional arguments.",
            "UNLOAD <name>",
            "    Unload a module.",
    };
}
