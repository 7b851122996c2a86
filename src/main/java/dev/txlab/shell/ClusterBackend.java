package dev.txlab.shell;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Delivery;
import dev.txlab.engine.Engine;
import dev.txlab.engine.cluster.ClusterNode;
import dev.txlab.engine.cluster.ClusterTarget;
import dev.txlab.engine.cluster.SimulatedCluster;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.engine.tx.TransactionState;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.Tracer;
import dev.txlab.trace.ValueSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The shell on a {@link SimulatedCluster} ({@code txlab --cluster N}). Client A is connected to
 * one node at a time (the prompt says which: {@code A@7001>}); {@code A@7002> CMD} moves it to
 * another node, where it has a connection of its own. With redirects followed ({@code :follow on},
 * as {@code redis-cli -c}), a MOVED or ASK reply sends the command again on the client's
 * connection to the node named, and the client stays there; its MULTI, if any, stays behind on
 * the old connection, as with redis-cli -c.
 */
public final class ClusterBackend implements Backend {
    private final Clock clock;
    private final int size;
    private final Tracer.Recorder recorder = new Tracer.Recorder();
    private ClusterTarget target;
    private boolean follow;
    /** Each client's current node (its port). */
    private final Map<String, Integer> at = new HashMap<>();

    public ClusterBackend(Clock clock, int size, boolean follow) {
        this.clock = clock;
        this.size = size;
        this.follow = follow;
        this.target = fresh();
    }

    private ClusterTarget fresh() {
        SimulatedCluster cluster = SimulatedCluster.create(size, clock);
        cluster.setTracer(recorder);
        return new ClusterTarget(cluster);
    }

    /** The cluster, for tests. */
    public SimulatedCluster cluster() { return target.cluster(); }

    public boolean following() { return follow; }

    /** "A" (the client on its current node) or "A@7002" (on that node, which becomes its current one). */
    private String connection(String label) {
        String client = ClusterTarget.client(label);
        int port = ClusterTarget.port(label);
        if (port >= 0) at.put(client, port);
        return client + "@" + at.computeIfAbsent(client, c -> target.cluster().node(0).port());
    }

    @Override public synchronized Result send(String label, List<byte[]> argv) throws IOException {
        recorder.drain();
        String connection = connection(label);
        List<TraceEvent> events = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        Reply reply = target.send(connection, argv);
        events.addAll(recorder.drain());
        deliveries.addAll(target.lastDeliveries());
        // redis-cli -c follows a few redirects at most
        for (int hops = 0; follow && hops < 5 && reply instanceof Reply.Error e && redirect(e) != null; hops++) {
            String[] r = redirect(e);
            boolean ask = r[0].equals("ASK");
            int port = Integer.parseInt(r[2].substring(r[2].lastIndexOf(':') + 1));
            String client = ClusterTarget.client(connection);
            String from = connection;
            at.put(client, port);
            connection = client + "@" + port;
            ClientSession left = target.sessions().get(from);
            boolean multiLeft = left != null && left.transaction().inMulti();
            events.add(new TraceEvent.ClusterRedirectFollowed(client, from.substring(from.indexOf('@') + 1), r[2],
                    Integer.parseInt(r[1]), ask, multiLeft));
            if (ask) {
                target.send(connection, List.of(dev.txlab.engine.Bytes.utf8("ASKING")));
                recorder.drain();
            }
            reply = target.send(connection, argv);
            events.addAll(recorder.drain());
            deliveries.addAll(target.lastDeliveries());
        }
        lastNode = target.nodeOf(connection);
        return new Result(reply, target.protocol(connection), events, answers(deliveries));
    }

    @Override public int clusterNodes() { return target.cluster().nodes().size(); }

    /** The node the last command ran on (after any redirect followed). */
    private dev.txlab.engine.cluster.ClusterNode lastNode;

    /** What the last command's node sent its replicas (each node has its own stream). */
    @Override public synchronized List<List<byte[]>> lastReplicated() {
        return lastNode == null ? List.of() : lastNode.engine().propagation().lastUnit();
    }

    /** {kind, slot, host:port} of a MOVED or ASK error, else null. */
    private static String[] redirect(Reply.Error e) {
        String[] parts = e.message().split(" ");
        if (parts.length == 3 && (parts[0].equals("MOVED") || parts[0].equals("ASK"))) return parts;
        return null;
    }

