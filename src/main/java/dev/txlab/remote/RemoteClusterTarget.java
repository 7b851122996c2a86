package dev.txlab.remote;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.cluster.ClusterTarget;
import dev.txlab.protocol.Reply;
import dev.txlab.transcript.Target;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs cluster transcripts on a real Redis Cluster: a label {@code A@7002} is client A's own
 * connection to the node on port 7002 (shifted by {@code portShift} when the real cluster does not
 * listen where the transcript says), a label without a node connects to the URI's node.
 */
public final class RemoteClusterTarget implements Target {
    private final RedisUri uri;
    private final int portShift;
    private final int timeoutMillis;
    private final Map<String, RedisConnection> connections = new LinkedHashMap<>();

    public RemoteClusterTarget(RedisUri uri, int portShift, int timeoutMillis) {
        this.uri = uri;
        this.portShift = portShift;
        this.timeoutMillis = timeoutMillis;
    }

    public RedisUri uri() { return uri; }

    /** The real port a label's connection goes to. */
    public int portOf(String label) {
        int port = ClusterTarget.port(label);
        return port < 0 ? uri.port() : port + portShift;
    }

    /** A connection to the real node listening on the transcript's port {@code port} (authenticated as the URI says). */
    public RedisConnection open(int realPort) throws IOException {
        RedisConnection c = new RedisConnection(uri.host(), realPort, timeoutMillis);
        if (uri.password() != null) {
            List<byte[]> auth = new java.util.ArrayList<>();
            auth.add(Bytes.utf8("AUTH"));
            if (uri.user() != null) auth.add(Bytes.utf8(uri.user()));
            auth.add(Bytes.utf8(uri.password()));
            if (c.call(auth) instanceof Reply.Error e) {
                c.close();
                throw new RemoteUnavailable("AUTH failed on " + uri.host() + ":" + realPort + ": " + e.message());
            }
        }
        return c;
    }

    @Override public Reply send(String label, List<byte[]> argv) throws IOException {
        RedisConnection c = connections.get(label);
        if (c == null) {
            c = open(portOf(label));
            connections.put(label, c);
        }
        Reply reply = c.call(argv);
        if (Bytes.equalsIgnoreCase(argv.get(0), "quit")) {
            c.close();
            connections.remove(label);
        }
        return reply;
    }

    /** As {@link RemoteTarget#protocol}: replies are read with their wire types. */
    @Override public int protocol(String label) { return 3; }

    @Override public void close() throws IOException {
        IOException first = null;
        for (RedisConnection c : connections.values()) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        connections.clear();
        if (first != null) throw first;
    }
}
