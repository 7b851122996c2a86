package dev.txlab.timeline;

import dev.txlab.engine.Engine;
import dev.txlab.trace.Palette;
import dev.txlab.trace.Tracer;
import dev.txlab.transcript.EngineTarget;
import dev.txlab.transcript.Target;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptRunner;
import java.io.IOException;
import java.util.List;

/** {@code txlab replay --timeline FILE}: runs a transcript and draws it instead of printing it line by line. */
public final class TimelineReplay {
    private TimelineReplay() {}

    /** Runs {@code transcript} on {@code target} and records its timeline (events only on the engine). */
    public static Timeline record(Target target, Transcript transcript) throws IOException {
        TimelineRecorder timeline = new TimelineRecorder(Integer.MAX_VALUE);
        Tracer.Recorder events = new Tracer.Recorder();
        Engine engine = target instanceof EngineTarget e ? e.engine() : null;
        if (engine != null) engine.setTracer(events);
        TranscriptRunner.run(target, transcript, o -> {
            if (o.reply() == null) return; // bad quoting: nothing was sent
            timeline.add(o.step().label(), dev.txlab.protocol.ArgSplitter.split(
                    o.step().command().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).orElseThrow(), o.reply(), events.drain());
        });
        return timeline.timeline();
    }

    /** The drawing, {@code width} columns wide. */
    public static List<String> draw(Timeline timeline, int width, Palette palette, boolean unicode) {
        return new TimelineText(palette, unicode).render(timeline, width);
    }

    /** The terminal's width: $COLUMNS when set and sane, else 80. */
    public static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
            return columns >= 20 && columns <= 1000 ? columns : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
