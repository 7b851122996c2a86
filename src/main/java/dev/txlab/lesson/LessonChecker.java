package dev.txlab.lesson;

import dev.txlab.engine.Bytes;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.transcript.Target;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Checks a lesson the way {@code replay --check} checks a transcript, part by part, each on an
 * empty database: every step of a block must print exactly the reply the lesson shows, and every
 * task must be solvable: its goal does not hold after the setup alone, and does after the
 * solution. Parts that need a command the target lacks are skipped and say so.
 */
public final class LessonChecker {
    private LessonChecker() {}

    public enum Status { PASSED, FAILED, SKIPPED }

    /**
     * The verdict on one part.
     *
     * @param line    the line to look at: the first step that differs, or the part's start
     * @param reason  one line: why it failed or was skipped (empty when it passed)
     * @param details further lines for a failure (the command, expected and actual replies)
     */
    public record Result(Status status, String source, int line, String reason, List<String> details) {
        public Result {
            details = List.copyOf(details);
        }

        /** "FAIL lessons/04-no-rollback.md:31: reason", "SKIP ...". */
        public String headline() {
            String word = status == Status.FAILED ? "FAIL" : status == Status.SKIPPED ? "SKIP" : "PASS";
            return word + " " + source + ":" + line + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    /** Opens a target on an empty database (and an empty script cache) for each part. */
    public interface Targets {
        Target open() throws IOException;
    }

    /**
     * Checks every part that runs something (narration alone has nothing to check). A task gives
     * one result for its setup, goal and solution, then one per wrong attempt.
     */
    public static List<Result> check(Lesson lesson, Targets targets, Predicate<String> knows) throws IOException {
        List<Result> results = new ArrayList<>();
        for (Lesson.Part part : lesson.parts()) {
            if (!(part instanceof Lesson.Closing)) results.addAll(checkPart(lesson, part, targets, knows));
        }
        for (Lesson.Race race : lesson.races()) results.add(race(lesson.source(), race, targets));
        return results;
    }

    /**
     * A race block: it explores without error, and the interleaving :explore draws (the shortest
     * bad one, else the first) replays alike on the target, so a real server loses the same update.
     */
    public static Result race(String source, Lesson.Race race, Targets targets) throws IOException {
        dev.txlab.explore.RaceExplorer explorer = new dev.txlab.explore.RaceExplorer(race.program());
        dev.txlab.explore.RaceExplorer.Result explored;
        try {
            explored = explorer.explore();
        } catch (dev.txlab.explore.RaceExplorer.Failure e) {
            return new Result(Status.FAILED, source, race.line(), "the race does not run: " + e.getMessage(), List.of());
        }
        if (!explored.complete()) {
            return new Result(Status.FAILED, source, race.line(), "the race has too many states to explore", List.of());
        }
        var shown = explored.outcomes().stream().filter(dev.txlab.explore.RaceExplorer.Outcome::bad).findFirst()
                .orElse(explored.outcomes().get(0));
        String tx = String.join("\n", explorer.transcriptOf(shown.shortest())) + "\n";
        Transcript transcript;
        try {
            transcript = dev.txlab.transcript.TranscriptParser.parse(source, tx.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1);
        } catch (dev.txlab.transcript.TranscriptException e) {
            return new Result(Status.FAILED, source, race.line(), "its interleaving is not a transcript: " + e.getMessage(), List.of());
        }
        try (Target target = targets.open()) {
            Optional<TranscriptRunner.Outcome> diff = TranscriptRunner.firstDivergence(target, transcript);
            if (diff.isEmpty()) return passed(source, race.line());
            return new Result(Status.FAILED, source, race.line(), "its interleaving replays otherwise at "
                    + diff.get().step().label() + "> " + diff.get().step().command(), diff.get().actual());
        }
    }

    /** One part: the first result that did not pass, or the part's own result. */
    public static Result check(Lesson lesson, Lesson.Part part, Targets targets, Predicate<String> knows) throws IOException {
        List<Result> all = checkPart(lesson, part, targets, knows);
        for (Result r : all) if (r.status() != Status.PASSED) return r;
        return all.get(0);
    }

    /** The results of one part: one, or for a task, one and then one per wrong attempt. */
    public static List<Result> checkPart(Lesson lesson, Lesson.Part part, Targets targets, Predicate<String> knows) throws IOException {
        String source = lesson.source();
        List<String> missing = Needs.missing(part, knows);
        if (!missing.isEmpty()) return List.of(new Result(Status.SKIPPED, source, part.line(), Needs.sentence(missing), List.of()));
        if (part instanceof Lesson.Steps steps && steps.language() == Lesson.Language.SQL) {
            try (SqlDatabase db = new SqlDatabase()) {
                for (Transcript.Step step : steps.steps()) {
                    List<String> actual = db.runStep(step.label(), step.command());
                    if (!actual.equals(step.expected())) return List.of(differs(source, step, actual));
                }
            }
            return List.of(passed(source, part.line()));
        }
        if (part instanceof Lesson.Steps steps) {
            try (Target target = targets.open()) {
                Optional<TranscriptRunner.Outcome> diff = TranscriptRunner.firstDivergence(target, steps.transcript());
                return List.of(diff.isPresent() ? differs(source, diff.get().step(), diff.get().actual()) : passed(source, part.line()));
            }
        }
        Lesson.Task task = (Lesson.Task) part;
        List<Result> results = new ArrayList<>();
        results.add(solution(source, task, targets));
        for (Lesson.Attempt attempt : task.wrong()) results.add(wrongAttempt(source, task, attempt, targets));
        return results;
    }

    /** The goal does not hold after the setup, and does after the solution. */
    private static Result solution(String source, Lesson.Task task, Targets targets) throws IOException {
        try (Target target = targets.open()) {
            GoalCheck goal = new GoalCheck(task.goal());
            GoalCheck.Probe probe = probe(target);
            Result setup = runSetup(source, task, target, goal);
            if (setup != null) return setup;
            if (goal.verdict(probe).reached()) {
                return new Result(Status.FAILED, source, task.goal().line(), "the goal of '" + task.title()
                        + "' already holds after the setup: the learner would be done before typing anything", List.of());
            }
            Result run = runAttempt(source, task.solution(), target, goal);
            if (run != null) return run;
            Optional<Goal.Condition> unmet = goal.firstUnmet(probe);
            if (unmet.isPresent()) {
                Goal.Condition c = unmet.get();
                List<String> details = new ArrayList<>();
                if (c.kind() == Goal.Kind.STATE) {
                    List<String> actual = probe.ask(c.argv());
                    details.add("  command:  " + ReplyFormatter.forDisplay(c.command()));
                    details.addAll(lines("  expected: ", c.expected()));
                    details.addAll(lines("  actual:   ", actual));
                }
                return new Result(Status.FAILED, source, c.line(), "the solution (line " + task.solution().line()
                        + ") does not reach this part of the goal: " + c.describe(), details);
            }
            return passed(source, task.line());
        }
    }

    /** A wrong attempt: its replies are the ones written, and the goal does not hold after it. */
    private static Result wrongAttempt(String source, Lesson.Task task, Lesson.Attempt attempt, Targets targets) throws IOException {
        try (Target target = targets.open()) {
            GoalCheck goal = new GoalCheck(task.goal());
            Result setup = runSetup(source, task, target, goal);
            if (setup != null) return setup;
            Result run = runAttempt(source, attempt.steps(), target, goal);
            if (run != null) return run;
            if (goal.verdict(probe(target)).reached()) {
                return new Result(Status.FAILED, source, attempt.line(), "this wrong attempt at '" + task.title()
                        + "' reaches the goal: the goal must say what the attempt misses", List.of());
            }
            return passed(source, attempt.line());
        }
    }

    private static Result runSetup(String source, Lesson.Task task, Target target, GoalCheck goal) throws IOException {
        if (task.setup() == null) return null;
        for (Transcript.Step step : task.setup().steps()) {
            TranscriptRunner.Outcome o = TranscriptRunner.runStep(target, step);
            if (!o.matches()) return differs(source, step, o.actual());
            Optional<List<byte[]>> argv = LessonParser.split(step.command());
            if (argv.isPresent() && !argv.get().isEmpty()) goal.setup(new GoalCheck.Ran(step.label(), argv.get(), o.actual()));
        }
        return null;
    }

    private static Result runAttempt(String source, Lesson.Steps steps, Target target, GoalCheck goal) throws IOException {
        for (Transcript.Step step : steps.steps()) {
            TranscriptRunner.Outcome o = TranscriptRunner.runStep(target, step);
            if (!o.matches()) return differs(source, step, o.actual());
            Optional<List<byte[]>> argv = LessonParser.split(step.command());
            if (argv.isPresent() && !argv.get().isEmpty()) goal.saw(new GoalCheck.Ran(step.label(), argv.get(), o.actual()));
        }
        return null;
    }

    /** Asks on a connection of its own, which then closes (so it never shows among the clients). */
    static GoalCheck.Probe probe(Target target) {
        return argv -> {
            List<String> lines = ReplyFormatter.lines(target.send(GoalCheck.PROBE_LABEL, argv));
            target.send(GoalCheck.PROBE_LABEL, List.of(Bytes.utf8("QUIT")));
            return lines;
        };
    }

    private static Result passed(String source, int line) {
        return new Result(Status.PASSED, source, line, "", List.of());
    }

    private static Result differs(String source, Transcript.Step step, List<String> actual) {
        List<String> details = new ArrayList<>();
        details.add("  command:  " + step.label() + "> " + ReplyFormatter.forDisplay(step.command()));
        details.addAll(lines("  expected: ", step.expected()));
        details.addAll(lines("  actual:   ", actual));
        return new Result(Status.FAILED, source, step.line(), "the reply differs from the lesson", details);
    }

    static List<String> lines(String heading, List<String> lines) {
        if (lines.isEmpty()) return List.of(heading + "(no reply)");
        List<String> out = new ArrayList<>();
        String indent = " ".repeat(heading.length());
        for (int i = 0; i < lines.size(); i++) out.add((i == 0 ? heading : indent) + ReplyFormatter.forDisplay(lines.get(i)));
        return out;
    }
}
