package dev.txlab.cli;

import dev.txlab.engine.Clock;
import dev.txlab.remote.RedisUri;
import dev.txlab.shell.Backend;
import dev.txlab.shell.EngineBackend;
import dev.txlab.shell.RemoteBackend;
import dev.txlab.shell.Shells;
import dev.txlab.trace.ExplainLevel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code txlab shell}: type Redis commands, as one client or several ("B> SET k 1"). */
@Command(name = "shell", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Starts the interactive shell (the default when no subcommand is given). Replies are printed as"
                + " redis-cli prints them, with a trace (# lines) under each. When input is not a terminal, lines are read"
                + " from it and the shell exits at its end. With --against, the same commands run on a real Redis server."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the shell ended", "1:the --against server cannot be used", "2:bad command line"})
public final class ShellCommand implements Callable<Integer> {

    /** Options shared by {@code txlab} and {@code txlab shell}. */
    public static final class Options {
        @Option(names = "--no-color", description = "Do not use colour (the NO_COLOR variable does the same).")
        boolean noColor;

        @Option(names = "--explain", paramLabel = "off|brief|full", defaultValue = "brief",
                description = "How much the traces under replies say (default: ${DEFAULT-VALUE}).")
        ExplainLevel explain = ExplainLevel.BRIEF;

        @CommandLine.Mixin
        AgainstOptions remote = new AgainstOptions();

        @CommandLine.Mixin
        ClusterOptions cluster = new ClusterOptions();
    }

    @Mixin Options options = new Options();

    public ShellCommand() {}

    ShellCommand(Options options) { this.options = options; }

    /**
     * Where the history lives: one file in the user's home, capped in size. The home is $HOME,
     * as the shell sees it (Java's user.home comes from the password database and differs from it
     * under sudo, in containers and wherever HOME was set by hand).
     */
    static Path historyFile() {
        return Path.of(home(System.getenv("HOME"), System.getProperty("user.home")), ".txlab_history");
    }

    static String home(String homeVariable, String userHome) {
        return homeVariable != null && !homeVariable.isBlank() ? homeVariable : userHome;
    }

    @Override public Integer call() throws IOException {
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Backend backend;
        String clusterProblem = options.cluster.problem("shell");
        if (clusterProblem == null && options.cluster.isSet() && options.remote.isSet()) {
            clusterProblem = "txlab shell: --cluster simulates a cluster; with --against, a cluster node is recognised by itself";
        }
        if (clusterProblem != null) {
            err.println(clusterProblem);
            return 2;
        }
        Backend realCluster;
        try {
            realCluster = options.remote.isSet() ? options.remote.connectCluster("shell", options.cluster.follow) : null;
        } catch (AgainstOptions.Refused refused) {
            err.println(refused.getMessage());
            return refused.exitCode;
        }
        if (realCluster != null) {
            backend = realCluster;
        } else if (options.cluster.isSet()) {
            backend = options.cluster.backend(Clock.SYSTEM);
        } else if (!options.remote.isSet()) {
            backend = new EngineBackend(Clock.SYSTEM);
        } else {
            try {
                backend = options.remote.connect("shell", err, false);
            } catch (AgainstOptions.Refused refused) {
                err.println(refused.getMessage());
                return refused.exitCode;
            }
        }
        try (backend) {
            if (System.console() == null) {
                PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
                return Shells.runPlain(backend, System.in, out, options.explain);
            }
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                boolean dumb = Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
                return Shells.runInteractive(backend, terminal, historyFile(), options.explain, useColor() && !dumb);
            }
        }
    }

    private boolean useColor() {
        String noColor = System.getenv("NO_COLOR");
        return !options.noColor && (noColor == null || noColor.isEmpty());
    }
}
