package dev.txlab.engine.cluster;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.trace.Tracer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Redis Cluster of primaries without replicas, simulated in one process: one {@link Engine} per
 * node, each with its own keyspace and clients, joined by a {@link ClusterNode} that answers
 * CLUSTER ... and makes the checks Redis's processCommand makes through getNodeByQuery (MOVED,
 * ASK, TRYAGAIN, CROSSSLOT, CLUSTERDOWN).
 *
 * <p>Each node keeps its own view of who serves each slot, as real nodes do. What real nodes learn
 * by gossip a moment later (a node that takes a slot with a new config epoch tells everyone) is
 * learned at once here. Node ids are fixed ({@link #nodeId}), where a real cluster's are random:
 * scripts/cluster gives a real cluster the same ones.
 */
public final class SimulatedCluster {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_BASE_PORT = 7001;
    /** At most this many nodes, to keep a lab session readable. */
    public static final int MAX_NODES = 16;

    private final List<ClusterNode> nodes = new ArrayList<>();
    private long currentEpoch;
    /** When the cluster was formed, for CLUSTER INFO's bus message counters. */
    private long createdAt;

    private SimulatedCluster() {}

    /**
     * N primaries on host:basePort, basePort+1 ..., the 16384 slots split among them as
     * {@code redis-cli --cluster create} splits them, config epochs 1..N.
     */
    public static SimulatedCluster create(int size, Clock clock, String host, int basePort) {
        int[] ports = new int[size];
        for (int i = 0; i < size; i++) ports[i] = basePort + i;
        return create(clock, host, ports);
    }

    /** One primary per port (txlab serve --cluster), slots and epochs as {@link #create(int, Clock, String, int)}. */
    public static SimulatedCluster create(Clock clock, String host, int[] ports) {
        int size = ports.length;
        if (size < 1 || size > MAX_NODES) throw new IllegalArgumentException("a cluster has 1 to " + MAX_NODES + " nodes");
        SimulatedCluster cluster = new SimulatedCluster();
        for (int i = 0; i < size; i++) {
            Engine engine = new Engine(clock);
            ClusterNode node = new ClusterNode(cluster, i, nodeId(i), host, ports[i], engine);
            engine.joinCluster(node);
            engine.config().set("cluster-enabled", "yes"); // as the node was started (CONFIG GET, INFO)
            engine.config().set("port", Integer.toString(ports[i]));
            cluster.nodes.add(node);
        }
        int[][] ranges = createRanges(size);
        for (int i = 0; i < size; i++) {
            ClusterNode owner = cluster.nodes.get(i);
            owner.configEpoch = i + 1;
            for (ClusterNode view : cluster.nodes) {
                for (int s = ranges[i][0]; s <= ranges[i][1]; s++) view.slots[s] = owner;
            }
        }
        cluster.currentEpoch = size;
        cluster.createdAt = clock.nowMillis();
        return cluster;
    }

    public static SimulatedCluster create(int size, Clock clock) {
        return create(size, clock, DEFAULT_HOST, DEFAULT_BASE_PORT);
    }

    /** redis-cli's clusterManagerCommandCreate: slots per node as a float, each range end rounded. */
    public static int[][] createRanges(int masters) {
        int[][] ranges = new int[masters][2];
        float perNode = HashSlots.SLOTS / (float) masters;
        long first = 0;
        float cursor = 0.0f;
        for (int i = 0; i < masters; i++) {
            long last = Math.round(cursor + perNode - 1);
            if (last > HashSlots.SLOTS || i == masters - 1) last = HashSlots.SLOTS - 1;
            if (last < first) last = first;
            ranges[i][0] = (int) first;
            ranges[i][1] = (int) last;
            first = last + 1;
            cursor += perNode;
        }
        return ranges;
    }

    /**
     * The fixed 40-hex-digit id of the node of this index, whatever its port (a real node picks a
     * random one at its first start; scripts/cluster and the tests' real clusters give theirs these
     * ids, so transcripts naming nodes run on both): SHA-1 of "txlab cluster node 7001" for the
     * first node, 7002 for the second ...
     */
    public static String nodeId(int index) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest(("txlab cluster node " + (DEFAULT_BASE_PORT + index)).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<ClusterNode> nodes() { return List.copyOf(nodes); }

    public ClusterNode node(int index) { return nodes.get(index); }

    /** Redis's clusterLookupNode: by the exact id. */
    public ClusterNode nodeById(String id) {
        for (ClusterNode n : nodes) if (n.id().equals(id)) return n;
        return null;
    }

    /** The node listening on host:port, or null. */
    public ClusterNode nodeAt(String host, int port) {
        for (ClusterNode n : nodes) {
            if (n.port() == port && (n.host().equals(host) || host.equals("localhost"))) return n;
        }
        return null;
    }

    /** The node on this port, or null. */
    public ClusterNode nodeByPort(int port) {
        for (ClusterNode n : nodes) if (n.port() == port) return n;
        return null;
    }

    public void setTracer(Tracer tracer) {
        for (ClusterNode n : nodes) n.engine().setTracer(tracer);
    }

    long currentEpoch() { return currentEpoch; }

    long createdAt() { return createdAt; }

    /** Redis's clusterBumpConfigEpochWithoutConsensus, without the "STILL" case of an epoch already the highest. */
    long bumpEpoch(ClusterNode node) {
        long max = 0;
        for (ClusterNode n : nodes) max = Math.max(max, n.configEpoch);
        if (node.configEpoch == 0 || node.configEpoch != max || countWithEpoch(max) > 1) {
            currentEpoch++;
            node.configEpoch = currentEpoch;
        }
        return node.configEpoch;
    }

    private int countWithEpoch(long epoch) {
        int n = 0;
        for (ClusterNode node : nodes) if (node.configEpoch == epoch) n++;
        return n;
    }

    /**
     * Gossip, at once: each node takes the claim as clusterUpdateSlotsConfigWith does (not while
     * importing the slot, and only over an owner of an older config epoch). A node that loses a
     * slot it still holds keys of drops them (delKeysInSlot: no notification, no watch touched).
     */
    void announce(ClusterNode owner, int slot) {
        owner.assign(slot, owner);
        for (ClusterNode view : nodes) {
            if (view == owner || view.slots[slot] == owner || view.importingFrom[slot] != null) continue;
            ClusterNode was = view.slots[slot];
            if (was != null && was.configEpoch >= owner.configEpoch) continue;
            if (was == view) {
                for (dev.txlab.protocol.Key key : ClusterCommands.keysInSlot(view, slot)) view.engine().database(0).remove(key);
            }
            view.assign(slot, owner);
        }
    }
}
