package dev.txlab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
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
     * The subcommands, in the order {@code txlab --help} lists them. A new subcommand is one more row
     * here; Main builds its model only when the command line names it, or for help and completion,
     * which list them all. The name is written here, not read from the {@code @Command}, because
     * reading any annotation costs a start the JVM's annotation machinery (a test checks they agree).
     */
    static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand("shell", () -> ShellCommand.class),
            new Subcommand("replay", ReplayCommand::model),
            new Subcommand("lesson", () -> LessonCommand.class),
            new Subcommand("quiz", () -> QuizCommand.class),
            new Subcommand("serve", () -> ServeCommand.class),
            new Subcommand("explore", () -> ExploreCommand.class),
            new Subcommand("help", () -> CommandLine.HelpCommand.class),
            new Subcommand("generate-completion", () -> AutoComplete.GenerateCompletion.class));

    /**
     * A subcommand's name and how to make its model: an annotated class, or a picocli
     * {@code CommandSpec} built by the programmatic API.
     */
    record Subcommand(String name, Supplier<Object> model) {}

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
