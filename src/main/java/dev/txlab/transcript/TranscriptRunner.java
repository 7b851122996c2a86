package dev.txlab.transcript;

import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Runs transcripts on a {@link Target} and compares what comes back with what was expected. */
public final class TranscriptRunner {
    private TranscriptRunner() {}

    /** What one step printed; {@code reply} is null when the line was not sent (bad quoting). */
    public record Outcome(Transcript.Step step, Reply reply, List<String> actual) {
        public boolean matches() { return linesMatch(step.expected(), actual); }
    }

    /**
     * Whether printed lines match a transcript's: exactly, except that an expected line ending in
     * {@code *} matches any line starting with the text before it (a client id in HELLO's reply,
     * which every server counts for itself).
     */
    public static boolean linesMatch(List<String> expected, List<String> actual) {
        if (expected.size() != actual.size()) return false;
        for (int i = 0; i < expected.size(); i++) {
            if (!lineMatches(expected.get(i), actual.get(i))) return false;
        }
        return true;
    }

    static boolean lineMatches(String expected, String actual) {
        return expected.endsWith("*") ? actual.startsWith(expected.substring(0, expected.length() - 1)) : expected.equals(actual);
    }

    /** Splits the step's command as redis-cli would and sends it. */
    public static Outcome runStep(Target target, Transcript.Step step) throws IOException {
        Optional<List<byte[]>> argv = ArgSplitter.split(step.command().getBytes(StandardCharsets.ISO_8859_1));
        if (argv.isEmpty()) return new Outcome(step, null, List.of(ArgSplitter.INVALID));
        if (argv.get().isEmpty()) return new Outcome(step, null, List.of()); // an empty line sends nothing
        Reply reply = target.send(step.label(), argv.get());
        List<String> lines = new ArrayList<>();
        for (String line : ReplyFormatter.lines(reply, target.protocol(step.label()), argv.get())) {
            // Verbatim text (INFO over RESP3) keeps its CRs; a transcript cannot hold one at a line's end.
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return new Outcome(step, reply, lines);
    }

    /** Runs every step, handing each outcome to {@code each}; returns them all. */
    public static List<Outcome> run(Target target, Transcript transcript, Consumer<Outcome> each) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Transcript.Step step : transcript.steps()) {
            Outcome o = runStep(target, step);
            outcomes.add(o);
            each.accept(o);
        }
        return outcomes;
    }

    /** The first step whose reply differs from the transcript, or empty when all match. */
    public static Optional<Outcome> firstDivergence(Target target, Transcript transcript) throws IOException {
        for (Transcript.Step step : transcript.steps()) {
            Outcome o = runStep(target, step);
            if (!o.matches()) return Optional.of(o);
        }
        return Optional.empty();
    }
}
