package dev.txlab.server;

import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.Tracer;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The server's console: connections, every command with the client that sent it, and what the
 * engine's trace says happened (queued, EXEC, watches touched, connections dropping their
 * transactions). Written by the server thread only, buffered, and flushed each time the event
 * loop goes idle, so logging costs one write per burst rather than one per command.
 */
public final class ServerConsole implements Tracer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;
    private final boolean commands;

    private ServerConsole(OutputStream sink, boolean commands) {
        this.out = sink == null ? null
                : new PrintStream(new BufferedOutputStream(sink, 64 * 1024), false, StandardCharsets.UTF_8);
        this.commands = commands;
    }

    /** Prints notices, and with {@code commands} every command and its trace, to {@code sink}. */
    public static ServerConsole printing(OutputStream sink, boolean commands) {
        return new ServerConsole(sink, commands);
    }

    /** Prints nothing (tests). */
    public static ServerConsole silent() { return new ServerConsole(null, false); }

    /** Whether commands and traces are printed: the engine builds trace events only then. */
    @Override public boolean enabled() { return out != null && commands; }

    /** A line that is always printed: startup, errors. */
    void notice(String text) {
        if (out != null) out.println(TIME.format(LocalTime.now()) + " " + text);
    }

    void connected(String client, String address) {
        if (enabled()) notice(client + " connected from " + address);
    }

    /** A connection went away; ordinary goodbyes are printed with the commands, drops always. */
    void disconnected(String client, String why) {
        if (enabled() || why.startsWith("dropped")) notice(client + " " + why);
    }

    void command(String client, List<byte[]> argv) {
        if (enabled()) notice(client + "> " + words(argv));
    }

    /** The event loop is about to wait: what was printed goes out now. */
    void flush() {
        if (out != null) out.flush();
    }

    @Override public void emit(TraceEvent event) {
        if (!enabled()) return;
        String line = describe(event);
        if (line != null) out.println("    " + line);
    }

    /** One line per trace event; null for events the command line already says. */
    static String describe(TraceEvent event) {
        if (event instanceof TraceEvent.CommandRan) return null;
        if (event instanceof TraceEvent.CommandRejected r) {
            return "rejected: " + r.error().message()
                    + (r.dooms() ? " (the transaction is doomed: EXEC will answer EXECABORT)" : "");
        }
        if (event instanceof TraceEvent.TransactionStarted t) {
            return "MULTI: commands are queued until EXEC" + (t.watching().isEmpty() ? "" : "; watching " + keys(t.watching()));
        }
        if (event instanceof TraceEvent.CommandQueued q) {
            return q.doomed() ? "answered QUEUED but not kept: the transaction is already doomed" : "queued as #" + q.position();
        }
        if (event instanceof TraceEvent.ExecStarted e) {
            return "EXEC runs " + e.queued() + " queued command" + (e.queued() == 1 ? "" : "s") + "; no other client runs meanwhile";
        }
        if (event instanceof TraceEvent.QueuedCommandRan q) {
            return "#" + q.index() + " " + words(q.argv()) + " -> " + brief(q.reply());
        }
        if (event instanceof TraceEvent.ExecFinished f) {
            return "EXEC done: " + f.ran() + " ran"
                    + (f.failedIndexes().isEmpty() ? "" : ", errors at " + f.failedIndexes().stream().map(i -> "#" + i)
                            .collect(Collectors.joining(" ")) + " (nothing is rolled back)");
        }
        if (event instanceof TraceEvent.ExecAborted a) {
            if (a.reason() == TraceEvent.AbortReason.QUEUEING_ERROR) {
                return "EXEC aborted: a command was rejected while queueing; " + a.discarded() + " discarded, nothing ran";
            }
            TraceEvent.WatchTouched t = a.touch();
            return "EXEC aborted (nil): watched key " + (t == null ? "?" : display(t.key().bytes()) + touchedBy(t))
                    + "; " + a.discarded() + " discarded, nothing ran";
        }
        if (event instanceof TraceEvent.TransactionDiscarded d) {
            return "DISCARD: " + d.discarded() + " queued command" + (d.discarded() == 1 ? "" : "s") + " dropped"
                    + (d.unwatched().isEmpty() ? "" : ", unwatched " + keys(d.unwatched()));
        }
        if (event instanceof TraceEvent.KeysWatched w) {
            return "watching " + keys(w.keys()) + " (db " + w.db() + ")" + (w.alreadyDirty() ? "; already touched: EXEC will fail" : "");
        }
        if (event instanceof TraceEvent.KeysUnwatched u) {
            return u.keys().isEmpty() ? null : "unwatched " + keys(u.keys());
        }
        if (event instanceof TraceEvent.WatchTouched t) {
            return t.watcher() + "'s watched key " + display(t.key().bytes()) + touchedBy(t) + ": its EXEC will answer (nil)";
        }
        if (event instanceof TraceEvent.KeyExpired e) return "key " + display(e.key().bytes()) + " expired (db " + e.db() + ")";
        if (event instanceof TraceEvent.ReplyOrderUndefined u) return "note: Redis does not define the order of this " + u.structure();
        if (event instanceof TraceEvent.ClientClosed c) {
            // The goodbye itself is already on the console; say only what it took with it.
            if (c.discardedQueue() == 0 && c.droppedWatches().isEmpty()) return null;
            List<String> dropped = new java.util.ArrayList<>();
            if (c.discardedQueue() > 0) dropped.add(c.discardedQueue() + " queued command(s) dropped, never run");
            if (!c.droppedWatches().isEmpty()) dropped.add("watches on " + keys(c.droppedWatches()) + " removed");
            return c.client() + "'s transaction went with it: " + String.join(", ", dropped);
        }
        if (event instanceof TraceEvent.ScriptStarted s) return "script " + shortSha(s.sha()) + " started; nothing else runs until it ends";
        if (event instanceof TraceEvent.ScriptCalledCommand c) {
            return "script line " + c.line() + ": " + (c.protectedCall() ? "redis.pcall " : "redis.call ") + words(c.argv()) + " -> " + brief(c.reply());
        }
        if (event instanceof TraceEvent.ScriptLogged l) return "script log: " + l.message();
        if (event instanceof TraceEvent.ScriptFinished f) {
            return "script " + shortSha(f.sha()) + (f.timedOut() ? " stopped (ran too long)" : f.failed() ? " failed" : " finished")
                    + " -> " + brief(f.reply()) + (f.failed() && !f.written().isEmpty() ? "; its writes stay (no rollback)" : "");
        }
        return event.getClass().getSimpleName();
    }

    private static String touchedBy(TraceEvent.WatchTouched t) {
        return switch (t.cause()) {
            case EXPIRED -> " expired";
            case FLUSHED -> " was flushed" + (t.byClient() == null ? "" : " by " + t.byClient());
            case SWAPPED -> " was swapped to another database" + (t.byClient() == null ? "" : " by " + t.byClient());
            case EVICTED -> " was evicted (maxmemory)";
            case WRITE -> " was written" + (t.byClient() == null ? "" : " by " + t.byClient())
                    + (t.byCommand() == null ? "" : " (" + words(t.byCommand()) + ")");
        };
    }

    private static String shortSha(String sha) { return sha == null || sha.length() < 8 ? String.valueOf(sha) : sha.substring(0, 8); }

    /** The first line redis-cli would print for a reply. */
    private static String brief(Reply reply) {
        List<String> lines = ReplyFormatter.lines(reply);
        String first = lines.isEmpty() ? "" : ReplyFormatter.forDisplay(lines.get(0));
        return lines.size() > 1 ? first + " ..." : first;
    }

    private static String keys(List<Key> keys) {
        return keys.stream().map(k -> display(k.bytes())).collect(Collectors.joining(" "));
    }

    /** A command line as it could be typed back into redis-cli. */
    static String words(List<byte[]> argv) {
        StringBuilder line = new StringBuilder();
        int shown = Math.min(argv.size(), MAX_WORDS);
        for (int i = 0; i < shown; i++) {
            if (i > 0) line.append(' ');
            line.append(display(argv.get(i)));
        }
        if (shown < argv.size()) line.append(" ... (").append(argv.size() - shown).append(" more arguments)");
        return line.toString();
    }

    /** A console line stays readable whatever a client sends. */
    private static final int MAX_WORDS = 32;

    /** An argument bare when it is plain printable ASCII, otherwise quoted and escaped as redis-cli shows strings. */
    static String display(byte[] arg) {
        if (arg.length == 0 || arg.length > 200) {
            if (arg.length > 200) return ReplyFormatter.repr(java.util.Arrays.copyOf(arg, 200)) + "...(" + arg.length + " bytes)";
            return "\"\"";
        }
        for (byte b : arg) {
            if (b <= ' ' || b >= 127 || b == '"' || b == '\'' || b == '\\') return ReplyFormatter.repr(arg);
        }
        return new String(arg, StandardCharsets.US_ASCII);
    }
}
