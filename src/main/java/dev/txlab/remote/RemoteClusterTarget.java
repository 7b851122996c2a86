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
        if (portShift != 0 && argv.size() > 2 && Bytes.equalsIgnoreCase(argv.get(0), "migrate")) {
            // MIGRATE host port ...: the transcript's port, as the real node's
            argv = new java.util.ArrayList<>(argv);
            Integer port = parsePort(new String(argv.get(2), java.nio.charset.StandardCharsets.ISO_8859_1));
            if (port != null) argv.set(2, Bytes.utf8(Integer.toString(port + portShift)));
        }
        Reply reply = portShift == 0 ? c.call(argv) : unshift(c.call(argv));
        if (Bytes.equalsIgnoreCase(argv.get(0), "quit")) {
            c.close();
            connections.remove(label);
        }
        return reply;
    }

    private static Integer parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private boolean realNodePort(long port) {
        return port >= uri.port() && port < uri.port() + dev.txlab.engine.cluster.SimulatedCluster.MAX_NODES;
    }

    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)");

    /** A real node's reply with its nodes' ports as the transcript's (MOVED/ASK texts, CLUSTER SLOTS). */
    private Reply unshift(Reply reply) {
        if (reply instanceof Reply.Error e) {
            java.util.regex.Matcher m = ADDRESS.matcher(e.message());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                long port = Long.parseLong(m.group(2));
                m.appendReplacement(out, m.group(1) + ":" + (realNodePort(port) ? port - portShift : port));
            }
            m.appendTail(out);
            return Reply.error(out.toString());
        }
        if (reply instanceof Reply.Array a) {
            List<Reply> elements = new java.util.ArrayList<>();
            boolean node = a.elements().size() >= 3 && a.elements().get(0) instanceof Reply.Bulk
                    && a.elements().get(1) instanceof Reply.Int p && realNodePort(p.value());
            for (int i = 0; i < a.elements().size(); i++) {
                Reply r = a.elements().get(i);
                if (node && i == 1) elements.add(new Reply.Int(((Reply.Int) r).value() - portShift));
                else elements.add(unshift(r));
            }
            return Reply.array(elements);
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
