package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, item 7: what the shell keeps for :save does not grow with the session. */
class ShellHistoryBoundsTest {
    @TempDir Path dir;

    final List<String> printed = new ArrayList<>();

    ShellSession session(Backend backend) {
        return new ShellSession(backend, printed::add, Palette.PLAIN, ExplainLevel.OFF, false);
    }

    String type(ShellSession s, String line) {
        int from = printed.size();
        s.handle(line);
        return String.join("\n", printed.subList(from, printed.size()));
    }

    @Test
    void theShellKeepsEnoughCommandsForAnyRealSession() {
        assertTrue(ShellSession.KEPT_COMMANDS >= 100_000, "at least 100,000 commands are kept for :save");
        assertTrue(ShellSession.KEPT_BYTES >= 32L << 20, "and at least 32 MB of them");
    }

    @Test
    void onlyTheMostRecentCommandsAreKeptAndSaveSaysSo() throws Exception {
        ShellSession s = session(new EngineBackend(new Clock.ManualClock(1_000_000)));
        s.keepAtMost(100, Long.MAX_VALUE);
        for (int i = 0; i < 250; i++) s.handle("SET k" + i + " " + i);
        assertEquals(100, s.history().size());
        assertEquals(250, s.commandsRun());
        assertEquals("k150", s.history().get(0).command().split(" ")[1]);

        Path file = dir.resolve("s.tx");
        String said = type(s, ":save " + file);
        assertEquals("Saved 100 commands to " + file + "; the first 150 commands of this session were not kept"
                + " (the shell keeps the last 100 commands for :save).", said);
        String text = Files.readString(file);
        assertTrue(text.contains("# The first 150 commands of this session were not kept"), text);
        Transcript t = TranscriptParser.parse(file);
        assertEquals(100, t.steps().size());
        assertEquals("SET k150 150", t.steps().get(0).command());
    }

    @Test
    void aByteBudgetBoundsWhatIsKeptToo() {
        ShellSession s = session(new EngineBackend(new Clock.ManualClock(1_000_000)));
        s.keepAtMost(Integer.MAX_VALUE, 1 << 20);
        String big = "x".repeat(100_000);
        for (int i = 0; i < 50; i++) s.handle("SET k " + big);
        assertTrue(s.history().size() < 20, "kept " + s.history().size());
        assertTrue(s.history().size() >= 2, "kept " + s.history().size());
        assertEquals(50, s.commandsRun());
        // One command larger than the whole budget is still kept, alone: :save has the last command.
        s.keepAtMost(Integer.MAX_VALUE, 1000);
        s.handle("SET k " + big);
        assertEquals(1, s.history().size());
    }

    @Test
    void historySinceGivesTheCommandsRunAfterACount() {
        ShellSession s = session(new EngineBackend(new Clock.ManualClock(1_000_000)));
        s.keepAtMost(3, Long.MAX_VALUE);
        for (int i = 0; i < 5; i++) s.handle("SET k " + i);
        long before = s.commandsRun();
        s.handle("GET k");
        s.handle(":clients");
        assertEquals(List.of("GET k"), s.historySince(before).stream().map(e -> e.command()).toList());
        assertEquals("GET k", s.lastEntry().orElseThrow().command());
        assertEquals(3, s.historySince(0).size(), "what was dropped is gone");
        s.handle(":reset");
        assertEquals(6, s.commandsRun(), "the count goes on across :reset");
        assertEquals(List.of(), s.historySince(before));
        s.handle("PING");
        assertEquals(List.of("PING"), s.historySince(before).stream().map(e -> e.command()).toList());
    }

    @Test
    void aResetStartsTheSavedTranscriptAfreshWithoutANoteAboutDroppedCommands() throws Exception {
        ShellSession s = session(new EngineBackend(new Clock.ManualClock(1_000_000)));
        s.keepAtMost(2, Long.MAX_VALUE);
        for (int i = 0; i < 5; i++) s.handle("SET k " + i);
        s.handle(":reset");
        s.handle("PING");
        Path file = dir.resolve("r.tx");
        assertEquals("Saved 1 command to " + file + ".", type(s, ":save " + file));
    }
}
