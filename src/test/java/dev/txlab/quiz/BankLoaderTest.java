package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bank format: what it reads, and errors that name the file and line. */
class BankLoaderTest {
    static final Lessons LESSONS = lessons();

    static Lessons lessons() {
        try {
            return Lessons.parse("lessons.txt", "1 | one\n2 | two\n");
        } catch (BankException e) {
            throw new AssertionError(e);
        }
    }

    static String error(String text) {
        BankException e = assertThrows(BankException.class, () -> BankLoader.parse("bad.quiz", text, LESSONS));
        return e.getMessage();
    }

    @Test
    void aCardReadsItsFieldsWithMultiLineValues() throws Exception {
        List<Card> cards = BankLoader.parse("ok.quiz", """
                # a comment
                [first-card]
                kind: truefalse
                topic: multi
                lesson: 2
                covers: 7.9-q1, extra
                question: A question that goes on
                  over two lines.
                answer: TRUE
                explain:
                  First line.

                  After a blank line.
                """, LESSONS);
        Card.Concept c = (Card.Concept) cards.get(0);
        assertEquals("first-card", c.id());
        assertEquals("A question that goes on\nover two lines.", c.question());
        assertEquals("First line.\n\nAfter a blank line.", c.header().explanation());
        assertEquals(Boolean.TRUE, c.truth());
        assertEquals(2, c.header().lesson());
        assertTrue(c.header().covers().contains("7.9-q1"));
    }

    @Test
    void aTemplateRequiresTheCommandsItsScriptsUse() throws Exception {
        Card c = BankLoader.parse("ok.quiz", """
                [t]
                kind: predict
                topic: lua
                lesson: 1
                requires: eval
                var: k = one of: a | b
                question: ?
                script:
                  A> SET {k} 1
                  ?A> OBJECT ENCODING {k}
                explain: x
                """, LESSONS).get(0);
        assertEquals(java.util.Set.of("eval", "set", "object"), c.header().requires());
    }

    @Test
    void mistakesAreReportedWithFileAndLine() {
        assertEquals("bad.quiz:3: unknown kind 'essay' (choice, truefalse, short, predict or fixit)", error("""
                [c]
                topic: multi
                kind: essay
                """));
        assertEquals("bad.quiz:4: field 'answer' does not belong in a choice card", error("""
                [c]
                kind: choice
                topic: multi
                answer: true
                """));
        assertTrue(error("""
                [c]
                kind: truefalse
                topic: multi
                lesson: 1
                question: q
                answer: true
                """).startsWith("bad.quiz:1: card [c] has no 'explain:'"));
        assertTrue(error("""
                [c]
                kind: truefalse
                topic: multi
                lesson: 7
                question: q
                answer: true
                explain: e
                """).startsWith("bad.quiz:4: lesson 7 is not listed"));
        assertTrue(error("""
                [c]
                kind: truefalse
                topic: multi
                lesson: 1
                question: q
                answer: maybe
                explain: e
                """).startsWith("bad.quiz:6: answer must be true or false"));
        assertTrue(error("this is not a card\n").startsWith("bad.quiz:1: expected '[card-id]'"));
        assertTrue(error("  indented first\n").startsWith("bad.quiz:1: indented line outside a field"));
        assertTrue(error("kind: choice\n").startsWith("bad.quiz:1: field before the first [card-id]"));
    }

    @Test
    void templateMistakesAreReportedWithFileAndLine() {
        String noHidden = error("""
                [p]
                kind: predict
                topic: multi
                lesson: 1
                question: q
                script:
                  A> SET k 1
                  A> GET k
                explain: e
                """);
        assertTrue(noHidden.startsWith("bad.quiz:6: a predict script needs exactly one hidden step"), noHidden);
        String undeclared = error("""
                [p]
                kind: predict
                topic: multi
                lesson: 1
                question: q
                script:
                  ?A> GET {key}
                explain: e
                """);
        assertTrue(undeclared.startsWith("bad.quiz:6: placeholder {key} is not a declared var"), undeclared);
        String badLine = error("""
                [p]
                kind: predict
                topic: multi
                lesson: 1
                question: q
                script:
                  ?A> GET k
                  GET k
                explain: e
                """);
        assertTrue(badLine.startsWith("bad.quiz:8: a script line looks like"), badLine);
        String badVar = error("""
                [p]
                kind: predict
                topic: multi
                lesson: 1
                var: a, b = int 1..1
                question: q
                script:
                  ?A> GET k
                explain: e
                """);
        assertTrue(badVar.startsWith("bad.quiz:5: range too small"), badVar);
        String badCondition = error("""
                [f]
                kind: fixit
                topic: multi
                lesson: 1
                goal: g
                broken:
                  A> GET k
                solution:
                  A> GET k
                check:
                  GET k
                require: be-nice
                explain: e
                """);
        assertTrue(badCondition.contains("unknown condition 'be-nice'"), badCondition);
    }

    @Test
    void aCardIdMayAppearOnlyOnce() {
        String twice = error("""
                [c]
                kind: short
                topic: multi
                lesson: 1
                question: q
                accept: a
                explain: e
                [c]
                kind: short
                topic: multi
                lesson: 1
                question: q
                accept: a
                explain: e
                """);
        assertTrue(twice.startsWith("bad.quiz:8: card [c] appears twice"), twice);
    }

    @Test
    void lessonsFileMistakesAreReported() {
        BankException e = assertThrows(BankException.class, () -> Lessons.parse("lessons.txt", "1 | a\nx | b\n"));
        assertTrue(e.getMessage().startsWith("lessons.txt:2: lesson number 'x'"), e.getMessage());
        assertEquals("lesson 2 (two)", LESSONS.reference(2));
    }
}
