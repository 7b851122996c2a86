package dev.txlab.cli;

import dev.txlab.explore.RaceExplorer;
import dev.txlab.explore.RaceFiles;
import dev.txlab.explore.RaceProgram;
import dev.txlab.explore.RaceReport;
import dev.txlab.timeline.TimelineReplay;
import dev.txlab.trace.Palette;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "explore", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Run every interleaving of a race file's client programs and report the outcomes:",
                "how many interleavings reach each, and the shortest one behind each bad outcome, drawn.",
                "FILE is a .race file, or the name of one that ships with the lessons (lost-update,",
                "incr, watch-retry, multi-without-watch, lua-script); with no FILE, lists those."})
public final class ExploreCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A .race file or the name of a shipped one.")
    String file;

    @Option(names = "--transcript", description = "Print the shortest bad interleaving (or the first) as a .tx transcript instead.")
    boolean transcript;

    @Option(names = "--no-color", description = "Plain ASCII, no colour (so does the NO_COLOR variable).")
    boolean noColor;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N distinct states (default ${DEFAULT-VALUE}).")
    long limit = RaceExplorer.DEFAULT_LIMIT;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (file == null) {
            List<String> names = RaceFiles.shipped();
            out.println(names.isEmpty() ? "No race files found next to the lessons." : "Race files: " + String.join(", ", names));
            return 0;
        }
        RaceProgram program;
        try {
            Optional<Path> path = RaceFiles.resolve(file);
            if (path.isEmpty()) {
                System.err.println("txlab explore: no race file " + file + " (try: txlab explore, to list them)");
                return 2;
            }
            program = RaceProgram.load(path.get());
        } catch (IOException e) {
            System.err.println("txlab explore: cannot read " + file + ": " + e.getMessage());
            return 2;
        } catch (RaceProgram.Invalid e) {
            System.err.println("txlab explore: " + file + ": " + e.getMessage());
            return 2;
        }
        try {
            RaceExplorer explorer = new RaceExplorer(program, Math.max(1, limit));
            RaceExplorer.Result result = explorer.explore();
            if (transcript) {
                RaceExplorer.Outcome shown = result.outcomes().stream().filter(RaceExplorer.Outcome::bad).findFirst()
                        .orElse(result.outcomes().get(0));
                out.println("# " + program.name() + ": an interleaving that ends with " + shown.state());
                for (String line : explorer.transcriptOf(shown.shortest())) out.println(line);
                return 0;
            }
            boolean plain = noColor || System.getenv("NO_COLOR") != null;
            Palette palette = !plain && System.console() != null ? Palette.ANSI : Palette.PLAIN;
            for (String line : RaceReport.render(explorer, result, TimelineReplay.terminalWidth(), palette, !plain)) out.println(line);
            return 0;
        } catch (RaceExplorer.Failure e) {
            System.err.println("txlab explore: " + file + ": " + e.getMessage());
            return 2;
        }
    }
}
