package dev.txlab.quiz;

import dev.txlab.protocol.Key;
import dev.txlab.trace.KeyChange;
import dev.txlab.trace.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The few trace events that explain a transaction's outcome, as one plain sentence each. The
 * shell's trace renderer is richer; the quiz only needs the turning points: a watch broken, a
 * transaction doomed, an EXEC that ran nothing or ran with failures, a script that failed after
 * writing.
 */
public final class TraceNotes {
    private TraceNotes() {}

    public static List<String> of(List<EngineRun.Step> steps) {
        List<String> notes = new ArrayList<>();
        for (EngineRun.Step s : steps) {
            for (TraceEvent e : s.events()) {
                String note = note(e);
                if (note != null && !notes.contains(note)) notes.add(note);
            }
        }
        return notes;
    }

    static String note(TraceEvent event) {
        if (event instanceof TraceEvent.WatchTouched w) {
            String by = switch (w.cause()) {
                case EXPIRED -> "expired";
                case FLUSHED -> "was flushed by " + w.byClient() + "'s " + name(w.byCommand());
                default -> "was written by " + (w.byClient() == null ? "the server" : w.byClient() + "'s " + name(w.byCommand()));
            };
            return "watched key " + key(w.key()) + " " + by + ": " + w.watcher() + "'s watch is broken, so its next EXEC answers (nil)"
                    + " unless it unwatches first";
        }
        if (event instanceof TraceEvent.CommandRejected r && r.dooms()) {
            return r.client() + "'s " + name(r.argv()) + " was rejected while queueing (" + r.error().message().strip()
                    + "): the transaction is doomed and EXEC will answer EXECABORT";
        }
        if (event instanceof TraceEvent.ExecAborted a) {
            return a.client() + "'s EXEC ran nothing: " + (a.reason() == TraceEvent.AbortReason.QUEUEING_ERROR
                    ? "a command had been rejected while queueing (EXECABORT)"
                    : "a watched key had been touched ((nil))");
        }
        if (event instanceof TraceEvent.ExecFinished f && !f.failedIndexes().isEmpty()) {
            String which = f.failedIndexes().stream().map(String::valueOf).collect(Collectors.joining(", "));
            return f.client() + "'s EXEC ran all " + f.ran() + " queued commands; entr" + (f.failedIndexes().size() == 1 ? "y " : "ies ")
                    + which + " failed and nothing was rolled back";
        }
        if (event instanceof TraceEvent.CommandQueued q && name(q.argv()).equals("UNWATCH")) {
            return q.client() + "'s UNWATCH was only queued: it would run inside EXEC, after the watch check";
        }
        if (event instanceof TraceEvent.CommandRan r && name(r.argv()).equals("UNWATCH") && !r.inMulti()) {
            return r.client() + "'s UNWATCH dropped its watches, broken ones included";
        }
        if (event instanceof TraceEvent.TransactionDiscarded d) {
            return d.client() + "'s DISCARD threw away " + d.discarded() + " queued command" + (d.discarded() == 1 ? "" : "s")
                    + (d.unwatched().isEmpty() ? "" : " and dropped its watches");
        }
        if (event instanceof TraceEvent.ScriptFinished f && f.failed()) {
            List<String> written = new ArrayList<>();
            for (KeyChange c : f.written()) written.add(key(c.key()));
            return "the script failed" + (written.isEmpty() ? " before writing anything"
                    : " after writing " + String.join(", ", written) + ": those writes stay (no rollback)");
        }
        return null;
    }

    private static String name(List<byte[]> argv) {
        return argv == null || argv.isEmpty() ? "command" : new String(argv.get(0), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
    }

    private static String key(Key key) {
        return new String(key.bytes(), StandardCharsets.UTF_8);
    }
}
