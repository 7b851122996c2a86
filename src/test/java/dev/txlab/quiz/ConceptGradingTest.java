package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Multiple choice, true/false and short answers. */
class ConceptGradingTest {

    static Card card(String text) throws BankException {
        Lessons lessons = Lessons.parse("lessons", "1 | one\n");
        return BankLoader.parse("test.quiz", text, lessons).get(0);
    }

    static final String CHOICE = """
            [c]
            kind: choice
            topic: multi
            lesson: 1
            question: What does MULTI answer?
            right: OK
            wrong: QUEUED
            wrong: (nil)
            explain: MULTI answers OK.
            """;

    @Test
    void aChoiceIsAnsweredByNumberLetterOrText() throws Exception {
        ConceptExercise e = (ConceptExercise) Exercises.create(card(CHOICE), 3);
        int right = e.options().indexOf("OK");
        assertTrue(e.grade(List.of(Integer.toString(right + 1))).right());
        assertTrue(e.grade(List.of(String.valueOf((char) ('a' + right)))).right());
        assertTrue(e.grade(List.of(" ok ")).right());
        assertFalse(e.grade(List.of(Integer.toString((right + 1) % 3 + 1))).right());
        assertFalse(e.grade(List.of("QUEUED")).right());
        assertEquals(List.of((right + 1) + ") OK"), e.grade(List.of("x")).correct());
    }

    @Test
    void theOptionOrderDependsOnTheSeedOnly() throws Exception {
        Card c = card(CHOICE);
        assertEquals(((ConceptExercise) Exercises.create(c, 11)).options(), ((ConceptExercise) Exercises.create(c, 11)).options());
        boolean differs = false;
        for (long s = 1; s < 20; s++) {
            differs |= !((ConceptExercise) Exercises.create(c, s)).options().equals(((ConceptExercise) Exercises.create(c, 0)).options());
        }
        assertTrue(differs);
    }

    @Test
    void anOptionNumberOutOfRangeIsNotUnderstoodRatherThanWrong() throws Exception {
        Exercise e = Exercises.create(card(CHOICE), 1);
        assertNotNull(e.notUnderstood(List.of("9")));
        assertNull(e.notUnderstood(List.of("2")));
    }

    @Test
    void trueFalseTakesTheUsualSpellings() throws Exception {
        Exercise e = Exercises.create(card("""
                [t]
                kind: truefalse
                topic: multi
                lesson: 1
                question: EXEC rolls back on error.
                answer: false
                explain: It does not.
                """), 1);
        for (String no : List.of("false", "F", "no", "n", " False ")) assertTrue(e.grade(List.of(no)).right(), no);
        for (String yes : List.of("true", "t", "yes", "Y")) assertFalse(e.grade(List.of(yes)).right(), yes);
        assertFalse(e.grade(List.of("maybe")).right());
        assertNotNull(e.notUnderstood(List.of("maybe")));
    }

    @Test
    void aShortAnswerAcceptsItsVariantsIgnoringCaseQuotesAndFinalPunctuation() throws Exception {
        Exercise e = Exercises.create(card("""
                [s]
                kind: short
                topic: multi
                lesson: 1
                question: Which command abandons a transaction?
                accept: DISCARD
                accept: DISCARD command
                explain: DISCARD.
                """), 1);
        for (String ok : List.of("discard", "`DISCARD`", "Discard.", "\"discard\"", "discard   command")) {
            assertTrue(e.grade(List.of(ok)).right(), ok);
        }
        for (String no : List.of("UNWATCH", "", "discard it")) assertFalse(e.grade(List.of(no)).right(), no);
    }

    @Test
    void shortAnswersIgnoreArticlesHyphensPunctuationAndPluralsAndTheCardsListTheirSynonyms() throws Exception {
        Card card = BankLoader.standard().cards().stream().filter(c -> c.id().equals("interview-atomic-per-command")).findFirst().orElseThrow();
        Exercise e = Exercises.create(card, 1);
        for (String ok : List.of("a single command", "every command", "per-command", "Per commands.", "The single command!",
                "each command", "command", "(per command)", "atomic per command", "one command at a time")) {
            assertTrue(e.grade(List.of(ok)).right(), ok);
        }
        for (String no : List.of("per transaction", "per key", "no", "MULTI", "per script", "a", "")) {
            assertFalse(e.grade(List.of(no)).right(), no);
        }
    }

    @Test
    void normalisationKeepsWhatMatters() {
        assertEquals("single command", ConceptExercise.normalise("A single-command."));
        assertEquals("execabort", ConceptExercise.normalise("`EXECABORT`"));
        assertEquals("redis key", ConceptExercise.normalise("Redis keys"), "'redis' is not a plural");
        assertEquals("watch", ConceptExercise.normalise("watches"));
        assertEquals("set key value nx", ConceptExercise.normalise("SET key value NX"));
    }

    @Test
    void trueAndFalseMayCarryPunctuation() throws Exception {
        Exercise t = Exercises.create(card("""
                [t]
                kind: truefalse
                topic: multi
                lesson: 1
                question: MULTI answers OK.
                answer: true
                explain: It does.
                """), 1);
        for (String yes : List.of("True.", "yes.", "Yes!", " TRUE ", "right")) {
            assertTrue(t.grade(List.of(yes)).right(), yes);
            assertNull(t.notUnderstood(List.of(yes)), yes);
        }
        for (String no : List.of("False.", "no!", "n")) assertFalse(t.grade(List.of(no)).right(), no);
        assertNotNull(t.notUnderstood(List.of("perhaps.")));
    }

    @Test
    void cardProseIsJoinedBackIntoParagraphsAndCommandsAndIndentedLinesStay() {
        assertEquals(List.of("One sentence that the author wrapped here.", "", "A> SET k 1", "  indented", "Last."),
                Prose.reflow("One sentence that the author\nwrapped here.\n\nA> SET k 1\n  indented\nLast."));
    }
}
