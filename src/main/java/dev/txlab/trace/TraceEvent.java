package dev.txlab.trace;

import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.List;

/**
 * What happened inside the engine, as data. The engine emits these to a {@link Tracer}; the
 * shell, the replayer and tests decide what to show. Names are past tense: each records a fact.
 * {@code client} is always the label of the client whose command caused the event.
 */
public sealed interface TraceEvent {

    /** A command ran at once (outside MULTI, or one of those that run inside MULTI). */
    record CommandRan(String client, int db, List<byte[]> argv, Reply reply, boolean inMulti,
                      List<KeyChange> changes) implements TraceEvent {}

    /** Lookup, arity or a policy check refused the command before it could run or be queued. */
    record CommandRejected(String client, List<byte[]> argv, Reply.Error error, Rejection why,
                           boolean dooms) implements TraceEvent {}

    /** REFUSED: a real server refused it for a reason the client cannot name (ACL, read-only replica, loading ...). */
    enum Rejection { UNKNOWN_COMMAND, UNKNOWN_SUBCOMMAND, WRONG_ARITY, NOT_ALLOWED_IN_MULTI, OUT_OF_MEMORY, NOT_ENOUGH_REPLICAS, REFUSED }

    /**
     * Cluster: the node refused the command before running or queueing it (MOVED, ASK, CROSSSLOT,
     * TRYAGAIN, CLUSTERDOWN). {@code target} is the node to ask instead (MOVED, ASK), or null;
     * {@code dooms}: the client was in MULTI here, and its transaction is now doomed;
     * {@code execDiscarded}: it was EXEC, and the transaction of that many commands is gone (else -1).
     */
    record ClusterRedirected(String client, String node, List<byte[]> argv, Reply.Error error, String target,
                             boolean dooms, int execDiscarded) implements TraceEvent {}

    /**
     * Cluster, a client following redirects (redis-cli -c): after MOVED or ASK from node
     * {@code from} (a port), it sent the command again to {@code to} (host:port) on its connection
     * there; {@code multiLeftBehind}: its MULTI stays on the connection to {@code from}.
     */
    record ClusterRedirectFollowed(String client, String from, String to, int slot, boolean ask,
                                   boolean multiLeftBehind) implements TraceEvent {}

    /** MULTI: from now on the client's commands are queued. */
    record TransactionStarted(String client, List<Key> watching) implements TraceEvent {}

    /**
     * A command was put in the queue and has not run. {@code position} is 1-based;
     * {@code current} holds the values of its keys now, which it has not changed. When the
     * transaction is already doomed, Redis answers QUEUED but does not keep the command.
     */
    record CommandQueued(String client, List<byte[]> argv, int position, boolean doomed,
                         List<KeyChange> current) implements TraceEvent {}

    /** EXEC is about to run the queue; no other client's command runs until it ends. */
    record ExecStarted(String client, int queued) implements TraceEvent {}

    /** One queued command ran inside EXEC. {@code index} is 1-based. */
    record QueuedCommandRan(String client, int index, List<byte[]> argv, Reply reply,
                            List<KeyChange> changes) implements TraceEvent {}

    /** EXEC ran every queued command; {@code failed} of them answered an error, none was undone. */
    record ExecFinished(String client, int ran, List<Integer> failedIndexes,
                        List<KeyChange> changes) implements TraceEvent {}

    /** EXEC ran nothing. {@code touch} is null when the cause is not known (a real server does not say). */
    record ExecAborted(String client, AbortReason reason, int discarded,
                       Reply.Error rejection, List<byte[]> rejectedCommand,
                       WatchTouched touch) implements TraceEvent {}

    enum AbortReason { QUEUEING_ERROR, WATCHED_KEY_TOUCHED }

    /** DISCARD: the queue is thrown away, nothing ran, and the watches are gone. */
    record TransactionDiscarded(String client, int discarded, List<Key> unwatched) implements TraceEvent {}

    /** WATCH: these keys are now watched (in database db). */
    record KeysWatched(String client, int db, List<Key> keys, boolean alreadyDirty) implements TraceEvent {}

    /** UNWATCH, EXEC or DISCARD dropped the client's watches. */
    record KeysUnwatched(String client, List<Key> keys) implements TraceEvent {}

    /** A watched key was touched: the watcher's next EXEC will answer (nil). */
    record WatchTouched(String watcher, int db, Key key, TouchCause cause, String byClient,
                        List<byte[]> byCommand) implements TraceEvent {}

    /** WRITE: a command wrote it; EXPIRED: its TTL ran out; FLUSHED: FLUSHDB/FLUSHALL; SWAPPED: SWAPDB; EVICTED: maxmemory eviction. */
    enum TouchCause { WRITE, EXPIRED, FLUSHED, SWAPPED, EVICTED }

    /** A key reached its expiry time and was deleted. */
    record KeyExpired(int db, Key key) implements TraceEvent {}

    /** Redis does not define the order of this reply's elements; another server may differ. */
    record ReplyOrderUndefined(String client, List<byte[]> argv, String structure) implements TraceEvent {}

    /**
     * A blocking command (BLPOP ...) found nothing to pop. A real server would park the client
     * for {@code timeoutMillis} (0: forever) waiting for another client's push; the lab answers
     * at once with what the client gets when the timeout expires.
     */
    record ClientWouldBlock(String client, List<byte[]> argv, long timeoutMillis) implements TraceEvent {}

    /**
     * A blocking command found nothing and its client now really waits (serve) for {@code keys}
     * to gain data, for {@code timeoutMillis} (0: forever); other clients go on meanwhile.
     */
    record ClientBlocked(String client, List<byte[]> argv, List<Key> keys, long timeoutMillis) implements TraceEvent {}

    /**
     * A waiting client got its reply: served from {@code key} after {@code by}'s command filled
     * it, or, when {@code by} is null, its timeout passed.
     */
    record ClientUnblocked(String client, List<byte[]> argv, Reply reply, String by, Key key) implements TraceEvent {}

    /** A client was sent a message outside its own replies: a pub/sub message (a RESP3 push). */
    record MessageDelivered(String client, Reply message) implements TraceEvent {}

    /** The connection closed (QUIT or disconnect); its queue and watches went with it. */
    record ClientClosed(String client, int discardedQueue, List<Key> droppedWatches) implements TraceEvent {}

    // ---- Lua scripts (EVAL and friends) ---------------------------------------------------

    /** A script started; nothing else runs until it ends. {@code sha} is its SHA1. */
    record ScriptStarted(String client, String sha, List<byte[]> keys, List<byte[]> args,
                         boolean readOnly) implements TraceEvent {}

    /**
     * The script ran a command through redis.call (or redis.pcall when {@code protectedCall}),
     * at {@code line} of the script; {@code changes} are its keys before and after.
     */
    record ScriptCalledCommand(String client, String sha, int line, List<byte[]> argv, Reply reply,
                               boolean protectedCall, List<KeyChange> changes) implements TraceEvent {}

    /** redis.log from the script (Redis writes it to the server log). */
    record ScriptLogged(String client, int level, String message) implements TraceEvent {}

    /**
     * The script ended with {@code reply}. When it failed ({@code failed}), {@code written} lists
     * the keys it had already changed: they stay changed, nothing is rolled back.
     * {@code timedOut} says the lab stopped a runaway script (Redis would answer BUSY to others).
     */
    record ScriptFinished(String client, String sha, Reply reply, boolean failed, boolean timedOut,
                          List<KeyChange> written) implements TraceEvent {}
}
