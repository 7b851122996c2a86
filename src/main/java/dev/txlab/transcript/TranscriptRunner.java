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
        public boolean matches() { return actual.equals(step.expected()); }
    }

    /** Splits the step's command as redis-cli would and sends it. */
    public static Outcome runStep(Target target, Transcript.Step step) throws IOException {
        Optional<List<byte[]>> argv = ArgSplitter.split(step.command().getBytes(StandardCharsets.ISO_8859_1));
        if (argv.isEmpty()) return new Outcome(step, null, List.of(ArgSplitter.INVALID));
        if (argv.get().isEmpty()) return new Outcome(step, null, List.of()); // an empty line sends nothing
        Reply reply = target.send(step.label(), argv.get());
        return new Outcome(step, reply, ReplyFormatter.lines(reply, target.protocol(step.label())));
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
