package dev.txlab.shell;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One connection to a real server as its own replies show it: whether it is in MULTI, what it
 * queued, what doomed the transaction, which keys it watches and on which database. From each
 * command and its reply it derives the trace events the engine would have emitted, as far as a
 * client can tell: no key values before or after, and no word on who touched a watched key.
 *
 * <p>The rules are Redis 7.0's processCommand: inside MULTI every command except EXEC, DISCARD,
 * MULTI, WATCH, QUIT and RESET is either answered QUEUED or rejected, and a rejection dooms the
 * transaction. No I/O happens here, so the rules can be tested without a server.
 */
final class ObservedClient {
    /** How EXEC answers when it was itself rejected (EXEC with arguments, OOM ...): the reason follows. */
    static final String EXECABORT_BECAUSE_OF = "EXECABORT Transaction discarded because of: ";

    private record WatchedKey(int db, Key key) {}

    final String label;
    private int db;
    private boolean inMulti;
    /** Every command answered QUEUED since MULTI, in order: EXEC's reply array follows it. */
    private final List<List<byte[]>> queued = new ArrayList<>();
    private Reply.Error doomedBy;
    private List<byte[]> doomedCommand;
    private final Set<WatchedKey> watching = new LinkedHashSet<>();
    /** The server flagged the connection's watch as touched (CLIENT LIST flag d); see {@link #watchTouched(boolean)}. */
    private boolean watchTouched;

    ObservedClient(String label, int db) {
        this.label = label;
        this.db = db;
    }

    Backend.ClientState state() {
        List<Key> keys = new ArrayList<>();
        for (WatchedKey wk : watching) keys.add(wk.key());
        return new Backend.ClientState(label, db, inMulti, queued.size(), keys, watchTouched, doomedBy, doomedCommand);
    }

    boolean watchesKeys() { return !watching.isEmpty(); }

    /**
     * What the server says about the watch, from CLIENT LIST. A touched client stops watching, as
     * in Redis 7.0 (it cannot become more touched), until EXEC, DISCARD or UNWATCH clears it.
     * Returns the event to show when the watch has just been found touched and only one key was
     * watched, so the key is certain; the server does not say who touched it, or how.
     */
    Optional<TraceEvent.WatchTouched> watchTouched(boolean touched) {
        if (!touched || watching.isEmpty()) return Optional.empty();
        WatchedKey only = watching.size() == 1 ? watching.iterator().next() : null;
        watchTouched = true;
        watching.clear();
        if (only == null) return Optional.empty();
        return Optional.of(new TraceEvent.WatchTouched(label, only.db(), only.key(), TraceEvent.TouchCause.WRITE, null, null));
    }

    /** The connection went away: whatever it queued or watched went with it. */
    TraceEvent.ClientClosed closed() {
        TraceEvent.ClientClosed event = new TraceEvent.ClientClosed(label, queued.size(), watchedKeys());
        clearTransaction();
        return event;
    }

    /**
     * The events one command and its reply imply, in the order the engine emits them; updates
     * the state. Unexpected replies (a server that is not Redis) never throw: they are simply
     * taken as the reply of a command that ran.
     */
    private static boolean runsAtOnceInMulti(List<byte[]> argv) {
        CommandSpec spec = CommandTable.standard().lookup(argv).spec();
        return spec != null && spec.runsAtOnceInMulti();
    }

