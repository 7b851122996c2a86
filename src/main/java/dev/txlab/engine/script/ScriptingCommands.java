package dev.txlab.engine.script;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.Numbers;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT: Redis 7.0's table rows (all flagged noscript:
 * a script cannot run a script) and their replies. The work is done by the engine's
 * {@link Scripting}.
 */
public final class ScriptingCommands {
    private ScriptingCommands() {}

    private static final String EVAL_SYNTAX = "script numkeys [key [key ...]] [arg [arg ...]]";
    private static final String EVALSHA_SYNTAX = "sha1 numkeys [key [key ...]] [arg [arg ...]]";

    public static List<Binding> bindings() {
        return List.of(
                bind("eval", ctx -> ctx.engine().scripting().eval(ctx, false, false))
                        .teaching("Runs a Lua script atomically; a failing script keeps the writes it made"),
                bind("evalsha", ctx -> ctx.engine().scripting().eval(ctx, true, false)),
                bind("eval_ro", ctx -> ctx.engine().scripting().eval(ctx, false, true))
                        .teaching("Runs a read-only Lua script: write commands are refused"),
                bind("evalsha_ro", ctx -> ctx.engine().scripting().eval(ctx, true, true))
                        .teaching("Runs a cached read-only script by its SHA1"),
                bind("script|load", ctx -> ctx.engine().scripting().scriptLoad(ctx)),
                bind("script|exists", ctx -> ctx.engine().scripting().scriptExists(ctx)),
                bind("script|flush", ctx -> ctx.engine().scripting().scriptFlush(ctx)),
                bind("script|kill", ctx -> ctx.engine().scripting().scriptKill(ctx)),
                bind("script|debug", ctx -> ctx.engine().scripting().scriptDebug(ctx))
                        .teaching("Sets the Lua debugger mode (not available in txlab)"),
                bind("script|help", ctx -> help()));
    }

    /** The keys of an EVAL: the numkeys arguments after numkeys, when numkeys is valid. */
    static List<Key> keys(List<byte[]> argv) {
        List<Key> keys = new ArrayList<>();
        if (argv.size() < 3) return keys;
        Long n = Numbers.parseLong(argv.get(2));
        if (n == null || n < 0 || n > argv.size() - 3) return keys;
        for (int i = 3; i < 3 + n; i++) keys.add(Key.of(argv.get(i)));
        return keys;
    }

    private static final List<String> HELP = List.of(
            "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DEBUG (YES|SYNC|NO)",
            "    Set the debug mode for subsequent scripts executed.",
            "EXISTS <sha1> [<sha1> ...]",
            "    Return information about the existence of the scripts in the script cache.",
            "FLUSH [ASYNC|SYNC]",
            "    Flush the Lua scripts cache. Very dangerous on replicas.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the scripts cache.",
            "    * SYNC: Synchronously flush the scripts cache.",
            "KILL",
            "    Kill the currently executing Lua script.",
            "LOAD <script>",
            "    Load a script into the scripts cache without executing it.",
            "HELP",
            "    Prints this help.");

    private static Reply help() {
        List<Reply> lines = new ArrayList<>();
        for (String line : HELP) lines.add(new Reply.Simple(line));
        return Reply.array(lines);
    }
}
