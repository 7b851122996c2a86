package dev.txlab.quiz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;

/** Where answers come from: a person at a terminal, a piped stdin, or an --answers file. */
public interface AnswerInput {

    /** Shows the prompt and reads one line; null when the input has ended. */
    String readLine(String prompt) throws IOException;

    /** Whether a person is typing (who gets a second try at an answer that makes no sense). */
    default boolean interactive() { return false; }

    /**
     * Lines read from a pipe or a file, each echoed after its prompt so that the output reads
     * like the session it was.
     */
    final class Scripted implements AnswerInput {
        private final BufferedReader in;
        private final PrintWriter out;

        public Scripted(BufferedReader in, PrintWriter out) {
            this.in = in;
            this.out = out;
        }

        @Override public String readLine(String prompt) throws IOException {
            String line = in.readLine();
            if (line != null && line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            out.println(prompt + (line == null ? "" : line));
            out.flush();
            return line;
        }
    }
}
