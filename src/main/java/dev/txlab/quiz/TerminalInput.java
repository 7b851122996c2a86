package dev.txlab.quiz;

import java.io.IOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Answers typed at a terminal, read with JLine (line editing, history of this drill). Ctrl-D and
 * Ctrl-C end the drill. Answers are plain text: nothing here parses shell syntax.
 */
public final class TerminalInput implements AnswerInput, AutoCloseable {
    private final Terminal terminal;
    private final LineReader reader;

    public TerminalInput() throws IOException {
        terminal = TerminalBuilder.builder().system(true).build();
        reader = LineReaderBuilder.builder().terminal(terminal)
                // Replies contain '!' and '\': no history expansion or escapes.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "")
                .build();
    }

    @Override public String readLine(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (EndOfFileException | UserInterruptException e) {
            return null;
        }
    }

    @Override public boolean interactive() { return true; }

    /** The terminal's width in columns (0 when it does not know). */
    public int width() { return terminal.getWidth(); }

    @Override public void close() throws IOException { terminal.close(); }
}
