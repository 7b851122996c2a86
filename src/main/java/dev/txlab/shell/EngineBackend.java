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
        if (blocking) engine.supportBlocking();
        return new EngineTarget(engine);
    }

    @Override public void interrupt() { target.engine().interrupt(); }

    /** The engine, for tests. */
    public Engine engine() { return target.engine(); }

    private boolean blocking;

    /**
     * Lets a label's blocking command really wait (the interactive shell): the prompt says it is
     * blocked, another label's push serves it, and a timer reports its timeout. Without it (piped
     * input, lessons), the timeout passes at once, as in transcripts.
     */
    public synchronized void enableBlocking() {
        blocking = true;
        target.engine().supportBlocking();
    }

    @Override public synchronized Result send(String label, List<byte[]> argv) {
        recorder.drain();
        Reply reply = target.send(label, argv);
        return new Result(reply, target.protocol(label), recorder.drain(), answers(target.lastDeliveries()));
    }

    @Override public synchronized Result timeouts() {
        recorder.drain();
        Engine engine = target.engine();
        engine.expireBlocked();
        return new Result(Reply.OK, 2, recorder.drain(), answers(engine.takeDeliveries()));
    }

    /** The replies that end a block; pushed messages are shown by their trace events. */
    private List<Answer> answers(List<dev.txlab.engine.Delivery> deliveries) {
        List<Answer> out = new ArrayList<>();
        for (dev.txlab.engine.Delivery d : deliveries) {
            if (d.endsBlock()) out.add(new Answer(d.client().label(), d.reply(), d.client().protocol()));
        }
        return out;
    }

    @Override public CommandTable commands() { return target.engine().table(); }

    @Override public synchronized List<String> clients() {
        List<String> labels = new ArrayList<>();
        for (ClientSession s : target.engine().clients()) labels.add(s.label());
        return labels;
    }

    @Override public synchronized Optional<ClientState> client(String label) {
        for (ClientSession s : target.engine().clients()) {
            if (s.label().equals(label)) return Optional.of(state(s));
        }
        return Optional.empty();
    }

    @Override public synchronized List<ClientState> clientStates() {
        List<ClientState> states = new ArrayList<>();
        for (ClientSession s : target.engine().clients()) states.add(state(s));
        return states;
    }

    private ClientState state(ClientSession s) {
        TransactionState tx = s.transaction();
        List<Key> watching = new ArrayList<>();
        for (TransactionState.WatchedKey wk : tx.watchedKeys()) watching.add(wk.key());
        return new ClientState(s.label(), s.db(), tx.inMulti(), tx.acceptedCount(), watching,
                tx.dirtyCas(), tx.dirtyExec() ? tx.doomedBy() : null, tx.dirtyExec() ? tx.doomedByCommand() : null,
                engine().isBlocked(s));
    }

    @Override public synchronized List<KeyEntry> keys(int db, int limit) {
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

    @Override public synchronized void reset() {
        target.close();
        recorder.drain();
        target = fresh();
    }

    @Override public synchronized List<List<byte[]>> lastReplicated() { return target.engine().propagation().lastUnit(); }

    @Override public String description() { return "the in-process engine (Redis 7.0 semantics)"; }

    @Override public void close() {
        target.close();
    }
}
