package dev.txlab.quiz;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.Tracer;
import dev.txlab.transcript.EngineTarget;
import dev.txlab.transcript.Target;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a template's commands on a fresh in-process engine, keeping each step's printed reply and
 * the trace events it caused. Every answer the quiz calls correct comes from here, never from a
 * string stored in the bank.
 */
public final class EngineRun implements AutoCloseable {
    /** A fixed "now": templates avoid timing, and a fixed clock keeps every run identical. */
    static final long START_MILLIS = 1_700_000_000_000L;

    /** One step as it ran: who typed what, the redis-cli lines it printed, and what happened. */
    public record Step(String label, String command, List<String> reply, List<TraceEvent> events) {
        /** "A> SET k 1" as typed (UTF-8 text). */
        public String typed() { return label + "> " + command; }
    }

    private final Tracer.Recorder recorder = new Tracer.Recorder();
    private final EngineTarget target;
    private final List<Step> steps = new ArrayList<>();

    public EngineRun() {
        Engine engine = new Engine(new Clock.ManualClock(START_MILLIS));
        engine.setTracer(recorder);
        target = new EngineTarget(engine);
    }

    public Step run(String label, String command) {
        Transcript.Step step = step(label, command, 0);
        try {
            TranscriptRunner.Outcome o = TranscriptRunner.runStep(target, step);
            Step s = new Step(label, command, o.actual(), recorder.drain());
            steps.add(s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the engine target does no I/O
        }
    }

    public List<Step> runAll(List<Card.Line> lines, Map<String, String> values) {
        List<Step> out = new ArrayList<>();
        for (Card.Line l : lines) out.add(run(l.label(), Variables.expand(l.command(), values)));
        return out;
    }

    public List<Step> steps() { return List.copyOf(steps); }

    /** A transcript step for a command typed as text: transcripts hold Latin-1 byte strings. */
    public static Transcript.Step step(String label, String command, int line) {
        String bytes = new String(command.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return new Transcript.Step(line, label, bytes, List.of());
    }

    /** Runs lines on any target (the engine or a real server), returning each step's printed reply. */
    public static List<List<String>> replies(Target target, List<Card.Line> lines, Map<String, String> values) throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (Card.Line l : lines) {
            out.add(TranscriptRunner.runStep(target, step(l.label(), Variables.expand(l.command(), values), 0)).actual());
        }
        return out;
    }

    /** Printed lines made fit for a UTF-8 terminal. */
    public static List<String> display(List<String> lines) {
        return lines.stream().map(ReplyFormatter::forDisplay).toList();
    }

    @Override public void close() {
        target.close();
    }
}
