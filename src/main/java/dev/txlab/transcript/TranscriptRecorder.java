package dev.txlab.transcript;

import dev.txlab.protocol.ReplyFormatter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Re-records a transcript: comments and command lines are kept, every reply is replaced by what
 * the target answers. Pointed at a real server, this is how a new transcript's replies are
 * asked of Redis instead of being written by hand.
 */
public final class TranscriptRecorder {
    private TranscriptRecorder() {}

    private static final Pattern COMMAND = TranscriptParser.COMMAND;

    public static void record(String source, byte[] content, Target target, PrintStream out)
            throws IOException, TranscriptException {
        Transcript parsed = TranscriptParser.parse(source, content, 1);
        int next = 0;
        String[] lines = new String(content, StandardCharsets.ISO_8859_1).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (i == lines.length - 1 && line.isEmpty()) break;
            if (line.startsWith("#") || line.isBlank()) {
                out.println(ReplyFormatter.forDisplay(line));
            } else if (COMMAND.matcher(line).matches()) {
                Transcript.Step step = parsed.steps().get(next++);
                out.println(ReplyFormatter.forDisplay(line));
                List<String> actual = TranscriptRunner.runStep(target, step).actual();
                boolean sameShape = actual.size() == step.expected().size();
                for (int r = 0; r < actual.size(); r++) {
                    // a wildcard line the answer still matches stays: the id it hides is the server's own
                    String expected = sameShape ? step.expected().get(r) : null;
                    boolean kept = expected != null && expected.endsWith("*") && TranscriptRunner.lineMatches(expected, actual.get(r));
                    out.println(ReplyFormatter.forDisplay(kept ? expected : actual.get(r)));
                }
            }
            // old reply lines are dropped: the target's answer replaces them
        }
    }
}
