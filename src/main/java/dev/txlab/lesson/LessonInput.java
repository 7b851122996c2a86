package dev.txlab.lesson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Where the player's lines come from: a person at a terminal, or a pipe (scripts and tests). */
public interface LessonInput {

    /**
     * Shows the prompt and reads one line; null when the input has ended. {@code prefill} is the
     * lesson's next step: typed in for the learner on a terminal, so Enter runs it; null when
     * there is none.
     */
    String readLine(String prompt, String prefill) throws IOException;

    /**
     * Lines from a pipe. Each is echoed after its prompt (an empty line as the step it runs), so
     * the output reads like the session it was.
     */
    final class Piped implements LessonInput {
        private final BufferedReader in;
        private final PrintStream out;

        public Piped(BufferedReader in, PrintStream out) {
            this.in = in;
            this.out = out;
        }

        @Override public String readLine(String prompt, String prefill) throws IOException {
            String line = in.readLine();
            if (line == null) return null;
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            out.println(prompt + (line.isBlank() && prefill != null ? prefill : line));
            return line;
        }
    }

    /** JLine on a terminal: the shell's line editing, completion and history, with the step typed in. */
    final class OnTerminal implements LessonInput {
        private final LineReader reader;
        private final Terminal terminal;
        private final boolean color;

        public OnTerminal(LineReader reader, Terminal terminal, boolean color) {
            this.reader = reader;
            this.terminal = terminal;
            this.color = color;
        }

        @Override public String readLine(String prompt, String prefill) {
            String shown = color ? new AttributedStringBuilder().styled(AttributedStyle.BOLD, prompt).toAnsi(terminal) : prompt;
            while (true) {
                try {
                    return reader.readLine(shown, null, (Character) null, prefill);
                } catch (UserInterruptException e) {
                    // Ctrl-C drops the line being edited; the lesson stays where it is.
                } catch (EndOfFileException e) {
                    return null;
                }
            }
        }
    }
}