    private List<Answer> answers(List<Delivery> deliveries) {
        List<Answer> out = new ArrayList<>();
        for (Delivery d : deliveries) {
            if (d.endsBlock()) out.add(new Answer(d.client().label(), d.reply(), d.client().protocol()));
        }
        return out;
    }

    @Override public String promptLabel(String label) {
        if (ClusterTarget.port(label) >= 0) return label;
        return label + "@" + at.getOrDefault(label, target.cluster().node(0).port());
    }

    @Override public String meta(String line) {
        String[] words = line.strip().split("\\s+");
        if (!words[0].equalsIgnoreCase(":follow")) return null;
        if (words.length > 1) {
            switch (words[1].toLowerCase(Locale.ROOT)) {
                case "on" -> follow = true;
                case "off" -> follow = false;
                default -> { return "Usage: :follow on|off (follow MOVED and ASK redirects as redis-cli -c does, or not)"; }
            }
        }
        return follow ? "Redirects are followed (as redis-cli -c): a MOVED or ASK reply sends the command again on the"
                + " client's connection to the node named, and the client stays there."
                : "Redirects are not followed: a MOVED or ASK reply is printed; type A@PORT> ... to send a command to another node.";
    }

    @Override public CommandTable commands() { return target.cluster().node(0).engine().table(); }

    @Override public synchronized List<String> clients() {
        List<String> labels = new ArrayList<>();
        for (var e : target.sessions().entrySet()) if (!e.getValue().isClosed()) labels.add(e.getKey());
        return labels;
    }

    @Override public synchronized Optional<ClientState> client(String label) {
        String connection = ClusterTarget.port(label) >= 0 ? label
                : label + "@" + at.getOrDefault(label, target.cluster().node(0).port());
        ClientSession s = target.sessions().get(connection);
        if (s == null || s.isClosed()) return Optional.empty();
        return Optional.of(state(connection, s));
    }

    private ClientState state(String label, ClientSession s) {
        TransactionState tx = s.transaction();
        List<Key> watching = new ArrayList<>();
        for (TransactionState.WatchedKey wk : tx.watchedKeys()) watching.add(wk.key());
        Engine engine = engineOf(s);
        return new ClientState(label, s.db(), tx.inMulti(), tx.acceptedCount(), watching, tx.dirtyCas(),
                tx.dirtyExec() ? tx.doomedBy() : null, tx.dirtyExec() ? tx.doomedByCommand() : null,
                engine != null && engine.isBlocked(s));
    }

    private Engine engineOf(ClientSession s) {
        for (ClusterNode n : target.cluster().nodes()) if (n.engine().clients().contains(s)) return n.engine();
        return null;
    }

    @Override public synchronized List<ClientState> clientStates() {
        List<ClientState> out = new ArrayList<>();
        for (var e : target.sessions().entrySet()) if (!e.getValue().isClosed()) out.add(state(e.getKey(), e.getValue()));
        return out;
    }

    /** Every node's keys, in byte order (each key lives on the node serving its slot). */
    @Override public synchronized List<KeyEntry> keys(int db, int limit) {
        List<KeyEntry> out = new ArrayList<>();
        for (ClusterNode n : target.cluster().nodes()) {
            Database database = n.engine().database(db);
            for (Key key : database.keys()) {
                ValueSnapshot value = n.engine().snapshot(db, key);
                if (value != null) out.add(new KeyEntry(key, value));
            }
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    @Override public synchronized void reset() {
        target.close();
        recorder.drain();
        at.clear();
        target = fresh();
    }

    @Override public String description() {
        List<ClusterNode> nodes = target.cluster().nodes();
        return "a simulated Redis Cluster of " + nodes.size() + " primar" + (nodes.size() == 1 ? "y" : "ies") + " ("
                + nodes.get(0).address() + (nodes.size() > 1 ? ".." + nodes.get(nodes.size() - 1).port() : "")
                + ", Redis 7.0 semantics); redirects " + (follow ? "followed as redis-cli -c (:follow off)" : "not followed (:follow on)");
    }

    @Override public void close() { target.close(); }
}
