package dev.txlab.shell;

import static dev.txlab.store.Hostile.assertNoCrash;
import static dev.txlab.store.Hostile.withoutHanging;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.store.Hostile;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 11, item 6 in the shell: :save's target and the history file, when they are not plain files. */
class ShellFilesTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(value = Hostile.class, names = {"DEV_ZERO", "FIFO", "DIRECTORY"})
    void saveRefusesATargetThatIsNotARegularFileInOneLine(Hostile kind) throws Exception {
        Path target = dir.resolve("out.tx");
        kind.create(target);
        List<String> printed = new ArrayList<>();
        ShellSession s = new ShellSession(new EngineBackend(new Clock.ManualClock(0)), printed::add, Palette.PLAIN,
                ExplainLevel.OFF, false);
        s.handle("SET k v");
        printed.clear();
        withoutHanging(target, () -> s.handle(":save " + target));
        assertEquals(1, printed.size(), String.join("\n", printed));
        assertTrue(printed.get(0).startsWith("txlab: cannot write " + target + ": it is "), printed.get(0));
    }

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void aHostileHistoryFileIsNotUsedAndTheShellStillReadsLines(Hostile kind) throws Exception {
        Path history = dir.resolve(".txlab_history");
        kind.create(history);
        String shown = readOneLine(history);
        assertTrue(shown.contains("txlab: not using the history file " + history + ": it is "),
                shown.replace("\r", "\\r").replace("\u001b", "\\e"));
        // Left as it was: neither read nor overwritten.
        if (kind == Hostile.SPARSE_3GB) assertEquals(3L << 30, Files.size(history));
        else assertFalse(Files.isRegularFile(history));
    }

    @Test
    void aHistoryFileThatIsNotUtf8IsNotUsedEither() throws Exception {
        Path history = dir.resolve(".txlab_history");
        byte[] junk = {(byte) 0xff, (byte) 0xfe, 'G', 'E', 'T', '\n'};
        Files.write(history, junk);
        String shown = readOneLine(history);
        assertTrue(shown.contains("txlab: not using the history file " + history + ": it is not UTF-8 text"), shown);
        assertArrayEquals(junk, Files.readAllBytes(history), "left as it was");
    }

    @Test
    void aGoodHistoryFileIsUsed() throws Exception {
        Path history = dir.resolve(".txlab_history");
        Files.writeString(history, "1700000000000:SET k v\n");
        String shown = readOneLine(history);
        assertFalse(shown.contains("not using"), shown);
        assertTrue(Files.readString(history).contains("PING"), Files.readString(history));
    }

    /** Reads "PING" with the shell's line reader on a terminal of its own; returns what the terminal showed. */
    String readOneLine(Path history) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        // A keyboard that stays open after its line (a stream that ends closes JLine's terminal).
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream keys = new PipedInputStream(keyboard);
        keyboard.write("PING\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        String line = withoutHanging(history, () -> {
            // An external terminal: its output reaches the stream as it is written (a pty-backed one copies it on a thread).
            try (Terminal terminal = new ExternalTerminal("test", "dumb", keys, screen, StandardCharsets.UTF_8)) {
                ShellSession s = new ShellSession(new EngineBackend(new Clock.ManualClock(0)), l -> { }, Palette.PLAIN,
                        ExplainLevel.OFF, true);
                LineReader reader = Shells.lineReader(terminal, s, history, false);
                String read = reader.readLine("A> ");
                reader.getHistory().save();
                return read;
            }
        });
        keyboard.close();
        assertEquals("PING", line);
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertNoCrash(shown);
        return shown;
    }
}
