package dev.txlab.quiz;

import java.util.List;
import java.util.Set;

/**
 * One entry of the question bank, as loaded from {@code src/main/resources/quiz/*.quiz}. A concept
 * card is graded by comparing text; a template (predict or fix-it) is instantiated with seeded
 * variables and graded by running commands on the engine.
 */
public sealed interface Card permits Card.Concept, Card.Predict, Card.FixIt {

    /** What every card has: identity, where it sits in the course, and why the answer is what it is. */
    record Header(String id, Kind kind, String topic, int lesson, Set<String> covers, Set<String> requires,
                  String explanation, String source) {}

    Header header();

    default String id() { return header().id(); }

    default Kind kind() { return header().kind(); }

    default String topic() { return header().topic(); }

    /**
     * A multiple choice, true/false or short-answer question. {@code right}/{@code wrong} are the
     * options of a choice; {@code truth} answers a true/false; {@code accepted} lists the accepted
     * variants of a short answer (the first is the one shown as correct).
     */
    record Concept(Header header, String question, String right, List<String> wrong, Boolean truth,
                   List<String> accepted) implements Card {}

    /**
     * Predict the reply: a transcript with one hidden step; {@code variants} are alternative
     * scripts (interleavings), one picked per drill. {@code options} are extra choices (distractors)
     * shown next to the engine's real answer.
     */
    record Predict(Header header, String question, Variables variables, List<Script> variants,
                   List<String> options) implements Card {}

    /**
     * Fix it: {@code broken} is shown with its replies after {@code setup}; the learner types
     * commands that reach {@code goal}. Graded by running setup + the learner's commands and
     * setup + {@code solution} on two engines and comparing the replies of {@code check}.
     */
    record FixIt(Header header, String goal, Variables variables, Script setup, Script broken,
                 Script solution, List<String> check, List<String> mustUse, Set<String> conditions)
            implements Card {}

    /** A script of command lines, each run by a client label; at most one is hidden. */
    record Script(List<Line> lines) {
        public Script { lines = List.copyOf(lines); }

        public int hiddenIndex() {
            for (int i = 0; i < lines.size(); i++) if (lines.get(i).hidden()) return i;
            return -1;
        }
    }

    /** {@code A> SET {k} 1}; {@code hidden} for the step whose reply the learner predicts ({@code ?A> ...}). */
    record Line(String label, String command, boolean hidden, int sourceLine) {}
}
