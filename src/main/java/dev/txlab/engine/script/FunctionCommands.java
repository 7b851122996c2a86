package dev.txlab.engine.script;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.command.Help;
import dev.txlab.engine.table.Binding;
import java.util.List;

/**
 * FUNCTION and FCALL: Redis 7.0's table rows bound to the engine's {@link Functions}. FCALL runs a
 * function as EVAL runs a script (atomic, no rollback); what differs is that the code is loaded
 * once, named, kept with the data, and declares its flags.
 */
public final class FunctionCommands {
    private FunctionCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("fcall", ctx -> ctx.engine().functions().fcall(ctx, false))
                        .teaching("Calls a loaded function by name: atomic like EVAL, no rollback: its writes before"
                                + " an error stay"),
                bind("fcall_ro", ctx -> ctx.engine().functions().fcall(ctx, true))
                        .teaching("Calls a function read-only: a function that may write is refused"),
                bind("function|load", ctx -> ctx.engine().functions().loadCommand(ctx))
                        .teaching("Loads a library of functions, kept with the data (RDB, replicas), unlike the script"
                                + " cache"),
                bind("function|delete", ctx -> ctx.engine().functions().deleteCommand(ctx)),
                bind("function|flush", ctx -> ctx.engine().functions().flushCommand(ctx)),
                bind("function|list", ctx -> ctx.engine().functions().listCommand(ctx)),
                bind("function|stats", ctx -> ctx.engine().functions().statsCommand(ctx)),
                bind("function|dump", ctx -> ctx.engine().functions().dumpCommand(ctx)),
                bind("function|restore", ctx -> ctx.engine().functions().restoreCommand(ctx)),
                bind("function|kill", ctx -> ctx.engine().scripting().kill(false)),
                bind("function|help", ctx -> Help.reply(ctx, HELP)));
    }

    private static final String[] HELP = {
            "LOAD [REPLACE] <FUNCTION CODE>",
            "    Create a new library with the given library name and code.",
            "DELETE <LIBRARY NAME>",
            "    Delete the given library.",
            "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
            "    Return general information on all the libraries:",
            "    * Library name",
            "    * The engine used to run the Library",
            "    * Library description",
            "    * Functions list",
            "    * Library code (if WITHCODE is given)",
            "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
            "STATS",
            "    Return information about the current function running:",
            "    * Function name",
            "    * Command used to run the function",
            "    * Duration in MS that the function is running",
            "    If no function is running, return nil",
            "    In addition, returns a list of available engines.",
            "KILL",
            "    Kill the current running function.",
            "FLUSH [ASYNC|SYNC]",
            "    Delete all the libraries.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the libraries.",
            "    * SYNC: Synchronously flush the libraries.",
            "DUMP",
            "    Return a serialized payload representing the current libraries, can be restored using FUNCTION"
                    + " RESTORE command",
            "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
            "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
            "    control how to handle existing libraries (default APPEND):",
            "    * FLUSH: delete all existing libraries.",
            "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
            "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
            "      libraries with the new libraries (notice that even on this option there is a chance of failure",
            "      in case of functions name collision with another library)."};
}
