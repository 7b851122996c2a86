package dev.txlab.trace;

import java.util.ArrayList;
import java.util.List;

/** Receives the engine's trace events. */
public interface Tracer {
    void emit(TraceEvent event);

    /** Whether events are wanted at all; when not, the engine skips building them. */
    default boolean enabled() { return true; }

    Tracer NONE = new Tracer() {
        @Override public void emit(TraceEvent event) {}
        @Override public boolean enabled() { return false; }
    };

    /** Keeps every event, for tests and for renderers that work per command. */
    final class Recorder implements Tracer {
        private final List<TraceEvent> events = new ArrayList<>();

        @Override public void emit(TraceEvent event) { events.add(event); }

        public List<TraceEvent> events() { return List.copyOf(events); }

        /** Returns the events so far and forgets them. */
        public List<TraceEvent> drain() {
            List<TraceEvent> out = List.copyOf(events);
            events.clear();
            return out;
        }
    }
}
