package dev.txlab.cli;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.transcript.EngineTarget;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code txlab shell}: type Redis commands, as one client or several ("B> SET k 1"). */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = "Starts the interactive shell (the default when no subcommand is given).")
public final class ShellCommand implements Callable<Integer> {

    /** Options shared by {@code txlab} and {@code txlab shell}. */
    public static final class Options {
        @Option(names = "--no-color", description = "Do not use colour.")
        boolean noColor;
    }

    @Mixin Options options = new Options();

    public ShellCommand() {}

    ShellCommand(Options options) { this.options = options; }

    private static final Pattern LABELLED = Pattern.compile("([A-Za-z0-9_-]+)> (.*)", Pattern.DOTALL);

    @Override public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        EngineTarget target = new EngineTarget(new Engine(Clock.SYSTEM));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNumber++;
            String label = "A";
            String command = line;
            Matcher m = LABELLED.matcher(line);
            if (m.matches()) {
                label = m.group(1);
                command = m.group(2);
            }
            if (command.isBlank()) continue;
            String bytes = new String(command.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            TranscriptRunner.Outcome o = TranscriptRunner.runStep(target,
                    new Transcript.Step(lineNumber, label, bytes, List.of()));
            for (String l : o.actual()) out.println(ReplyFormatter.forDisplay(l));
        }
        target.close();
        return 0;
    }
}
