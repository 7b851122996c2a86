package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.table.CommandTable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The shipped question bank: big enough, covering section 7.9, and every card gradable. */
class QuestionBankTest {

    static final Bank BANK = load();
    static final int SEEDS = 6;

    static Bank load() {
        try {
            return BankLoader.standard();
        } catch (BankException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static List<Card> available() { return BANK.available(Bank.engineKnows(CommandTable.standard())); }

    @Test
    void theBankHoldsAtLeastSixtyConceptQuestionsAndFifteenRunnableTemplates() {
        long concepts = BANK.cards().stream().filter(c -> !c.kind().isTemplate()).count();
        long templatesNow = available().stream().filter(c -> c.kind().isTemplate()).count();
        long templates = BANK.cards().stream().filter(c -> c.kind().isTemplate()).count();
        System.err.println("quiz bank: " + concepts + " concept questions, " + templates + " templates ("
                + templatesNow + " runnable on this engine)");
        assertTrue(concepts >= 60, "concept questions: " + concepts);
        assertTrue(templatesNow >= 15, "templates runnable now: " + templatesNow);
        for (Kind k : Kind.values()) {
            assertTrue(BANK.cards().stream().anyMatch(c -> c.kind() == k), "no card of kind " + k);
        }
    }

    @Test
    void everyQuestionOfSection79IsCovered() {
        Set<String> covered = new HashSet<>();
        for (Card c : BANK.cards()) covered.addAll(c.header().covers());
        for (String q : List.of("7.9-q1", "7.9-q2", "7.9-q3", "7.9-q4")) assertTrue(covered.contains(q), "nothing covers " + q);
    }

    @Test
    void everyLessonOfTheCourseHasCards() {
        for (int lesson : BANK.lessons().all().keySet()) {
            assertTrue(BANK.cards().stream().anyMatch(c -> c.header().lesson() == lesson), "no card for lesson " + lesson);
        }
    }

    @Test
    void onlyTemplatesThatDeclareRequiresEvalWaitForTheEngine() {
        // A template hidden for any other reason (a typo in a command name) would vanish silently.
        for (Card c : BANK.cards()) {
            if (!Bank.isAvailable(c, Bank.engineKnows(CommandTable.standard()))) {
                assertTrue(c.header().requires().contains("eval"), c.id() + " is unavailable but does not need EVAL");
            }
        }
    }

    @Test
    void luaTemplatesAreHiddenWithoutEvalAndShownWithIt() {
        List<Card> lua = BANK.cards().stream().filter(c -> c.header().requires().contains("eval")).toList();
        assertFalse(lua.isEmpty());
        List<Card> withoutEval = BANK.available(name -> !name.equals("eval") && CommandTable.standard().get(name) != null);
        List<Card> withEval = BANK.available(name -> name.equals("eval") || CommandTable.standard().get(name) != null);
        for (Card c : lua) {
            assertFalse(withoutEval.contains(c), c.id());
            assertTrue(withEval.contains(c), c.id());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyConceptCardGradesItsAnswerRightAndEveryWrongOptionWrong() {
        return BANK.cards().stream().filter(c -> c instanceof Card.Concept).map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            Exercise e = Exercises.create(c, 7);
            assertTrue(e.grade(e.correctAnswer()).right(), "own answer graded wrong");
            Card.Concept concept = (Card.Concept) c;
            if (concept.kind() == Kind.CHOICE) {
                List<String> options = ((ConceptExercise) e).options();
                assertEquals(1 + concept.wrong().size(), new HashSet<>(options).size(), "options are not distinct");
                for (int i = 0; i < options.size(); i++) {
                    boolean right = options.get(i).equals(concept.right());
                    assertEquals(right, e.grade(List.of(Integer.toString(i + 1))).right(), "option " + (i + 1));
                }
            } else if (concept.kind() == Kind.TRUE_FALSE) {
                assertFalse(e.grade(List.of(concept.truth() ? "false" : "true")).right());
            } else {
                assertFalse(e.grade(List.of("no idea")).right());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyPredictTemplateIsGradedByWhatTheEnginePrinted() {
        return available().stream().filter(c -> c instanceof Card.Predict).map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            Set<String> prompts = new HashSet<>();
            for (long seed = 1; seed <= SEEDS * 3; seed++) {
                PredictExercise e = (PredictExercise) Exercises.create(c, seed);
                prompts.add(String.join("\n", e.prompt()));
                for (String line : e.prompt()) assertFalse(Variables.hasPlaceholder(line), "seed " + seed + ": unfilled " + line);
                assertFalse(Variables.hasPlaceholder(e.explanation()), e.explanation());
                assertTrue(e.grade(e.truth()).right(), "seed " + seed + ": the engine's own reply graded wrong");
                assertFalse(e.truth().isEmpty());
                if (!e.options().isEmpty()) {
                    int rightOptions = 0;
                    for (int i = 0; i < e.options().size(); i++) {
                        if (e.grade(List.of(Integer.toString(i + 1))).right()) rightOptions++;
                    }
                    assertEquals(1, rightOptions, "seed " + seed + ": exactly one option must be right");
                }
                assertFalse(e.grade(List.of("(error) NOPE this is not it")).right());
            }
            assertTrue(prompts.size() >= 3, "the template hardly varies: " + prompts.size() + " distinct drills");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyFixItTemplateAcceptsItsSolutionAndRejectsTheBrokenAttempt() {
        return available().stream().filter(c -> c instanceof Card.FixIt).map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            Card.FixIt card = (Card.FixIt) c;
            for (long seed = 1; seed <= SEEDS; seed++) {
                FixItExercise e = (FixItExercise) Exercises.create(c, seed);
                for (String line : e.prompt()) assertFalse(Variables.hasPlaceholder(line), "seed " + seed + ": unfilled " + line);
                assertFalse(Variables.hasPlaceholder(e.explanation()), e.explanation());
                Exercise.Grade good = e.grade(e.correctAnswer());
                assertTrue(good.right(), "seed " + seed + ": solution graded wrong: " + good.problems());
                List<String> broken = card.broken().lines().stream()
                        .map(l -> l.label() + "> " + Variables.expand(l.command(), e.values())).toList();
                Exercise.Grade bad = e.grade(broken);
                assertFalse(bad.right(), "seed " + seed + ": the broken attempt passed");
                assertFalse(bad.problems().isEmpty());
            }
        }));
    }
}
