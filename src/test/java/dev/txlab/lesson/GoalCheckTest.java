package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GoalCheckTest {

    static List<byte[]> argv(String... words) {
        return Arrays.stream(words).map(Bytes::utf8).toList();
    }

    static GoalCheck.Ran ran(String label, String command, String... reply) {
        return new GoalCheck.Ran(label, argv(command.split(" ")), List.of(reply));
    }

    static Goal.Replied replied(String label, String command, String... expected) {
        return new Goal.Replied(1, label, command, argv(command.split(" ")), List.of(expected));
    }

    /** A probe answering from a fixed map of command -> reply lines, recording what it was asked. */
    static final class FakeProbe implements GoalCheck.Probe {
        final Map<String, List<String>> answers;
        final List<String> asked = new ArrayList<>();

        FakeProbe(Map<String, List<String>> answers) { this.answers = answers; }

        @Override public List<String> ask(List<byte[]> argv) {
            StringBuilder b = new StringBuilder();
            for (byte[] a : argv) b.append(b.length() == 0 ? "" : " ").append(new String(a));
            asked.add(b.toString());
            return answers.getOrDefault(b.toString(), List.of("(nil)"));
        }
    }

    @Test
    void aRepliedConditionMatchesTheCommandsNameInAnyCaseItsArgumentsAsAPrefixAndTheExactReply() {
        Goal.Replied exec = replied("A", "EXEC", "(nil)");
        assertTrue(GoalCheck.matches(exec, ran("A", "exec", "(nil)")));
        assertFalse(GoalCheck.matches(exec, ran("B", "EXEC", "(nil)")), "another client");
        assertFalse(GoalCheck.matches(exec, ran("A", "EXEC", "1) OK")), "another reply");
        Goal.Replied anyone = replied(null, "SET stock", "OK");
        assertTrue(GoalCheck.matches(anyone, ran("B", "SET stock 4", "OK")));
        assertFalse(GoalCheck.matches(anyone, ran("B", "SET stocks 4", "OK")));
        assertFalse(GoalCheck.matches(anyone, ran("B", "SET", "(error) ERR wrong number of arguments for 'set' command")));
    }

    @Test
    void withoutExpectedLinesAnyReplyButATopLevelErrorCounts() {
        Goal.Replied decr = replied("A", "DECR stock");
        assertTrue(GoalCheck.matches(decr, ran("A", "DECR stock", "(integer) 4")));
        assertFalse(GoalCheck.matches(decr, ran("A", "DECR stock", "(error) ERR value is not an integer or out of range")));
        Goal.Replied exec = replied("A", "EXEC");
        assertTrue(GoalCheck.matches(exec, ran("A", "EXEC", "1) OK", "2) (error) ERR syntax error")),
                "an EXEC array holding an error is not an error");
    }

    @Test
    void anExpectedLineEndingInAStarMatchesAnyEnding() {
        assertTrue(GoalCheck.replyMatches(List.of("(error) ERR oops script: *"), List.of("(error) ERR oops script: 5ec6, on @user_script:1.")));
        assertFalse(GoalCheck.replyMatches(List.of("(error) ERR oops script: *"), List.of("(error) ERR other")));
        assertFalse(GoalCheck.replyMatches(List.of("1) OK"), List.of("1) OK", "2) OK")));
    }

    @Test
    void repliedConditionsStayMetAndStateConditionsAreAskedEachTime() throws Exception {
        Goal goal = new Goal(1, 5, List.of(replied("A", "EXEC", "(nil)"),
                new Goal.State(3, "GET balance", argv("GET", "balance"), List.of("\"70\""))));
        GoalCheck check = new GoalCheck(goal);
        FakeProbe before = new FakeProbe(Map.of("GET balance", List.of("\"100\"")));
        assertEquals(Optional.of(goal.conditions().get(0)), check.firstUnmet(before));
        check.saw(ran("A", "EXEC", "(nil)"));
        check.saw(ran("A", "GET balance", "\"70\""));
        assertEquals(Optional.of(goal.conditions().get(1)), check.firstUnmet(before));
        assertEquals(List.of("GET balance"), before.asked);
        FakeProbe after = new FakeProbe(Map.of("GET balance", List.of("\"70\"")));
        assertEquals(Optional.empty(), check.firstUnmet(after));
        assertEquals(List.of("GET balance"), after.asked);
    }

    @Test
    void theGoalIsDescribedForTheLearner() {
        Goal goal = new Goal(1, 9, List.of(replied("A", "EXEC", "(nil)"), replied(null, "DECR stock"),
                replied(null, "EVAL", "(error) ERR x script: *"),
                new Goal.State(3, "MGET a b", argv("MGET", "a", "b"), List.of("1) \"1\"", "2) (nil)"))));
        assertEquals(List.of("Goal:",
                "  - A's EXEC answers (nil)",
                "  - you run DECR stock and it succeeds",
                "  - EVAL answers (error) ERR x script: ...",
                "  - MGET a b answers 1) \"1\" / 2) (nil) afterwards"), goal.describe());
    }
}
