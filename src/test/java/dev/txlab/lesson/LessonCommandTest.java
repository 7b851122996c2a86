package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.table.CommandTable;
import dev.txlab.support.Cli.Run;
import dev.txlab.support.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code txlab lesson} end to end with piped input, as a script or a learner without a terminal
 * uses it: an empty line runs the next step, anything else runs as in the shell.
 */
class LessonCommandTest {
    @TempDir Path data;

    Run txlab(String stdin, String... args) {
        return txlab(ShippedLessons.dir(), stdin, args);
    }

    Run txlab(Path lessons, String stdin, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "lesson";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--lessons";
        all[args.length + 2] = lessons.toString();
        all[args.length + 3] = "--data-dir";
        all[args.length + 4] = data.toString();
        return Cli.txlabWithInput(stdin, all);
    }

    String progressFile() throws Exception {
        return Files.readString(data.resolve(LessonProgressStore.FILE_NAME), StandardCharsets.UTF_8);
    }

    /** Every expected line appears in the output, in this order. */
    static void assertLinesInOrder(String output, String... expected) {
        List<String> lines = output.lines().toList();
        int from = 0;
        for (String want : expected) {
            int found = -1;
            for (int i = from; i < lines.size(); i++) {
                if (lines.get(i).equals(want)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) throw new AssertionError("missing, or out of order: [" + want + "]\n--- output ---\n" + output);
            from = found + 1;
        }
    }

    @Test
    void againstARealServerALessonPlaysTheSameRepliesAndAFullDatabaseIsRefusedWithoutFlush() throws Exception {
        dev.txlab.support.RedisServer server = dev.txlab.support.RedisServer.get();
        server.reset();
        String address = "redis://127.0.0.1:" + server.port();
        Run onEngine = txlab("\n\n\n:quit\n", "1", "--explain", "off");
        Run onRedis = txlab("\n\n\n:quit\n", "1", "--explain", "off", "--against", address);
        assertEquals(0, onRedis.exit(), onRedis.err());
        assertEquals(onEngine.out().lines().filter(l -> !l.startsWith("txlab lesson") && !l.contains("redis://")).toList(),
                onRedis.out().lines().filter(l -> !l.startsWith("txlab lesson") && !l.contains("redis://")).toList());
        try (var c = server.connect()) {
            c.call(List.of("SET".getBytes(), "precious".getBytes(), "1".getBytes()));
        }
        Run refused = txlab(":quit\n", "1", "--against", address);
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("refusing to touch them (use --flush"), refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        Run flushed = txlab(":quit\n", "1", "--against", address, "--flush");
        assertEquals(0, flushed.exit(), flushed.err());
        server.reset();
    }

    @Test
    void withoutALessonItListsThemAllWithTheLearnersProgress() {
        Run run = txlab("");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches(" +1 +atomic-commands +Every command is atomic +not started")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches(" +12 +recap +Interview recap, then the quiz +not started")), run.out());
        assertTrue(run.out().contains("Play one with: txlab lesson 1"), run.out());
    }

    @Test
    void stepsRunOnEnterWithTheirRepliesAndTracesAndOwnCommandsRunInBetween() {
        Run run = txlab("\n\nB> EXISTS views\n\n\n", "1");
        assertEquals(0, run.exit(), run.err());
        assertLinesInOrder(run.out(),
                "Lesson 1: Every command is atomic (7 parts, 2 tasks)",
                "Two clients, one counter: read, then write",
                "A> SET views 10",
                "OK",
                "A> GET views",
                "\"10\"",
                "A> B> EXISTS views",
                "(integer) 1",
                "A> B> GET views",
                "\"10\"",
                "A> SET views 11",
                "OK",
                "Leaving the lesson; your progress is saved. Resume it with: txlab lesson 1");
    }

    @Test
    void aTaskIsSolvedByTheLearnersOwnCommandsAndTheProgressIsSaved() throws Exception {
        String input = ":next\n:next\n:next\n:next\n" // to the first task
                + "\n"                                   // Enter before the goal holds: a reminder
                + ":hint\n"
                + "GET stock\nB> GET stock\nSET stock 4\nB> SET stock 4\n"
                + "\n:quit\n";
        Run run = txlab(input, "atomic");
        assertEquals(0, run.exit(), run.err());
        assertLinesInOrder(run.out(),
                "-- Your turn: lose an update",
                "A> SET stock 5",
                "OK",
                "Goal:",
                "  - A's GET stock answers \"5\"",
                "  then:",
                "  - GET stock answers \"4\" afterwards",
                "Not there yet: A's GET stock answers \"5\". Type commands; :hint, :solution, or",
                ":next to skip the task.",
                "Hint:",
                "A> B> SET stock 4",
                "OK",
                "Goal reached: lose an update.",
                "-- Your turn: sell two items without losing one");
        assertTrue(progressFile().contains("atomic-commands\t5\t7\t0\tlose-an-update\t"), progressFile());
        Run list = txlab("");
        assertTrue(list.out().contains("at part 6 of 7, 1/2 tasks solved"), list.out());
    }

    @Test
    void theSolutionIsShownOnDemandAndTypingItReachesTheGoal() {
        Run run = txlab(":next\n:next\n:next\n:next\n:next\n:solution\nDECR stock\nB> DECR stock\n", "1");
        assertLinesInOrder(run.out(),
                "-- Your turn: sell two items without losing one",
                "A solution:",
                "  A> DECR stock",
                "  (integer) 4",
                "  B> DECR stock",
                "  (integer) 3",
                "A> DECR stock",
                "(integer) 4",
                "A> B> DECR stock",
                "(integer) 3",
                "Goal reached: sell two items without losing one.");
    }

    @Test
    void aLessonResumesWhereTheLearnerLeftAndRestartStartsOver() {
        txlab(":next\n:next\n:quit\n", "2");
        Run resumed = txlab(":quit\n", "multi-exec");
        assertTrue(resumed.out().contains("Resuming at part 3 of "), resumed.out());
        assertTrue(resumed.out().contains("The same goes for A itself"), resumed.out());
        assertFalse(resumed.out().contains("The basic transaction"), resumed.out());
        Run restarted = txlab(":quit\n", "2", "--restart");
        assertFalse(restarted.out().contains("Resuming"), restarted.out());
        assertTrue(restarted.out().contains("The basic transaction"), restarted.out());
    }

    @Test
    void reachingTheEndMarksTheLessonDoneAndPointsToTheNextOne() throws Exception {
        Run run = txlab(":next\n".repeat(20), "3");
        assertTrue(run.out().contains("That is the end of lesson 3 (What EXEC guarantees).\nNext: txlab lesson 4 (No rollback)."), run.out());
        assertTrue(progressFile().contains("exec-guarantees\t0\t"), progressFile());
        assertTrue(txlab("").out().contains("done, 0/2 tasks solved"));
        Run last = txlab(":next\n".repeat(20), "13");
        assertTrue(last.out().contains("Next: test yourself with txlab quiz."), last.out());
    }

    @Test
    void whenOwnCommandsChangeWhatAStepAnswersThePlayerSaysSoAndResetReplaysThePart() {
        Run run = txlab("\nSET views 99\n\n:reset\n\n\n", "1");
        assertLinesInOrder(run.out(),
                "A> SET views 10",
                "A> SET views 99",
                "A> GET views",
                "\"99\"",
                "# The lesson shows a different reply here:",
                "#   \"10\"",
                "# Commands of your own may have changed the state; :reset runs this part again",
                "#   from an empty database.",
                "A> :reset",
                "A> SET views 10",
                "OK",
                "A> GET views",
                "\"10\"");
    }

    @Test
    void backGoesToThePreviousPartAndShellCommandsStillWork() {
        Run run = txlab(":next\n:back\n\n:keys\n:clients\n:where\n:help\n", "1");
        assertLinesInOrder(run.out(),
                "The same two visits with INCR",
                "A> :back",
                "Two clients, one counter: read, then write",
                "A> SET views 10",
                "A> :keys",
                "  views  \"10\"",
                "A> :clients",
                "* A  not in MULTI; watching nothing",
                "A> :where",
                "A> :help",
                "In a lesson:");
        assertTrue(run.out().replaceAll(" *\n *", " ").contains("part 1 of 7: a block of 6 steps, 1 run so far"), run.out());
        assertFalse(run.out().contains("txlab-goal"), "the goal's probe never shows among the clients");
    }

    @Test
    void inASqlPartTheLearnersLinesAreSqlOnThatPartsDatabase() {
        Run run = txlab("\n\nSELECT COUNT(*) AS n FROM accounts\nB> SELECT balance FROM accounts WHERE name = 'bob'\n", "7");
        assertLinesInOrder(run.out(),
                "sql A> CREATE TABLE accounts (name VARCHAR(20) PRIMARY KEY, balance INT NOT NULL, CONSTRAINT no_overdraft CHECK (balance >= 0))",
                "OK",
                "sql A> INSERT INTO accounts VALUES ('alice', 30), ('bob', 10)",
                "INSERT 2",
                "sql A> SELECT COUNT(*) AS n FROM accounts",
                "N",
                "-",
                "2",
                "(1 row)",
                "sql A> B> SELECT balance FROM accounts WHERE name = 'bob'",
                "BALANCE",
                "10");
    }

    @Test
    void luaPartsShowTheRepliesARealServerGaveUntilTheEngineHasEval() {
        Run run = txlab("\n\n\n", "8");
        assertLinesInOrder(run.out(),
                "A> EVAL \"return redis.call('INCR', KEYS[1])\" 1 counter",
                "(integer) 1",
                "A> EVAL \"return redis.call('INCR', KEYS[1])\" 1 counter",
                "(integer) 2");
        boolean engineHasEval = CommandTable.standard().get("eval") != null;
        assertEquals(!engineHasEval, run.out().contains("This engine has no EVAL yet, so Enter shows each step with the reply"
                + " redis-server 7.0.15 gave (recorded)."), run.out());
    }

    @Test
    void everyLessonPlaysToTheEndByPressingEnterAndTypingEachSolution() throws Exception {
        for (Lesson lesson : ShippedLessons.load().lessons()) {
            StringBuilder input = new StringBuilder();
            List<String> solvable = new java.util.ArrayList<>();
            for (Lesson.Part part : lesson.parts()) {
                if (part instanceof Lesson.Steps s) {
                    input.append("\n".repeat(s.steps().size() + 1)); // each step, then on to the next part
                } else if (part instanceof Lesson.Task t) {
                    if (Needs.missing(t, Needs.table(CommandTable.standard())).isEmpty()) {
                        solvable.add(t.title());
                        for (var step : t.solution().steps()) input.append(step.label()).append("> ").append(step.command()).append('\n');
                    }
                    input.append('\n');
                }
            }
            Run run = txlab(input.toString(), Integer.toString(lesson.number()));
            assertEquals(0, run.exit(), run.err());
            for (String title : solvable) assertTrue(run.out().contains("Goal reached: " + title + "."), lesson + ": " + title + "\n" + run.out());
            assertFalse(run.out().contains("The lesson shows a different reply here"), lesson + "\n" + run.out());
            assertTrue(run.out().contains("That is the end of lesson " + lesson.number() + " ("), lesson + "\n" + run.out());
        }
        Run list = txlab("");
        assertEquals(ShippedLessons.load().lessons().size(), list.out().lines().filter(l -> l.contains(" done")).count(), list.out());
    }

    @Test
    void anUnknownLessonIsOneLineAndExitCode2() {
        Run run = txlab("", "99");
        assertEquals(2, run.exit());
        assertEquals("txlab lesson: no lesson '99'; `txlab lesson` lists them (play one by number or name, e.g. txlab lesson 1)\n", run.err());
    }

    @Test
    void aMalformedLessonFileIsOneLineNamingFileAndLineAndTheOthersStillWork(@TempDir Path lessons) throws Exception {
        Files.copy(ShippedLessons.dir().resolve("01-atomic-commands.md"), lessons.resolve("01-atomic-commands.md"));
        Files.writeString(lessons.resolve("02-broken.md"), "# Lesson 2: Broken\n\n```tx\nA> PING\nPONG\n");
        Files.writeString(lessons.resolve("README.md"), "# Not a lesson\n");
        Run list = txlab(lessons, "");
        assertEquals(1, list.exit());
        assertEquals("txlab lesson: " + lessons.resolve("02-broken.md") + ":3: this ``` block is never closed (a line of three backticks ends it)\n",
                list.err());
        assertTrue(list.out().contains("atomic-commands"), list.out());
        assertFalse(list.err().contains("Exception") || list.out().contains("Exception"));
        Run play = txlab(lessons, "\n", "1");
        assertEquals(0, play.exit());
        assertTrue(play.out().contains("A> SET views 10\nOK"), play.out());
    }

    @Test
    void resetForgetsAllLessonProgress() throws Exception {
        txlab(":next\n:quit\n", "1");
        assertTrue(Files.exists(data.resolve(LessonProgressStore.FILE_NAME)));
        Run run = txlab("", "--reset");
        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("Lesson progress reset"), run.out());
        assertFalse(Files.exists(data.resolve(LessonProgressStore.FILE_NAME)));
    }

    /** Moves to the task with this title: as many :next as there are parts before it. */
    static String toTask(int lessonNumber, String title) {
        Lesson lesson = ShippedLessons.load().lessons().stream().filter(l -> l.number() == lessonNumber).findFirst().orElseThrow();
        StringBuilder input = new StringBuilder();
        for (Lesson.Part p : lesson.parts()) {
            if (p instanceof Lesson.Task t && t.title().equals(title)) return input.toString();
            input.append(":next\n");
        }
        throw new AssertionError("no task " + title);
    }

    @Test
    void afterAnExecThatMissesTheGoalThePlayerSaysWhatIsMissingAtOnce() {
        Run run = txlab(toTask(4, "see a failure stay partial") + "MULTI\nSET a 1\nEXEC\n:quit\n", "4");
        String flat = run.out().replaceAll(" *\n *", " ");
        assertTrue(flat.contains("Not there yet: the transaction's EXEC runs INCR b, which answers (error) ERR value is not an"
                + " integer or out of range. Go on, or :reset to start the task again from its setup."), run.out());
    }

    @Test
    void anAttemptThatCanNoLongerSucceedIsSaidToBeOverAndResetStartsItAgain() {
        Run run = txlab(toTask(6, "make EXEC answer (nil)") + "DECRBY balance 30\nB> GET balance\n:reset\nB> DECRBY balance 30\nMULTI\n"
                + "DECRBY balance 10\nEXEC\n:quit\n", "6");
        String flat = run.out().replaceAll(" *\n *", " ");
        assertTrue(flat.contains("This attempt can no longer reach the goal: the goal says A's own commands never write"
                + " balance. :reset starts the task again from its setup."), run.out());
        assertEquals(1, flat.split("can no longer reach the goal", -1).length - 1, "said once, not after every command: " + run.out());
        assertTrue(run.out().contains("Goal reached: make EXEC answer (nil)."), run.out());
    }
}
