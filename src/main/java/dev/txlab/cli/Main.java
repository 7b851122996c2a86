package dev.txlab.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Entry point of the txlab launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // What picocli prints for --version, without building a command model to find that out: the
            // annotations it reads for that (and the proxy classes they need) were most of --version's time.
            for (String line : new TxlabCommand.Version().getVersion()) System.out.println(line);
            System.out.flush();
            return 0;
        }
        return commandLine(args).execute(args);
    }

    /**
     * Picocli registers, for every command it builds, converters for JDBC and java.time types by
     * reflection (Class.forName and getDeclaredMethod on each of 18 classes): a third of building a
     * command line. txlab's options use neither; java.time.Duration stays, should an option want it.
     * A type left out here fails loudly ("No TypeConverter registered"), and the user's own
     * -Dpicocli.converters.excludes wins.
     */
    static final String CONVERTERS_NOT_NEEDED = "java\\.sql\\..*,java\\.time\\.(?!Duration$).*";

    static {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", CONVERTERS_NOT_NEEDED);
        }
    }

    /**
     * The command line with every subcommand, for help, completion and the man page.
     */
    public static CommandLine commandLine() {
        return configure(withSubcommands(TxlabCommand.SUBCOMMANDS));
    }

    /**
     * The command line for these arguments: the top level and only the subcommand they name.
     * Building a subcommand's model is picocli's reflection over its options and mixins (and for
     * the quiz, reading the question bank for --topic's candidates): most of txlab's start-up
     * before this lazy form. Help, completion and mistakes see every subcommand.
     */
    static CommandLine commandLine(String... args) {
        List<TxlabCommand.Subcommand> subcommands = subcommandsFor(args);
        if (subcommands.size() == 1 && args.length > 0 && !args[0].startsWith("-")) {
            return configure(underItsName(subcommands.get(0)));
        }
        return configure(withSubcommands(subcommands));
    }

    /**
     * A subcommand named first, under a top level that is only the name "txlab": no top-level
     * option can come before it, so the model of txlab's own options (their annotations, the shell's
     * mixins) is not needed; usage and errors still read "txlab replay ...".
     */
    private static CommandLine underItsName(TxlabCommand.Subcommand subcommand) {
        CommandLine top = new CommandLine(CommandSpec.create().name("txlab"));
        top.addSubcommand(subcommand.name(), subcommand.model().get());
        return top;
    }

    private static CommandLine withSubcommands(List<TxlabCommand.Subcommand> subcommands) {
        CommandLine cl = new CommandLine(new TxlabCommand());
        for (TxlabCommand.Subcommand sub : subcommands) cl.addSubcommand(sub.name(), sub.model().get());
        // `txlab generate-completion` prints the bash/zsh completion script (scripts/install and the
        // release archive use it); not a command learners need in --help.
        CommandLine completion = cl.getSubcommands().get("generate-completion");
        if (completion != null) completion.getCommandSpec().usageMessage().hidden(true);
        return cl;
    }

    /** Subcommands that list or describe the others, so need them all. */
    private static final List<String> NEED_ALL = List.of("help", "generate-completion");

    /**
     * Which subcommands a command line needs: none when it names none (the shell, --version), the
     * one it names, or all for --help, for help and completion, and for a word that is no subcommand
     * (so the error is the same as with all). Picocli itself finds the first word after the
     * top-level options, so option values are never mistaken for it.
     */
    static List<TxlabCommand.Subcommand> subcommandsFor(String... args) {
        // The usual case, a subcommand's name first: txlab has no positional parameters, so that word
        // is the subcommand (or a mistake), found without building the top-level model twice.
        if (args.length > 0 && !args[0].startsWith("-")) return named(args[0]);
        if (args.length == 0) return List.of(); // the shell
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) return List.of();
        CommandLine top = new CommandLine(new TxlabCommand());
        top.setUnmatchedArgumentsAllowed(true);
        top.setStopAtUnmatched(true);
        CommandLine.ParseResult parsed;
        try {
            parsed = top.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return TxlabCommand.SUBCOMMANDS; // the real parse reports it, as it always did
        }
        if (parsed.isUsageHelpRequested()) return TxlabCommand.SUBCOMMANDS;
        List<String> rest = parsed.unmatched();
        return rest.isEmpty() ? List.of() : named(rest.get(0));
    }

    /** The subcommand this word names; all of them for help, completion and a word that is none. */
    private static List<TxlabCommand.Subcommand> named(String word) {
        if (NEED_ALL.contains(word)) return TxlabCommand.SUBCOMMANDS;
        for (TxlabCommand.Subcommand sub : TxlabCommand.SUBCOMMANDS) {
            if (sub.name().equals(word)) return List.of(sub);
        }
        return TxlabCommand.SUBCOMMANDS;
    }

    /**
     * -h/--help and -V/--version, as {@code mixinStandardHelpOptions} adds them, for a model built by
     * the programmatic API (picocli's own mixin is read from annotations).
     */
    static void addStandardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        spec.versionProvider(new TxlabCommand.Version());
    }

    /** An exit-code list for usage help from "CODE:meaning" rows, as {@code @Command(exitCodeList)} reads them. */
    static Map<String, String> exitCodes(String... rows) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (String row : rows) {
            int colon = row.indexOf(':');
            codes.put(row.substring(0, colon), row.substring(colon + 1));
        }
        return codes;
    }

    private static CommandLine configure(CommandLine cl) {
        // `txlab replay -V` prints txlab's version: a subcommand has none of its own.
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null) sub.getCommandSpec().versionProvider(new TxlabCommand.Version());
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Help wraps to the terminal's width (80 when there is none), at word boundaries.
        cl.setUsageHelpAutoWidth(true);
        // A mistake on the command line is one line and where to look, not the whole help.
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine sub = e.getCommandLine();
            String name = sub.getCommandSpec().qualifiedName();
            sub.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
            sub.getErr().flush();
            return 2;
        });
        // A bug must not greet the user with a stack trace: one line, and where to find the details.
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("txlab: internal error: " + e + " (run with TXLAB_DEBUG=1 for the stack trace)");
            if (System.getenv("TXLAB_DEBUG") != null) e.printStackTrace(commandLine.getErr());
            return 70; // EX_SOFTWARE
        });
        return cl;
    }
}
