package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
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
        return notAllowed("MODULE", "enable-module-command");
    }

    private static Reply.Error notAllowed(String command, String option) {
        return Reply.error("ERR " + command + " command not allowed. If the " + option + " option is set to \"local\", you can"
                + " run it from a local connection, otherwise you need to set this option in the configuration file, and"
                + " then restart the server.");
    }

    /**
     * processCommand's check of CMD_PROTECTED commands (DEBUG; MODULE LOAD, LOADEX and UNLOAD), made
     * right after the arity check and before AUTH and ACL: a refusal there is a rejection, so
     * inside MULTI it is answered instead of QUEUED and dooms the transaction (EXECABORT).
     * allowProtectedAction: "yes" allows, "local" allows loopback clients, anything else refuses.
     */
    public static Reply.Error protectedRefusal(dev.txlab.engine.Engine engine, dev.txlab.engine.ClientSession session,
                                               dev.txlab.engine.table.CommandSpec spec) {
        String name = spec.name();
        boolean debug = name.equals("debug");
        if (!debug && !name.equals("module|load") && !name.equals("module|loadex") && !name.equals("module|unload")) return null;
        String option = debug ? "enable-debug-command" : "enable-module-command";
        String value = engine.config().get(option);
        if ("yes".equalsIgnoreCase(value)) return null;
        if ("local".equalsIgnoreCase(value) && isLocal(session.address())) return null;
        return notAllowed(debug ? "DEBUG" : "MODULE", option);
    }

    /** islocalClient: a loopback address (a session with no socket counts as local). */
    private static boolean isLocal(String address) {
        if (address == null || !address.contains(":")) return true;
        return address.startsWith("127.") || address.startsWith("::1");
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
