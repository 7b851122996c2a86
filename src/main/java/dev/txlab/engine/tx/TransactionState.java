package dev.txlab.engine.tx;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's MULTI/WATCH state, the fields Redis keeps in its client struct: whether it is in
 * MULTI, the queue, the two dirty flags and the watched keys. Only {@link Transactions} changes it.
 */
public final class TransactionState {

    /** A command accepted into the queue. */
    public record QueuedCommand(CommandSpec spec, List<byte[]> argv) {}

    /** A watched key: the database it was watched in, and the key. */
    public record WatchedKey(int db, Key key) {}

    boolean inMulti;
    final List<QueuedCommand> queue = new ArrayList<>();
    /** How many commands were answered QUEUED (a doomed transaction stops storing them). */
    int acceptedCount;
    /** A command was rejected while queueing: EXEC will answer EXECABORT. */
    boolean dirtyExec;
    /** A watched key was touched: EXEC will answer a null array. */
    boolean dirtyCas;
    /** Watched keys, each with whether it was already logically expired when watched. */
    final Map<WatchedKey, Boolean> watched = new LinkedHashMap<>();
    /** The first queue-time rejection, kept for traces. */
    Reply.Error doomedBy;
    List<byte[]> doomedByCommand;
    /** What touched a watched key, kept for traces. */
    WatchTouch touchedBy;

    public boolean inMulti() { return inMulti; }
    public boolean dirtyExec() { return dirtyExec; }
    public boolean dirtyCas() { return dirtyCas; }
    public List<QueuedCommand> queue() { return List.copyOf(queue); }
    public int acceptedCount() { return acceptedCount; }
    public List<WatchedKey> watchedKeys() { return List.copyOf(watched.keySet()); }
    public Reply.Error doomedBy() { return doomedBy; }
    public List<byte[]> doomedByCommand() { return doomedByCommand; }
    public WatchTouch touchedBy() { return touchedBy; }
}