    List<TraceEvent> observe(List<byte[]> argv, Reply reply) {
        String name = new String(argv.get(0), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        List<TraceEvent> events = new ArrayList<>();
        boolean wasInMulti = inMulti;

        if (wasInMulti && !runsAtOnceInMulti(argv)) {
            if (reply instanceof Reply.Simple s && s.text().equals("QUEUED")) {
                queued.add(argv);
                events.add(new TraceEvent.CommandQueued(label, argv, queued.size(), doomedBy != null, List.of()));
            } else if (reply instanceof Reply.Error error) {
                events.add(new TraceEvent.CommandRejected(label, argv, error, rejection(error), true));
                if (doomedBy == null) {
                    doomedBy = error;
                    doomedCommand = argv;
                }
            } else {
                events.add(ran(argv, reply, true));
            }
            return events;
        }

        if (reply instanceof Reply.Error error) {
            if (name.equals("exec") && error.message().startsWith(EXECABORT_BECAUSE_OF)) {
                // EXEC itself was rejected: Redis discards the transaction, watches included.
                events.add(new TraceEvent.CommandRejected(label, argv, error, rejection(error), false));
                if (wasInMulti) {
                    events.add(new TraceEvent.ExecAborted(label, TraceEvent.AbortReason.QUEUEING_ERROR, queued.size(),
                            error, argv, null));
                }
                clearTransaction();
                return events;
            }
            TraceEvent.Rejection why = rejection(error);
            if (why != null && why != TraceEvent.Rejection.REFUSED) {
                events.add(new TraceEvent.CommandRejected(label, argv, error, why, false));
                return events;
            }
        }

        switch (name) {
            case "multi" -> {
                if (!wasInMulti && isOk(reply)) {
                    inMulti = true;
                    events.add(new TraceEvent.TransactionStarted(label, watchedKeys()));
                }
            }
            case "exec" -> {
                if (wasInMulti) events.addAll(exec(reply));
            }
            case "discard" -> {
                if (wasInMulti && isOk(reply)) {
                    events.add(new TraceEvent.TransactionDiscarded(label, queued.size(), watchedKeys()));
                    clearTransaction();
                }
            }
            case "watch" -> {
                if (!wasInMulti && isOk(reply)) events.add(watch(argv));
            }
            case "unwatch" -> {
                if (isOk(reply)) {
                    List<Key> keys = watchedKeys();
                    watching.clear();
                    watchTouched = false;
                    if (!keys.isEmpty()) events.add(new TraceEvent.KeysUnwatched(label, keys));
                }
            }
            case "select" -> {
                if (isOk(reply) && argv.size() == 2) db = parseDb(argv.get(1), db);
            }
            case "reset" -> {
                if (reply instanceof Reply.Simple s && s.text().equals("RESET")) {
                    clearTransaction();
                    db = 0;
                }
            }
            default -> { }
        }
        events.add(ran(argv, reply, wasInMulti));
        if (name.equals("quit") && isOk(reply)) events.add(closed());
        return events;
    }

    private List<TraceEvent> exec(Reply reply) {
        List<TraceEvent> events = new ArrayList<>();
        if (reply instanceof Reply.Array array) {
            List<Reply> replies = array.elements();
            events.add(new TraceEvent.ExecStarted(label, replies.size()));
            List<Integer> failed = new ArrayList<>();
            for (int i = 0; i < replies.size(); i++) {
                List<byte[]> command = i < queued.size() ? queued.get(i) : List.of();
                Reply r = replies.get(i);
                if (r instanceof Reply.Error) failed.add(i + 1);
                events.add(new TraceEvent.QueuedCommandRan(label, i + 1, command, r, List.of()));
                // A SELECT inside the transaction moves the connection when EXEC runs it.
                if (command.size() == 2 && isOk(r)
                        && new String(command.get(0), StandardCharsets.ISO_8859_1).equalsIgnoreCase("select")) {
                    db = parseDb(command.get(1), db);
                }
            }
            events.add(new TraceEvent.ExecFinished(label, replies.size(), failed, List.of()));
        } else if (reply instanceof Reply.NullArray || reply instanceof Reply.NullBulk) { // RESP3 has one null
            // The server does not say which key was touched, by whom, or whether it expired.
            events.add(new TraceEvent.ExecAborted(label, TraceEvent.AbortReason.WATCHED_KEY_TOUCHED, queued.size(),
                    null, null, null));
        } else if (reply instanceof Reply.Error error && error.code().equals("EXECABORT")) {
            events.add(new TraceEvent.ExecAborted(label, TraceEvent.AbortReason.QUEUEING_ERROR, queued.size(),
                    doomedBy, doomedCommand, null));
        }
        clearTransaction(); // however EXEC answered inside MULTI, the transaction and its watches are over
        return events;
    }

    private TraceEvent watch(List<byte[]> argv) {
        if (watchTouched) return new TraceEvent.KeysWatched(label, db, List.of(), true);
        List<Key> added = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            Key key = Key.of(argv.get(i));
            if (watching.add(new WatchedKey(db, key))) added.add(key);
        }
        return new TraceEvent.KeysWatched(label, db, added, false);
    }

    private TraceEvent ran(List<byte[]> argv, Reply reply, boolean inMultiWhenSent) {
        return new TraceEvent.CommandRan(label, db, argv, reply, inMultiWhenSent, List.of());
    }

    /** Leaves MULTI and drops the queue, the doom and every watch (Redis's discardTransaction). */
    private void clearTransaction() {
        inMulti = false;
        queued.clear();
        doomedBy = null;
        doomedCommand = null;
        watching.clear();
        watchTouched = false;
    }

    private List<Key> watchedKeys() {
        List<Key> keys = new ArrayList<>();
        for (WatchedKey wk : watching) keys.add(wk.key());
        return keys;
    }

    private static boolean isOk(Reply reply) {
        return reply instanceof Reply.Simple s && s.text().equals("OK");
    }

    private static int parseDb(byte[] arg, int otherwise) {
        try {
            return Integer.parseInt(new String(arg, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /**
     * Why processCommand refused a command, read from its error. Inside MULTI every error is a
     * refusal, and one without a recognisable text (ACL, read-only replica, loading ...) is
     * {@code REFUSED}; outside MULTI such an error is taken as the command's own runtime error.
     */
    static TraceEvent.Rejection rejection(Reply.Error error) {
        String m = error.message();
        if (m.startsWith(EXECABORT_BECAUSE_OF)) m = "ERR " + m.substring(EXECABORT_BECAUSE_OF.length());
        if (m.startsWith("ERR unknown command")) return TraceEvent.Rejection.UNKNOWN_COMMAND;
        if (m.startsWith("ERR unknown subcommand")) return TraceEvent.Rejection.UNKNOWN_SUBCOMMAND;
        if (m.startsWith("ERR wrong number of arguments")) return TraceEvent.Rejection.WRONG_ARITY;
        if (m.startsWith("ERR Command not allowed inside a transaction")) return TraceEvent.Rejection.NOT_ALLOWED_IN_MULTI;
        if (m.startsWith("OOM ")) return TraceEvent.Rejection.OUT_OF_MEMORY;
        if (m.startsWith("NOREPLICAS ")) return TraceEvent.Rejection.NOT_ENOUGH_REPLICAS;
        return TraceEvent.Rejection.REFUSED;
    }
}
