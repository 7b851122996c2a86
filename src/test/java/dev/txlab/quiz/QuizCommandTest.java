package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.cli.Main;
import dev.txlab.engine.table.CommandTable;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `txlab quiz` end to end through picocli, answering from files and from a pipe. */
class QuizCommandTest {
    @TempDir Path data;
    @TempDir Path work;

    record Run(int exit, String out, String err) {
        List<String> questionIds() {
            List<String> ids = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^Question \\d+ of \\d+: (\\S+)").matcher(out);
            while (m.find()) ids.add(m.group(1));
            return ids;
        }

        String score() {
            Matcher m = Pattern.compile("(?m)^score: (\\d+/\\d+)$").matcher(out);
            String last = null;
            while (m.find()) last = m.group(1);
            return last;
        }
    }

    Run quiz(String... args) {
        return quizIn(data, args);
    }

    Run quizIn(Path dataDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("quiz", "--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** The answers a perfect learner would give to the drill the command is about to run. */
    static String perfectAnswers(List<String> topics, int count, long seed) throws BankException {
        Bank bank = BankLoader.standard();
        List<Card> pool = bank.available(Bank.engineKnows(CommandTable.standard())).stream()
                .filter(c -> topics.isEmpty() || topics.contains(c.topic())).toList();
        StringBuilder answers = new StringBuilder();
        for (Card c : Leitner.select(pool, new Progress(), System.currentTimeMillis(), count, false, seed)) {
            Exercise e = Exercises.create(c, Exercises.seedFor(seed, c.id()));
            for (String line : e.correctAnswer()) answers.append(line).append('\n');
            if (e.shape() != Exercise.Shape.LINE) answers.append('\n'); // ends an array or a command list
        }
        return answers.toString();
    }

    Path answersFile(String text) throws Exception {
        Path f = Files.createTempFile(work, "answers", ".txt");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aScriptedDrillOfPerfectAnswersScoresFullMarksAndSavesProgress() throws Exception {
        Path answers = answersFile(perfectAnswers(List.of(), 12, 77));
        Run run = quiz("--seed", "77", "--count", "12", "--answers", answers.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("12/12", run.score(), run.out());
        assertEquals(12, run.questionIds().size());
        assertEquals(12, run.out().split("(?m)^RIGHT$", -1).length - 1);
        assertTrue(Files.exists(data.resolve(ProgressStore.FILE_NAME)));
        assertEquals(12, new ProgressStore(data).load().progress().all().size());
    }

    @Test
    void everyKindOfQuestionCanBeAnsweredThroughTheCommand() throws Exception {
        // All cards of two topics: choice, true/false, short, predict and fix-it cards among them.
        Path answers = answersFile(perfectAnswers(List.of("errors", "watch"), 1000, 3));
        Run run = quiz("--seed", "3", "--all", "--topic", "errors,watch", "--answers", answers.toString());
        int total = run.questionIds().size();
        assertTrue(total > 40, run.out());
        assertEquals(total + "/" + total, run.score(), run.out());
        for (String kind : List.of("multiple choice", "true or false", "short answer", "predict the reply", "fix it")) {
            assertTrue(run.out().contains(", " + kind + ", new]"), "no " + kind + " question asked");
        }
    }

    @Test
    void aSecondRunAsksTheMissedCardsFirst() throws Exception {
        Path wrong = answersFile("zzz\n".repeat(20));
        Run first = quiz("--seed", "5", "--count", "4", "--topic", "atomicity", "--answers", wrong.toString());
        assertEquals("0/4", first.score(), first.out());
        List<String> missed = first.questionIds();
        assertTrue(first.out().replaceAll(" *\n *", " ").contains("Missed: " + String.join(", ", missed)), first.out());

        Run second = quiz("--seed", "6", "--count", "6", "--topic", "atomicity", "--answers", wrong.toString());
        List<String> asked = second.questionIds();
        assertEquals(java.util.Set.copyOf(missed), java.util.Set.copyOf(asked.subList(0, 4)), second.out());
        assertTrue(second.out().replaceAll(" *\n *", " ").contains("missed last time]"), second.out());
        for (String id : asked.subList(4, 6)) assertFalse(missed.contains(id));
    }

    @Test
    void answersCanBePipedOnStandardInput() throws Exception {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(perfectAnswers(List.of("multi"), 3, 11).getBytes(StandardCharsets.UTF_8)));
            Run run = quiz("--seed", "11", "--count", "3", "--topic", "multi");
            assertEquals("3/3", run.score(), run.out());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void whenTheAnswersRunOutTheScoreCountsWhatWasAnswered() throws Exception {
        Run run = quiz("--seed", "1", "--count", "5", "--answers", answersFile("?\n:skip\n").toString());
        assertEquals("0/2", run.score(), run.out());
        assertTrue(run.out().contains("The drill ended after 2 of 5 questions."));
        assertEquals(2, new ProgressStore(data).load().progress().all().size());
    }

    @Test
    void aCorruptProgressFileIsSetAsideWithOneLineAndTheDrillGoesOn() throws Exception {
        Files.writeString(data.resolve(ProgressStore.FILE_NAME), "garbage\u0000\n");
        Run run = quiz("--seed", "2", "--count", "2", "--answers", answersFile("x\nx\n").toString());
        assertEquals(0, run.exit());
        assertEquals("0/2", run.score());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("txlab quiz: quiz progress ") && run.err().contains("corrupt"), run.err());
        assertEquals(2, new ProgressStore(data).load().progress().all().size(), "a fresh file was written");
    }

    @Test
    void statsShowTopicsAndTheMostMissedCards() throws Exception {
        quiz("--seed", "8", "--count", "3", "--topic", "lua", "--answers", answersFile("x\nx\nx\n").toString());
        Run stats = quiz("--stats");
        assertEquals(0, stats.exit());
        assertTrue(stats.out().contains("Most often missed:"), stats.out());
        assertTrue(stats.out().lines().anyMatch(l -> l.startsWith("lua ") && l.matches("lua\\s+\\d+\\s+3\\s+0\\s+3\\s+3\\s+0")), stats.out());
        assertTrue(stats.out().contains("lesson 8 (Lua scripts)"));
    }

    @Test
    void resetForgetsEverything() throws Exception {
        quiz("--seed", "8", "--count", "1", "--answers", answersFile("x\n").toString());
        assertTrue(Files.exists(data.resolve(ProgressStore.FILE_NAME)));
        Run reset = quiz("--reset");
        assertEquals(0, reset.exit());
        assertFalse(Files.exists(data.resolve(ProgressStore.FILE_NAME)));
        assertTrue(quiz("--stats").out().contains("No answers yet"));
    }

    @Test
    void badOptionsGiveOneLineAndAUsageExitCode() throws Exception {
        Run topic = quiz("--topic", "nope");
        assertEquals(2, topic.exit());
        assertTrue(topic.err().startsWith("txlab quiz: unknown topic 'nope' (topics: "), topic.err());
        assertEquals(2, quiz("--count", "0").exit());
        Run missing = quiz("--answers", work.resolve("none.txt").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("cannot read answers file"));
    }

    @Test
    void theSameSeedAndProgressGiveTheSameDrill() throws Exception {
        Path answers = answersFile("x\n\n".repeat(10));
        Path other = work.resolve("other-data");
        Run a = quizIn(other, "--seed", "99", "--count", "5", "--answers", answers.toString());
        Files.delete(other.resolve(ProgressStore.FILE_NAME));
        Run b = quizIn(other, "--seed", "99", "--count", "5", "--answers", answers.toString());
        assertEquals("0/5", a.score());
        assertEquals(a.out(), b.out());
    }
}
