package dev.txlab.cli;

import dev.txlab.engine.cluster.ClusterNode;
import dev.txlab.engine.cluster.SimulatedCluster;
import dev.txlab.server.ClusterServers;
import dev.txlab.server.ServerConsole;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/** {@code txlab serve --cluster N}: the nodes of a simulated cluster, each on its port. */
final class ServeCluster {
    private ServeCluster() {}

    static int run(int nodes, InetAddress address, String bind, int port, ServerConsole console, PrintStream err,
            java.util.function.Consumer<dev.txlab.engine.Engine> secure)
            throws InterruptedException {
        if (nodes < 1 || nodes > SimulatedCluster.MAX_NODES) {
            err.println("txlab serve: --cluster must be 1 to " + SimulatedCluster.MAX_NODES);
            return 2;
        }
        ClusterServers servers;
        try {
            servers = ClusterServers.start(nodes, address, port, console, secure);
        } catch (IOException e) {
            err.println("txlab serve: cannot listen on " + e.getMessage());
            return 1;
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        ClusterNode first = servers.cluster().node(0);
        out.println("txlab serve: a Redis Cluster of " + nodes + " primar" + (nodes == 1 ? "y" : "ies")
                + " (Redis 7.0 semantics, no replicas) over RESP2/RESP3 (redis-cli -c -p " + first.port() + "); Ctrl-C stops.");
        for (ClusterNode n : servers.cluster().nodes()) {
            int[] r = range(n);
            out.println("txlab serve:   " + n.address() + "  " + n.id() + "  slots " + r[0] + "-" + r[1]);
        }
        if (!address.isLoopbackAddress()) {
            out.println("txlab serve: warning: " + bind + " is not a loopback address; anyone who can reach it"
                    + " and knows the password can run commands (the connection is not encrypted).");
        }
        boolean[] interrupted = {false};
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                interrupted[0] = true;
                servers.close();
            });
        } catch (IllegalArgumentException e) {
            // No SIGINT on this platform: the shutdown hook below still closes the servers.
        }
        Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "txlab-serve-stop"));
        servers.awaitStop();
        if (interrupted[0]) out.println("txlab serve: stopped (Ctrl-C).");
        return 0;
    }

    private static int[] range(ClusterNode n) {
        int first = -1;
        int last = -1;
        for (int s = 0; s < dev.txlab.engine.cluster.HashSlots.SLOTS; s++) {
            if (n.owner(s) == n) {
                if (first < 0) first = s;
                last = s;
            }
        }
        return new int[] {first, last};
    }
}
