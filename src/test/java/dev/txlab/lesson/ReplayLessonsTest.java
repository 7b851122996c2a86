package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.table.CommandTable;
import dev.txlab.support.Cli.Run;
import dev.txlab.support.Cli;
import dev.txlab.support.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code txlab replay --check lessons/}: every block of every lesson, with failures named by file and line. */
class ReplayLessonsTest {
    @TempDir Path dir;

    static Run txlab(String... args) { return Cli.txlab(args); }

    static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed(, (\\d+) skipped)?\n$");

    private Path copy(String lesson) throws Exception {
        Path target = dir.resolve(lesson);
        Files.copy(ShippedLessons.dir().resolve(lesson), target);
        return target;
    }

    private static void replace(Path file, String from, String to) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains(from), "the lesson no longer contains: " + from);
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }

    @Test
    void everyLessonChecksOnTheEngineAndPartsThatNeedEvalAreSkippedVisibly() {
        Run run = txlab("replay", "--check", ShippedLessons.dir().toString());
        assertEquals(0, run.exit(), run.out());
        Matcher m = SUMMARY.matcher(run.out());
        assertTrue(m.find(), run.out());
        assertEquals("0", m.group(2));
        boolean engineHasEval = CommandTable.standard().get("eval") != null;
        int skipped = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        long skipLines = run.out().lines().filter(l -> l.startsWith("SKIP ")).count();
        assertEquals(skipped, skipLines, "every skipped part is listed");
        if (!engineHasEval) {
            assertTrue(skipped > 0, run.out());
            assertTrue(run.out().contains("SKIP " + ShippedLessons.dir().resolve("08-lua.md") + ":17: needs EVAL, which this engine does not have yet"
                    + " (a real server runs it: --against redis://HOST:PORT)"), run.out());
        } else {
            assertEquals(0, skipped, run.out());
        }
        assertTrue(Integer.parseInt(m.group(1)) >= 40, "blocks and tasks checked: " + m.group(1));
    }

    @Test
    void aPartNeedingACommandTheEngineLacksIsSkippedAndListedNotPassed() throws Exception {
        // Whichever command the engine still lacks stands for any command a lesson may use before
        // the engine has it (as EVAL was); once every command is simulated nothing may be skipped.
        java.util.Optional<String> lacking = CommandTable.standard().all().stream()
                .filter(spec -> !spec.isSimulated()).map(spec -> spec.name().toUpperCase(java.util.Locale.ROOT))
                .sorted().findFirst();
        String command = lacking.orElse("PING");
        Path lesson = dir.resolve("01-lacking.md");
        Files.writeString(lesson, "# Lesson 1: a command to come\n\n```tx\nA> " + command + " x\n(integer) 1\n```\n\n"
                + "```tx\nA> PFADDX visitors\n(error) ERR unknown command 'PFADDX', with args beginning with: 'visitors' \n```\n");
        Run run = txlab("replay", "--check", lesson.toString());
        if (lacking.isPresent()) {
            assertEquals(0, run.exit(), run.out());
            assertEquals("SKIP " + lesson + ":3: needs " + command + ", which this engine does not have yet"
                    + " (a real server runs it: --against redis://HOST:PORT)\n1 passed, 0 failed, 1 skipped\n", run.out());
        } else {
            assertTrue(run.out().contains("1 failed"), "PING x is checked, not skipped: " + run.out());
        }
    }

    @Test
    void withoutEvalEveryLuaPartOfTheLessonsIsSkippedAndEveryOtherPartStillChecked() throws Exception {
        int skipped = 0;
        int passed = 0;
        for (Lesson lesson : ShippedLessons.load().lessons()) {
            for (LessonChecker.Result r : LessonChecker.check(lesson,
                    () -> new dev.txlab.transcript.EngineTarget(new dev.txlab.engine.Engine(new dev.txlab.engine.Clock.ManualClock(0))),
                    name -> !name.equals("eval") && CommandTable.standard().get(name) != null)) {
                if (r.status() == LessonChecker.Status.SKIPPED) {
                    skipped++;
                    assertEquals("needs EVAL, which this engine does not have yet", r.reason());
                } else {
                    assertEquals(LessonChecker.Status.PASSED, r.status(), r.headline());
                    passed++;
                }
            }
        }
        int lua = 0;
        int checks = 0;
        for (Lesson lesson : ShippedLessons.load().lessons()) {
            for (Lesson.Part p : lesson.parts()) {
                if (p instanceof Lesson.Closing) continue;
                boolean needsEval = !Needs.missing(p, name -> !name.equals("eval")).isEmpty();
                if (needsEval) lua++;
                else checks += p instanceof Lesson.Task t ? 1 + t.wrong().size() : 1;
            }
            checks += lesson.races().size(); // each race's drawn interleaving replays too
        }
        assertTrue(lua >= 11, "the Lua parts: " + lua);
        assertEquals(lua, skipped);
        assertEquals(checks, passed, "every other block, task and wrong attempt");
    }

    @Test
    void againstARealServerEveryPartRunsIncludingLua() {
        RedisServer server = RedisServer.get();
        Run run = txlab("replay", "--check", "--flush", "--against", "redis://127.0.0.1:" + server.port(), ShippedLessons.dir().toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        // the cluster lesson needs a cluster (ClusterDifferentialTest checks it on a real one)
        String out = run.out().replaceAll("SKIP \\S*14-cluster\\.md: a lesson on a Redis Cluster[^\n]*\n", "")
                .replaceAll(", \\d+ skipped", "");
        assertFalse(out.contains("SKIP"), run.out());
        assertTrue(SUMMARY.matcher(run.out()).find(), run.out());
        assertFalse(out.contains("skipped"), run.out());
    }

    @Test
    void aReplyThatDiffersIsAFailureNamingTheFileAndLine() throws Exception {
        Path lesson = copy("04-no-rollback.md");
        replace(lesson, "A> GET a\n\"1\"", "A> GET a\n\"2\"");
        Run run = txlab("replay", "--check", dir.toString());
        assertEquals(1, run.exit());
        int line = lineOf(lesson, "A> GET a");
        assertTrue(run.out().contains("FAIL " + lesson + ":" + line + ": the reply differs from the lesson\n"
                + "  command:  A> GET a\n  expected: \"2\"\n  actual:   \"1\"\n"), run.out());
        assertTrue(run.out().contains(" 1 failed"), run.out());
    }

    @Test
    void aTaskWhoseGoalHoldsBeforeTheLearnerStartsIsAFailure() throws Exception {
        Path lesson = copy("06-watch.md");
        // The setup now does the learner's work itself.
        replace(lesson, "```tx\nA> SET balance 100\nOK\nA> WATCH balance\nOK\n```\n\n```goal\nreplied> B> DECRBY balance 30\n(integer) 70\n"
                + "inside> A> DECRBY balance 10\nthen\nended> A> EXEC\n(nil)\nwatched> balance\nchanged> B> balance\nuntouched> A> balance\nstate> GET balance\n\"70\"",
                "```tx\nA> SET balance 70\nOK\nA> WATCH balance\nOK\n```\n\n```goal\nstate> GET balance\n\"70\"");
        Run run = txlab("replay", "--check", lesson.toString());
        assertEquals(1, run.exit());
        assertTrue(run.out().contains(": the goal of 'make EXEC answer (nil)' already holds after the setup: the learner would be done"
                + " before typing anything"), run.out());
    }

    @Test
    void aSolutionThatMissesTheGoalIsAFailureAtTheGoalsLine() throws Exception {
        Path lesson = copy("02-multi-exec.md");
        replace(lesson, "state> MGET a b\n1) \"1\"\n2) \"1\"", "state> MGET a b\n1) \"1\"\n2) \"2\"");
        Run run = txlab("replay", "--check", lesson.toString());
        assertEquals(1, run.exit());
        int line = lineOf(lesson, "state> MGET a b");
        assertTrue(run.out().contains("FAIL " + lesson + ":" + line + ": the solution (line "), run.out());
        assertTrue(run.out().contains("does not reach this part of the goal: MGET a b answers 1) \"1\" / 2) \"2\" afterwards\n"
                + "  command:  MGET a b\n  expected: 1) \"1\"\n            2) \"2\"\n  actual:   1) \"1\"\n            2) \"1\"\n"), run.out());
    }

    @Test
    void aMalformedLessonIsOneFailureLineAndTheRestIsStillChecked() throws Exception {
        copy("01-atomic-commands.md");
        Files.writeString(dir.resolve("02-bad.md"), "# Lesson 2: Bad\n\n## Your turn: nothing\n\nNo goal.\n");
        Files.writeString(dir.resolve("README.md"), "# About these lessons\n\n```tx\nnot checked\n```\n");
        Run run = txlab("replay", "--check", dir.toString());
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("FAIL " + dir.resolve("02-bad.md") + ":3: the task 'nothing' has no ```goal block\n"), run.out());
        assertFalse(run.out().contains("README"), "README.md is not a lesson");
        // lesson 1: every block, task and wrong attempt, and its race
        Lesson one = ShippedLessons.load().lessons().stream().filter(l -> l.number() == 1).findFirst().orElseThrow();
        int checks = one.races().size();
        for (Lesson.Part p : one.parts()) {
            if (!(p instanceof Lesson.Closing)) checks += p instanceof Lesson.Task t ? 1 + t.wrong().size() : 1;
        }
        assertTrue(run.out().endsWith(checks + " passed, 1 failed\n"), run.out());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void recordRewritesEveryReplyAndKeepsEverythingElse() throws Exception {
        Path lesson = copy("05-errors.md");
        String original = Files.readString(lesson, StandardCharsets.UTF_8);
        replace(lesson, "A> GET x\n\"1\"", "A> GET x\n\"wrong\"\nand a stray line");
        replace(lesson, "state> EXISTS x\n(integer) 0", "state> EXISTS x\n(integer) 5");
        Run run = txlab("replay", "--record", lesson.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(original, run.out());
    }

    @Test
    void replayWithoutCheckPrintsEachPartsSession() throws Exception {
        Path lesson = copy("04-no-rollback.md");
        Run run = txlab("replay", "--explain", "off", lesson.toString());
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().startsWith("# " + lesson + ":"), run.out());
        assertTrue(run.out().contains("A> EXEC\n1) OK\n2) (error) ERR value is not an integer or out of range\nA> GET a\n\"1\"\n"), run.out());
    }

    private static int lineOf(Path file, String text) throws Exception {
        var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.indexOf(text) + 1;
    }
}
