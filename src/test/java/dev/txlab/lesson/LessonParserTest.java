package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LessonParserTest {

    static final String GOOD = """
            # Lesson 4: No rollback

            Some narration.

            ```tx
            A> SET b hello
            OK
            ```

            More narration, with a shell example that is not run:

            ```sh
            txlab quiz
            ```

            ```sql
            A> SELECT 1 AS one
            ONE
            ---
            1
            (1 row)
            ```

            ## Your turn: make EXEC answer (nil)

            Lead text.

            ```tx
            A> WATCH k
            OK
            ```

            Text after the setup.

            ```goal
            # a comment
            replied> A> EXEC
            (nil)
            replied> SET k
            state> GET k
            "2"
            ```

            <details><summary>Hint</summary>

            Let B write k.

            </details>

            <details><summary>Solution</summary>

            ```tx
            B> SET k 2
            OK
            ```

            </details>

            ## After the task

            Closing words.
            """;

    static Lesson parse(String fileName, String text) throws LessonException {
        return LessonParser.parse("lessons/" + fileName, fileName, text.getBytes(StandardCharsets.UTF_8));
    }

    static String error(String text) {
        return error("04-no-rollback.md", text);
    }

    static String error(String fileName, String text) {
        return assertThrows(LessonException.class, () -> parse(fileName, text)).getMessage();
    }

    @Test
    void aLessonIsSplitIntoBlocksTasksAndClosingNarration() throws Exception {
        Lesson lesson = parse("04-no-rollback.md", GOOD);
        assertEquals(4, lesson.number());
        assertEquals("no-rollback", lesson.name());
        assertEquals("No rollback", lesson.title());
        assertEquals(4, lesson.parts().size());

        Lesson.Steps first = assertInstanceOf(Lesson.Steps.class, lesson.parts().get(0));
        assertEquals(Lesson.Language.REDIS, first.language());
        assertEquals(5, first.line());
        assertEquals(8, first.endLine());
        assertEquals(List.of("Some narration."), first.intro());
        assertEquals(6, first.steps().get(0).line());
        assertEquals(List.of("OK"), first.steps().get(0).expected());

        Lesson.Steps sql = assertInstanceOf(Lesson.Steps.class, lesson.parts().get(1));
        assertEquals(Lesson.Language.SQL, sql.language());
        assertTrue(sql.intro().contains("txlab quiz"), "other code blocks are narration: " + sql.intro());

        Lesson.Task task = assertInstanceOf(Lesson.Task.class, lesson.parts().get(2));
        assertEquals("make EXEC answer (nil)", task.title());
        assertEquals("make-exec-answer-nil", task.id());
        assertEquals(List.of("Lead text."), task.lead());
        assertEquals(List.of("Text after the setup."), task.text());
        assertEquals("WATCH k", task.setup().steps().get(0).command());
        assertEquals(List.of("Let B write k."), task.hint());
        assertEquals("B", task.solution().steps().get(0).label());
        List<Goal.Condition> goal = task.goal().conditions();
        assertEquals(3, goal.size());
        Goal.Condition exec = goal.get(0);
        assertEquals(Goal.Kind.REPLIED, exec.kind());
        assertEquals("A", exec.label());
        assertEquals(List.of("(nil)"), exec.expected());
        Goal.Condition set = goal.get(1);
        assertEquals(Goal.Kind.REPLIED, set.kind());
        assertNull(set.label());
        assertEquals(List.of(), set.expected());
        assertEquals(Goal.Kind.STATE, goal.get(2).kind());
        assertEquals(40, goal.get(2).line());

        Lesson.Closing closing = assertInstanceOf(Lesson.Closing.class, lesson.parts().get(3));
        assertEquals(List.of("## After the task", "", "Closing words."), closing.intro());
        assertEquals(59, closing.line());
        assertEquals(1, lesson.taskCount());
    }

    @Test
    void aRaceBlockIsShownAsNarrationAndBelongsToThePartAfterIt() throws Exception {
        Lesson lesson = parse("01-race.md", """
                # Lesson 1: Race

                ```tx
                A> SET k 1
                OK
                ```

                Every order:

                ```race
                A> INCR k
                B> INCR k
                assert GET k == 3
                ```

                ```tx
                A> GET k
                "1"
                ```
                """);
        assertEquals(1, lesson.races().size());
        Lesson.Race race = lesson.races().get(0);
        assertEquals(10, race.line());
        assertEquals(1, race.part());
        assertEquals(List.of("A", "B"), List.copyOf(race.program().clients().keySet()));
        assertTrue(lesson.parts().get(1).intro().contains("A> INCR k"), lesson.parts().get(1).intro().toString());
        assertTrue(lesson.raceFor(0).isEmpty());
        assertEquals(race, lesson.raceFor(1).orElseThrow());
        assertEquals("lessons/01-race.md:3: in this ```race block, line 2: expected CLIENT> COMMAND, setup> COMMAND, retries N"
                        + " or assert ...: nonsense",
                error("01-race.md", "# Lesson 1: Race\n\n```race\nA> GET k\nnonsense\n```\n```tx\nA> PING\nPONG\n```\n"));
    }

    @Test
    void theFileNameGivesTheNumberAndNameAndTheTitleMustAgree() {
        assertTrue(error("notes.md", GOOD).startsWith("lessons/notes.md: a lesson file is named NN-name.md"));
        assertEquals("lessons/05-x.md:1: the title says lesson 4 but the file name says 5", error("05-x.md", GOOD));
        assertEquals("lessons/04-no-rollback.md:1: the first line must be the title, '# Lesson 4: TITLE'",
                error("# No rollback\n\n```tx\nA> PING\nPONG\n```\n"));
        assertEquals("lessons/04-no-rollback.md: the file is empty; a lesson starts with '# Lesson 4: TITLE'", error("\n\n"));
    }

    @Test
    void malformedBlocksNameTheFileAndTheLine() {
        String head = "# Lesson 4: T\n\n";
        assertEquals("lessons/04-no-rollback.md:3: this ``` block is never closed (a line of three backticks ends it)",
                error(head + "```tx\nA> PING\nPONG\n"));
        assertEquals("lessons/04-no-rollback.md:4: reply line before any command (a command line looks like 'A> SET k v')",
                error(head + "```tx\nOK\n```\n"));
        assertTrue(error(head + "```tx\n# only a comment\n```\n").startsWith("lessons/04-no-rollback.md:3: this ```tx block has no steps"));
        assertEquals("lessons/04-no-rollback.md:4: this command cannot be split into arguments (check its quotes)",
                error(head + "```tx\nA> GET \"open\nInvalid argument(s)\n```\n"));
        assertEquals("lessons/04-no-rollback.md:3: a ```goal block belongs in a '## Your turn: ...' section",
                error(head + "```goal\nstate> GET k\n\"1\"\n```\n"));
        assertEquals("lessons/04-no-rollback.md: no ```tx, ```sql or 'Your turn' section: a lesson needs something to run",
                error(head + "Only words.\n"));
    }

    /** A task section with the given body, for the task errors below. */
    static String task(String body) {
        return "# Lesson 4: T\n\n## Your turn: do it\n\n" + body;
    }

    static final String GOAL = "```goal\nstate> GET k\n\"1\"\n```\n\n";
    static final String HINT = "<details><summary>Hint</summary>\n\nSET it.\n\n</details>\n\n";
    static final String SOLUTION = "<details><summary>Solution</summary>\n\n```tx\nA> SET k 1\nOK\n```\n\n</details>\n";

    @Test
    void aTaskNeedsAGoalAHintAndASolutionBlock() throws Exception {
        parse("04-no-rollback.md", task(GOAL + HINT + SOLUTION));
        assertEquals("lessons/04-no-rollback.md:3: the task 'do it' has no ```goal block", error(task(HINT + SOLUTION)));
        assertEquals("lessons/04-no-rollback.md:3: the task 'do it' has no <details><summary>Hint</summary> section",
                error(task(GOAL + SOLUTION)));
        assertTrue(error(task(GOAL + HINT)).startsWith("lessons/04-no-rollback.md:3: the task 'do it' needs a Solution holding a ```tx block"));
        assertTrue(error(task(GOAL + HINT + "<details><summary>Solution</summary>\n\nJust words.\n\n</details>\n"))
                .startsWith("lessons/04-no-rollback.md:16: the task 'do it' needs a Solution"));
        assertEquals("lessons/04-no-rollback.md:3: a 'Your turn' heading needs a title: '## Your turn: make EXEC answer (nil)'",
                error("# Lesson 4: T\n\n## Your turn\n\n" + GOAL + HINT + SOLUTION));
    }

    @Test
    void misplacedTaskPartsAreNamedWithTheirLine() {
        assertEquals("lessons/04-no-rollback.md:10: a task's setup block comes before its ```goal block (line 5)",
                error(task(GOAL + "```tx\nA> PING\nPONG\n```\n\n" + HINT + SOLUTION)));
        assertEquals("lessons/04-no-rollback.md:5: a 'Your turn' task runs on Redis: put ```sql blocks outside it",
                error(task("```sql\nA> SELECT 1\n```\n\n" + GOAL + HINT + SOLUTION)));
        assertEquals("lessons/04-no-rollback.md:12: a ```tx block in a Hint is never checked; put runnable steps in the Solution",
                error(task(GOAL + "<details><summary>Hint</summary>\n\n```tx\nA> PING\nPONG\n```\n</details>\n" + SOLUTION)));
        assertEquals("lessons/04-no-rollback.md:10: a task has one ```goal block (the first is at line 5)", error(task(GOAL + GOAL + HINT + SOLUTION)));
        assertEquals("lessons/04-no-rollback.md:10: <details> is never closed with </details>",
                error(task(GOAL + "<details><summary>Hint</summary>\n\nno end\n")));
        assertEquals("lessons/04-no-rollback.md:25: two tasks are called 'do it'; progress tells them apart by title",
                error(task(GOAL + HINT + SOLUTION) + "\n## Your turn: do it\n\n" + GOAL + HINT + SOLUTION));
    }

    @Test
    void goalLinesAreCheckedWhenTheLessonIsRead() {
        assertEquals("lessons/04-no-rollback.md:7: a goal line is 'KIND> ...' (replied, watching, inside, exec, ended, rerun, watched, changed, never, once,"
                + " untouched, scripted, closed, state), 'then', or a reply line under one of them",
                error(task("```goal\n# why\n\"1\"\n```\n" + HINT + SOLUTION)));
        assertEquals("lessons/04-no-rollback.md:6: 'state>' needs the reply it must give on the lines under it",
                error(task("```goal\nstate> GET k\n```\n" + HINT + SOLUTION)));
        assertEquals("lessons/04-no-rollback.md:6: 'state>' checks only read (GET, EXISTS, LRANGE ...): SET is not a read-only command",
                error(task("```goal\nstate> SET k 1\nOK\n```\n" + HINT + SOLUTION)));
        assertEquals("lessons/04-no-rollback.md:6: no command after 'replied> ' (or its quotes do not balance)",
                error(task("```goal\nreplied> GET \"k\n```\n" + HINT + SOLUTION)));
        assertEquals("lessons/04-no-rollback.md:5: this ```goal block has no 'replied> ...' or 'state> ...' line",
                error(task("```goal\n# nothing\n```\n" + HINT + SOLUTION)));
    }

    @Test
    void crlfLineEndsAndUtf8NarrationAreRead() throws Exception {
        Lesson lesson = parse("01-x.md", "# Lesson 1: Caf\u00e9\r\n\r\nNarration \u2014 with a dash.\r\n\r\n```tx\r\nA> SET k \"\u00e9\"\r\nOK\r\n```\r\n");
        assertEquals("Caf\u00e9", lesson.title());
        Lesson.Steps steps = (Lesson.Steps) lesson.parts().get(0);
        assertEquals(List.of("Narration \u2014 with a dash."), steps.intro());
        assertEquals(List.of("OK"), steps.steps().get(0).expected());
    }
}
