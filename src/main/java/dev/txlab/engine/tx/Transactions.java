package dev.txlab.engine.tx;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Engine;
import dev.txlab.engine.KeySnapshots;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.Flag;
import dev.txlab.engine.tx.TransactionState.QueuedCommand;
import dev.txlab.engine.tx.TransactionState.WatchedKey;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.KeyChange;
import dev.txlab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH: all transaction logic in one unit, as Redis keeps it
 * in multi.c. The dispatcher calls {@link #queue} and {@link #flagTransaction}; every key
 * modification reaches {@link #touchWatchedKey}.
 */
public final class Transactions {
    private final Engine engine;
    /** (db, key) to the clients watching it, Redis's db->watched_keys. */
    private final Map<WatchedKey, Set<ClientSession>> watchers = new HashMap<>();

    public Transactions(Engine engine) { this.engine = engine; }

    /** The transaction commands' table rows; each runs on its engine's Transactions. */
    public static List<Binding> bindings() {
        return List.of(
                bind("multi", ctx -> ctx.engine().transactions().multi(ctx))
                        .teaching("Starts a transaction: later commands are queued until EXEC").runsAtOnceInMulti(),
                bind("exec", ctx -> ctx.engine().transactions().exec(ctx))
                        .teaching("Runs every queued command, back to back").runsAtOnceInMulti(),
                bind("discard", ctx -> ctx.engine().transactions().discard(ctx))
                        .teaching("Throws the queue away and drops all watches").runsAtOnceInMulti(),
                bind("watch", ctx -> ctx.engine().transactions().watch(ctx))
                        .teaching("Makes the next EXEC fail if any of these keys is modified first").runsAtOnceInMulti(),
                bind("unwatch", ctx -> ctx.engine().transactions().unwatch(ctx))
                        .teaching("Forgets all watched keys"));
    }

    // ---- called by the dispatcher -------------------------------------------------------

    /** Queues a command inside MULTI; a doomed or dirty transaction answers QUEUED but stores nothing. */
    public Reply queue(ClientSession session, CommandSpec spec, List<byte[]> argv) {
        TransactionState tx = session.transaction();
        boolean stored = !tx.dirtyExec && !tx.dirtyCas;
        if (stored) tx.queue.add(new QueuedCommand(spec, argv));
        tx.acceptedCount++;
        if (engine.tracer().enabled()) {
            List<KeyChange> current = engine.snapshotKeys(session, spec, argv).changes(engine);
            engine.tracer().emit(new TraceEvent.CommandQueued(session.label(), argv, tx.acceptedCount,
                    tx.dirtyExec, current));
        }
        return Reply.QUEUED;
    }

    /** A command was rejected while queueing: EXEC will answer EXECABORT. */
    public void flagTransaction(ClientSession session, Reply.Error error, List<byte[]> argv) {
        TransactionState tx = session.transaction();
        if (!tx.inMulti) return;
        if (!tx.dirtyExec) {
            tx.doomedBy = error;
            tx.doomedByCommand = argv;
        }
        tx.dirtyExec = true;
    }

    // ---- the commands -------------------------------------------------------------------

    private Reply multi(CommandContext ctx) {
        TransactionState tx = ctx.session().transaction();
        if (tx.inMulti) return Errors.MULTI_NESTED; // an error, but it does not doom the transaction
        tx.inMulti = true;
        if (engine.tracer().enabled()) {
            engine.tracer().emit(new TraceEvent.TransactionStarted(ctx.session().label(), watchedKeys(ctx.session())));
        }
        return Reply.OK;
    }

    private Reply exec(CommandContext ctx) {
        ClientSession session = ctx.session();
        TransactionState tx = session.transaction();
        if (!tx.inMulti) return Errors.EXEC_WITHOUT_MULTI; // watches are kept
        if (tx.touchedBy == null) {
            WatchTouch expired = expiredWatchedKey(session);
            if (expired != null) {
                tx.dirtyCas = true;
                tx.touchedBy = expired;
            }
        }
        if (tx.dirtyExec || tx.dirtyCas) {
            // A queue-time error wins over a touched watch.
            Reply reply = tx.dirtyExec ? Errors.EXECABORT_PREVIOUS_ERRORS : Reply.NIL_ARRAY;
            if (engine.tracer().enabled()) {
                WatchTouch t = tx.touchedBy;
                engine.tracer().emit(new TraceEvent.ExecAborted(session.label(),
                        tx.dirtyExec ? TraceEvent.AbortReason.QUEUEING_ERROR : TraceEvent.AbortReason.WATCHED_KEY_TOUCHED,
                        tx.acceptedCount, tx.doomedBy, tx.doomedByCommand,
                        t == null ? null : touchEvent(session.label(), t)));
            }
            discardTransaction(session);
            return reply;
        }
        // Unwatch first, so the transaction's own writes cannot dirty it.
        unwatchAllKeys(session);
        List<QueuedCommand> queued = List.copyOf(tx.queue);
        boolean tracing = engine.tracer().enabled();
        if (tracing) engine.tracer().emit(new TraceEvent.ExecStarted(session.label(), queued.size()));
        List<Reply> replies = new ArrayList<>(queued.size());
        int startProtocol = session.protocol();
        List<Integer> protocols = null; // each reply's protocol, once a queued HELLO switched it
        List<Integer> failed = new ArrayList<>();
        Map<Key, KeyChange> overall = new java.util.LinkedHashMap<>();
        for (int i = 0; i < queued.size(); i++) {
            QueuedCommand q = queued.get(i);
            KeySnapshots before = engine.snapshotKeys(session, q.spec(), q.argv());
            // ACL rules are checked again here, in case they changed after the command was queued
            dev.txlab.engine.acl.AccessControl.Denial denied = engine.acl().check(session.aclUser(), q.spec(), q.argv());
            Reply reply;
            if (denied != null) {
                engine.acl().logDenial(session, session, denied, dev.txlab.engine.acl.AccessControl.Context.MULTI,
                        q.spec(), q.argv());
                reply = denied.execError();
            } else {
                reply = engine.call(session, q.spec(), q.argv());
            }
            replies.add(reply);
            int protocol = session.protocol(); // a HELLO's own reply is in the protocol it chose
            if (protocols == null && protocol != startProtocol) protocols = new ArrayList<>(Collections.nCopies(i, startProtocol));
            if (protocols != null) protocols.add(protocol);
            if (reply instanceof Reply.Error) failed.add(i + 1);
            if (tracing) {
                List<KeyChange> changes = before.changes(engine);
                for (KeyChange c : changes) {
                    KeyChange first = overall.get(c.key());
                    overall.put(c.key(), new KeyChange(c.db(), c.key(), first == null ? c.before() : first.before(), c.after()));
                }
                engine.tracer().emit(new TraceEvent.QueuedCommandRan(session.label(), i + 1, q.argv(),
                        protocol == 2 ? reply.resp2() : reply, changes));
            }
        }
        discardTransaction(session);
        if (tracing) {
            engine.tracer().emit(new TraceEvent.ExecFinished(session.label(), queued.size(), failed,
                    List.copyOf(overall.values())));
        }
        return Reply.array(protocols == null ? replies : inTheirProtocols(replies, protocols, session.protocol()));
    }

    /**
     * Redis writes each queued command's reply into the client's buffer as it runs, so after a
     * queued HELLO 3 the replies before it are RESP2 and the rest RESP3, inside one array. The
     * ones a RESP2 client got are fixed in their RESP2 form here; the array goes out in the final
     * protocol. (The other way, HELLO 2 after RESP3, the earlier replies are flattened with the
     * rest: a RESP2 array cannot carry a RESP3 element in this model.)
     */
    private static List<Reply> inTheirProtocols(List<Reply> replies, List<Integer> protocols, int finalProtocol) {
        List<Reply> out = new ArrayList<>(replies.size());
        for (int i = 0; i < replies.size(); i++) {
            out.add(protocols.get(i) == 2 && finalProtocol == 3 ? replies.get(i).resp2() : replies.get(i));
        }
        return out;
    }

    private Reply discard(CommandContext ctx) {
        ClientSession session = ctx.session();
        TransactionState tx = session.transaction();
        if (!tx.inMulti) return Errors.DISCARD_WITHOUT_MULTI;
        int discarded = tx.acceptedCount;
        List<Key> unwatched = watchedKeys(session);
        discardTransaction(session);
        if (engine.tracer().enabled()) {
            engine.tracer().emit(new TraceEvent.TransactionDiscarded(session.label(), discarded, unwatched));
        }
        return Reply.OK;
    }

    private Reply watch(CommandContext ctx) {
        ClientSession session = ctx.session();
        TransactionState tx = session.transaction();
        if (tx.inMulti) return Errors.WATCH_INSIDE_MULTI; // refused, but the transaction is not doomed
        List<Key> keys = new ArrayList<>();
        if (!tx.dirtyCas) { // a dirty client stays dirty: watching more changes nothing
            for (int i = 1; i < ctx.argc(); i++) {
                Key key = ctx.key(i);
                WatchedKey wk = new WatchedKey(session.db(), key);
                if (tx.watched.containsKey(wk)) continue;
                tx.watched.put(wk, ctx.db().isStored(key) && ctx.db().isExpired(key));
                watchers.computeIfAbsent(wk, k -> new LinkedHashSet<>()).add(session);
                keys.add(key);
            }
        }
        if (engine.tracer().enabled()) {
            engine.tracer().emit(new TraceEvent.KeysWatched(session.label(), session.db(), keys, tx.dirtyCas));
        }
        return Reply.OK;
    }

    private Reply unwatch(CommandContext ctx) {
        ClientSession session = ctx.session();
        List<Key> keys = watchedKeys(session);
        unwatchAllKeys(session);
        TransactionState tx = session.transaction();
        tx.dirtyCas = false;
        tx.touchedBy = null;
        if (engine.tracer().enabled() && !keys.isEmpty()) {
            engine.tracer().emit(new TraceEvent.KeysUnwatched(session.label(), keys));
        }
        return Reply.OK;
    }

    // ---- state changes ------------------------------------------------------------------

    /** Leaves MULTI, dropping the queue, both dirty flags and every watch (Redis's discardTransaction). */
    public void discardTransaction(ClientSession session) {
        TransactionState tx = session.transaction();
        tx.inMulti = false;
        tx.queue.clear();
        tx.acceptedCount = 0;
        tx.dirtyExec = false;
        tx.dirtyCas = false;
        tx.doomedBy = null;
        tx.doomedByCommand = null;
        tx.touchedBy = null;
        unwatchAllKeys(session);
    }

    private void unwatchAllKeys(ClientSession session) {
        TransactionState tx = session.transaction();
        for (WatchedKey wk : tx.watched.keySet()) {
            Set<ClientSession> set = watchers.get(wk);
            if (set != null) {
                set.remove(session);
                if (set.isEmpty()) watchers.remove(wk);
            }
        }
        tx.watched.clear();
    }

    /** The union of the stored queued commands' flags: what EXEC is judged by. */
    public Set<Flag> queuedFlags(ClientSession session) {
        Set<Flag> flags = java.util.EnumSet.noneOf(Flag.class);
        for (QueuedCommand q : session.transaction().queue) flags.addAll(q.spec().flags());
        return flags;
    }

    /** The keys a client watches now. */
    public List<Key> watchedKeys(ClientSession session) {
        List<Key> keys = new ArrayList<>();
        for (WatchedKey wk : session.transaction().watched.keySet()) keys.add(wk.key());
        return keys;
    }

    /**
     * A key was modified: every client watching it becomes dirty, and (as in 7.0) stops watching
     * anything, since it cannot become more dirty. A watch taken on a key that had already
     * expired is spared when that stale key is finally deleted: logically nothing changed.
     */
    public void touchWatchedKey(Database db, Key key, Database.Modification cause, String byClient, List<byte[]> byCommand) {
        if (watchers.isEmpty()) return;
        WatchedKey wk = new WatchedKey(db.index(), key);
        Set<ClientSession> clients = watchers.get(wk);
        if (clients == null) return;
        for (ClientSession client : List.copyOf(clients)) {
            TransactionState tx = client.transaction();
            Boolean expiredAtWatch = tx.watched.get(wk);
            if (Boolean.TRUE.equals(expiredAtWatch)) {
                if (!db.isStored(key)) tx.watched.put(wk, false); // the stale key is gone: no change
                continue;
            }
            WatchTouch touch = new WatchTouch(db.index(), key, cause, byClient, byCommand);
            tx.dirtyCas = true;
            tx.touchedBy = touch;
            unwatchAllKeys(client);
            if (engine.tracer().enabled()) engine.tracer().emit(touchEvent(client.label(), touch));
        }
    }

    /**
     * Redis's touchAllWatchedKeysInDb, for FLUSH-like and SWAPDB changes: every key watched in
     * {@code emptied} that exists there or in {@code replacedWith} (null for a flush) is touched,
     * except where the only key involved was already stale.
     */
    public void touchAllWatchedKeysInDb(Database emptied, Database replacedWith, String byClient, List<byte[]> byCommand) {
        for (WatchedKey wk : List.copyOf(watchers.keySet())) {
            if (wk.db() != emptied.index()) continue;
            Key key = wk.key();
            boolean existsInEmptied = emptied.isStored(key);
            boolean existsInReplacement = replacedWith != null && replacedWith.isStored(key);
            if (!existsInEmptied && !existsInReplacement) continue;
            Set<ClientSession> clients = watchers.get(wk);
            if (clients == null) continue;
            for (ClientSession client : List.copyOf(clients)) {
                TransactionState tx = client.transaction();
                Boolean expiredAtWatch = tx.watched.get(wk);
                if (expiredAtWatch == null) continue;
                if (expiredAtWatch) {
                    if (!existsInReplacement) {
                        tx.watched.put(wk, false);
                        continue;
                    } else if (replacedWith.isExpired(key)) {
                        continue;
                    }
                } else if (!existsInEmptied && replacedWith.isExpired(key)) {
                    // A missing key replaced by one already past its time: logically still
                    // missing, so the watch now counts as taken on an expired key, and EXEC's
                    // expiry check must not abort for it.
                    tx.watched.put(wk, true);
                    continue;
                }
                WatchTouch touch = new WatchTouch(wk.db(), key,
                        replacedWith == null ? Database.Modification.FLUSHED : Database.Modification.SWAPPED, byClient, byCommand);
                tx.dirtyCas = true;
                tx.touchedBy = touch;
                unwatchAllKeys(client);
                if (engine.tracer().enabled()) engine.tracer().emit(touchEvent(client.label(), touch));
            }
        }
    }

    /** EXEC's own check: a watched key (live when watched) that has logically expired since. */
    private WatchTouch expiredWatchedKey(ClientSession session) {
        for (Map.Entry<WatchedKey, Boolean> e : session.transaction().watched.entrySet()) {
            if (e.getValue()) continue;
            WatchedKey wk = e.getKey();
            Database db = engine.database(wk.db());
            if (db.isStored(wk.key()) && db.isExpired(wk.key())) {
                WatchTouch touch = new WatchTouch(wk.db(), wk.key(), Database.Modification.EXPIRED, null, null);
                if (engine.tracer().enabled()) engine.tracer().emit(touchEvent(session.label(), touch));
                return touch;
            }
        }
        return null;
    }

    private static TraceEvent.WatchTouched touchEvent(String watcher, WatchTouch t) {
        TraceEvent.TouchCause cause = switch (t.cause()) {
            case WRITE -> TraceEvent.TouchCause.WRITE;
            case EXPIRED -> TraceEvent.TouchCause.EXPIRED;
            case FLUSHED -> TraceEvent.TouchCause.FLUSHED;
            case SWAPPED -> TraceEvent.TouchCause.SWAPPED;
            case EVICTED -> TraceEvent.TouchCause.EVICTED;
        };
        return new TraceEvent.WatchTouched(watcher, t.db(), t.key(), cause, t.byClient(), t.byCommand());
    }
}
