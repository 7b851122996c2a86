package dev.txlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.support.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user hit first: option mistakes, empty transcripts, the history's home, erasing progress. */
class SmallThingsTest {
    @TempDir Path dir;

    @Test
    void aBadOptionIsOneLineThatPointsToHelpNotTheWholeHelp() {
        for (String[] args : new String[][] {{"quiz", "--count", "x"}, {"lesson", "--nope"}, {"--nope"}, {"replay"}}) {
            Cli.Run run = Cli.txlab(args);
            assertEquals(2, run.exit(), String.join(" ", args));
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().contains("--help')"), run.err());
            assertFalse(run.err().contains("Usage:"), run.err());
        }
    }

    @Test
    void helpDescriptionsAreWholeSentencesWrappedToTheWidth() {
        Cli.Run run = Cli.txlab("replay", "--help");
        assertEquals(0, run.exit());
        for (String line : run.out().lines().toList()) assertTrue(line.length() <= 80, line);
        assertTrue(run.out().replaceAll("\\s+", " ").contains("With --check, compares every reply with the transcript and reports the first"
                + " difference in each file."), run.out());
    }

    @Test
    void checkingAnEmptyTranscriptIsAFailureNotAPass() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.tx"), "# only a comment\n\n");
        Cli.Run run = Cli.txlab("replay", "--check", empty.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("FAIL " + empty + ": no commands to check"), run.out());
        assertTrue(run.out().endsWith("0 passed, 1 failed\n"), run.out());
        Path none = Files.createDirectory(dir.resolve("none"));
        Cli.Run nothing = Cli.txlab("replay", "--check", none.toString());
        assertEquals(1, nothing.exit());
        assertTrue(nothing.err().startsWith("txlab replay: no .tx transcripts or NN-name.md lessons in "), nothing.err());
    }

    @Test
    void theHistoryLivesUnderHomeAsTheShellSeesIt() {
        assertEquals("/home/me", ShellCommand.home("/home/me", "/root"));
        assertEquals("/root", ShellCommand.home(null, "/root"));
        assertEquals("/root", ShellCommand.home(" ", "/root"));
    }

    @Test
    void erasingProgressNeedsAYesOnATerminal() {
        assertTrue(Confirm.isYes("y"));
        assertTrue(Confirm.isYes(" YES "));
        assertFalse(Confirm.isYes(""));
        assertFalse(Confirm.isYes("n"));
        assertFalse(Confirm.isYes(null), "Ctrl-D");
    }
}
