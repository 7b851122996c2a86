package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The goal language: what each kind of line asks, read as the learner's history would meet it. */
class GoalCheckTest {

    static List<byte[]> argv(String... words) {
        return Arrays.stream(words).map(Bytes::utf8).toList();
    }

    static GoalCheck.Ran ran(String label, String command, String... reply) {
        return new GoalCheck.Ran(label, argv(command.split(" ")), List.of(reply));
    }

    /** A goal block parsed from its lines, inside the smallest lesson that holds a task. */
    static Goal goal(String... lines) {
        String text = "# Lesson 1: T\n\n## Your turn: t\n\n```goal\n" + String.join("\n", lines) + "\n```\n\n"
                + "<details><summary>Hint</summary>\n\nh\n\n</details>\n\n"
                + "<details><summary>Solution</summary>\n\n```tx\nA> PING\nPONG\n```\n\n</details>\n";
        try {
            Lesson lesson = LessonParser.parse("t.md", "01-t.md", text.getBytes(StandardCharsets.UTF_8));
            return ((Lesson.Task) lesson.parts().get(0)).goal();
        } catch (LessonException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static String problem(String... lines) {
        return assertThrows(LessonException.class, () -> {
            try {
                goal(lines);
            } catch (AssertionError e) {
                throw (LessonException) e.getCause();
            }
        }).getMessage();
    }

    /** A probe answering from a fixed map of command -> reply lines, recording what it was asked. */
    static final class FakeProbe implements GoalCheck.Probe {
        final Map<String, List<String>> answers;
        final List<String> asked = new ArrayList<>();

        FakeProbe(Map<String, List<String>> answers) { this.answers = answers; }

        @Override public List<String> ask(List<byte[]> argv) {
            StringBuilder b = new StringBuilder();
            for (byte[] a : argv) b.append(b.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.ISO_8859_1));
            asked.add(b.toString());
            return answers.getOrDefault(b.toString(), List.of("(nil)"));
        }
    }

    static final FakeProbe NO_STATE = new FakeProbe(Map.of());

    static GoalCheck.Verdict after(Goal goal, GoalCheck.Ran... history) throws Exception {
        GoalCheck check = new GoalCheck(goal);
        for (GoalCheck.Ran r : history) check.saw(r);
        return check.verdict(NO_STATE);
    }

    static boolean reached(Goal goal, GoalCheck.Ran... history) throws Exception {
        return after(goal, history).reached();
    }

    @Test
    void aRepliedConditionMatchesTheCommandsNameInAnyCaseItsArgumentsAsAPrefixTheClientAndTheExactReply() throws Exception {
        Goal exec = goal("replied> A> EXEC", "(nil)");
        assertTrue(reached(exec, ran("A", "exec", "(nil)")));
        assertFalse(reached(exec, ran("B", "EXEC", "(nil)")), "another client");
        assertFalse(reached(exec, ran("A", "EXEC", "1) OK")), "another reply");
        Goal anyone = goal("replied> SET stock", "OK");
        assertTrue(reached(anyone, ran("B", "SET stock 4", "OK")));
        assertFalse(reached(anyone, ran("B", "SET stocks 4", "OK")));
        assertFalse(reached(anyone, ran("B", "SET", "(error) ERR wrong number of arguments for 'set' command")));
    }

    @Test
    void withoutExpectedLinesAnyReplyButATopLevelErrorCounts() throws Exception {
        Goal decr = goal("replied> A> DECR stock");
        assertTrue(reached(decr, ran("A", "DECR stock", "(integer) 4")));
        assertFalse(reached(decr, ran("A", "DECR stock", "(error) ERR value is not an integer or out of range")));
        assertTrue(reached(goal("replied> A> EXEC"), ran("A", "MULTI", "OK"), ran("A", "SET k v NX XX", "QUEUED"),
                ran("A", "EXEC", "1) (error) ERR syntax error")), "an EXEC array holding an error is not an error");
    }

    @Test
    void anExpectedLineEndingInAStarMatchesAnyEnding() {
        assertTrue(GoalCheck.replyMatches(List.of("(error) ERR oops script: *"), List.of("(error) ERR oops script: 5ec6, on @user_script:1.")));
        assertFalse(GoalCheck.replyMatches(List.of("(error) ERR oops script: *"), List.of("(error) ERR other")));
        assertFalse(GoalCheck.replyMatches(List.of("1) OK"), List.of("1) OK", "2) OK")));
    }

    @Test
    void thenAsksForEveryCommandOfAStageToComeAfterEveryCommandOfTheStagesBefore() throws Exception {
        Goal lost = goal("replied> A> GET stock", "\"5\"", "replied> B> GET stock", "\"5\"", "then",
                "replied> A> SET stock 4", "OK", "replied> B> SET stock 4", "OK");
        assertTrue(reached(lost, ran("A", "GET stock", "\"5\""), ran("B", "GET stock", "\"5\""),
                ran("B", "SET stock 4", "OK"), ran("A", "SET stock 4", "OK")), "the reads in any order, then the writes in any order");
        assertFalse(reached(lost, ran("A", "GET stock", "\"5\""), ran("A", "SET stock 4", "OK"),
                ran("B", "GET stock", "\"5\""), ran("B", "SET stock 4", "OK")), "A wrote before B read");
        assertTrue(reached(lost, ran("A", "SET stock 4", "OK"), ran("A", "GET stock", "\"5\""), ran("B", "GET stock", "\"5\""),
                ran("B", "SET stock 4", "OK"), ran("A", "SET stock 4", "OK")), "an early look-alike does not hide a later match");
    }

    @Test
    void execConditionsAreEntriesOfOneAndTheSameExecWithTheirOwnReplies() throws Exception {
        Goal both = goal("exec> INCR a", "(integer) 1", "exec> INCR b", "(integer) 1");
        assertTrue(reached(both, ran("A", "MULTI", "OK"), ran("A", "INCR a", "QUEUED"), ran("A", "INCR b", "QUEUED"),
                ran("A", "EXEC", "1) (integer) 1", "2) (integer) 1")));
        assertFalse(reached(both, ran("A", "INCR a", "(integer) 1"), ran("A", "INCR b", "(integer) 1")), "outside a transaction");
        assertFalse(reached(both, ran("A", "MULTI", "OK"), ran("A", "INCR a", "QUEUED"), ran("A", "EXEC", "1) (integer) 1"),
                ran("A", "MULTI", "OK"), ran("A", "INCR b", "QUEUED"), ran("A", "EXEC", "1) (integer) 1")), "two EXECs");
        assertFalse(reached(both, ran("A", "MULTI", "OK"), ran("A", "INCR a", "QUEUED"), ran("A", "INCR b", "QUEUED")), "never run");
        assertFalse(reached(both, ran("A", "MULTI", "OK"), ran("A", "INCR a", "QUEUED"), ran("A", "INCR b", "QUEUED"),
                ran("A", "EXEC", "(nil)")), "EXEC ran nothing");
    }

    @Test
    void anExecArrayIsSplitBackIntoTheRepliesOfItsCommandsNestedAndWideOnesToo() {
        assertEquals(List.of(List.of("OK"), List.of("1) \"a\"", "2) (integer) 2"), List.of("(empty array)")),
                GoalCheck.elements(List.of("1) OK", "2) 1) \"a\"", "   2) (integer) 2", "3) (empty array)")));
        List<String> wide = new ArrayList<>();
        for (int i = 1; i <= 10; i++) wide.add((i < 10 ? " " : "") + i + ") (integer) " + i);
        List<List<String>> split = GoalCheck.elements(wide);
        assertEquals(10, split.size());
        assertEquals(List.of("(integer) 10"), split.get(9));
        assertEquals(List.of(), GoalCheck.elements(List.of("(nil)")));
        assertEquals(List.of(), GoalCheck.elements(List.of("(error) EXECABORT Transaction discarded because of previous errors.")));
    }

    @Test
    void insideAndEndedSpeakOfTheSameTransaction() throws Exception {
        Goal doom = goal("inside> SET x 1", "ended> EXEC", "(error) EXECABORT Transaction discarded because of previous errors.");
        assertTrue(reached(doom, ran("A", "MULTI", "OK"), ran("A", "SET x 1", "QUEUED"), ran("A", "SETT x", "(error) ERR unknown command"),
                ran("A", "EXEC", "(error) EXECABORT Transaction discarded because of previous errors.")));
        assertFalse(reached(doom, ran("A", "MULTI", "OK"), ran("A", "SET x 1", "QUEUED"), ran("A", "DISCARD", "OK"),
                ran("A", "MULTI", "OK"), ran("A", "NOSUCH", "(error) ERR unknown command"),
                ran("A", "EXEC", "(error) EXECABORT Transaction discarded because of previous errors.")), "two transactions");
        assertEquals(List.of("QUEUED"), doom.conditions().get(0).expected(), "inside> answers QUEUED unless told");
    }

    @Test
    void aTransactionOpenedInTheSetupIsFollowedAndItsQueuedCommandsComeFirstInExec() throws Exception {
        Goal g = goal("replied> B> SET hits 100", "OK", "then", "exec> A> INCR hits", "(integer) 101", "never> A> MULTI", "OK");
        GoalCheck check = new GoalCheck(g);
        check.setup(ran("A", "MULTI", "OK"));
        check.setup(ran("A", "INCR hits", "QUEUED"));
        check.saw(ran("B", "SET hits 100", "OK"));
        check.saw(ran("A", "INCR hits", "QUEUED"));
        assertFalse(check.verdict(NO_STATE).reached());
        check.saw(ran("A", "EXEC", "1) (integer) 101", "2) (integer) 102"));
        assertTrue(check.verdict(NO_STATE).reached());
        check.saw(ran("A", "MULTI", "OK"));
        GoalCheck.Verdict v = check.verdict(NO_STATE);
        assertTrue(v.broken(), "a new MULTI breaks never> for good");
        assertEquals(Goal.Kind.NEVER, v.unmet().orElseThrow().kind());
    }

    @Test
    void watchedAsksThatTheWatchStillHeldAtExec() throws Exception {
        Goal g = goal("exec> A> SET balance 60", "OK", "watched> balance");
        assertTrue(reached(g, ran("A", "WATCH balance", "OK"), ran("A", "MULTI", "OK"), ran("A", "SET balance 60", "QUEUED"),
                ran("A", "EXEC", "1) OK")));
        assertFalse(reached(g, ran("A", "WATCH balance", "OK"), ran("A", "UNWATCH", "OK"), ran("A", "MULTI", "OK"),
                ran("A", "SET balance 60", "QUEUED"), ran("A", "EXEC", "1) OK")), "UNWATCH before MULTI");
        assertFalse(reached(g, ran("A", "WATCH balance", "OK"), ran("A", "MULTI", "OK"), ran("A", "EXEC", "(empty array)"),
                ran("A", "MULTI", "OK"), ran("A", "SET balance 60", "QUEUED"), ran("A", "EXEC", "1) OK")), "an EXEC ends every watch");
        assertFalse(reached(g, ran("B", "WATCH balance", "OK"), ran("A", "MULTI", "OK"), ran("A", "SET balance 60", "QUEUED"),
                ran("A", "EXEC", "1) OK")), "another client's watch");
    }

    @Test
    void rerunAsksForTheVerySameCommandAgain() throws Exception {
        Goal g = goal("replied> EVAL", "(integer) 0", "then", "rerun>", "(integer) -1");
        String script = "EVAL \"if redis.call('GET', KEYS[1]) == '1' then return redis.call('DECR', KEYS[1]) end return -1\" 1 stock";
        List<byte[]> a = dev.txlab.protocol.ArgSplitter.split(script.getBytes(StandardCharsets.ISO_8859_1)).orElseThrow();
        GoalCheck same = new GoalCheck(g);
        same.saw(new GoalCheck.Ran("A", a, List.of("(integer) 0")));
        same.saw(new GoalCheck.Ran("B", a, List.of("(integer) -1")));
        assertTrue(same.verdict(NO_STATE).reached());
        assertFalse(reached(g, ran("A", "EVAL x 0", "(integer) 0"), ran("A", "EVAL y 0", "(integer) -1")), "two different scripts");
        assertTrue(problem("rerun>", "(integer) 1").contains("'rerun>' repeats the command of the condition right above it"));
    }

    @Test
    void neverAndOnceCountCommandsThatTookEffectAndOnceBrokenStayBroken() throws Exception {
        Goal once = goal("replied> EVAL", "(integer) 2", "once> EVAL");
        assertTrue(reached(once, ran("A", "EVAL s 1 hits", "(integer) 2")));
        GoalCheck.Verdict twice = after(once, ran("A", "EVAL s 1 hits", "(integer) 1"), ran("A", "EVAL s 1 hits", "(integer) 2"));
        assertTrue(twice.broken());
        GoalCheck.Verdict none = after(once);
        assertFalse(none.broken());
        Goal never = goal("replied> A> PING", "never> A> MULTI", "OK");
        assertFalse(after(never, ran("A", "PING", "PONG"), ran("A", "MULTI", "(error) ERR MULTI calls can not be nested")).broken(),
                "only a MULTI answered OK counts");
        assertTrue(after(never, ran("A", "PING", "PONG"), ran("A", "MULTI", "OK")).broken());
    }

    @Test
    void untouchedSeesDirectWritesWritesRunByExecScriptsByTheirKeysAndFlushes() throws Exception {
        Goal g = goal("replied> A> PING", "untouched> A> balance");
        GoalCheck.Ran ping = ran("A", "PING", "PONG");
        assertTrue(reached(g, ping, ran("A", "GET balance", "\"100\""), ran("B", "SET balance 1", "OK")), "reads, and B's writes, are fine");
        assertTrue(after(g, ping, ran("A", "DECRBY balance 30", "(integer) 70")).broken());
        assertFalse(after(g, ping, ran("A", "INCR balance", "(error) ERR value is not an integer or out of range")).broken(),
                "a command that failed wrote nothing");
        assertFalse(after(g, ping, ran("A", "MULTI", "OK"), ran("A", "SET balance 1", "QUEUED"), ran("A", "DISCARD", "OK")).broken(),
                "queued, never run");
        assertTrue(after(g, ping, ran("A", "MULTI", "OK"), ran("A", "SET balance 1", "QUEUED"), ran("A", "EXEC", "1) OK")).broken(),
                "run by EXEC");
        assertTrue(after(g, ping, ran("A", "EVAL s 1 balance", "(integer) 1")).broken(), "a script writes the keys it names");
        assertTrue(after(g, ping, ran("A", "FLUSHALL", "OK")).broken(), "FLUSHALL writes every key");
    }

    @Test
    void scriptedAsksThatOnlyAScriptNamingTheKeyWritesIt() throws Exception {
        Goal g = goal("replied> EVAL", "scripted> stock");
        assertTrue(reached(g, ran("A", "EVAL s 1 stock", "(integer) 0")));
        assertTrue(after(g, ran("A", "EVAL s 0", "(integer) -1"), ran("A", "DECR stock", "(integer) 0")).broken());
        GoalCheck.Verdict unnamed = after(g, ran("A", "EVAL s 0", "(integer) 0"));
        assertFalse(unnamed.reached());
        assertFalse(unnamed.broken(), "a script that names the key can still come");
        assertEquals(Goal.Kind.SCRIPTED, unnamed.unmet().orElseThrow().kind());
    }

    @Test
    void repliedConditionsStayMetAndStateConditionsAreAskedEachTime() throws Exception {
        Goal goal = goal("replied> A> EXEC", "(nil)", "state> GET balance", "\"70\"");
        GoalCheck check = new GoalCheck(goal);
        FakeProbe before = new FakeProbe(Map.of("GET balance", List.of("\"100\"")));
        assertEquals(goal.conditions().get(0), check.firstUnmet(before).orElseThrow());
        check.saw(ran("A", "MULTI", "OK"));
        check.saw(ran("A", "EXEC", "(nil)"));
        check.saw(ran("A", "GET balance", "\"70\""));
        assertEquals(goal.conditions().get(1), check.firstUnmet(before).orElseThrow());
        assertEquals(List.of("GET balance"), before.asked);
        FakeProbe after = new FakeProbe(Map.of("GET balance", List.of("\"70\"")));
        assertTrue(check.firstUnmet(after).isEmpty());
        assertEquals(List.of("GET balance"), after.asked);
    }

    @Test
    void theGoalIsDescribedForTheLearner() {
        Goal goal = goal("replied> A> EXEC", "(nil)", "replied> DECR stock", "then", "replied> EVAL", "(error) ERR x script: *",
                "exec> B> INCR a", "(integer) 1", "untouched> A> balance", "scripted> stock", "once> EVAL", "never> A> MULTI", "OK",
                "state> MGET a b", "1) \"1\"", "2) (nil)");
        assertEquals(List.of("Goal:",
                "  - A's EXEC answers (nil)",
                "  - you run DECR stock and it succeeds",
                "  then:",
                "  - EVAL answers (error) ERR x script: ...",
                "  - the transaction's EXEC runs B's INCR a, which answers (integer) 1",
                "  - A's own commands never write balance",
                "  - only a script writes stock (one that names it in KEYS)",
                "  - you run EVAL exactly once",
                "  - A never runs MULTI (answered OK)",
                "  - MGET a b answers 1) \"1\" / 2) (nil) afterwards"), goal.describe());
    }

    @Test
    void malformedGoalsAreOneLineNamingTheLine() {
        assertTrue(problem("then", "replied> PING").contains("'then' orders commands"), "then first");
        assertTrue(problem("replied> PING", "then").contains("ends with 'then'"));
        assertTrue(problem("untouched> balance", "OK").contains("takes no reply lines"));
        assertTrue(problem("ended> SET k v", "OK").contains("'ended>' is EXEC or DISCARD"));
        assertTrue(problem("watched> two keys").contains("names one key"));
        assertTrue(problem("state> SET k v", "OK").contains("not a read-only command"));
        assertTrue(problem("frobbed> x").contains("a goal line is 'KIND> ...'"));
    }

    @Test
    void aWatchingConditionIsAReplyGivenWhileTheClientWatchedEveryKeyTheCommandNames() throws Exception {
        Goal g = goal("watching> B> GET seats", "\"1\"");
        // B reads, then watches: the read was not under WATCH.
        assertFalse(reached(g, ran("B", "GET seats", "\"1\""), ran("B", "WATCH seats", "OK")));
        assertTrue(reached(g, ran("B", "WATCH seats", "OK"), ran("B", "GET seats", "\"1\"")));
        // A's watch is A's: B's read is not under it.
        assertFalse(reached(g, ran("A", "WATCH seats", "OK"), ran("B", "GET seats", "\"1\"")));
        // Another key watched, or the watch dropped by UNWATCH, EXEC or DISCARD: not watching seats.
        assertFalse(reached(g, ran("B", "WATCH other", "OK"), ran("B", "GET seats", "\"1\"")));
        assertFalse(reached(g, ran("B", "WATCH seats", "OK"), ran("B", "UNWATCH", "OK"), ran("B", "GET seats", "\"1\"")));
        assertFalse(reached(g, ran("B", "WATCH seats", "OK"), ran("B", "MULTI", "OK"), ran("B", "EXEC", "(empty array)"),
                ran("B", "GET seats", "\"1\"")));
        // The reply still counts: a GET queued in MULTI answers QUEUED.
        assertFalse(reached(g, ran("B", "WATCH seats", "OK"), ran("B", "MULTI", "OK"), ran("B", "GET seats", "QUEUED")));
        // Every key the command names must be watched.
        Goal both = goal("watching> MGET a b");
        assertFalse(reached(both, ran("A", "WATCH a", "OK"), ran("A", "MGET a b", "1) \"1\"", "2) \"2\"")));
        assertTrue(reached(both, ran("A", "WATCH a b", "OK"), ran("A", "MGET a b", "1) \"1\"", "2) \"2\"")));
        // It takes part in the order of stages, as replied> does.
        Goal ordered = goal("replied> B> SET seats 0", "OK", "then", "watching> A> GET seats", "\"0\"");
        assertFalse(reached(ordered, ran("A", "WATCH seats", "OK"), ran("A", "GET seats", "\"0\""), ran("B", "SET seats 0", "OK")));
        assertTrue(reached(ordered, ran("B", "SET seats 0", "OK"), ran("A", "WATCH seats", "OK"), ran("A", "GET seats", "\"0\"")));
        assertTrue(g.describe().get(1).contains("answers \"1\", under B's WATCH of its keys"), g.describe().toString());
    }

    @Test
    void aChangedConditionIsAWriteOfTheKeyBetweenTheWatchOfTheTransactionsClientAndItsExec() throws Exception {
        Goal g = goal("ended> A> EXEC", "(nil)", "changed> B> balance");
        GoalCheck.Ran watch = ran("A", "WATCH balance", "OK");
        GoalCheck.Ran multi = ran("A", "MULTI", "OK");
        GoalCheck.Ran exec = ran("A", "EXEC", "(nil)");
        assertTrue(reached(g, watch, ran("B", "DECRBY balance 30", "(integer) 70"), multi, exec));
        // B's write before A's watch: the watch did not see it, whatever else made EXEC fail.
        assertFalse(reached(g, ran("B", "DECRBY balance 30", "(integer) 70"), ran("A", "WATCH balance flag", "OK"),
                ran("B", "SET flag 1", "OK"), multi, exec));
        // Re-watched after an UNWATCH: the watch that counts starts again.
        assertFalse(reached(g, watch, ran("B", "DECRBY balance 30", "(integer) 70"), ran("A", "UNWATCH", "OK"),
                ran("A", "WATCH balance flag", "OK"), ran("B", "SET flag 1", "OK"), multi, exec));
        // A second WATCH of a key already watched changes nothing, as in Redis.
        assertTrue(reached(g, watch, ran("B", "DECRBY balance 30", "(integer) 70"), ran("A", "WATCH balance", "OK"), multi, exec));
        // Only B's writes count, and only those before the EXEC.
        assertFalse(reached(g, watch, ran("A", "DECRBY balance 30", "(integer) 70"), multi, exec));
        assertFalse(reached(g, watch, multi, exec, ran("B", "DECRBY balance 30", "(integer) 70")));
        // A write queued by B and run by B's EXEC counts; one only queued does not.
        assertTrue(reached(g, watch, ran("B", "MULTI", "OK"), ran("B", "SET balance 1", "QUEUED"), ran("B", "EXEC", "1) OK"), multi, exec));
        assertFalse(reached(g, watch, ran("B", "MULTI", "OK"), ran("B", "SET balance 1", "QUEUED"), multi, exec));
        // The watch of the setup counts from before every command of the learner's.
        GoalCheck check = new GoalCheck(g);
        check.setup(watch);
        for (GoalCheck.Ran r : List.of(ran("B", "INCR balance", "(integer) 1"), multi, exec)) check.saw(r);
        assertTrue(check.verdict(NO_STATE).reached());
        // A write of the setup's, after the setup's WATCH, counts; one before it does not.
        check = new GoalCheck(g);
        check.setup(watch);
        check.setup(ran("B", "DECRBY balance 30", "(integer) 70"));
        for (GoalCheck.Ran r : List.of(multi, exec)) check.saw(r);
        assertTrue(check.verdict(NO_STATE).reached());
        check = new GoalCheck(g);
        check.setup(ran("B", "DECRBY balance 30", "(integer) 70"));
        check.setup(watch);
        for (GoalCheck.Ran r : List.of(ran("A", "WATCH flag", "OK"), ran("B", "SET flag 1", "OK"), multi, exec)) check.saw(r);
        assertFalse(check.verdict(NO_STATE).reached());
        // The setup's watch dropped by the learner: the setup's write no longer counts.
        check = new GoalCheck(g);
        check.setup(watch);
        check.setup(ran("B", "DECRBY balance 30", "(integer) 70"));
        for (GoalCheck.Ran r : List.of(ran("A", "UNWATCH", "OK"), ran("A", "WATCH balance flag", "OK"), ran("B", "SET flag 1", "OK"), multi, exec)) {
            check.saw(r);
        }
        assertFalse(check.verdict(NO_STATE).reached());
        assertTrue(problem("changed> two keys").contains("names one key"));
        assertTrue(g.describe().contains("  - while the transaction's client watches balance, B writes it"), g.describe().toString());
    }

    @Test
    void aClosedConditionHoldsWhenNoTransactionIsLeftOpenAtTheEnd() throws Exception {
        Goal anyone = goal("replied> A> DISCARD", "OK", "closed>");
        assertTrue(reached(anyone, ran("A", "MULTI", "OK"), ran("A", "DISCARD", "OK")));
        // Discarded, then opened again and left so: its next EXEC would run the queue.
        assertFalse(reached(anyone, ran("A", "MULTI", "OK"), ran("A", "DISCARD", "OK"), ran("A", "MULTI", "OK"),
                ran("A", "SET k v", "QUEUED")));
        // Anyone's transaction counts; with a label, only that client's.
        assertFalse(reached(anyone, ran("A", "MULTI", "OK"), ran("A", "DISCARD", "OK"), ran("B", "MULTI", "OK")));
        assertTrue(reached(goal("replied> A> DISCARD", "OK", "closed> A>"), ran("A", "MULTI", "OK"), ran("A", "DISCARD", "OK"),
                ran("B", "MULTI", "OK")));
        // A MULTI that was refused opened nothing; a transaction the setup opened counts.
        assertTrue(reached(anyone, ran("A", "MULTI", "OK"), ran("A", "DISCARD", "OK"), ran("A", "DISCARD", "(error) ERR DISCARD without MULTI")));
        GoalCheck check = new GoalCheck(goal("closed> c1>"));
        check.setup(ran("c1", "MULTI", "OK"));
        check.saw(ran("c1", "GET k", "QUEUED"));
        assertFalse(check.verdict(NO_STATE).reached());
        check.saw(ran("c1", "DISCARD", "OK"));
        assertTrue(check.verdict(NO_STATE).reached());
        assertTrue(problem("closed> GET k").contains("'closed>' takes no command"));
        assertTrue(problem("closed>", "OK").contains("takes no reply lines"));
        assertTrue(anyone.describe().contains("  - no transaction is left open"), anyone.describe().toString());
    }
}
