package dev.txlab.transcript;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs transcripts on an in-process engine: one session per label. */
public final class EngineTarget implements Target {
    private final Engine engine;
    private final Map<String, ClientSession> sessions = new LinkedHashMap<>();

    public EngineTarget(Engine engine) { this.engine = engine; }

    public Engine engine() { return engine; }

    /** The label's session, connecting it if it has none or QUIT closed it. */
    public ClientSession session(String label) {
        ClientSession s = sessions.get(label);
        if (s == null || s.isClosed()) {
            s = engine.connect(label);
            sessions.put(label, s);
        }
        return s;
    }

    @Override public Reply send(String label, List<byte[]> argv) {
        Reply reply = engine.execute(session(label), argv);
        // Messages pushed to other labels (pub/sub) are shown by the trace; a transcript has no
        // line for them yet. The last command's are kept for a front end that shows them.
        lastDeliveries = engine.takeDeliveries();
        engine.takeKilled(); // a killed label's session is closed: its next command connects anew
        return reply;
    }

    private List<dev.txlab.engine.Delivery> lastDeliveries = List.of();

    /** What the last command made the engine send to clients other than its own (see Engine#takeDeliveries). */
    public List<dev.txlab.engine.Delivery> lastDeliveries() { return lastDeliveries; }

    @Override public int protocol(String label) {
        ClientSession s = sessions.get(label);
        return s == null || s.isClosed() ? 2 : s.protocol();
    }

    @Override public void close() {
        for (ClientSession s : sessions.values()) engine.disconnect(s);
        sessions.clear();
    }
}
