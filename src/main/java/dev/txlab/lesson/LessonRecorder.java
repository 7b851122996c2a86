package dev.txlab.lesson;

import dev.txlab.transcript.Target;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptException;
import dev.txlab.transcript.TranscriptParser;
import dev.txlab.transcript.TranscriptRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Re-records a lesson: the file comes out unchanged except that every reply in its blocks, and
 * every {@code state>} reply of its goals, is what the target (or H2, for {@code ```sql})
 * answers now. Pointed at a real server, this is how a lesson's replies are asked of Redis
 * instead of being written by hand. A task's setup, solution and goal run in that order on one
 * database, as the checker runs them.
 */
public final class LessonRecorder {
    private LessonRecorder() {}

    private static final Pattern COMMAND = dev.txlab.transcript.TranscriptParser.COMMAND;
    private static final Pattern CONDITION = LessonParser.GOAL_LINE;

    /** A step's new reply lines. */
    private interface Runner {
        List<String> run(Transcript.Step step) throws IOException;
    }

    /**
     * Writes the re-recorded file to {@code out}. Parts that need a command the target lacks
     * are kept as written; their opening lines are returned so the caller can say so.
     */
    public static List<Integer> record(Lesson lesson, byte[] content, LessonChecker.Targets targets,
                                       Predicate<String> knows, OutputStream out) throws IOException, LessonException {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        String[] all = text.split("\n", -1);
        boolean finalNewline = all.length > 0 && all[all.length - 1].isEmpty();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < all.length - (finalNewline ? 1 : 0); i++) {
            lines.add(all[i].endsWith("\r") ? all[i].substring(0, all[i].length() - 1) : all[i]);
        }
        // opening fence (1-based) -> new content between the fences
        Map<Integer, List<String>> replaced = new HashMap<>();
        Map<Integer, Integer> closing = new HashMap<>();
        List<Integer> kept = new ArrayList<>();
        for (Lesson.Part part : lesson.parts()) {
            if (part instanceof Lesson.Closing) continue;
            if (!Needs.missing(part, knows).isEmpty()) {
                kept.add(part.line());
                continue;
            }
            if (part instanceof Lesson.Steps steps && steps.language() == Lesson.Language.SQL) {
                try (SqlDatabase db = new SqlDatabase()) {
                    put(replaced, closing, steps, rerecord(lesson, lines, steps, s -> db.runStep(s.label(), s.command())));
                }
                continue;
            }
            try (Target target = targets.open(LessonChecker.clusterNodes(lesson))) {
                Runner onTarget = s -> TranscriptRunner.runStep(target, s).actual();
                if (part instanceof Lesson.Steps steps) {
                    put(replaced, closing, steps, rerecord(lesson, lines, steps, onTarget));
                    continue;
                }
                Lesson.Task task = (Lesson.Task) part;
                if (task.setup() != null) put(replaced, closing, task.setup(), rerecord(lesson, lines, task.setup(), onTarget));
                put(replaced, closing, task.solution(), rerecord(lesson, lines, task.solution(), onTarget));
                GoalCheck.Probe probe = LessonChecker.probe(target);
                Goal goal = task.goal();
                replaced.put(goal.line(), rerecordGoal(lines, goal, probe));
                closing.put(goal.line(), goal.endLine());
            }
            // Each wrong attempt on a database of its own, after the setup, as the checker runs it.
            if (part instanceof Lesson.Task task) {
                for (Lesson.Attempt attempt : task.wrong()) {
                    try (Target target = targets.open(LessonChecker.clusterNodes(lesson))) {
                        Runner onTarget = s -> TranscriptRunner.runStep(target, s).actual();
                        if (task.setup() != null) rerecord(lesson, lines, task.setup(), onTarget);
                        put(replaced, closing, attempt.steps(), rerecord(lesson, lines, attempt.steps(), onTarget));
                    }
                }
            }
        }
        for (int i = 1; i <= lines.size(); i++) {
            write(out, lines.get(i - 1));
            List<String> body = replaced.get(i);
            if (body == null) continue;
            for (String l : body) write(out, l);
            i = closing.get(i) - 1; // the loop writes the closing fence next
        }
        return kept;
    }

    private static void put(Map<Integer, List<String>> replaced, Map<Integer, Integer> closing, Lesson.Steps steps, List<String> body) {
        replaced.put(steps.line(), body);
        closing.put(steps.line(), steps.endLine());
    }

    /** The block's lines with comments and commands kept and each reply replaced by the runner's. */
    private static List<String> rerecord(Lesson lesson, List<String> lines, Lesson.Steps steps, Runner runner)
            throws IOException, LessonException {
        List<String> body = lines.subList(steps.line(), steps.endLine() - 1);
        Transcript parsed;
        try {
            parsed = TranscriptParser.parse(lesson.source(), (String.join("\n", body) + "\n").getBytes(StandardCharsets.ISO_8859_1),
                    steps.line() + 1);
        } catch (TranscriptException e) {
            throw new LessonException(e.getMessage());
        }
        List<String> out = new ArrayList<>();
        int next = 0;
        for (String line : body) {
            if (line.startsWith("#") || line.isBlank()) {
                out.add(line);
            } else if (COMMAND.matcher(line).matches()) {
                out.add(line);
                out.addAll(runner.run(parsed.steps().get(next++)));
            }
            // an old reply line: the new reply replaces it
        }
        return out;
    }

    private static List<String> rerecordGoal(List<String> lines, Goal goal, GoalCheck.Probe probe) throws IOException {
        List<String> out = new ArrayList<>();
        boolean keepReplies = false;
        int next = 0;
        for (String line : lines.subList(goal.line(), goal.endLine() - 1)) {
            if (line.startsWith("#") || line.isBlank()) {
                out.add(line);
            } else if (line.strip().equals("then")) {
                out.add(line);
                keepReplies = false;
            } else if (CONDITION.matcher(line).matches()) {
                out.add(line);
                Goal.Condition c = goal.conditions().get(next++);
                keepReplies = c.kind() != Goal.Kind.STATE;
                if (c.kind() == Goal.Kind.STATE) out.addAll(probe.ask(c.argv()));
            } else if (keepReplies) {
                out.add(line); // what a replied> condition expects is the author's, not the server's
            }
        }
        return out;
    }

    private static void write(OutputStream out, String latin1Line) throws IOException {
        out.write(latin1Line.getBytes(StandardCharsets.ISO_8859_1));
        out.write('\n');
    }
}
