package dev.txlab.cli;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.lesson.Lesson;
import dev.txlab.lesson.LessonChecker;
import dev.txlab.lesson.LessonException;
import dev.txlab.lesson.LessonParser;
import dev.txlab.lesson.LessonRecorder;
import dev.txlab.lesson.Needs;
import dev.txlab.lesson.SqlDatabase;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.remote.RedisUri;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.transcript.EngineTarget;
import dev.txlab.transcript.Target;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptException;
import dev.txlab.transcript.TranscriptParser;
import dev.txlab.transcript.TranscriptRecorder;
import dev.txlab.transcript.TranscriptRunner;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import dev.txlab.trace.TraceRenderer;
import dev.txlab.trace.Tracer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code txlab replay}: runs .tx transcripts, each on a fresh engine, and optionally checks them.
 *
 * <p>Its command-line model is built with picocli's programmatic API, not read from annotations:
 * reading an annotation makes the JVM generate a proxy class for it, which Java 17's class-data
 * archive cannot keep, and those proxies were ~35 ms of a one-file {@code replay --check} that
 * otherwise takes ~200 ms (issue 18). Replay is the subcommand run in loops.
 */
public final class ReplayCommand implements Callable<Integer> {

    private final CommandSpec spec;

    List<Path> paths;
    boolean check;
    String against;
    boolean record;
    boolean flush;
    double timeoutSeconds;
    ExplainLevel explain;
    boolean timeline;
    boolean noColor;
    int cluster;

