package dev.txlab.engine;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.protocol.Reply;

/**
 * processCommand's check of CMD_PROTECTED commands (DEBUG; MODULE LOAD, LOADEX and UNLOAD), made
 * right after the arity check and before AUTH and ACL: a refusal there is a rejection, so inside
 * MULTI it is answered instead of QUEUED and dooms the transaction (EXECABORT). COMMAND INFO
 * does not show the flag, so the recorded table cannot carry it: these four names are the list.
 */
public final class ProtectedCommands {
    private ProtectedCommands() {}

    /** allowProtectedAction: "yes" allows, "local" allows loopback clients, anything else refuses; null when allowed. */
    static Reply.Error refusal(ServerConfig config, ClientSession session, CommandSpec spec) {
        String name = spec.name();
        boolean debug = name.equals("debug");
        if (!debug && !name.equals("module|load") && !name.equals("module|loadex") && !name.equals("module|unload")) return null;
        String option = debug ? "enable-debug-command" : "enable-module-command";
        String value = config.get(option);
        if ("yes".equalsIgnoreCase(value)) return null;
        if ("local".equalsIgnoreCase(value) && isLocal(session.address())) return null;
        return notAllowed(debug ? "DEBUG" : "MODULE", option);
    }

    /** The error a refused protected command answers. */
    public static Reply.Error notAllowed(String command, String option) {
        return Reply.error("ERR " + command + " command not allowed. If the " + option + " option is set to \"local\", you can"
                + " run it from a local connection, otherwise you need to set this option in the configuration file, and"
                + " then restart the server.");
    }

    /** islocalClient: a loopback address (a session with no socket counts as local). */
    private static boolean isLocal(String address) {
        if (address == null || !address.contains(":")) return true;
        return address.startsWith("127.") || address.startsWith("::1");
    }
}
