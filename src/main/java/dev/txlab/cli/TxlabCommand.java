package dev.txlab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code txlab}: with no subcommand, starts the shell. */
@Command(name = "txlab", addMethodSubcommands = false,
        mixinStandardHelpOptions = true,
        versionProvider = TxlabCommand.Version.class,
        description = {
                "A lab for Redis transactions and atomicity. Type Redis commands into an in-process engine that answers"
                        + " exactly as Redis 7.0, and see what happened inside: queued commands, EXEC, WATCH, Lua."})
        // No subcommands = {...} here: picocli would build every subcommand's model (reflection over all their
        // options, the quiz bank for --topic's candidates) on every start. Main adds only what a command line needs.
public final class TxlabCommand implements Callable<Integer> {

    /**
     * The subcommands, in the order {@code txlab --help} lists them. A new subcommand is one more class
     * here (its name comes from its {@code @Command}); Main builds its model only when the command line
     * names it, or for help and completion, which list them all.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(ShellCommand.class, ReplayCommand.class, LessonCommand.class,
            QuizCommand.class, ServeCommand.class, ExploreCommand.class, CommandLine.HelpCommand.class,
            AutoComplete.GenerateCompletion.class);

    @CommandLine.Mixin
    ShellCommand.Options shellOptions = new ShellCommand.Options();

    @Override public Integer call() throws Exception {
        return new ShellCommand(shellOptions).call();
    }

    /** The version from the jar's manifest (the Maven project version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = TxlabCommand.class.getPackage().getImplementationVersion();
            return new String[] {"txlab " + (v == null ? "(development build)" : v)
                    + " - Redis 7.0 semantics, checked against redis-server 7.0.15"};
        }
    }
}
