package dev.txlab.lesson;

import dev.txlab.protocol.ReplyFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a "Your turn" task asks for, as conditions the checker can test against what the learner
 * typed and what the database holds. The language is described in {@code lessons/README.md}:
 * a condition names a command (who ran it, what it answered, where it ran: on its own, while
 * queueing, inside EXEC), or a key (who may write it), or a state to be in at the end. Lines are
 * split into stages by {@code then}: a stage's commands come after every command of the stages
 * before it.
 *
 * @param line    the opening fence of the {@code ```goal} block
 * @param endLine its closing fence
 */
public record Goal(int line, int endLine, List<Condition> conditions) {
    public Goal {
        conditions = List.copyOf(conditions);
    }

    /** The kinds of condition, each with the word a goal line starts with. */
    public enum Kind {
        /** {@code replied> [L> ]CMD}: a command as the client saw it answered (QUEUED while queueing). */
        REPLIED(true),
        /**
         * {@code watching> [L> ]CMD}: a command answered as told while its client watched every key it names
         * (a read made under WATCH, so that a change after it fails the client's next EXEC).
         */
        WATCHING(true),
        /** {@code inside> [L> ]CMD}: a command sent inside the task's transaction (answered QUEUED unless told). */
        INSIDE(true),
        /** {@code exec> [L> ]CMD}: a command the task's transaction ran at EXEC, and its entry of EXEC's array. */
        EXEC(true),
        /** {@code ended> [L> ]EXEC|DISCARD}: how the task's transaction ended. */
        ENDED(true),
        /** {@code rerun> [L>]}: the command of the condition above, sent again with the same arguments. */
        RERUN(true),
        /** {@code watched> KEY}: the task's transaction reached EXEC with KEY watched. */
        WATCHED(false),
        /**
         * {@code changed> [L> ]KEY}: while the task's transaction's client watched KEY (from its WATCH to the
         * transaction's EXEC), a command (of L's) wrote KEY: the change that the watch was there to see.
         */
        CHANGED(false),
        /** {@code never> [L> ]CMD}: no such command runs (with these reply lines, if given). */
        NEVER(false),
        /** {@code once> [L> ]CMD}: exactly one such command runs. */
        ONCE(false),
        /** {@code untouched> [L> ]KEY}: no command (of L's) writes KEY; a script writes the keys it names. */
        UNTOUCHED(false),
        /** {@code scripted> KEY}: only scripts write KEY, and one that names it in KEYS runs. */
        SCRIPTED(false),
        /** {@code closed> [L>]}: at the end, no transaction (of L's) is left open, its queue waiting for an EXEC. */
        CLOSED(false),
        /** {@code state> CMD}: asked at the end on a connection of its own, CMD answers these lines. */
        STATE(false);

        /** Whether a condition of this kind is met by one command of the learner's (and so has a place in time). */
        public final boolean event;

        Kind(boolean event) { this.event = event; }

        public String word() { return name().toLowerCase(Locale.ROOT); }

        /** Conditions about a key rather than a command. */
        public boolean namesKey() { return this == WATCHED || this == CHANGED || this == UNTOUCHED || this == SCRIPTED; }

        /** Conditions that refer to "the transaction" of the task. */
        public boolean aboutTransaction() {
            return this == INSIDE || this == EXEC || this == ENDED || this == WATCHED || this == CHANGED;
        }

        /** Once broken, broken for good: no later command can mend them. */
        public boolean permanent() { return this == NEVER || this == ONCE || this == UNTOUCHED || this == SCRIPTED; }
    }

    /**
     * One goal line and the reply lines under it.
     *
     * @param stage    0 for the lines before the first {@code then}, 1 after it, and so on
     * @param label    the client, or null for anyone
     * @param text     the command as written (a Latin-1 byte string), or the key
     * @param argv     the command's arguments, or the key alone
     * @param expected reply lines as redis-cli prints them (Latin-1 byte strings); empty when none
     */
    public record Condition(Kind kind, int line, int stage, String label, String text, List<byte[]> argv,
                            List<String> expected) {
        public Condition {
            argv = List.copyOf(argv);
            expected = List.copyOf(expected);
        }

        public String command() { return text; }

        /** The condition as a clause for the learner. */
        public String describe() {
            String who = label == null ? "you" : label;
            String cmd = ReplyFormatter.forDisplay(text == null ? "" : text);
            String whose = label == null ? "" : label + "'s ";
            String answers = expected.isEmpty() ? " and it succeeds" : ", which answers " + joined(expected);
            return switch (kind) {
                case REPLIED -> expected.isEmpty() ? (label == null ? "you run " : label + " runs ") + cmd + " and it succeeds"
                        : whose + cmd + " answers " + joined(expected);
                case WATCHING -> whose + cmd + " answers " + (expected.isEmpty() ? "without an error" : joined(expected))
                        + ", under " + (label == null ? "its client" : label) + "'s WATCH of its keys";
                case INSIDE -> "inside the transaction, " + whose + cmd + " answers " + joined(expected);
                case EXEC -> "the transaction's EXEC runs " + whose + cmd + answers;
                case ENDED -> "the transaction ends with " + whose + cmd + " answering " + joined(expected);
                case RERUN -> who + (label == null ? " run" : " runs") + " that same command again"
                        + (expected.isEmpty() ? "" : ", and it answers " + joined(expected));
                case WATCHED -> "the transaction's EXEC runs while " + cmd + " is watched";
                case CHANGED -> "while the transaction's client watches " + cmd + ", "
                        + (label == null ? "a command" : label) + " writes it";
                case NEVER -> (label == null ? "nobody runs " : label + " never runs ") + cmd
                        + (expected.isEmpty() ? "" : " (answered " + joined(expected) + ")");
                case ONCE -> who + (label == null ? " run " : " runs ") + cmd + " exactly once";
                case UNTOUCHED -> label == null ? "no command writes " + cmd : label + "'s own commands never write " + cmd;
                case SCRIPTED -> "only a script writes " + cmd + " (one that names it in KEYS)";
                case CLOSED -> label == null ? "no transaction is left open" : label + " is not left in MULTI";
                case STATE -> cmd + " answers " + joined(expected) + " afterwards";
            };
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

    /**
     * The goal as lines for the learner: "Goal:", then one "  - ..." per condition. Commands come
     * first, stage by stage, a "  then:" line between two stages; the rest follows.
     */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("Goal:");
        int stage = 0;
        for (Condition c : conditions) {
            if (!c.kind().event) continue;
            if (c.stage() > stage) {
                stage = c.stage();
                out.add("  then:");
            }
            out.add("  - " + c.describe());
        }
        for (Condition c : conditions) if (!c.kind().event) out.add("  - " + c.describe());
        return out;
    }
}
