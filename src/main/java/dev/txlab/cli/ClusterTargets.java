package dev.txlab.cli;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.Clock;
import dev.txlab.engine.cluster.ClusterTarget;
import dev.txlab.engine.cluster.SimulatedCluster;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.remote.RedisUri;
import dev.txlab.remote.RemoteClusterTarget;
import dev.txlab.remote.RemoteUnavailable;
import dev.txlab.transcript.Target;
import dev.txlab.trace.Tracer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Targets for cluster transcripts ({@code #! cluster N}, or {@code --cluster N}): a fresh
 * simulated cluster, or a real one named by its first node's URI, emptied node by node.
 */
final class ClusterTargets {
    private ClusterTargets() {}

    static Target fresh(int nodes, RedisUri uri, boolean flush, int timeoutMillis) throws IOException {
        return fresh(nodes, SimulatedCluster.DEFAULT_BASE_PORT, uri, flush, timeoutMillis);
    }

    /** A cluster whose first node is on {@code basePort} as the transcript names it (7001 for the lab's). */
    static Target fresh(int nodes, int basePort, RedisUri uri, boolean flush, int timeoutMillis) throws IOException {
        if (uri == null) {
            // a clock that stands still, as for replays on one engine
            return new ClusterTarget(SimulatedCluster.create(nodes, new Clock.ManualClock(System.currentTimeMillis()),
                    SimulatedCluster.DEFAULT_HOST, basePort));
        }
        int shift = uri.port() - basePort;
        RemoteClusterTarget target = new RemoteClusterTarget(uri, shift, timeoutMillis);
        List<Integer> ports = primaries(target, uri);
        java.util.Collections.sort(ports);
        for (int port : ports) {
            try (RedisConnection c = target.open(port)) {
                long keys = RemoteTargets.keysOnServer(c.call(argv("INFO", "keyspace")));
                if (keys > 0 && !flush) {
                    throw new RemoteUnavailable(uri.host() + ":" + port + " holds " + keys + (keys == 1 ? " key" : " keys")
                            + "; refusing to touch them (use --flush to empty the cluster first)");
                }
                if (keys > 0) c.call(argv("FLUSHALL"));
                c.call(argv("SCRIPT", "FLUSH"));
                if (flush) c.call(argv("FUNCTION", "FLUSH"));
            }
        }
        restoreLayout(target, ports);
        return target;
    }

    /**
     * Undoes what an earlier transcript's resharding left (open slots, slots moved): each file
     * starts on the layout of a fresh cluster, slots split among the primaries in port order as
     * redis-cli --cluster create splits them. Only empty slots move back (the nodes were flushed).
     */
    private static void restoreLayout(RemoteClusterTarget target, List<Integer> ports) throws IOException {
        // a claim gossiped just before by a node that held a slot may take it back once: look again
        for (int attempt = 0; attempt < 4 && restoreOnce(target, ports); attempt++) { }
    }

    private static boolean restoreOnce(RemoteClusterTarget target, List<Integer> ports) throws IOException {
        int[][] ranges = dev.txlab.engine.cluster.SimulatedCluster.createRanges(ports.size());
        List<String> ids = new ArrayList<>();
        boolean moved = false;
        for (int port : ports) {
            try (RedisConnection c = target.open(port)) {
                ids.add(text(c.call(argv("CLUSTER", "MYID"))));
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            String nodes;
            try (RedisConnection c = target.open(ports.get(i))) {
                nodes = text(c.call(argv("CLUSTER", "NODES")));
                for (String line : nodes.split("\n")) {
                    String[] f = line.trim().split(" ");
                    if (f.length < 8 || !f[2].contains("myself")) continue;
                    for (int j = 8; j < f.length; j++) {
                        if (f[j].startsWith("[")) c.call(argv("CLUSTER", "SETSLOT", f[j].substring(1, f[j].indexOf('-')), "STABLE"));
                    }
                }
            }
            boolean[] served = new boolean[dev.txlab.engine.cluster.HashSlots.SLOTS];
            for (String line : nodes.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 8) continue;
                for (int j = 8; j < f.length; j++) {
                    if (f[j].startsWith("[")) continue;
                    String[] r = f[j].split("-");
                    int from = Integer.parseInt(r[0]);
                    int to = r.length > 1 ? Integer.parseInt(r[1]) : from;
                    for (int s = from; s <= to; s++) {
                        served[s] = true;
                        int owner = 0;
                        while (owner < ranges.length - 1 && s > ranges[owner][1]) owner++;
                        if (!ids.get(owner).equals(f[0])) {
                            moved = true;
                            for (int port : ports) {
                                try (RedisConnection c = target.open(port)) {
                                    c.call(argv("CLUSTER", "SETSLOT", Integer.toString(s), "NODE", ids.get(owner)));
                                }
                            }
                        }
                    }
                }
            }
            // a slot this node dropped (CLUSTER DELSLOTS): it learns its owner again
            for (int s = 0; s < served.length; s++) {
                if (served[s]) continue;
                int owner = 0;
                while (owner < ranges.length - 1 && s > ranges[owner][1]) owner++;
                moved = true;
                try (RedisConnection c = target.open(ports.get(i))) {
                    c.call(argv("CLUSTER", "SETSLOT", Integer.toString(s), "NODE", ids.get(owner)));
                }
            }
        }
        if (moved) {
            try {
                Thread.sleep(200); // the nodes tell each other at once; give the news a moment
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return moved;
    }

    private static String text(Reply reply) {
        if (reply instanceof Reply.Bulk b) return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        if (reply instanceof Reply.Verbatim v) return new String(v.text(), StandardCharsets.ISO_8859_1);
        return "";
    }

    /** The ports of the cluster's primaries (CLUSTER SLOTS); refused when the server is no cluster node. */
    private static List<Integer> primaries(RemoteClusterTarget target, RedisUri uri) throws IOException {
        try (RedisConnection c = target.open(uri.port())) {
            Reply info = c.call(argv("INFO", "cluster"));
            String text = info instanceof Reply.Bulk b ? new String(b.bytes(), StandardCharsets.ISO_8859_1)
                    : info instanceof Reply.Verbatim v ? new String(v.text(), StandardCharsets.ISO_8859_1) : "";
            if (!text.contains("cluster_enabled:1")) {
                throw new RemoteUnavailable(uri + " is not a Redis Cluster node (cluster_enabled:0); a cluster transcript"
                        + " needs one (scripts/cluster start)");
            }
            List<Integer> ports = new ArrayList<>();
            if (c.call(argv("CLUSTER", "SLOTS")) instanceof Reply.Array slots) {
                for (Reply range : slots.elements()) {
                    if (range instanceof Reply.Array r && r.elements().size() > 2 && r.elements().get(2) instanceof Reply.Array node
                            && node.elements().size() > 1 && node.elements().get(1) instanceof Reply.Int port
                            && !ports.contains((int) port.value())) {
                        ports.add((int) port.value());
                    }
                }
            }
            if (!ports.contains(uri.port())) ports.add(uri.port());
            return ports;
        }
    }

    /** Whether the server at {@code uri} is a cluster node (INFO cluster); false when it cannot be asked. */
    static boolean isCluster(RedisUri uri, int timeoutMillis) {
        RemoteClusterTarget target = new RemoteClusterTarget(uri, 0, timeoutMillis);
        try (RedisConnection c = target.open(uri.port())) {
            Reply info = c.call(argv("INFO", "cluster"));
            String text = text(info);
            return text.contains("cluster_enabled:1");
        } catch (IOException e) {
            return true; // let the run say what is wrong with the server
        }
    }

    /** Sends the simulated cluster's trace events to {@code recorder} (nothing for other targets). */
    static void trace(Target target, Tracer recorder) {
        if (target instanceof ClusterTarget t) t.cluster().setTracer(recorder);
    }

    private static List<byte[]> argv(String... args) {
        List<byte[]> out = new ArrayList<>();
        for (String a : args) out.add(Bytes.utf8(a));
        return out;
    }
}
