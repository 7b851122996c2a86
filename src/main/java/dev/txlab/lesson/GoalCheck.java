package dev.txlab.lesson;

import dev.txlab.engine.Bytes;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Follows one attempt at a task: every command the learner runs is shown to {@link #saw}, and
 * {@link #firstUnmet} says what is still missing. A {@code replied>} condition, once met, stays
 * met; {@code state>} conditions are asked afresh each time.
 */
public final class GoalCheck {

    /** A command the learner ran and the reply lines it printed. */
    public record Ran(String label, List<byte[]> argv, List<String> reply) {}

    /** Asks the database something on a separate connection; returns the reply lines. */
    public interface Probe {
        List<String> ask(List<byte[]> argv) throws IOException;
    }

    /** The label the probe's own connection uses; it closes again after each question. */
    public static final String PROBE_LABEL = "txlab-goal";

    private final Goal goal;
    private final boolean[] seen;

    public GoalCheck(Goal goal) {
        this.goal = goal;
        this.seen = new boolean[goal.conditions().size()];
    }

    /** Records a command the learner ran. */
    public void saw(Ran ran) {
        List<Goal.Condition> conditions = goal.conditions();
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i) instanceof Goal.Replied r && !seen[i] && matches(r, ran)) seen[i] = true;
        }
    }

    /** The first condition that does not hold yet, or empty when the goal is reached. */
    public Optional<Goal.Condition> firstUnmet(Probe probe) throws IOException {
        List<Goal.Condition> conditions = goal.conditions();
        for (int i = 0; i < conditions.size(); i++) {
            Goal.Condition c = conditions.get(i);
            if (c instanceof Goal.Replied) {
                if (!seen[i]) return Optional.of(c);
            } else if (!replyMatches(c.expected(), probe.ask(c.argv()))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static boolean matches(Goal.Replied r, Ran ran) {
        if (r.label() != null && !r.label().equals(ran.label())) return false;
        if (ran.argv().size() < r.argv().size()) return false;
        for (int i = 0; i < r.argv().size(); i++) {
            byte[] want = r.argv().get(i);
            byte[] got = ran.argv().get(i);
            boolean same = i == 0 ? Bytes.lowerAscii(want).equals(Bytes.lowerAscii(got)) : Arrays.equals(want, got);
            if (!same) return false;
        }
        if (r.expected().isEmpty()) return !isError(ran.reply());
        return replyMatches(r.expected(), ran.reply());
    }

    /**
     * Reply lines as a goal expects them: line by line, exactly, except that an expected line
     * ending in {@code *} matches any line that starts with the text before it (an error that
     * names a script's SHA, say).
     */
    static boolean replyMatches(List<String> expected, List<String> actual) {
        if (expected.size() != actual.size()) return false;
        for (int i = 0; i < expected.size(); i++) {
            String want = expected.get(i);
            String got = actual.get(i);
            boolean ok = want.endsWith("*") ? got.startsWith(want.substring(0, want.length() - 1)) : want.equals(got);
            if (!ok) return false;
        }
        return true;
    }

    /** A reply that is an error as a whole (not an EXEC array holding one). */
    static boolean isError(List<String> reply) {
        return reply.size() == 1 && reply.get(0).startsWith("(error) ");
    }
}
