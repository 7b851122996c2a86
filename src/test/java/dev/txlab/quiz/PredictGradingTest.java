package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Predict-the-reply: the answer comes from running the template on the engine. */
class PredictGradingTest {

    static Card.Predict card(String text) throws BankException {
        return (Card.Predict) BankLoader.parse("test.quiz", text, Lessons.parse("lessons", "1 | one\n")).get(0);
    }

    static final String WATCH = """
            [p]
            kind: predict
            topic: watch
            lesson: 1
            var: k = one of: balance | stock
            var: n, m = int 10..60
            question: What does EXEC print?
            script:
              A> SET {k} {n}
              A> WATCH {k}
              B> SET {k} {m}
              A> MULTI
              A> INCR {k}
              ?A> EXEC
            option: 1) (integer) {n+1}
            option: (error) EXECABORT Transaction discarded because of previous errors.
            explain: B touched the watched key.
            """;

    @Test
    void theRightAnswerIsWhatTheEnginePrintsNotAStoredString() throws Exception {
        PredictExercise e = (PredictExercise) Exercises.create(card(WATCH), 4);
        assertEquals(List.of("(nil)"), e.truth());
        assertTrue(e.grade(List.of("(nil)")).right());
        assertTrue(e.grade(List.of("NIL")).right());
        assertFalse(e.grade(List.of("1) (integer) " + (Long.parseLong(e.values().get("n")) + 1))).right());
        // The engine's reply is one of the options even though the bank never wrote "(nil)".
        assertEquals(3, e.options().size());
        assertTrue(e.options().contains(List.of("(nil)")));
    }

    @Test
    void pickingAnOptionByNumberIsGradedLikeTypingIt() throws Exception {
        PredictExercise e = (PredictExercise) Exercises.create(card(WATCH), 9);
        int nil = e.options().indexOf(List.of("(nil)"));
        for (int i = 0; i < e.options().size(); i++) {
            assertEquals(i == nil, e.grade(List.of(Integer.toString(i + 1))).right());
        }
    }

    @Test
    void aDistractorThatHappensToBeRightIsDropped() throws Exception {
        PredictExercise e = (PredictExercise) Exercises.create(card("""
                [p]
                kind: predict
                topic: multi
                lesson: 1
                var: n = int 1..9
                question: ?
                script:
                  A> SET k {n}
                  ?A> INCR k
                option: (integer) {n+1}
                option: (integer) {n}
                explain: INCR adds one.
                """), 1);
        assertEquals(2, e.options().size(), "the right answer appears once");
    }

    @Test
    void afterTheAnswerTheWholeRunAndWhatHappenedAreShown() throws Exception {
        PredictExercise e = (PredictExercise) Exercises.create(card(WATCH), 2);
        Exercise.Grade g = e.grade(List.of("(nil)"));
        String k = e.values().get("k");
        assertEquals("A> SET " + k + " " + e.values().get("n"), g.run().get(0));
        assertEquals("(nil)", g.run().get(g.run().size() - 1));
        assertTrue(g.whatHappened().stream().anyMatch(n -> n.contains("watched key " + k) && n.contains("B's SET")), g.whatHappened().toString());
    }

    @Test
    void thePromptHidesTheReplyAndEverythingAfterIt() throws Exception {
        PredictExercise e = (PredictExercise) Exercises.create(card("""
                [p]
                kind: predict
                topic: multi
                lesson: 1
                var: n = int 100..199
                question: What does B read?
                script:
                  A> MULTI
                  A> SET k {n}
                  ?B> GET k
                  A> EXEC
                  A> GET k
                explain: Queued commands have not run.
                """), 5);
        String prompt = String.join("\n", e.prompt());
        assertTrue(prompt.contains("  B> GET k\n  ???"), prompt);
        assertFalse(prompt.contains("\"" + e.values().get("n") + "\""), "a later reply would give the answer away");
        assertEquals(List.of("(nil)"), e.truth());
    }

    @Test
    void theSameSeedGivesTheSameDrillAndOtherSeedsVaryIt() throws Exception {
        Card.Predict c = card(WATCH);
        assertEquals(Exercises.create(c, 42).prompt(), Exercises.create(c, 42).prompt());
        assertFalse(Exercises.create(c, 1).prompt().equals(Exercises.create(c, 2).prompt())
                && Exercises.create(c, 2).prompt().equals(Exercises.create(c, 3).prompt()));
    }

    @Test
    void theRightValueWithoutItsQuotesIsCloseAndCountsAsRightButAWrongValueIsWrong() throws Exception {
        PredictExercise e = (PredictExercise) Exercises.create(card("""
                [price]
                kind: predict
                topic: multi
                lesson: 1
                question: What does GET print?
                script:
                  A> SET price 10.5
                  A> INCRBYFLOAT price 5.25
                  ?A> GET price
                explain: INCRBYFLOAT stores a string.
                """), 1);
        assertEquals(List.of("\"15.75\""), e.truth());
        Exercise.Grade close = e.grade(List.of("15.75"));
        assertTrue(close.right());
        assertTrue(close.isClose());
        assertEquals("redis-cli prints a string reply in double quotes: \"15.75\"", close.close());
        Exercise.Grade exact = e.grade(List.of("\"15.75\""));
        assertTrue(exact.right());
        assertFalse(exact.isClose());
        assertFalse(e.grade(List.of("15.7")).right());
        assertFalse(e.grade(List.of("(integer) 15")).right());
        assertEquals(null, e.notUnderstood(List.of("15")), "a bare number is graded, not refused, when there are no options");
    }
}
