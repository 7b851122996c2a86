package dev.txlab.lesson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Where the player's lines come from: a person at a terminal, or a pipe (scripts and tests). */
public interface LessonInput {

    /**
     * Shows the prompt and reads one line; null when the input has ended. {@code prefill} is the
     * lesson's next step, which an empty line runs; null when there is none.
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

    /**
     * JLine on a terminal, with the shell's line editing, completion and history. The next step is
     * announced on a line above the prompt, and Enter on an empty line types it in and runs it,
     * so the screen shows it after the prompt as if typed; anything typed instead runs as is.
     */
    final class OnTerminal implements LessonInput {
        static final String ENTER_WIDGET = "txlab-run-step";

        private final LineReader reader;
        private final Terminal terminal;
        private final boolean color;
        private String pending;

        public OnTerminal(LineReader reader, Terminal terminal, boolean color) {
            this.reader = reader;
            this.terminal = terminal;
            this.color = color;
            reader.getWidgets().put(ENTER_WIDGET, this::enter);
            for (String map : new String[] {LineReader.EMACS, LineReader.VIINS}) {
                KeyMap<Binding> keys = reader.getKeyMaps().get(map);
                if (keys == null) continue;
                keys.bind(new Reference(ENTER_WIDGET), "\r");
                keys.bind(new Reference(ENTER_WIDGET), "\n");
            }
        }

        private boolean enter() {
            if (pending != null && reader.getBuffer().toString().isBlank()) {
                reader.getBuffer().clear();
                reader.getBuffer().write(pending);
            }
            reader.callWidget(LineReader.ACCEPT_LINE);
            return true;
        }

        @Override public String readLine(String prompt, String prefill) {
            pending = prefill;
            if (prefill != null) {
                String note = "-- next: " + prefill + "   (Enter runs it)";
                terminal.writer().println(color ? new AttributedStringBuilder().styled(AttributedStyle.DEFAULT.faint(), note)
                        .toAnsi(terminal) : note);
                terminal.writer().flush();
            }
            String shown = color ? new AttributedStringBuilder().styled(AttributedStyle.BOLD, prompt).toAnsi(terminal) : prompt;
            while (true) {
                try {
                    return reader.readLine(shown);
                } catch (UserInterruptException e) {
                    // Ctrl-C drops the line being edited; the lesson stays where it is.
                } catch (EndOfFileException e) {
                    return null;
                }
            }
        }
    }
}
