package dev.txlab.engine.cluster;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Delivery;
import dev.txlab.protocol.Reply;
import dev.txlab.transcript.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs transcripts on a {@link SimulatedCluster}: a label {@code A@7002} is client A's connection
 * to the node on port 7002 (a label without a node connects to the first node). Each such label
 * is its own connection, as a cluster client keeps one per node: a MULTI sent on {@code A@7001}
 * lives on that connection only.
 */
public final class ClusterTarget implements Target {
    private final SimulatedCluster cluster;
    private final Map<String, ClientSession> sessions = new LinkedHashMap<>();
    private List<Delivery> lastDeliveries = List.of();

    public ClusterTarget(SimulatedCluster cluster) {
        this.cluster = cluster;
        this.ids = new NodeIds(id -> cluster.nodeById(id) != null);
    }

    public SimulatedCluster cluster() { return cluster; }

    /** The port a label names ({@code A@7002}), or -1 when it names none. */
    public static int port(String label) {
        int at = label.indexOf('@');
        if (at < 0) return -1;
        try {
            return Integer.parseInt(label.substring(at + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The client's name without its node: {@code A} for {@code A@7002}. */
    public static String client(String label) {
        int at = label.indexOf('@');
        return at < 0 ? label : label.substring(0, at);
    }

    /** The node a label's connection goes to; an IOException (as connecting would fail) for a port of no node. */
    public ClusterNode nodeOf(String label) throws IOException {
        int port = port(label);
        if (port < 0) return cluster.node(0);
        ClusterNode node = cluster.nodeByPort(port);
        if (node == null) {
            throw new IOException("Could not connect to Redis at " + cluster.node(0).host() + ":" + port
                    + ": Connection refused (the cluster's nodes are on ports " + cluster.node(0).port() + ".."
                    + cluster.node(cluster.nodes().size() - 1).port() + ")");
        }
        return node;
    }

    /** The label's session, connecting it if it has none or QUIT closed it. */
    public ClientSession session(String label) throws IOException {
        ClientSession s = sessions.get(label);
        if (s == null || s.isClosed()) {
            ClusterNode node = nodeOf(label);
            s = node.engine().connect(port(label) < 0 ? label + "@" + node.port() : label);
            sessions.put(label, s);
        }
        return s;
    }

    @Override public Reply send(String label, List<byte[]> argv) throws IOException {
        lastArgv = argv;
        ClusterNode node = nodeOf(label);
        Reply reply = node.engine().execute(session(label), argv);
        List<Delivery> all = new ArrayList<>();
        for (ClusterNode n : cluster.nodes()) all.addAll(n.engine().takeDeliveries());
        lastDeliveries = all;
        return reply;
    }

    /** Node ids of a transcript recorded on a cluster with other ids, learned as the replies name them. */
    private final NodeIds ids;

    @Override public List<byte[]> command(List<byte[]> argv) { return ids.command(argv); }

    @Override public List<String> printed(List<String> expected, List<String> actual) {
        // an unordered reply pairs no line with its counterpart: nothing is learned from it
        if (UnorderedReplies.unordered(lastArgv)) return UnorderedReplies.inExpectedOrder(expected, ids.renamed(actual));
        return ids.printed(expected, actual);
    }

    /** The last command sent (CLUSTER SHARDS' elements compare in any order). */
    private List<byte[]> lastArgv;

    /** What the last command made the nodes send to other clients (pub/sub, unblocked clients). */
    public List<Delivery> lastDeliveries() { return lastDeliveries; }

    @Override public int protocol(String label) {
        ClientSession s = sessions.get(label);
        return s == null || s.isClosed() ? 2 : s.protocol();
    }

    /** The sessions by label, in the order they connected. */
    public Map<String, ClientSession> sessions() { return java.util.Collections.unmodifiableMap(sessions); }

    @Override public void close() {
        for (ClientSession s : sessions.values()) {
            for (ClusterNode n : cluster.nodes()) {
                if (n.engine().clients().contains(s)) n.engine().disconnect(s);
            }
        }
        sessions.clear();
    }
}
