package dev.txlab.server;

import dev.txlab.engine.Clock;
import dev.txlab.engine.cluster.ClusterNode;
import dev.txlab.engine.cluster.SimulatedCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code txlab serve --cluster N}: a {@link SimulatedCluster} whose every node listens on a port
 * of its own (base port, base+1 ...), so cluster clients (redis-cli -c, JedisCluster, Lettuce,
 * redis-py's RedisCluster) discover the slots with CLUSTER SLOTS/SHARDS/NODES and follow the
 * redirects. Each node has its own server thread; commands of different nodes take turns (MIGRATE
 * writes into the target node's keyspace).
 */
public final class ClusterServers implements AutoCloseable {
    private final SimulatedCluster cluster;
    private final List<RespServer> servers;

    private ClusterServers(SimulatedCluster cluster, List<RespServer> servers) {
        this.cluster = cluster;
        this.servers = servers;
    }

    /**
     * Starts N nodes on {@code address}'s host, ports base, base+1 ... (base 0: free ports picked).
     * The announced address (in MOVED, CLUSTER SLOTS ...) is the bound one.
     */
    public static ClusterServers start(int nodes, InetAddress address, int basePort, ServerConsole console) throws IOException {
        return start(nodes, address, basePort, console, engine -> { });
    }

    /** As {@link #start(int, InetAddress, int, ServerConsole)}, {@code setup} run on each node's engine first (passwords, users). */
    public static ClusterServers start(int nodes, InetAddress address, int basePort, ServerConsole console,
            java.util.function.Consumer<dev.txlab.engine.Engine> setup) throws IOException {
        int[] ports = new int[nodes];
        for (int i = 0; i < nodes; i++) ports[i] = basePort == 0 ? freePort(address) : basePort + i;
        for (int p : ports) {
            if (p > 65535) throw new IOException("port " + p + " is out of range (--port plus the number of nodes)");
        }
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        SimulatedCluster cluster = SimulatedCluster.create(Clock.SYSTEM, host, ports);
        for (ClusterNode node : cluster.nodes()) setup.accept(node.engine());
        List<RespServer> servers = new ArrayList<>();
        try {
            for (ClusterNode node : cluster.nodes()) {
                servers.add(new RespServer(node.engine(), new InetSocketAddress(address, node.port()), console));
            }
        } catch (IOException e) {
            for (RespServer s : servers) s.close();
            throw new IOException(address.getHostAddress() + ":" + ports[servers.size()] + ": " + e.getMessage(), e);
        }
        return new ClusterServers(cluster, servers);
    }

    private static int freePort(InetAddress address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return s.getLocalPort();
        }
    }

    public SimulatedCluster cluster() { return cluster; }

    public List<RespServer> servers() { return List.copyOf(servers); }

    /** Waits until every node's server has stopped. */
    public void awaitStop() throws InterruptedException {
        for (RespServer s : servers) s.awaitStop();
    }

    @Override public void close() {
        for (RespServer s : servers) s.close();
    }
}
