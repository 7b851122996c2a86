package dev.txlab.shell;

import dev.txlab.engine.table.CommandTable;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.ValueSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What the shell talks to: something that runs Redis commands for named clients and reports
 * what happened as trace events. The shell only ever sees replies, events and client states, so
 * the in-process {@link EngineBackend} and a real server (whose events can only be what a client
 * observes) are interchangeable.
 */
public interface Backend extends AutoCloseable {

    /**
     * A command's reply, the RESP version it is printed in (2, or 3 after the client's HELLO 3),
     * and the trace events it caused, in order (possibly none).
     */
    record Result(Reply reply, int protocol, List<TraceEvent> events, List<Answer> answers) {
        public Result {
            events = List.copyOf(events);
            answers = List.copyOf(answers);
        }

        public Result(Reply reply, int protocol, List<TraceEvent> events) { this(reply, protocol, events, List.of()); }

        /** A reply to a RESP2 client. */
        public Result(Reply reply, List<TraceEvent> events) { this(reply, 2, events); }

        /** The client blocked (BLPOP with nothing to pop): its reply comes later, as an {@link Answer}. */
        public boolean blocked() { return reply == null; }
    }

    /** A blocked client's reply, when another client's command serves it or its timeout passes. */
    record Answer(String label, Reply reply, int protocol) {}

    /**
     * What the shell knows about one client, for the prompt and {@code :clients}.
     *
     * @param queued        commands answered QUEUED since MULTI
     * @param watching      keys it watches now
     * @param watchBroken   a watched key was touched: EXEC will answer (nil)
     * @param doomedBy      the queue-time rejection that dooms the transaction, or null
     * @param doomedCommand the command that was rejected, or null
     */
    record ClientState(String label, int db, boolean inMulti, int queued, List<Key> watching,
                       boolean watchBroken, Reply.Error doomedBy, List<byte[]> doomedCommand, boolean blocked) {
        public ClientState { watching = List.copyOf(watching); }

        public ClientState(String label, int db, boolean inMulti, int queued, List<Key> watching,
                           boolean watchBroken, Reply.Error doomedBy, List<byte[]> doomedCommand) {
            this(label, db, inMulti, queued, watching, watchBroken, doomedBy, doomedCommand, false);
        }

        public boolean doomed() { return doomedBy != null; }
    }

    /** A key and its current value, for {@code :keys} and completion. */
    record KeyEntry(Key key, ValueSnapshot value) {}

    /** Runs one command as the client {@code label}, connecting it on first use. */
    Result send(String label, List<byte[]> argv) throws IOException;

    /** The commands known, for completion, hints, highlighting and {@code :help}. */
    CommandTable commands();

    /** Labels of the connected clients, in the order they connected. */
    List<String> clients();

    /**
     * Every connected client's state, in the order they connected, for {@code :clients}. The
     * default asks {@link #client} for each label; a backend whose single look-up walks all its
     * clients answers in one pass instead, so listing 40,000 clients is not quadratic.
     */
    default List<ClientState> clientStates() {
        List<ClientState> out = new java.util.ArrayList<>();
        for (String label : clients()) client(label).ifPresent(out::add);
        return out;
    }

    /** A connected client's state; empty when no client has that label. */
    Optional<ClientState> client(String label);

    /**
     * Whether {@link ClientState#watchBroken()} is known. A real server may refuse to say
     * (CLIENT LIST is denied by ACL); the shell then says it cannot tell.
     */
    default boolean seesWatchTouches() { return true; }

    /** The database a client is on before its first command (a real server's URI may name one). */
    default int initialDb() { return 0; }

    /**
     * Answers of blocked clients whose timeout has passed since the last command, with the trace
     * events that say so; called from a timer while the user types. Empty for a backend whose
     * clients never stay blocked.
     */
    default Result timeouts() { return new Result(Reply.OK, 2, List.of(), List.of()); }

    /** Ctrl-C while a command runs: stop a runaway script or a wait. Called from a signal thread. */
    default void interrupt() {}

    /**
     * What a replica (and the AOF) received for the last command: the commands as Redis
     * propagates them (SELECT, MULTI/EXEC, rewrites). Null when the backend cannot see it.
     */
    default List<List<byte[]>> lastReplicated() { return null; }

    /** Up to {@code limit} live keys of database {@code db}, in byte order. */
    List<KeyEntry> keys(int db, int limit) throws IOException;

    /** Starts over: no keys, no clients. */
    void reset() throws IOException;

    /** What the shell runs on, for its banner. */
    String description();

    @Override void close() throws IOException;
}