    private ReplayCommand() {
        spec = CommandSpec.wrapWithoutInspection(this).name("replay");
        spec.usageMessage()
                .description("Runs .tx transcripts (directories recursively), each on a fresh engine, one client per"
                        + " label, and prints the session with its traces (# lines). With --check, compares every reply"
                        + " with the transcript and reports the first difference in each file.",
                        "Lessons (NN-name.md) are checked block by block, each on an empty database, with every task's"
                                + " solution and wrong attempts; blocks that need a command the engine lacks are skipped"
                                + " and listed.")
                .exitCodeListHeading("Exit codes:%n")
                .exitCodeList(Main.exitCodes("0:every transcript passed", "1:a transcript failed or could not be read",
                        "2:bad command line"));
        Main.addStandardHelpOptions(spec);
        spec.addPositional(PositionalParamSpec.builder().arity("1..*").required(true).paramLabel("FILE|DIR")
                .type(List.class).auxiliaryTypes(Path.class)
                .description("Transcripts or lessons, or directories of *.tx and NN-name.md files.").build());
        spec.addOption(OptionSpec.builder("--check").type(boolean.class)
                .description("Compare replies with the transcript; print failures and a summary.").build());
        spec.addOption(OptionSpec.builder("--against").type(String.class).paramLabel("redis://host:port[/db]")
                .description("Run on a real Redis server instead of the engine.").build());
        spec.addOption(OptionSpec.builder("--record").type(boolean.class)
                .description("Print each file with its comments and commands kept and every reply replaced by what"
                        + " the engine (or the --against server) answers.").build());
        spec.addOption(OptionSpec.builder("--flush").type(boolean.class)
                .description("With --against: empty the server (FLUSHALL) before the first file even if it holds keys.")
                .build());
        spec.addOption(OptionSpec.builder("--timeout").type(double.class).paramLabel("SECONDS").defaultValue("10")
                .description("With --against: how long to wait for the server to connect or reply"
                        + " (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(OptionSpec.builder("--explain").type(ExplainLevel.class).paramLabel("off|brief|full")
                .defaultValue("brief")
                .description("Without --check: how much the traces under replies say (default: ${DEFAULT-VALUE})."
                        + " Traces are # lines, so the output is still a transcript.").build());
        spec.addOption(OptionSpec.builder("--timeline").type(boolean.class)
                .description("Draw each transcript as swim lanes, one per client, time going down (MULTI/EXEC and"
                        + " scripts as atomic boxes, the write that aborts an EXEC linked to it), instead of printing it.")
                .build());
        spec.addOption(OptionSpec.builder("--no-color").type(boolean.class)
                .description("With --timeline: plain ASCII, no colour (so does the NO_COLOR variable).").build());
        spec.addOption(OptionSpec.builder("--cluster").type(int.class).paramLabel("N").defaultValue("0")
                .description("Run every transcript on a Redis Cluster of N primaries (a transcript whose first lines"
                        + " say '#! cluster N' does so anyway); with --against, the URI names the real cluster's first"
                        + " node.").build());
    }

    /** The command-line model of a new replay, which runs it when picocli executes the model. */
    static CommandSpec model() {
        return new ReplayCommand().spec;
    }

    /** What picocli parsed into the model, defaults included. */
    private void readOptions() {
        paths = spec.positionalParameters().get(0).getValue();
        check = flag("--check");
        against = spec.findOption("--against").getValue();
        record = flag("--record");
        flush = flag("--flush");
        timeoutSeconds = spec.findOption("--timeout").getValue();
        explain = spec.findOption("--explain").getValue();
        timeline = flag("--timeline");
        noColor = flag("--no-color");
        cluster = spec.findOption("--cluster").getValue();
    }

    /** A flag not given has no value at all (null), not false. */
    private boolean flag(String name) {
        return Boolean.TRUE.equals(spec.findOption(name).getValue());
    }

    @Override public Integer call() {
        readOptions();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        List<Path> files;
        try {
            files = collect(paths);
        } catch (IOException e) {
            err.println("txlab replay: " + e.getMessage());
            return 1;
        }
        RedisUri uri = null;
        if (against != null) {
            if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) {
                err.println("txlab replay: --timeout must be more than 0 and at most 3600 seconds");
                return 2;
            }
            try {
                uri = RedisUri.parse(against);
            } catch (IllegalArgumentException e) {
                err.println("txlab replay: " + e.getMessage());
                return 2;
            }
        }
        if (cluster < 0 || cluster > dev.txlab.engine.cluster.SimulatedCluster.MAX_NODES) {
            err.println("txlab replay: --cluster must be 1 to " + dev.txlab.engine.cluster.SimulatedCluster.MAX_NODES);
            return 2;
        }
        if (files.isEmpty() && (check || record)) {
            err.println("txlab replay: no .tx transcripts or NN-name.md lessons in " + String.join(", ", paths.stream().map(Path::toString).toList()));
            return 1;
        }
        int passed = 0;
        // Only keys that were there before the run are protected: after the first file, what the
        // database holds was written by this replay, and the next file starts by emptying it.
        boolean mayFlush = flush;
        int failed = 0;
        int skipped = 0;
        for (Path file : files) {
            if (isLesson(file)) {
                LessonRun run;
                try {
                    run = lesson(file, uri, mayFlush, out, err);
                } catch (IOException e) {
                    if (uri != null && RemoteTargets.isConnectionProblem(e)) {
                        err.println("txlab replay: " + e.getMessage());
                        return 1;
                    }
                    failed++;
                    out.println("FAIL " + file + ": " + e.getMessage());
                    continue;
                }
                mayFlush = mayFlush || run.touchedServer;
                passed += run.passed;
                failed += run.failed;
                skipped += run.skipped;
                continue;
            }
            Transcript transcript;
            byte[] content;
            try {
                content = TranscriptParser.read(file);
                transcript = TranscriptParser.parse(file.toString(), content, 1);
            } catch (TranscriptException e) {
                failed++;
                out.println("FAIL " + e.getMessage());
                continue;
            }
            if (transcript.steps().isEmpty() && (check || record)) {
                // Nothing to compare: passing it would say a transcript was checked when none was.
                failed++;
                out.println("FAIL " + file + ": no commands to " + (check ? "check" : "record")
                        + " (a transcript holds 'LABEL> COMMAND' lines, each followed by its reply)");
                continue;
            }
            int clusterNodes = cluster > 0 ? cluster : transcript.clusterNodes();
            if (clusterNodes > 0 && uri != null && (check || record)
                    && !ClusterTargets.isCluster(uri, (int) Math.ceil(timeoutSeconds * 1000))) {
                skipped++;
                out.println("SKIP " + file + ": a transcript for a Redis Cluster, and " + uri + " is no cluster node"
                        + " (scripts/cluster start runs one)");
                continue;
            }
            try (Target target = clusterNodes > 0
                    ? ClusterTargets.fresh(clusterNodes, transcript.clusterBasePort(clusterNodes), uri, mayFlush, (int) Math.ceil(timeoutSeconds * 1000))
                    : uri == null ? engineTarget() : RemoteTargets.freshDatabase(uri, mayFlush, (int) Math.ceil(timeoutSeconds * 1000))) {
                mayFlush = true;
                if (record) {
                    TranscriptRecorder.record(file.toString(), content, target, out);
                    passed++;
                } else if (check) {
                    var divergence = TranscriptRunner.firstDivergence(target, transcript);
                    if (divergence.isEmpty()) {
                        passed++;
                    } else {
                        failed++;
                        printFailure(out, file, divergence.get());
                    }
                } else if (timeline) {
                    if (files.size() > 1) out.println("# " + file);
                    boolean plain = noColor || System.getenv("NO_COLOR") != null;
                    Palette palette = !plain && System.console() != null ? Palette.ANSI : Palette.PLAIN;
                    var drawn = dev.txlab.timeline.TimelineReplay.record(target, transcript);
                    for (String l : dev.txlab.timeline.TimelineReplay.draw(drawn, dev.txlab.timeline.TimelineReplay.terminalWidth(), palette, !plain)) out.println(l);
                    passed++;
                } else {
                    if (files.size() > 1) out.println("# " + file);
                    Tracer.Recorder recorder = new Tracer.Recorder();
                    if (target instanceof EngineTarget engineTarget) engineTarget.engine().setTracer(recorder);
                    ClusterTargets.trace(target, recorder);
                    TraceRenderer renderer = new TraceRenderer(Palette.PLAIN);
                    TranscriptRunner.run(target, transcript, o -> {
                        out.println(o.step().label() + "> " + ReplyFormatter.forDisplay(o.step().command()));
                        for (String l : o.actual()) out.println(ReplyFormatter.forDisplay(l));
                        for (String l : renderer.render(recorder.drain(), explain)) out.println(l);
                    });
                    passed++;
                }
            } catch (TranscriptException e) {
                failed++;
                out.println("FAIL " + e.getMessage());
            } catch (IOException e) {
                if (uri != null && RemoteTargets.isConnectionProblem(e)) {
                    // The server, not this transcript, is the problem: one line, and stop.
                    err.println("txlab replay: " + e.getMessage());
                    return 1;
                }
                failed++;
                out.println("FAIL " + file + ": " + e.getMessage());
            }
        }
        if (check) out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        return failed == 0 ? 0 : 1;
    }

