package dev.txlab.lesson;

import dev.txlab.protocol.ReplyFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What a "Your turn" task asks for, as conditions the engine can check: replies the learner's
 * own commands must have given, and the state the database must be left in.
 *
 * @param line    the opening fence of the {@code ```goal} block
 * @param endLine its closing fence
 */
public record Goal(int line, int endLine, List<Condition> conditions) {
    public Goal {
        conditions = List.copyOf(conditions);
    }

    /** One condition. {@code command} is the text as written (a Latin-1 byte string, as in transcripts). */
    public sealed interface Condition permits Replied, State {
        int line();

        String command();

        List<byte[]> argv();

        /** Reply lines as redis-cli prints them (Latin-1 byte strings). */
        List<String> expected();

        /** The condition as a sentence for the learner. */
        String describe();
    }

    /**
     * {@code replied> [LABEL> ]COMMAND}: at some point during the task, a command the learner ran
     * (as that client, when a label is given) whose arguments start with these answered exactly
     * {@code expected}; with no expected lines, answered anything but an error.
     */
    public record Replied(int line, String label, String command, List<byte[]> argv, List<String> expected) implements Condition {
        public Replied {
            argv = List.copyOf(argv);
            expected = List.copyOf(expected);
        }

        @Override public String describe() {
            String cmd = (label == null ? "" : label + "'s ") + ReplyFormatter.forDisplay(command);
            if (expected.isEmpty()) return "you run " + cmd + " and it succeeds";
            return cmd + " answers " + joined(expected);
        }
    }

    /**
     * {@code state> COMMAND}: asked now by a separate client (which only reads), the command
     * answers exactly {@code expected}.
     */
    public record State(int line, String command, List<byte[]> argv, List<String> expected) implements Condition {
        public State {
            argv = List.copyOf(argv);
            expected = List.copyOf(expected);
        }

        @Override public String describe() {
            return ReplyFormatter.forDisplay(command) + " answers " + joined(expected) + " afterwards";
        }
    }

    /** Reply lines on one line ("1) OK / 2) (integer) 3"); a final {@code *} (any ending) shows as "...". */
    static String joined(List<String> lines) {
        List<String> shown = new ArrayList<>();
        for (String l : lines) {
            String text = ReplyFormatter.forDisplay(l).strip();
            shown.add(text.endsWith("*") ? text.substring(0, text.length() - 1) + "..." : text);
        }
        return String.join(" / ", shown);
    }

    /** The goal as lines for the learner: "Goal:" then one "  - ..." per condition. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("Goal:");
        for (Condition c : conditions) out.add("  - " + c.describe());
        return out;
    }
}
