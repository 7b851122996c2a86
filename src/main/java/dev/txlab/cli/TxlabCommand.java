package dev.txlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code txlab}: with no subcommand, starts the shell. */
@Command(name = "txlab",
        mixinStandardHelpOptions = true,
        versionProvider = TxlabCommand.Version.class,
        description = {
                "A lab for Redis transactions and atomicity. Type Redis commands into an in-process engine that answers"
                        + " exactly as Redis 7.0, and see what happened inside: queued commands, EXEC, WATCH, Lua."},
        subcommands = {ShellCommand.class, ReplayCommand.class, LessonCommand.class, QuizCommand.class, ServeCommand.class,
                ExploreCommand.class,
                CommandLine.HelpCommand.class})
public final class TxlabCommand implements Callable<Integer> {

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
