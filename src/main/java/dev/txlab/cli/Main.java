package dev.txlab.cli;

import picocli.CommandLine;

/** Entry point of the txlab launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TxlabCommand());
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
