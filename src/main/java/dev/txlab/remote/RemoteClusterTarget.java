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
        lastArgv = argv;
        RedisConnection c = connections.get(label);
        if (c == null) {
            c = open(portOf(label));
            connections.put(label, c);
        }
        if (toCanonical == null) learnIds();
        if (portShift != 0 && argv.size() > 2 && Bytes.equalsIgnoreCase(argv.get(0), "migrate")) {
            // MIGRATE host port ...: the transcript's port, as the real node's
            argv = new java.util.ArrayList<>(argv);
            Integer port = parsePort(new String(argv.get(2), java.nio.charset.StandardCharsets.ISO_8859_1));
            if (port != null) argv.set(2, Bytes.utf8(Integer.toString(port + portShift)));
        }
        if (!toReal.isEmpty()) {
            // CLUSTER SETSLOT ... NODE <id>, FORGET <id> ...: the transcript's ids, as the real nodes'
            List<byte[]> real = null;
            for (int i = 1; i < argv.size(); i++) {
                String id = toReal.get(new String(argv.get(i), java.nio.charset.StandardCharsets.ISO_8859_1));
                if (id == null) continue;
                if (real == null) real = new java.util.ArrayList<>(argv);
                real.set(i, Bytes.utf8(id));
            }
            if (real != null) argv = real;
        }
        Reply reply = normalise(c.call(argv));
        if (Bytes.equalsIgnoreCase(argv.get(0), "quit")) {
            c.close();
            connections.remove(label);
        }
        return reply;
    }

    /** Real node id to the simulated cluster's id of the node on the same transcript port, and back. */
    private Map<String, String> toCanonical;
    private Map<String, String> toReal;

    /**
     * A real cluster's node ids are random: each is taken for the id the simulated cluster gives
     * the node on the same transcript port (SimulatedCluster.nodeId), so replies and transcripts
     * recorded on any real cluster read as the simulated one's. Primaries and replicas alike.
     */
    private void learnIds() throws IOException {
        toCanonical = new LinkedHashMap<>();
        toReal = new LinkedHashMap<>();
        Reply nodes;
        try (RedisConnection c = open(uri.port())) { // a connection of its own: the labels' stay as the transcript left them
            nodes = c.call(List.of(Bytes.utf8("CLUSTER"), Bytes.utf8("NODES")));
        }
        String text = nodes instanceof Reply.Bulk b ? new String(b.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
                : nodes instanceof Reply.Verbatim v ? new String(v.text(), java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 2 || f[0].length() != 40) continue;
            java.util.regex.Matcher m = ADDRESS.matcher(f[1]);
            if (!m.lookingAt()) continue;
            long port = Long.parseLong(m.group(2));
            if (!realNodePort(port)) continue;
            String canonical = dev.txlab.engine.cluster.SimulatedCluster.nodeId((int) (port - uri.port()));
            if (!canonical.equals(f[0])) {
                toCanonical.put(f[0], canonical);
                toReal.put(canonical, f[0]);
            }
        }
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

    /** ip:port, and a cluster bus port after it (CLUSTER NODES: 127.0.0.1:7001@17001). */
    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)(?:@(\\d+))?");

    /** A text with the real nodes' ids and ports as the transcript's. */
    private String normalise(String text) {
        if (portShift != 0) {
            java.util.regex.Matcher m = ADDRESS.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                long port = Long.parseLong(m.group(2));
                if (!realNodePort(port)) continue;
                String bus = m.group(3) == null ? "" : "@" + (Long.parseLong(m.group(3)) - portShift);
                m.appendReplacement(out, m.group(1) + ":" + (port - portShift) + bus);
            }
            m.appendTail(out);
            text = out.toString();
        }
        for (Map.Entry<String, String> id : toCanonical.entrySet()) {
            if (text.contains(id.getKey())) text = text.replace(id.getKey(), id.getValue());
        }
        return text;
    }

    private byte[] normalise(byte[] bytes) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        String done = normalise(text);
        return done.equals(text) ? bytes : done.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * A real node's reply as the simulated cluster on the transcript's ports gives it: node ids
     * and ports in MOVED/ASK texts, CLUSTER NODES lines, CLUSTER SLOTS' node entries and
     * CLUSTER SHARDS' "port" fields.
     */
    private Reply normalise(Reply reply) {
        if (portShift == 0 && toCanonical.isEmpty()) return reply;
        if (reply instanceof Reply.Error e) return Reply.error(normalise(e.message()));
        if (reply instanceof Reply.Simple s) return new Reply.Simple(normalise(s.text()));
        if (reply instanceof Reply.Bulk b) return new Reply.Bulk(normalise(b.bytes()));
        if (reply instanceof Reply.Verbatim v) return new Reply.Verbatim(v.format(), normalise(v.text()));
        if (reply instanceof Reply.Array a) {
            boolean node = a.elements().size() >= 3 && a.elements().get(0) instanceof Reply.Bulk
                    && a.elements().get(1) instanceof Reply.Int p && realNodePort(p.value());
            return new Reply.Array(normalise(a.elements(), node));
        }
        if (reply instanceof Reply.Map m) return new Reply.Map(normalise(m.flat(), false));
        if (reply instanceof Reply.Set s) return new Reply.Set(normalise(s.elements(), false));
        if (reply instanceof Reply.Push p) return new Reply.Push(normalise(p.elements(), false));
        if (reply instanceof Reply.Pairs p) return new Reply.Pairs(normalise(p.flat(), false));
        return reply;
    }

    /** Elements normalised; a node entry's port (CLUSTER SLOTS) and the value after a "port" key (SHARDS) shifted. */
    private List<Reply> normalise(List<Reply> elements, boolean nodeEntry) {
        List<Reply> out = new java.util.ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Reply r = elements.get(i);
            boolean port = (nodeEntry && i == 1) || (i > 0 && elements.get(i - 1) instanceof Reply.Bulk k
                    && Bytes.equalsIgnoreCase(k.bytes(), "port"));
            if (port && portShift != 0 && r instanceof Reply.Int p && realNodePort(p.value())) {
                out.add(new Reply.Int(p.value() - portShift));
            } else {
                out.add(normalise(r));
            }
        }
        return out;
    }

    /** A transcript recorded on yet another cluster: its ids as the lab's, learned from the replies that name them. */
    private final dev.txlab.engine.cluster.NodeIds foreign = new dev.txlab.engine.cluster.NodeIds(RemoteClusterTarget::canonical);

    private static boolean canonical(String id) {
        for (int i = 0; i < dev.txlab.engine.cluster.SimulatedCluster.MAX_NODES; i++) {
            if (dev.txlab.engine.cluster.SimulatedCluster.nodeId(i).equals(id)) return true;
        }
        return false;
    }

    @Override public List<byte[]> command(List<byte[]> argv) { return foreign.command(argv); }

    @Override public List<String> printed(List<String> expected, List<String> actual) {
        // an unordered reply pairs no line with its counterpart: nothing is learned from it
        if (dev.txlab.engine.cluster.UnorderedReplies.unordered(lastArgv)) {
            return dev.txlab.engine.cluster.UnorderedReplies.inExpectedOrder(expected, foreign.renamed(actual));
        }
        return foreign.printed(expected, actual);
    }

    /** The last command sent (CLUSTER SHARDS' elements compare in any order). */
    private List<byte[]> lastArgv;

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