    /** What checking one lesson file counted: each block (or task) is one. */
    private static final class LessonRun {
        int passed;
        int failed;
        int skipped;
        boolean touchedServer;
    }

    /** A lesson file: checked, re-recorded or replayed part by part, each part on an empty database. */
    private LessonRun lesson(Path file, RedisUri uri, boolean mayFlush, PrintStream out, PrintStream err) throws IOException {
        LessonRun run = new LessonRun();
        Lesson lesson;
        byte[] content;
        try {
            content = LessonParser.read(file);
            lesson = LessonParser.parse(file.toString(), file.getFileName().toString(), content);
        } catch (LessonException e) {
            run.failed++;
            out.println("FAIL " + e.getMessage());
            return run;
        }
        boolean[] flushAllowed = {mayFlush};
        int timeout = (int) Math.ceil(timeoutSeconds * 1000);
        if (uri != null && LessonChecker.clusterNodes(lesson) > 0 && !ClusterTargets.isCluster(uri, timeout)) {
            out.println("SKIP " + file + ": a lesson on a Redis Cluster, and " + uri + " is no cluster node"
                    + " (scripts/cluster start runs one; without --against it runs on the simulated cluster)");
            for (Lesson.Part p : lesson.parts()) if (!(p instanceof Lesson.Closing)) run.skipped++;
            return run;
        }
        LessonChecker.Targets targets = new LessonChecker.Targets() {
            @Override public Target open() throws IOException {
                if (uri == null) return engineTarget();
                Target t = RemoteTargets.freshDatabase(uri, flushAllowed[0], timeout);
                flushAllowed[0] = true;
                run.touchedServer = true;
                return t;
            }

            @Override public Target open(int clusterNodes) throws IOException {
                if (clusterNodes == 0) return open();
                Target t = ClusterTargets.fresh(clusterNodes, uri, flushAllowed[0], timeout);
                if (uri != null) {
                    flushAllowed[0] = true;
                    run.touchedServer = true;
                }
                return t;
            }
        };
        Predicate<String> knows = uri == null ? Needs.table(CommandTable.standard()) : Needs.EVERYTHING;
        if (record) {
            try {
                for (int line : LessonRecorder.record(lesson, content, targets, knows, out)) {
                    err.println("txlab replay: kept " + file + ":" + line + " as written: it "
                            + Needs.sentence(Needs.missing(partAt(lesson, line), knows)));
                }
                run.passed++;
            } catch (LessonException e) {
                run.failed++;
                err.println("txlab replay: " + e.getMessage());
            }
            out.flush();
            return run;
        }
        if (check) {
            for (LessonChecker.Result r : LessonChecker.check(lesson, targets, knows)) {
                switch (r.status()) {
                    case PASSED -> run.passed++;
                    case SKIPPED -> {
                        run.skipped++;
                        out.println(r.headline() + " (a real server runs it: --against redis://HOST:PORT)");
                    }
                    case FAILED -> {
                        run.failed++;
                        out.println(r.headline());
                        for (String d : r.details()) out.println(d);
                    }
                }
            }
            return run;
        }
        // Without --check: each part's steps with their replies and traces, as for a .tx file.
        TraceRenderer renderer = new TraceRenderer(Palette.PLAIN);
        for (Lesson.Part part : lesson.parts()) {
            List<Transcript> blocks = new ArrayList<>();
            if (part instanceof Lesson.Steps s) blocks.add(s.transcript());
            if (part instanceof Lesson.Task t) {
                if (t.setup() != null) blocks.add(t.setup().transcript());
                blocks.add(t.solution().transcript());
            }
            if (blocks.isEmpty()) continue;
            out.println("# " + file + ":" + part.line());
            List<String> missing = Needs.missing(part, knows);
            if (!missing.isEmpty()) {
                out.println("# skipped: it " + Needs.sentence(missing));
                run.skipped++;
                continue;
            }
            if (part instanceof Lesson.Steps s && s.language() == Lesson.Language.SQL) {
                try (SqlDatabase db = new SqlDatabase()) {
                    for (Transcript.Step step : s.steps()) {
                        out.println(step.label() + "> " + ReplyFormatter.forDisplay(step.command()));
                        for (String l : db.runStep(step.label(), step.command())) out.println(ReplyFormatter.forDisplay(l));
                    }
                }
                run.passed++;
                continue;
            }
            try (Target target = targets.open(LessonChecker.clusterNodes(lesson))) {
                Tracer.Recorder recorder = new Tracer.Recorder();
                if (target instanceof EngineTarget engineTarget) engineTarget.engine().setTracer(recorder);
                ClusterTargets.trace(target, recorder);
                for (Transcript transcript : blocks) {
                    TranscriptRunner.run(target, transcript, o -> {
                        out.println(o.step().label() + "> " + ReplyFormatter.forDisplay(o.step().command()));
                        for (String l : o.actual()) out.println(ReplyFormatter.forDisplay(l));
                        for (String l : renderer.render(recorder.drain(), explain)) out.println(l);
                    });
                }
            }
            run.passed++;
        }
        return run;
    }

