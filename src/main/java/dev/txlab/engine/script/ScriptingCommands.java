package dev.txlab.engine.script;

import static dev.txlab.engine.table.CommandSpec.command;

import dev.txlab.engine.Numbers;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.Flag;
import dev.txlab.engine.table.Group;
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

    public static List<CommandSpec> all() {
        return List.of(
                command("eval", -3, Group.SCRIPTING).flags(Flag.NOSCRIPT)
                        .keyFinder(ScriptingCommands::keys).syntax(EVAL_SYNTAX)
                        .summary("Runs a Lua script atomically; a failing script keeps the writes it made")
                        .runs(ctx -> ctx.engine().scripting().eval(ctx, false, false)),
                command("evalsha", -3, Group.SCRIPTING).flags(Flag.NOSCRIPT)
                        .keyFinder(ScriptingCommands::keys).syntax(EVALSHA_SYNTAX)
                        .summary("Runs a cached script by its SHA1")
                        .runs(ctx -> ctx.engine().scripting().eval(ctx, true, false)),
                command("eval_ro", -3, Group.SCRIPTING).flags(Flag.NOSCRIPT, Flag.READONLY)
                        .keyFinder(ScriptingCommands::keys).syntax(EVAL_SYNTAX)
                        .summary("Runs a read-only Lua script: write commands are refused")
                        .runs(ctx -> ctx.engine().scripting().eval(ctx, false, true)),
                command("evalsha_ro", -3, Group.SCRIPTING).flags(Flag.NOSCRIPT, Flag.READONLY)
                        .keyFinder(ScriptingCommands::keys).syntax(EVALSHA_SYNTAX)
                        .summary("Runs a cached read-only script by its SHA1")
                        .runs(ctx -> ctx.engine().scripting().eval(ctx, true, true)),
                command("script", -2, Group.SCRIPTING).syntax("subcommand [arg ...]")
                        .summary("Manages the script cache")
                        .subcommands(List.of(
                                command("script|load", 3, Group.SCRIPTING).flags(Flag.NOSCRIPT).syntax("script")
                                        .summary("Compiles a script into the cache without running it; returns its SHA1")
                                        .runs(ctx -> ctx.engine().scripting().scriptLoad(ctx)),
                                command("script|exists", -3, Group.SCRIPTING).flags(Flag.NOSCRIPT)
                                        .syntax("sha1 [sha1 ...]")
                                        .summary("Tells which SHA1s are in the script cache")
                                        .runs(ctx -> ctx.engine().scripting().scriptExists(ctx)),
                                command("script|flush", -2, Group.SCRIPTING).flags(Flag.NOSCRIPT).syntax("[ASYNC|SYNC]")
                                        .summary("Empties the script cache and resets the Lua interpreter")
                                        .runs(ctx -> ctx.engine().scripting().scriptFlush(ctx)),
                                command("script|kill", 2, Group.SCRIPTING).flags(Flag.NOSCRIPT, Flag.ALLOW_BUSY)
                                        .summary("Stops a running script that has not written yet")
                                        .runs(ctx -> ctx.engine().scripting().scriptKill(ctx)),
                                command("script|debug", 3, Group.SCRIPTING).flags(Flag.NOSCRIPT).syntax("YES|SYNC|NO")
                                        .summary("Sets the Lua debugger mode (not available in txlab)")
                                        .runs(ctx -> ctx.engine().scripting().scriptDebug(ctx)),
                                command("script|help", 2, Group.SCRIPTING).flags(Flag.NOSCRIPT)
                                        .summary("Lists the SCRIPT subcommands")
                                        .runs(ctx -> help())))
                        .runs(ctx -> Reply.error("ERR wrong number of arguments for 'script' command")));
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
