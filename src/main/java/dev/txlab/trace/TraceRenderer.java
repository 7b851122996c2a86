package dev.txlab.trace;

import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the trace events of one command into the annotation printed under its reply. Every
 * line starts with {@code # }, so a session printed with traces is still a valid transcript.
 *
 * <p>The text is driven by events only: a front end that can observe less (a real server seen
 * from a client) simply emits fewer events. What each line teaches follows Redis 7.0: a queued
 * command has not run; a rejection while queueing dooms the transaction, a runtime error inside
 * EXEC fails alone and nothing is rolled back; a touched watch makes EXEC answer (nil).
 */
public final class TraceRenderer {
    /** What starts every trace line. */
    public static final String PREFIX = "# ";

    /** What a client of a real server cannot learn about a touched watch. */
    public static final String NO_TOUCH_DETAILS = "a real server does not tell which client touched the key";

    private final Palette p;
    /**
     * The keys each client watches, as the events rendered so far said: the retry advice names
     * all of them, and a write that changed nothing can say whose watch still holds.
     */
    private final java.util.Map<String, java.util.LinkedHashMap<String, String>> watching = new java.util.HashMap<>();
    /** The events of the command being rendered. */
    private List<TraceEvent> batch = List.of();

    public TraceRenderer(Palette palette) { this.p = palette; }

    /** Forgets what it knew about watches (the session started over). */
    public void forget() { watching.clear(); }

    /** The trace lines for one command's events, each starting with {@link #PREFIX}. */
    public List<String> render(List<TraceEvent> events, ExplainLevel level) {
        if (level == ExplainLevel.OFF || events.isEmpty()) {
            for (TraceEvent event : events) follow(event);
            return List.of();
        }
        boolean full = level == ExplainLevel.FULL;
        List<String> lines = new ArrayList<>();
        batch = events;
        for (TraceEvent event : events) {
            renderEvent(event, full, lines);
            follow(event);
        }
        batch = List.of();
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) out.add(p.quiet(PREFIX) + line);
        return out;
    }

    /** Keeps {@link #watching} in step with the events. */
    private void follow(TraceEvent e) {
        if (e instanceof TraceEvent.KeysWatched x && !x.alreadyDirty()) {
            var keys = watching.computeIfAbsent(x.client(), c -> new java.util.LinkedHashMap<>());
            for (Key key : x.keys()) keys.put(x.db() + ":" + Describe.key(key), k(key, x.db()));
        } else if (e instanceof TraceEvent.KeysUnwatched x) {
            watching.remove(x.client());
        } else if (e instanceof TraceEvent.ExecAborted x) {
            watching.remove(x.client());
        } else if (e instanceof TraceEvent.ExecStarted x) {
            watching.remove(x.client());
        } else if (e instanceof TraceEvent.TransactionDiscarded x) {
            watching.remove(x.client());
        } else if (e instanceof TraceEvent.ClientClosed x) {
            watching.remove(x.client());
        } else if (e instanceof TraceEvent.CommandRan x && name(x.argv()).equals("reset")) {
            watching.remove(x.client());
        }
    }

    private void renderEvent(TraceEvent e, boolean full, List<String> out) {
        if (e instanceof TraceEvent.CommandRan x) commandRan(x, full, out);
        else if (e instanceof TraceEvent.CommandRejected x) commandRejected(x, full, out);
        else if (e instanceof TraceEvent.TransactionStarted x) transactionStarted(x, full, out);
        else if (e instanceof TraceEvent.CommandQueued x) commandQueued(x, full, out);
        else if (e instanceof TraceEvent.ExecStarted x) execStarted(x, full, out);
        else if (e instanceof TraceEvent.QueuedCommandRan x) queuedCommandRan(x, full, out);
        else if (e instanceof TraceEvent.ExecFinished x) execFinished(x, full, out);
        else if (e instanceof TraceEvent.ExecAborted x) execAborted(x, full, out);
        else if (e instanceof TraceEvent.TransactionDiscarded x) transactionDiscarded(x, full, out);
        else if (e instanceof TraceEvent.KeysWatched x) keysWatched(x, full, out);
        else if (e instanceof TraceEvent.KeysUnwatched x) out.add(c(x.client()) + " no longer watches " + keys(x.keys()) + ".");
        else if (e instanceof TraceEvent.WatchTouched x) watchTouched(x, full, out);
        else if (e instanceof TraceEvent.KeyExpired x) out.add(k(x.key(), x.db()) + " reached its expiry time and was deleted.");
        else if (e instanceof TraceEvent.ReplyOrderUndefined x) replyOrderUndefined(x, out);
        else if (e instanceof TraceEvent.ClientClosed x) clientClosed(x, out);
        else if (e instanceof TraceEvent.ClientWouldBlock x) clientWouldBlock(x, out);
        else if (e instanceof TraceEvent.ClientBlocked x) clientBlocked(x, out);
        else if (e instanceof TraceEvent.ClientUnblocked x) clientUnblocked(x, out);
        else if (e instanceof TraceEvent.MessageDelivered x) messageDelivered(x, out);
        else if (e instanceof TraceEvent.ScriptStarted x) scriptStarted(x, full, out);
        else if (e instanceof TraceEvent.ScriptCalledCommand x) scriptCalledCommand(x, full, out);
        else if (e instanceof TraceEvent.ScriptLogged x) out.add("  redis.log(" + logLevel(x.level()) + "): " + Describe.printable(x.message()));
        else if (e instanceof TraceEvent.ScriptFinished x) scriptFinished(x, full, out);
    }

    // ---- commands outside the queue -----------------------------------------------------------

    private void commandRan(TraceEvent.CommandRan e, boolean full, List<String> out) {
        String name = name(e.argv());
        boolean error = e.reply() instanceof Reply.Error;
        switch (name) {
            case "multi" -> {
                if (error) {
                    out.add("MULTI inside MULTI is refused, but it does " + p.good("not doom") + " the transaction:"
                            + " the queue is intact.");
                }
                return;
            }
            case "watch" -> {
                if (error && e.inMulti()) {
                    out.add("WATCH inside MULTI is refused (WATCH goes before MULTI), but it does " + p.good("not doom")
                            + " the transaction: the queue is intact.");
                }
                return;
            }
            case "exec" -> {
                if (error && !e.inMulti()) {
                    out.add("There is no transaction to run: " + c(e.client()) + " is not in MULTI."
                            + " EXEC outside MULTI leaves " + c(e.client()) + "'s watches, if any, in place.");
                }
                return;
            }
            case "discard" -> {
                if (error && !e.inMulti()) out.add("There is no transaction to discard: " + c(e.client()) + " is not in MULTI.");
                return;
            }
            case "reset" -> {
                if (e.inMulti()) {
                    out.add("RESET left MULTI: the queue was thrown away without running and every watch was dropped.");
                } else if (full) {
                    out.add("RESET: " + c(e.client()) + " is back on db 0, out of MULTI, watching nothing.");
                }
                return;
            }
            case "unwatch", "quit" -> {
                return; // KeysUnwatched and ClientClosed say what happened
            }
            default -> { }
        }
        if (!error) noOpWrite(e.client(), e.argv(), e.changes(), out);
        if (!full) return;
        if (error) {
            out.add(p.bad("Failed") + " when it ran; a failed command changes nothing.");
        } else {
            out.add("Ran at once (" + c(e.client()) + " is not in MULTI): a single command is always atomic.");
        }
        for (KeyChange change : e.changes()) out.add("  " + change(change, e.argv()));
    }

    private void commandRejected(TraceEvent.CommandRejected e, boolean full, List<String> out) {
        String why = switch (e.why()) {
            case UNKNOWN_COMMAND -> "unknown command";
            case UNKNOWN_SUBCOMMAND -> "unknown subcommand";
            case WRONG_ARITY -> "wrong number of arguments";
            case NOT_ALLOWED_IN_MULTI -> "not allowed inside MULTI";
            case OUT_OF_MEMORY -> "over maxmemory: Redis 7.0 refuses every command inside MULTI then, reads too";
            case NOT_ENOUGH_REPLICAS -> "a write while min-replicas-to-write cannot be met";
            case REFUSED -> "the server refused it: " + Describe.cut(Describe.printable(e.error().message()), 80);
        };
        if (!e.dooms()) {
            if (full) out.add("Refused before running (" + why + "): nothing changed.");
            return;
        }
        out.add("Rejected while queueing (" + why + "): " + c(e.client()) + "'s transaction is now "
                + p.bad("doomed") + ". Later commands still answer QUEUED, but EXEC will answer "
                + p.bad("EXECABORT") + " and run none of them.");
        if (full) {
            out.add("Only the name, the number of arguments and a few policies are checked while queueing.");
            out.add("A runtime error is different: WRONGTYPE, ERR syntax error (SET k v NX XX) or \"not an integer\"");
            out.add("are found when EXEC runs the command; that command fails alone and the others are applied.");
            out.add("DISCARD ends a doomed transaction.");
        }
    }

    // ---- MULTI, the queue and EXEC ----------------------------------------------------------

    private void transactionStarted(TraceEvent.TransactionStarted e, boolean full, List<String> out) {
        out.add(c(e.client()) + " is in MULTI now: its commands are queued, and nothing runs until EXEC.");
        if (!e.watching().isEmpty()) {
            out.add(c(e.client()) + " watches " + keys(e.watching()) + ": EXEC will answer (nil) and run nothing if "
                    + (e.watching().size() == 1 ? "it was" : "any of them was") + " changed since WATCH.");
        }
        if (full) {
            out.add("Queued commands are only checked for a known name and the number of arguments now;");
            out.add("everything else is found when EXEC runs them. Other clients keep running meanwhile.");
            out.add("DISCARD throws the queue away.");
        }
    }

    private void commandQueued(TraceEvent.CommandQueued e, boolean full, List<String> out) {
        if (e.doomed()) {
            out.add("Answered QUEUED, but the transaction is already " + p.bad("doomed") + ": Redis drops this command,"
                    + " and EXEC will answer EXECABORT.");
            return;
        }
        StringBuilder line = new StringBuilder("Queued as #" + e.position() + ", " + p.bad("not run") + " yet");
        List<String> now = new ArrayList<>();
        for (KeyChange current : e.current()) {
            ValueSnapshot value = current.after();
            now.add(k(current.key(), current.db()) + (value == null ? " is still missing" : " is still " + Describe.value(value)));
        }
        if (!now.isEmpty()) line.append(": ").append(Describe.list(now));
        out.add(line.append('.').toString());
        if (full) {
            out.add("Its reply will be entry " + e.position() + " of EXEC's reply. Errors that need the data or the options");
            out.add("(WRONGTYPE, ERR syntax error, not an integer) appear only then, and fail alone.");
        }
    }

    private void execStarted(TraceEvent.ExecStarted e, boolean full, List<String> out) {
        if (e.queued() == 0) {
            out.add("EXEC ran " + c(e.client()) + "'s empty transaction: nothing was queued, so the reply is an empty array.");
            return;
        }
        out.add("EXEC runs " + c(e.client()) + "'s " + Describe.count(e.queued(), "queued command", "queued commands")
                + " in order, back to back: no other client's command runs in between.");
        if (full) {
            out.add("That is the atomicity Redis gives: nothing interleaves. It is not all-or-nothing.");
        }
    }

    private void queuedCommandRan(TraceEvent.QueuedCommandRan e, boolean full, List<String> out) {
        String head = "  #" + e.index() + " " + cmd(e.argv()) + " -> ";
        if (e.reply() instanceof Reply.Error) {
            out.add(head + p.bad("failed at run time") + ": " + Describe.reply(e.reply()).substring("(error) ".length()));
            return;
        }
        List<String> changed = new ArrayList<>();
        for (KeyChange change : e.changes()) if (full || change.changed()) changed.add(change(change, e.argv()));
        out.add(head + Describe.reply(e.reply()) + (changed.isEmpty() ? "" : " (" + String.join(", ", changed) + ")"));
    }

    private void execFinished(TraceEvent.ExecFinished e, boolean full, List<String> out) {
        List<Integer> failed = e.failedIndexes();
        if (e.ran() == 0) return;
        if (failed.isEmpty()) {
            out.add(p.good(e.ran() == 1 ? "Applied." : "All " + e.ran() + " applied."));
        } else if (failed.size() == e.ran()) {
            out.add(p.bad(e.ran() == 1 ? "It failed at run time" : "All " + e.ran() + " failed at run time")
                    + "; the reply array holds each error.");
        } else {
            List<String> numbers = new ArrayList<>();
            for (int i : failed) numbers.add("#" + i);
            int others = e.ran() - failed.size();
            out.add(p.bad("No rollback") + ": " + Describe.list(numbers) + " failed alone; the other "
                    + (others == 1 ? "command stays applied." : others + " commands stay applied."));
        }
        List<KeyChange> shown = new ArrayList<>();
        for (KeyChange change : e.changes()) if (full || !failed.isEmpty() || change.changed()) shown.add(change);
        if (!shown.isEmpty()) {
            out.add("Keys before -> after EXEC:");
            for (KeyChange change : shown) out.add("  " + change(change, writerInBatch(change)));
        }
        if (full) {
            out.add("Redis has no rollback: a command that fails inside EXEC fails alone. Only a rejection");
            out.add("while queueing (unknown command, wrong number of arguments) aborts the whole transaction.");
        }
    }

    private void execAborted(TraceEvent.ExecAborted e, boolean full, List<String> out) {
        String thrownAway = e.discarded() == 0 ? "nothing had been queued"
                : e.discarded() == 1 ? "the command answered QUEUED was thrown away"
                : "the " + e.discarded() + " commands answered QUEUED were thrown away";
        if (e.reason() == TraceEvent.AbortReason.QUEUEING_ERROR) {
            String cause = e.rejectedCommand() == null ? "a command was rejected while queueing"
                    : cmd(e.rejectedCommand()) + " was rejected while queueing"
                            + (e.rejection() == null ? "" : " (" + Describe.cut(Describe.printable(e.rejection().message()), 80) + ")");
            out.add(p.bad("EXECABORT") + ": nothing ran; " + thrownAway + ", because " + cause + ".");
            if (e.touch() != null) {
                out.add("A watched key (" + k(e.touch().key(), e.touch().db()) + ") was touched too, but the queueing error"
                        + " decides the reply.");
            }
            if (full) {
                out.add("Fix that command and send the whole transaction again. Runtime errors (WRONGTYPE, not an");
                out.add("integer, a bad option) would not have aborted EXEC: they fail alone inside it.");
                out.add("EXEC also dropped every watch of " + c(e.client()) + ".");
            }
            return;
        }
        TraceEvent.WatchTouched touch = e.touch();
        String because;
        if (touch == null) {
            because = "a watched key was changed after WATCH (" + NO_TOUCH_DETAILS + ")";
        } else {
            String key = k(touch.key(), touch.db());
            because = switch (touch.cause()) {
                case EXPIRED -> "the watched key " + key + " expired after WATCH";
                case FLUSHED -> by(touch, e.client()) + " deleted the watched key " + key;
                case SWAPPED -> by(touch, e.client()) + " swapped databases under the watched key " + key;
                case EVICTED -> "maxmemory eviction deleted the watched key " + key;
                case WRITE -> by(touch, e.client()) + " touched the watched key " + key + " after WATCH";
            };
        }
        out.add(p.bad("(nil)") + ": EXEC ran nothing; " + thrownAway + ", because " + because + ".");
        var watched = watching.get(e.client());
        String retryKey = watched != null && watched.size() > 1 ? Describe.list(new ArrayList<>(watched.values())) + ", read them"
                : touch == null ? "the keys, read them" : k(touch.key(), touch.db()) + ", read it";
        out.add("Retry: WATCH " + retryKey + " again, MULTI, queue the writes, EXEC;"
                + " repeat while EXEC answers (nil).");
        if (full) {
            out.add("This is optimistic locking: WATCH blocks nobody; EXEC checks that nothing changed and");
            out.add("fails if another client got there first. EXEC dropped every watch of " + c(e.client()) + ".");
        }
    }

    private void transactionDiscarded(TraceEvent.TransactionDiscarded e, boolean full, List<String> out) {
        String queue = e.discarded() == 0 ? "nothing was queued"
                : Describe.count(e.discarded(), "queued command was", "queued commands were") + " thrown away without running";
        out.add("DISCARD: " + queue + "; " + c(e.client()) + " is out of MULTI"
                + (e.unwatched().isEmpty() ? "." : " and no longer watches " + keys(e.unwatched()) + "."));
        if (full) out.add("DISCARD also clears a doomed transaction or a broken watch.");
    }

    // ---- WATCH ------------------------------------------------------------------------------

    private void keysWatched(TraceEvent.KeysWatched e, boolean full, List<String> out) {
        if (e.alreadyDirty()) {
            out.add(c(e.client()) + "'s watch is already " + p.bad("broken") + ", so watching more changes nothing:"
                    + " EXEC will answer (nil). UNWATCH, EXEC or DISCARD starts afresh.");
            return;
        }
        if (e.keys().isEmpty()) {
            out.add(c(e.client()) + " already watches every key named: nothing changes.");
            return;
        }
        boolean one = e.keys().size() == 1;
        out.add(c(e.client()) + " watches " + keys(e.keys(), e.db()) + ": if any client (" + c(e.client()) + " too) changes "
                + (one ? "it" : "one of them") + " before " + c(e.client()) + "'s EXEC, that EXEC answers (nil) and runs nothing.");
        if (full) {
            out.add("WATCH is optimistic locking: it blocks no one. Read the keys now, then MULTI, queue the");
            out.add("writes and EXEC; if EXEC answers (nil), start again from WATCH.");
        }
    }

    private void watchTouched(TraceEvent.WatchTouched e, boolean full, List<String> out) {
        String key = k(e.key(), e.db());
        String consequence = c(e.watcher()) + "'s next EXEC will answer " + p.bad("(nil)") + ".";
        switch (e.cause()) {
            case EXPIRED -> out.add(key + ", which " + c(e.watcher()) + " watches, expired: " + consequence);
            case FLUSHED -> out.add(by(e, e.watcher()) + " deleted " + key + ", which " + c(e.watcher()) + " watches: " + consequence);
            case SWAPPED -> out.add(by(e, e.watcher()) + " swapped the database holding " + key + ", which "
                    + c(e.watcher()) + " watches: " + consequence);
            case EVICTED -> out.add(key + ", which " + c(e.watcher()) + " watches, was evicted to free memory: " + consequence);
            case WRITE -> {
                if (e.byClient() == null) {
                    out.add(key + ", which " + c(e.watcher()) + " watches, was changed: " + consequence);
                } else {
                    out.add(by(e, e.watcher()) + " touched " + key + ", which " + c(e.watcher()) + " watches: " + consequence
                            + (e.byClient().equals(e.watcher()) ? " A client's own write counts too." : ""));
                }
            }
        }
        if (full) {
            out.add("Any write to a watched key counts, even one that leaves the same value; reads never do.");
        }
    }

    /** "B's DECRBY balance 30", or "A's own SET k v" when the watcher did it. */
    private String by(TraceEvent.WatchTouched touch, String watcher) {
        if (touch.byClient() == null) return "the server";
        String who = touch.byClient().equals(watcher) ? c(touch.byClient()) + "'s own" : c(touch.byClient()) + "'s";
        return touch.byCommand() == null ? who + " command" : who + " " + cmd(touch.byCommand());
    }

    // ---- other events -----------------------------------------------------------------------

    private void replyOrderUndefined(TraceEvent.ReplyOrderUndefined e, List<String> out) {
        out.add("This order comes from " + e.structure() + ", which Redis does not define:"
                + " a real server may list the same elements in another order.");
    }

    private void clientWouldBlock(TraceEvent.ClientWouldBlock e, List<String> out) {
        if (e.timeoutMillis() == 0) {
            out.add("Nothing to pop: a real server would block " + c(e.client()) + " until another client pushes,"
                    + " forever if nobody does. The lab cannot wait for a push that has not been typed yet.");
        } else {
            out.add("Nothing to pop: a real server would block " + c(e.client()) + " for up to " + e.timeoutMillis()
                    + " ms waiting for another client's push; the lab lets that time pass and answers what the"
                    + " client gets when it runs out. Inside MULTI a blocking command never waits.");
        }
    }

    private void messageDelivered(TraceEvent.MessageDelivered e, List<String> out) {
        List<String> parts = new ArrayList<>();
        if (e.message() instanceof Reply.Push p) for (Reply r : p.elements()) parts.add(Describe.reply(r));
        else parts.add(Describe.reply(e.message()));
        out.add(c(e.client()) + " receives [" + String.join(", ", parts) + "]: a message pushed to it, not a reply"
                + " to anything it sent.");
    }

    private void clientBlocked(TraceEvent.ClientBlocked e, List<String> out) {
        String what = e.keys().isEmpty() ? "replicas that the lab does not have" : "a push to " + keys(e.keys());
        out.add(c(e.client()) + " is blocked: it waits for " + what
                + (e.timeoutMillis() == 0 ? ", forever if need be" : ", for up to " + e.timeoutMillis() + " ms")
                + ". Other clients go on meanwhile; nothing else " + c(e.client()) + " sent runs until it is answered.");
    }

    private void clientUnblocked(TraceEvent.ClientUnblocked e, List<String> out) {
        if (e.by() == null) {
            out.add(c(e.client()) + "'s " + name(e.argv()).toUpperCase(java.util.Locale.ROOT) + " timed out: "
                    + Describe.reply(e.reply()) + ".");
        } else {
            out.add(c(e.client()) + " was waiting and is served first come, first served: " + c(e.by())
                    + "'s command filled " + e.key() + ", so " + c(e.client()) + "'s "
                    + name(e.argv()).toUpperCase(java.util.Locale.ROOT) + " answers " + Describe.reply(e.reply()) + ".");
        }
    }

    private void clientClosed(TraceEvent.ClientClosed e, List<String> out) {
        List<String> lost = new ArrayList<>();
        if (e.discardedQueue() > 0) {
            lost.add("its " + Describe.count(e.discardedQueue(), "queued command was", "queued commands were") + " dropped without running");
        }
        if (!e.droppedWatches().isEmpty()) lost.add("its watches on " + keys(e.droppedWatches()) + " are gone");
        out.add(c(e.client()) + "'s connection closed" + (lost.isEmpty() ? "" : ": " + String.join(" and ", lost))
                + ". A new connection starts with no transaction and no watches.");
    }

    // ---- scripts ----------------------------------------------------------------------------

    private void scriptStarted(TraceEvent.ScriptStarted e, boolean full, List<String> out) {
        out.add(unit(e.sha(), true) + (e.readOnly() ? " (read-only)" : "")
                + " runs as one unit: no other client's command runs until it ends.");
        if (e.sha() != null && e.sha().startsWith(FUNCTION)) {
            out.add("FCALL shares everything that matters for atomicity with EVAL (one unit, no rollback: writes"
                    + " before an error stay); what differs is that the function is named, loaded once, kept with the"
                    + " data (RDB, replicas; SCRIPT FLUSH keeps it) and declares its flags.");
        }
        if (full) out.add("KEYS = " + words(e.keys()) + ", ARGV = " + words(e.args()));
    }

    private void scriptCalledCommand(TraceEvent.ScriptCalledCommand e, boolean full, List<String> out) {
        String call = e.protectedCall() ? "redis.pcall" : "redis.call";
        String head = "  line " + e.line() + ": " + call + " " + cmd(e.argv()) + " -> ";
        if (e.reply() instanceof Reply.Error error) {
            String message = Describe.cut(Describe.printable(error.message()), 100);
            out.add(head + p.bad("error") + " " + message + (e.protectedCall()
                    ? " (returned to the script as a value; it goes on)"
                    : " (raised as a Lua error: the script stops unless it catches it)"));
            return;
        }
        List<String> changed = new ArrayList<>();
        for (KeyChange change : e.changes()) if (full || change.changed()) changed.add(change(change, e.argv()));
        out.add(head + Describe.reply(e.reply()) + (changed.isEmpty() ? "" : " (" + String.join(", ", changed) + ")"));
    }

    private void scriptFinished(TraceEvent.ScriptFinished e, boolean full, List<String> out) {
        boolean killed = e.reply() instanceof Reply.Error err && err.message().contains("killed by user");
        if (e.timedOut() && killed) {
            out.add("You " + p.bad("stopped") + " " + unit(e.sha(), false) + " (Ctrl-C), as SCRIPT KILL would on a real Redis (FUNCTION KILL for a function)."
                    + " Redis refuses SCRIPT KILL once a script has written (UNKILLABLE): only SHUTDOWN NOSAVE stops it then.");
        } else if (e.timedOut()) {
            out.add("The lab " + p.bad("stopped") + " " + unit(e.sha(), false) + " because it ran too long. A real Redis"
                    + " keeps it running: past busy-reply-threshold every other client (B> GET k) gets \"BUSY Redis is busy"
                    + " running a script. You can only call " + (isFunction(e.sha()) ? "FUNCTION" : "SCRIPT") + " KILL or"
                    + " SHUTDOWN NOSAVE.\", until that KILL stops it (refused with UNKILLABLE once it has written: then only"
                    + " SHUTDOWN NOSAVE). txlab serve behaves so.");
        } else if (e.failed()) {
            out.add(unit(e.sha(), true) + " " + p.bad("failed") + (e.written().isEmpty()
                    ? "; it had written nothing."
                    : ". " + p.bad("No rollback") + ": what it wrote before the error stays written:"));
        } else if (!e.written().isEmpty()) {
            out.add(unit(e.sha(), true) + " ended; its writes were applied as one unit:");
        } else if (full) {
            out.add(unit(e.sha(), true) + " ended without writing.");
        }
        if (e.timedOut() && !e.written().isEmpty()) out.add("What it wrote stays written:");
        for (KeyChange change : e.written()) out.add("  " + change(change));
        if (full && (e.failed() || e.timedOut())) {
            out.add("Like EXEC, a script is atomic (nothing interleaves with it) but not all-or-nothing.");
        }
    }

    private static String logLevel(int level) {
        return switch (level) {
            case 0 -> "DEBUG";
            case 1 -> "VERBOSE";
            case 2 -> "NOTICE";
            case 3 -> "WARNING";
            default -> "level " + level;
        };
    }

    // ---- pieces -----------------------------------------------------------------------------

    private String c(String client) { return p.client(client); }

    private String k(Key key, int db) { return p.key(Describe.key(key)) + (db != 0 ? " (db " + db + ")" : ""); }

    private String keys(List<Key> keys) { return keys(keys, 0); }

    private String keys(List<Key> keys, int db) {
        List<String> names = new ArrayList<>();
        for (Key key : keys) names.add(p.key(Describe.key(key)));
        return Describe.list(names) + (db != 0 ? " (db " + db + ")" : "");
    }

    private String cmd(List<byte[]> argv) { return p.command(Describe.command(argv)); }

    private String change(KeyChange change) { return change(change, null); }

    /**
     * "k: 1 -> 2"; for a value that stayed the same, whether it was written anyway (a watch on
     * it breaks: lesson 6's same-value SET) or not written at all (a watch on it holds).
     */
    private String change(KeyChange change, List<byte[]> argv) {
        String text = Describe.change(change);
        String name = Describe.key(change.key());
        if (!change.changed() && text.endsWith(" (unchanged)")) {
            String base = text.substring(0, text.length() - " (unchanged)".length());
            if (touchedNow(change)) {
                text = base + " (same value, but written: watches on it break)";
            } else if (argv != null && writes(argv, change.key())) {
                List<String> holders = watchersOf(change);
                text = base + (holders.isEmpty() ? " (same value)" : " (nothing written: " + Describe.list(holders) + "'s watch holds)");
            }
        }
        return p.key(name) + text.substring(name.length());
    }

    /** After a write command that changed nothing of a key a client watches: the watch still holds. */
    private void noOpWrite(String client, List<byte[]> argv, List<KeyChange> changes, List<String> out) {
        for (KeyChange change : changes) {
            if (change.changed() || touchedNow(change) || !writes(argv, change.key())) continue;
            List<String> holders = watchersOf(change);
            if (holders.isEmpty()) continue;
            out.add(c(client) + "'s " + cmd(argv) + " changed nothing, so it wrote nothing: " + Describe.list(holders)
                    + "'s watch on " + k(change.key(), change.db()) + " still holds.");
        }
    }

    /** The queued command of this EXEC that wrote the key, or null. */
    private List<byte[]> writerInBatch(KeyChange change) {
        for (TraceEvent e : batch) {
            if (e instanceof TraceEvent.QueuedCommandRan q && !(q.reply() instanceof Reply.Error) && writes(q.argv(), change.key())) {
                return q.argv();
            }
        }
        return null;
    }

    private boolean touchedNow(KeyChange change) {
        for (TraceEvent e : batch) {
            if (e instanceof TraceEvent.WatchTouched t && t.db() == change.db() && t.key().equals(change.key())) return true;
        }
        return false;
    }

    private List<String> watchersOf(KeyChange change) {
        List<String> out = new ArrayList<>();
        String id = change.db() + ":" + Describe.key(change.key());
        List<String> clients = new ArrayList<>(watching.keySet());
        java.util.Collections.sort(clients);
        for (String client : clients) if (watching.get(client).containsKey(id)) out.add(c(client));
        return out;
    }

    /**
     * Whether the command line is a write that names this key as one it changes, as the command
     * table's key specs say (the same table WATCH bookkeeping and COMMAND GETKEYS read).
     */
    private static boolean writes(List<byte[]> argv, Key key) {
        var spec = dev.txlab.engine.table.CommandTable.standard().lookup(argv).spec();
        if (spec == null || !spec.has(dev.txlab.engine.table.Flag.WRITE)) return false;
        for (var ref : dev.txlab.engine.table.KeyFinder.find(spec, argv)) {
            var f = ref.flags();
            boolean changes = f.contains(dev.txlab.engine.table.KeySpec.KeyFlag.RW) || f.contains(dev.txlab.engine.table.KeySpec.KeyFlag.OW)
                    || f.contains(dev.txlab.engine.table.KeySpec.KeyFlag.RM);
            if (changes && ref.position() < argv.size() && java.util.Arrays.equals(argv.get(ref.position()), key.bytes())) return true;
        }
        return false;
    }

    /** How the engine names a function in script events (see Scripting.traceName). */
    private static final String FUNCTION = "function ";

    private static boolean isFunction(String sha) { return sha != null && sha.startsWith(FUNCTION); }

    /** "Script 1b2c3d4e" for an EVAL script, "Function NAME" for FCALL's. */
    private static String unit(String sha, boolean capital) {
        if (sha != null && sha.startsWith(FUNCTION)) return (capital ? "Function " : "function ") + sha.substring(FUNCTION.length());
        return (capital ? "Script " : "script ") + sha(sha);
    }

    private static String sha(String sha) { return sha == null ? "?" : sha.length() > 8 ? sha.substring(0, 8) : sha; }

    private static String words(List<byte[]> args) {
        List<String> out = new ArrayList<>();
        for (byte[] a : args) out.add(Describe.word(a));
        return "[" + String.join(", ", out) + "]";
    }

    private static String name(List<byte[]> argv) {
        return argv.isEmpty() ? "" : new String(argv.get(0), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }
}
