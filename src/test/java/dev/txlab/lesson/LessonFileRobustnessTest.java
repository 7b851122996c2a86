package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.support.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Found by FileReaderFuzzTest (20,000 mutated lessons): a title number too big for an int was a NumberFormatException. */
class LessonFileRobustnessTest {
    @TempDir Path dir;

    @Test
    void aTitleNumberBeyondAnIntIsAOneLineProblem() {
        for (String number : new String[] {"2147483648", "9223372036854775807", "99999999999999999999", "1" + "0".repeat(5000)}) {
            byte[] content = ("# Lesson " + number + ": 7.3 What EXEC guarantees\n\n```tx\nA> PING\nPONG\n```\n")
                    .getBytes(StandardCharsets.UTF_8);
            LessonException e = assertThrows(LessonException.class, () -> LessonParser.parse("03-x.md", "03-x.md", content));
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(e.getMessage().contains("the title says lesson "), e.getMessage());
            assertTrue(e.getMessage().length() < 300, e.getMessage());
        }
    }

    @Test
    void aLeadingZeroInTheTitleNumberStillMatchesTheFileName() throws Exception {
        byte[] content = "# Lesson 003: Guarantees\n\n```tx\nA> PING\nPONG\n```\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(3, LessonParser.parse("03-x.md", "03-x.md", content).number());
    }

    @Test
    void theLessonListAndReplayReportSuchAFileInsteadOfCrashing() throws Exception {
        Path file = Files.writeString(dir.resolve("03-x.md"), "# Lesson 2147483648: Guarantees\n\n```tx\nA> PING\nPONG\n```\n");
        Cli.Run list = Cli.txlab("lesson", "--lessons", dir.toString(), "--data-dir", dir.resolve("data").toString());
        assertTrue(list.err().contains("03-x.md:1: the title says lesson 2147483648 but the file name says 3"), list.err());
        assertTrue(!(list.out() + list.err()).contains("internal error"), list.err());
        Cli.Run replay = Cli.txlab("replay", "--check", file.toString());
        assertEquals(1, replay.exit(), replay.out() + replay.err());
        assertTrue(replay.out().startsWith("FAIL " + file + ":1: the title says lesson 2147483648"), replay.out());
    }
}
