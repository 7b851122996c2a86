package dev.txlab.shell;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.engine.tx.TransactionState;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.Tracer;
import dev.txlab.trace.ValueSnapshot;
import dev.txlab.transcript.EngineTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The shell on the in-process engine: every event the engine emits reaches the trace. */
public final class EngineBackend implements Backend {
    private final Clock clock;
    private final Tracer.Recorder recorder = new Tracer.Recorder();
    private EngineTarget target;

    public EngineBackend(Clock clock) {
        this.clock = clock;
        this.target = fresh();
    }

    private EngineTarget fresh() {
        Engine engine = new Engine(clock);
        engine.setTracer(recorder);
        return new EngineTarget(engine);
    }

    @Override public void interrupt() { target.engine().interrupt(); }

    /** The engine, for tests. */
    public Engine engine() { return target.engine(); }

    @Override public Result send(String label, List<byte[]> argv) {
        recorder.drain();
        Reply reply = target.send(label, argv);
        return new Result(reply, target.protocol(label), recorder.drain());
    }

    @Override public CommandTable commands() { return target.engine().table(); }

    @Override public List<String> clients() {
        List<String> labels = new ArrayList<>();
        for (ClientSession s : target.engine().clients()) labels.add(s.label());
        return labels;
    }

    @Override public Optional<ClientState> client(String label) {
        for (ClientSession s : target.engine().clients()) {
            if (s.label().equals(label)) return Optional.of(state(s));
        }
        return Optional.empty();
    }

    @Override public List<ClientState> clientStates() {
        List<ClientState> states = new ArrayList<>();
        for (ClientSession s : target.engine().clients()) states.add(state(s));
        return states;
    }

    private static ClientState state(ClientSession s) {
        TransactionState tx = s.transaction();
        List<Key> watching = new ArrayList<>();
        for (TransactionState.WatchedKey wk : tx.watchedKeys()) watching.add(wk.key());
        return new ClientState(s.label(), s.db(), tx.inMulti(), tx.acceptedCount(), watching,
                tx.dirtyCas(), tx.dirtyExec() ? tx.doomedBy() : null, tx.dirtyExec() ? tx.doomedByCommand() : null);
    }

    @Override public List<KeyEntry> keys(int db, int limit) {
        Engine engine = target.engine();
        Database database = engine.database(db);
        List<Key> keys = database.keys();
        keys.sort(null);
        List<KeyEntry> out = new ArrayList<>();
        for (Key key : keys) {
            if (out.size() >= limit) break;
            ValueSnapshot value = engine.snapshot(db, key); // null when logically expired
            if (value != null) out.add(new KeyEntry(key, value));
        }
        return out;
    }

    @Override public void reset() {
        target.close();
        recorder.drain();
        target = fresh();
    }

    @Override public String description() { return "the in-process engine (Redis 7.0 semantics)"; }

    @Override public void close() {
        target.close();
    }
}
