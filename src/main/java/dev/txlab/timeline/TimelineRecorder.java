package dev.txlab.timeline;

import dev.txlab.protocol.Reply;
import dev.txlab.trace.Describe;
import dev.txlab.trace.TraceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Builds a {@link Timeline} from what each command answered and the trace events it caused: the
 * shell, {@code replay --timeline} and the race explorer feed it one command at a time. It reads
 * events, never the printed text: a QUEUED is a {@code CommandQueued}, an EXEC box is
 * {@code ExecStarted} and its {@code QueuedCommandRan}s, the link from a write to the EXEC it
 * aborts is {@code WatchTouched} joined with {@code ExecAborted}.
 *
 * <p>Only the last {@link #KEPT_STEPS} steps are kept, so a long session costs little.
 */
public final class TimelineRecorder {
    public static final int KEPT_STEPS = 2000;

    private final int keep;
    private final ArrayDeque<Timeline.Step> steps = new ArrayDeque<>();
    private final List<Timeline.Touch> touches = new ArrayList<>();
    private final LinkedHashSet<String> clients = new LinkedHashSet<>();
    private int number;
    private long dropped;

    public TimelineRecorder() { this(KEPT_STEPS); }

    public TimelineRecorder(int keep) { this.keep = Math.max(1, keep); }

    /** Forgets everything (the shell's :reset, a lesson's next part). */
    public void clear() {
        steps.clear();
        touches.clear();
        clients.clear();
        number = 0;
        dropped = 0;
    }

    public boolean isEmpty() { return steps.isEmpty(); }

    /**
     * One command as {@code client} sent it, its reply (null when the client blocked) and the
     * events the engine emitted while it ran.
     */
    public void add(String client, List<byte[]> argv, Reply reply, List<TraceEvent> events) {
        int n = ++number;
        clients.add(client);
        Timeline.Kind kind = Timeline.Kind.COMMAND;
        List<Timeline.Inner> inner = new ArrayList<>();
        List<Integer> marks = new ArrayList<>();
        int position = 0;
        int abortedBy = 0;
        boolean bad = reply instanceof Reply.Error || reply instanceof Reply.NullArray;
        List<String> unwatched = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e instanceof TraceEvent.WatchTouched w) {
                int id = touches.size() + 1;
                touches.add(new Timeline.Touch(id, n, w.byClient(), Describe.key(w.key()), w.watcher(), 0, cause(w.cause()),
                        w.byCommand() == null ? null : Describe.command(w.byCommand())));
                marks.add(id);
            } else if (e instanceof TraceEvent.KeysUnwatched u) {
                unwatched.add(u.client());
            } else if (e instanceof TraceEvent.ClientClosed c) {
                unwatched.add(c.client());
            }
            if (!client.equals(clientOf(e))) continue;
            if (e instanceof TraceEvent.TransactionStarted) {
                kind = Timeline.Kind.MULTI;
            } else if (e instanceof TraceEvent.CommandQueued q) {
                kind = Timeline.Kind.QUEUED;
                position = q.position();
                bad = q.doomed();
            } else if (e instanceof TraceEvent.CommandRejected r && r.dooms()) {
                kind = Timeline.Kind.REJECTED;
            } else if (e instanceof TraceEvent.ExecStarted) {
                kind = Timeline.Kind.EXEC;
            } else if (e instanceof TraceEvent.QueuedCommandRan q) {
                inner.add(new Timeline.Inner("#" + q.index() + " " + Describe.command(q.argv()),
                        Describe.reply(q.reply()), q.reply() instanceof Reply.Error));
            } else if (e instanceof TraceEvent.ExecAborted a) {
                kind = Timeline.Kind.EXEC_ABORTED;
                bad = true;
                if (a.reason() == TraceEvent.AbortReason.WATCHED_KEY_TOUCHED) abortedBy = resolve(client, n);
                unwatched.add(client);
            } else if (e instanceof TraceEvent.TransactionDiscarded) {
                kind = Timeline.Kind.DISCARD;
            } else if (e instanceof TraceEvent.ScriptStarted) {
                kind = Timeline.Kind.SCRIPT;
            } else if (e instanceof TraceEvent.ScriptCalledCommand c) {
                inner.add(new Timeline.Inner((c.protectedCall() ? "pcall " : "call ") + Describe.command(c.argv()),
                        Describe.reply(c.reply()), c.reply() instanceof Reply.Error));
            }
        }
        // Closed after the whole command: an aborted EXEC first claims the touch that aborted it.
        for (String c : unwatched) close(c);
        String replyText = reply == null ? "(blocked)" : Describe.reply(reply);
        steps.addLast(new Timeline.Step(n, client, kind, Describe.command(argv), replyText, bad, inner, position, marks, abortedBy));
        while (steps.size() > keep) {
            steps.removeFirst();
            dropped++;
        }
        int first = steps.getFirst().number();
        touches.removeIf(t -> t.step() < first);
    }

    /** Links the watcher's earliest pending touch to its EXEC at step {@code exec}; returns its id (0: none known). */
    private int resolve(String watcher, int exec) {
        for (int i = 0; i < touches.size(); i++) {
            Timeline.Touch t = touches.get(i);
            if (t.watcher().equals(watcher) && t.execStep() == 0) {
                touches.set(i, t.withExec(exec));
                return t.id();
            }
        }
        return 0;
    }

    /** The watcher's watches are gone (EXEC, DISCARD, UNWATCH, QUIT): its pending touches abort nothing more. */
    private void close(String watcher) {
        for (int i = 0; i < touches.size(); i++) {
            Timeline.Touch t = touches.get(i);
            if (t.watcher().equals(watcher) && t.execStep() == 0) {
                touches.set(i, t.withExec(-1));
            }
        }
    }

    /** The client whose command caused an event (null for events of no client, such as an expiry). */
    private static String clientOf(TraceEvent e) {
        if (e instanceof TraceEvent.TransactionStarted x) return x.client();
        if (e instanceof TraceEvent.CommandQueued x) return x.client();
        if (e instanceof TraceEvent.CommandRejected x) return x.client();
        if (e instanceof TraceEvent.ExecStarted x) return x.client();
        if (e instanceof TraceEvent.QueuedCommandRan x) return x.client();
        if (e instanceof TraceEvent.ExecAborted x) return x.client();
        if (e instanceof TraceEvent.TransactionDiscarded x) return x.client();
        if (e instanceof TraceEvent.ScriptStarted x) return x.client();
        if (e instanceof TraceEvent.ScriptCalledCommand x) return x.client();
        return null;
    }

    private static String cause(TraceEvent.TouchCause cause) {
        return switch (cause) {
            case WRITE -> "wrote";
            case EXPIRED -> "expired";
            case FLUSHED -> "flushed";
            case SWAPPED -> "swapped away";
            case EVICTED -> "evicted";
        };
    }

    /** What was recorded so far. */
    public Timeline timeline() {
        return new Timeline(List.copyOf(clients), List.copyOf(steps), List.copyOf(touches), dropped);
    }
}
