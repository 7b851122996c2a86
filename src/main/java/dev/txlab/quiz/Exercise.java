package dev.txlab.quiz;

import java.util.List;

/**
 * A card made ready to ask: for a template, its variables are chosen and its transcript has run
 * on the engine. Grading never looks at a stored reply: predict and fix-it exercises compare
 * with what the engine printed.
 */
public interface Exercise {

    /** How an answer is typed. */
    enum Shape {
        /** One line (an option number, true/false, a short answer). */
        LINE,
        /** A reply in redis-cli form: one line, or an array ("1) ...") ended by an empty line. */
        REPLY,
        /** Commands, one per line, ended by an empty line. */
        COMMANDS
    }

    /** The outcome of one answer: right or wrong, the right answer, and what to learn from it. */
    record Grade(boolean right, List<String> correct, List<String> whatHappened, List<String> run,
                 List<String> problems, String close) {
        Grade(boolean right, List<String> correct, List<String> whatHappened, List<String> run, List<String> problems) {
            this(right, correct, whatHappened, run, problems, null);
        }

        /**
         * Not the text asked for, but the right answer in other words: a predicted reply with the
         * right value in another notation ({@code close} says how redis-cli prints it). It counts
         * as right.
         */
        public boolean isClose() { return close != null; }
    }

    Card card();

    /** The lines shown before the answer prompt: the question, a transcript, the options. */
    List<String> prompt();

    Shape shape();

    Grade grade(List<String> answer);

    /**
     * Null when the answer can be graded, else a hint on what to type (an option number out of
     * range, "maybe" for a true/false). A person gets a second try; a script's answer is graded.
     */
    default String notUnderstood(List<String> answer) { return null; }

    /** Why the answer is what it is (a template's explanation with its values filled in). */
    default String explanation() { return card().header().explanation(); }

    /** One correct answer, typed as a learner would type it (used by tests and --answers makers). */
    List<String> correctAnswer();
}