    private static Lesson.Part partAt(Lesson lesson, int line) {
        for (Lesson.Part p : lesson.parts()) if (p.line() == line) return p;
        throw new IllegalArgumentException("no part at line " + line);
    }

    /** A lesson file: NN-name.md (a directory's README.md and other Markdown are not lessons). */
    static boolean isLesson(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(".md");
    }

    private static boolean isLessonName(Path file) {
        return LESSON_NAME.matcher(file.getFileName().toString()).matches();
    }

    private static final java.util.regex.Pattern LESSON_NAME = java.util.regex.Pattern.compile("\\d+-.*\\.md");

    static Target engineTarget() {
        // A clock that stands still: replays are deterministic (TTL 100 stays 100).
        return new EngineTarget(new Engine(new Clock.ManualClock(System.currentTimeMillis())));
    }

    private static void printFailure(PrintStream out, Path file, TranscriptRunner.Outcome o) {
        out.println("FAIL " + file + ":" + o.step().line());
        out.println("  command:  " + o.step().label() + "> " + ReplyFormatter.forDisplay(o.step().command()));
        printLines(out, "  expected: ", o.step().expected());
        printLines(out, "  actual:   ", o.actual());
    }

    private static void printLines(PrintStream out, String heading, List<String> lines) {
        if (lines.isEmpty()) {
            out.println(heading + "(no reply)");
            return;
        }
        String indent = " ".repeat(heading.length());
        for (int i = 0; i < lines.size(); i++) out.println((i == 0 ? heading : indent) + ReplyFormatter.forDisplay(lines.get(i)));
    }

    /** Files as given, directories expanded to their *.tx files and NN-name.md lessons, in name order. */
    static List<Path> collect(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".tx") || isLessonName(f)))
                            .sorted().forEach(files::add);
                } catch (java.io.UncheckedIOException e) {
                    // A directory inside that cannot be listed (permissions): one line, not a stack trace.
                    IOException cause = e.getCause();
                    String where = cause instanceof java.nio.file.FileSystemException f && f.getFile() != null ? f.getFile() : p.toString();
                    throw new IOException("cannot read " + where + ": " + dev.txlab.store.InputFiles.reason(cause), e);
                }
            } else if (Files.exists(p)) {
                files.add(p);
            } else {
                throw new IOException(p + ": no such file or directory");
            }
        }
        return files;
    }
}
