package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fix-it: graded by the engine's state and replies after the learner's commands. */
class FixItGradingTest {

    static final String TEMPLATE = """
            [f]
            kind: fixit
            topic: errors
            lesson: 1
            var: a, b = one of: apples | pears
            var: n = int 2..9
            goal: Add {n} to both {a} and {b} in one transaction.
            setup:
              A> SET {a} 10
              A> SET {b} 20
            broken:
              A> MULTI
              A> INCRBY {a} {n}
              A> INCRBY {b}
              A> EXEC
            solution:
              A> MULTI
              A> INCRBY {a} {n}
              A> INCRBY {b} {n}
              A> EXEC
            check:
              GET {a}
              GET {b}
            must-use: MULTI EXEC
            require: exec-ok no-errors
            explain: Give INCRBY its increment.
            """;

    static FixItExercise exercise() throws BankException {
        Card c = BankLoader.parse("test.quiz", TEMPLATE, Lessons.parse("lessons", "1 | one\n")).get(0);
        return (FixItExercise) Exercises.create(c, 3);
    }

    @Test
    void anotherCorrectSolutionIsAcceptedBecauseTheStateIsChecked() throws Exception {
        FixItExercise e = exercise();
        String a = e.values().get("a");
        String b = e.values().get("b");
        String n = e.values().get("n");
        assertTrue(e.grade(List.of("multi", "incrby " + b + " " + n, "A> INCRBY " + a + " " + n, "exec")).right());
        int toA = 10 + Integer.parseInt(n);
        int toB = 20 + Integer.parseInt(n);
        assertTrue(e.grade(List.of("MULTI", "SET " + a + " " + toA, "SET " + b + " " + toB, "EXEC")).right());
    }

    @Test
    void theRightStateWithoutATransactionFailsTheGoal() throws Exception {
        FixItExercise e = exercise();
        Exercise.Grade g = e.grade(List.of("INCRBY " + e.values().get("a") + " " + e.values().get("n"),
                "INCRBY " + e.values().get("b") + " " + e.values().get("n")));
        assertFalse(g.right());
        assertTrue(g.problems().stream().anyMatch(p -> p.contains("MULTI")), g.problems().toString());
    }

    @Test
    void aWrongValueIsReportedAgainstTheGoal() throws Exception {
        FixItExercise e = exercise();
        Exercise.Grade g = e.grade(List.of("MULTI", "INCRBY " + e.values().get("a") + " " + e.values().get("n"), "EXEC"));
        assertFalse(g.right());
        assertTrue(g.problems().stream().anyMatch(p -> p.startsWith("GET " + e.values().get("b") + " gives \"20\"")), g.problems().toString());
    }

    @Test
    void aTransactionThatAbortsFailsEvenIfNothingChanged() throws Exception {
        FixItExercise e = exercise();
        Exercise.Grade g = e.grade(List.of("MULTI", "INCRBY", "EXEC"));
        assertFalse(g.right());
        assertTrue(g.problems().stream().anyMatch(p -> p.contains("EXECABORT")), g.problems().toString());
        assertTrue(g.whatHappened().stream().anyMatch(p -> p.contains("doomed")), g.whatHappened().toString());
    }

    @Test
    void noCommandsAtAllIsWrong() throws Exception {
        assertFalse(exercise().grade(List.of()).right());
    }
}
