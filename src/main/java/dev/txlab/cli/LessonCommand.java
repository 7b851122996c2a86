package dev.txlab.cli;

import dev.txlab.engine.Clock;
import dev.txlab.lesson.Lesson;
import dev.txlab.lesson.LessonInput;
import dev.txlab.lesson.LessonLibrary;
import dev.txlab.lesson.LessonPlayer;
import dev.txlab.lesson.LessonProgress;
import dev.txlab.lesson.LessonProgressStore;
import dev.txlab.store.DataDirectory;
import dev.txlab.shell.Backend;
import dev.txlab.shell.EngineBackend;
import dev.txlab.shell.ShellSession;
import dev.txlab.shell.Shells;
import dev.txlab.shell.TextWrap;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code txlab lesson}: lists the lessons with the learner's progress, or plays one. */
@Command(name = "lesson", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Lists the lessons and your progress; with a number or a name, plays it.",
                "Enter runs each step, with its reply and trace; type your own commands in between. Inside a lesson:"
                        + " :next, :back, :hint, :solution, :reset, :quit (:help lists them).",
                "Progress: $XDG_DATA_HOME/txlab/lessons-progress.tsv (~/.local/share/txlab)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:the lessons or the progress could not be read or written", "2:bad command line or no such lesson"})
public final class LessonCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "NUMBER|NAME", description = "The lesson to play: its number (4) or name (no-rollback).")
    String which;

    @Option(names = "--restart", description = "Play the lesson from its beginning instead of where you left it.")
    boolean restart;

    @Option(names = "--reset", description = "Forget all lesson progress, then exit.")
    boolean reset;

    @Option(names = "--lessons", paramLabel = "DIR", description = "Where the lesson files are (default: the lessons/ directory of txlab).")
    Path lessonsDir;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where progress is kept (default: $XDG_DATA_HOME/txlab or ~/.local/share/txlab).")
    Path dataDir;

    @Option(names = "--explain", paramLabel = "off|brief|full", defaultValue = "brief",
            description = "How much the traces under replies say (default: ${DEFAULT-VALUE}).")
    ExplainLevel explain = ExplainLevel.BRIEF;

    @picocli.CommandLine.Mixin
    AgainstOptions remote = new AgainstOptions();

    @Option(names = "--no-color", description = "Do not use colour (the NO_COLOR variable does the same).")
    boolean noColor;

    @Override public Integer call() throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        LessonProgressStore store = new LessonProgressStore(dataDir != null ? dataDir : DataDirectory.resolve());
        if (reset) {
            if (java.nio.file.Files.exists(store.file()) && !Confirm.ask("Forget all lesson progress (" + store.file() + ")?")) {
                out.println("Nothing was deleted.");
                return 0;
            }
            try {
                out.println(store.reset() ? "Lesson progress reset (" + store.file() + " deleted)." : "No lesson progress to reset.");
                return 0;
            } catch (IOException e) {
                err.println("txlab lesson: cannot delete " + store.file() + ": " + e.getMessage());
                return 1;
            }
        }
        Optional<Path> directory = LessonLibrary.locate(lessonsDir);
        if (directory.isEmpty()) {
            err.println("txlab lesson: cannot find the lessons (looked in " + String.join(", ",
                    LessonLibrary.candidates().stream().map(Path::toString).toList()) + "); use --lessons DIR");
            return 1;
        }
        LessonLibrary.Loaded library;
        try {
            library = LessonLibrary.load(directory.get());
        } catch (IOException e) {
            err.println("txlab lesson: cannot read " + directory.get() + ": " + dev.txlab.store.InputFiles.reason(e));
            return 1;
        }
        for (String problem : library.problems()) err.println("txlab lesson: " + problem);
        LessonProgressStore.Loaded loaded = store.load();
        if (loaded.warning() != null) err.println("txlab lesson: " + loaded.warning());
        if (which == null) {
            list(library, loaded.progress(), store, out);
            return library.problems().isEmpty() ? 0 : 1;
        }
        Optional<Lesson> found = LessonLibrary.find(library.lessons(), which);
        if (found.isEmpty()) {
            err.println("txlab lesson: no lesson '" + which + "'; `txlab lesson` lists them (play one by number or name, e.g. txlab lesson 1)");
            return 2;
        }
        Lesson lesson = found.get();
        LessonProgress.Entry entry = loaded.progress().get(lesson.name());
        int start = 0;
        if (!restart && entry != null && !entry.done() && entry.part() > 0 && entry.part() < lesson.parts().size()) start = entry.part();
        String next = library.after(lesson).map(l -> "Next: txlab lesson " + l.number() + " (" + l.title() + ").")
                .orElse("Next: test yourself with txlab quiz.");
        PlayerProgress progress = new PlayerProgress(store, lesson, err);

        // The clock stands still, as in replays: a lesson's replies are the same however long the
        // learner takes between steps; DEBUG SLEEP lets time pass. A real server's clock runs.
        Backend chosen;
        if (remote.isSet()) {
            try {
                chosen = remote.connect("lesson", err, true);
            } catch (AgainstOptions.Refused refused) {
                err.println(refused.getMessage());
                return refused.exitCode;
            }
        } else if (dev.txlab.lesson.LessonChecker.clusterNodes(lesson) > 0) {
            // a lesson whose blocks say '#! cluster N' plays on a simulated cluster
            chosen = new dev.txlab.shell.ClusterBackend(new Clock.ManualClock(System.currentTimeMillis()),
                    dev.txlab.lesson.LessonChecker.clusterNodes(lesson), false);
        } else {
            chosen = new EngineBackend(new Clock.ManualClock(System.currentTimeMillis()));
        }
        try (Backend backend = chosen) {
            if (System.console() == null) {
                ShellSession session = new ShellSession(backend, out::println, Palette.PLAIN, explain, false);
                banner(out, lesson, start, false, TextWrap.DEFAULT_WIDTH);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                new LessonPlayer(lesson, session, new LessonInput.Piped(in, out), out::println, Palette.PLAIN, progress, next,
                        () -> TextWrap.DEFAULT_WIDTH).play(start);
                return progress.failed ? 1 : 0;
            }
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                boolean dumb = Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
                boolean color = useColor() && !dumb;
                var writer = terminal.writer();
                ShellSession.Output screen = line -> {
                    writer.println(line);
                    writer.flush();
                };
                Palette palette = color ? Palette.ANSI : Palette.PLAIN;
                ShellSession session = new ShellSession(backend, screen, palette, explain, true);
                PrintStream terminalOut = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
                banner(terminalOut, lesson, start, true, TextWrap.usable(terminal.getWidth()));
                LessonInput input = new LessonInput.OnTerminal(Shells.lineReader(terminal, session, ShellCommand.historyFile(), color),
                        terminal, color);
                // As in the shell: Ctrl-C while a step runs (a runaway script, DEBUG SLEEP) stops it, not the lesson.
                terminal.handle(Terminal.Signal.INT, signal -> backend.interrupt());
                new LessonPlayer(lesson, session, input, screen, palette, progress, next, terminal::getWidth).play(start);
                writer.flush();
                return progress.failed ? 1 : 0;
            }
        }
    }

    private static void banner(PrintStream printer, Lesson lesson, int start, boolean terminal, int width) {
        ShellSession.Output out = TextWrap.wrapping(printer::println, () -> width);
        out.println("Lesson " + lesson.number() + ": " + lesson.title() + " (" + lesson.parts().size() + " parts, "
                + lesson.taskCount() + (lesson.taskCount() == 1 ? " task" : " tasks") + ")");
        out.println((terminal ? "Enter runs the next step (shown above the prompt). " : "An empty line runs the next step. ")
                + "Type your own commands in between.");
        out.println(":next and :back move between parts, :hint and :solution help with tasks, :reset starts a part again,"
                + " :help lists the rest, :quit leaves.");
        if (start > 0) out.println("Resuming at part " + (start + 1) + " of " + lesson.parts().size()
                + " (:back goes back; --restart starts from the beginning).");
    }

    private static void list(LessonLibrary.Loaded library, LessonProgress progress, LessonProgressStore store, PrintStream out) {
        int nameWidth = 4;
        int titleWidth = 5;
        for (Lesson l : library.lessons()) {
            nameWidth = Math.max(nameWidth, l.name().length());
            titleWidth = Math.max(titleWidth, l.title().length());
        }
        out.println(String.format("%3s  %-" + nameWidth + "s  %-" + titleWidth + "s  %s", "#", "name", "title", "progress"));
        for (Lesson l : library.lessons()) {
            out.println(String.format("%3d  %-" + nameWidth + "s  %-" + titleWidth + "s  %s", l.number(), l.name(), l.title(),
                    status(l, progress.get(l.name()))).stripTrailing());
        }
        out.println();
        out.println("Play one with: txlab lesson 1 (or by name: txlab lesson " + (library.lessons().isEmpty() ? "NAME"
                : library.lessons().get(0).name()) + "). After the last one: txlab quiz.");
        out.println("Progress: " + store.file());
    }

    static String status(Lesson lesson, LessonProgress.Entry entry) {
        int tasks = lesson.taskCount();
        int solved = 0;
        if (entry != null) {
            Set<String> ids = new HashSet<>();
            for (Lesson.Part p : lesson.parts()) if (p instanceof Lesson.Task t) ids.add(t.id());
            for (String id : entry.solved()) if (ids.contains(id)) solved++;
        }
        String taskText = tasks == 0 ? "" : ", " + solved + "/" + tasks + (tasks == 1 ? " task" : " tasks") + " solved";
        if (entry == null) return "not started";
        if (entry.done()) return "done" + taskText;
        return "at part " + (Math.min(entry.part(), lesson.parts().size() - 1) + 1) + " of " + lesson.parts().size() + taskText;
    }

    private boolean useColor() {
        String env = System.getenv("NO_COLOR");
        return !noColor && (env == null || env.isEmpty());
    }

    /** Saves each move at once (atomically), so a crash loses nothing. */
    private static final class PlayerProgress implements LessonPlayer.Progress {
        private final LessonProgressStore store;
        private final Lesson lesson;
        private final PrintStream err;
        boolean failed;

        PlayerProgress(LessonProgressStore store, Lesson lesson, PrintStream err) {
            this.store = store;
            this.lesson = lesson;
            this.err = err;
        }

        @Override public void reached(int part) {
            save(e -> new LessonProgress.Entry(part, lesson.parts().size(), e.done(), e.solved(), System.currentTimeMillis()));
        }

        @Override public void solved(String taskId) {
            save(e -> {
                Set<String> solved = new HashSet<>(e.solved());
                solved.add(taskId);
                return new LessonProgress.Entry(e.part(), lesson.parts().size(), e.done(), solved, System.currentTimeMillis());
            });
        }

        @Override public void completed() {
            save(e -> new LessonProgress.Entry(0, lesson.parts().size(), true, e.solved(), System.currentTimeMillis()));
        }

        private void save(java.util.function.UnaryOperator<LessonProgress.Entry> change) {
            try {
                store.update(lesson.name(), lesson.parts().size(), change);
            } catch (IOException e) {
                if (!failed) err.println("txlab lesson: cannot save progress to " + store.file() + ": " + e.getMessage());
                failed = true;
            }
        }
    }
}
