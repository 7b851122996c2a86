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
        if (uri == null) {
            // a clock that stands still, as for replays on one engine
            return new ClusterTarget(SimulatedCluster.create(nodes, new Clock.ManualClock(System.currentTimeMillis())));
        }
        int shift = uri.port() - SimulatedCluster.DEFAULT_BASE_PORT;
        RemoteClusterTarget target = new RemoteClusterTarget(uri, shift, timeoutMillis);
        List<Integer> ports = primaries(target, uri);
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
        return target;
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
