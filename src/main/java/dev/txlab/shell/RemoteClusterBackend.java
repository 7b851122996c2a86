package dev.txlab.shell;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.remote.RedisUri;
import dev.txlab.remote.RemoteUnavailable;
import dev.txlab.trace.TraceEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The shell on a real Redis Cluster ({@code --against} a cluster node): client A is connected to
 * one node at a time, {@code A@7002> CMD} goes to another node on A's own connection there, and
 * {@code :follow on} follows MOVED and ASK as redis-cli -c does. The traces are what a client can
 * see (see {@link ObservedClient}), plus each redirect.
 */
public final class RemoteClusterBackend implements Backend {
    private final RedisUri uri;
    private final int timeoutMillis;
    private final boolean mayFlush;
    private boolean follow;
    private final Map<String, RedisConnection> connections = new LinkedHashMap<>();
    private final Map<String, ObservedClient> observed = new LinkedHashMap<>();
    private final Map<String, Integer> at = new HashMap<>();
    private List<Integer> primaries = List.of();

    private RemoteClusterBackend(RedisUri uri, int timeoutMillis, boolean mayFlush, boolean follow) {
        this.uri = uri;
        this.timeoutMillis = timeoutMillis;
        this.mayFlush = mayFlush;
        this.follow = follow;
    }

    /** Whether the server is a cluster node (INFO cluster says cluster_enabled:1). */
    public static boolean isCluster(RedisUri uri, int timeoutMillis) throws IOException {
        try (RedisConnection c = new RedisConnection(uri.host(), uri.port(), timeoutMillis)) {
            auth(c, uri);
            return text(c.call(words("INFO", "cluster"))).contains("cluster_enabled:1");
        }
    }

    /** Connects to the cluster whose node {@code uri} names; flushes its primaries first when {@code flush}. */
    public static RemoteClusterBackend connect(RedisUri uri, boolean flush, int timeoutMillis, boolean follow) throws IOException {
        RemoteClusterBackend b = new RemoteClusterBackend(uri, timeoutMillis, flush, follow);
        b.primaries = b.discover();
        if (flush) b.flush();
        return b;
    }

    private static void auth(RedisConnection c, RedisUri uri) throws IOException {
        if (uri.password() == null) return;
        List<byte[]> auth = new ArrayList<>();
        auth.add(Bytes.utf8("AUTH"));
        if (uri.user() != null) auth.add(Bytes.utf8(uri.user()));
        auth.add(Bytes.utf8(uri.password()));
        if (c.call(auth) instanceof Reply.Error e) throw new RemoteUnavailable("AUTH failed on " + uri + ": " + e.message());
    }

    private RedisConnection open(int port) throws IOException {
        RedisConnection c = new RedisConnection(uri.host(), port, timeoutMillis);
        try {
            auth(c, uri);
        } catch (IOException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private List<Integer> discover() throws IOException {
        List<Integer> ports = new ArrayList<>();
        try (RedisConnection c = open(uri.port())) {
            if (c.call(words("CLUSTER", "SLOTS")) instanceof Reply.Array slots) {
                for (Reply range : slots.elements()) {
                    if (range instanceof Reply.Array r && r.elements().size() > 2 && r.elements().get(2) instanceof Reply.Array n
                            && n.elements().size() > 1 && n.elements().get(1) instanceof Reply.Int p && !ports.contains((int) p.value())) {
                        ports.add((int) p.value());
                    }
                }
            }
        }
        if (!ports.contains(uri.port())) ports.add(uri.port());
        ports.sort(null);
        return ports;
    }

    private void flush() throws IOException {
        for (int port : primaries) {
            try (RedisConnection c = open(port)) {
                c.call(words("FLUSHALL"));
                c.call(words("SCRIPT", "FLUSH"));
            }
        }
    }

    private String connection(String label) {
        String client = label.contains("@") ? label.substring(0, label.indexOf('@')) : label;
        int at = label.indexOf('@');
        if (at >= 0) this.at.put(client, Integer.parseInt(label.substring(at + 1)));
        return client + "@" + this.at.computeIfAbsent(client, c -> uri.port());
    }

    private Reply call(String connection, List<byte[]> argv) throws IOException {
        RedisConnection c = connections.get(connection);
        if (c == null) {
            c = open(Integer.parseInt(connection.substring(connection.indexOf('@') + 1)));
            connections.put(connection, c);
        }
        try {
            Reply reply = c.call(argv);
            if (Bytes.equalsIgnoreCase(argv.get(0), "quit")) drop(connection);
            return reply;
        } catch (IOException e) {
            drop(connection); // its next command opens a new connection
            throw e;
        }
    }

    private void drop(String connection) {
        RedisConnection c = connections.remove(connection);
        observed.remove(connection);
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // gone either way
            }
        }
    }

    @Override public synchronized Result send(String label, List<byte[]> argv) throws IOException {
        String connection = connection(label);
        List<TraceEvent> events = new ArrayList<>();
        Reply reply = sendObserved(connection, argv, events);
        for (int hops = 0; follow && hops < 5 && reply instanceof Reply.Error e && redirect(e) != null; hops++) {
            String[] r = redirect(e);
            boolean ask = r[0].equals("ASK");
            int port = Integer.parseInt(r[2].substring(r[2].lastIndexOf(':') + 1));
            String client = connection.substring(0, connection.indexOf('@'));
            String from = connection;
            ObservedClient left = observed.get(from);
            boolean multiLeft = left != null && left.state().inMulti();
            at.put(client, port);
            connection = client + "@" + port;
            events.add(new TraceEvent.ClusterRedirectFollowed(client, from.substring(from.indexOf('@') + 1), r[2],
                    Integer.parseInt(r[1]), ask, multiLeft));
            if (ask) sendObserved(connection, words("ASKING"), new ArrayList<>());
            reply = sendObserved(connection, argv, events);
        }
        return new Result(reply, 3, events);
    }

    private Reply sendObserved(String connection, List<byte[]> argv, List<TraceEvent> events) throws IOException {
        ObservedClient client = observed.computeIfAbsent(connection, l -> new ObservedClient(l, 0));
        boolean inMulti = client.state().inMulti();
        int queued = client.state().queued();
        Reply reply = call(connection, argv);
        if (reply instanceof Reply.Error e && (redirect(e) != null || e.code().equals("CROSSSLOT") || e.code().equals("TRYAGAIN")
                || e.code().equals("CLUSTERDOWN"))) {
            String node = uri.host() + ":" + connection.substring(connection.indexOf('@') + 1);
            String[] r = redirect(e);
            boolean exec = Bytes.equalsIgnoreCase(argv.get(0), "exec");
            events.add(new TraceEvent.ClusterRedirected(connection, node, argv, e, r == null ? null : r[2],
                    inMulti && !exec, exec && inMulti ? queued : -1));
        }
        ObservedClient still = observed.get(connection);
        if (still != null) events.addAll(still.observe(argv, reply));
        return reply;
    }

    private static String[] redirect(Reply.Error e) {
        String[] parts = e.message().split(" ");
        if (parts.length == 3 && (parts[0].equals("MOVED") || parts[0].equals("ASK"))) return parts;
        return null;
    }

    @Override public int clusterNodes() { return primaries.size(); }

    @Override public String promptLabel(String label) {
        if (label.contains("@")) return label;
        return label + "@" + at.getOrDefault(label, uri.port());
    }

    @Override public String meta(String line) {
        String[] w = line.strip().split("\\s+");
        if (!w[0].equalsIgnoreCase(":follow")) return null;
        if (w.length > 1) {
            switch (w[1].toLowerCase(Locale.ROOT)) {
                case "on" -> follow = true;
                case "off" -> follow = false;
                default -> { return "Usage: :follow on|off (follow MOVED and ASK redirects as redis-cli -c does, or not)"; }
            }
        }
        return follow ? "Redirects are followed (as redis-cli -c)." : "Redirects are not followed: type A@PORT> ... to send to another node.";
    }

    @Override public CommandTable commands() { return CommandTable.standard(); }

    @Override public synchronized List<String> clients() { return new ArrayList<>(observed.keySet()); }

    @Override public synchronized Optional<ClientState> client(String label) {
        ObservedClient c = observed.get(label.contains("@") ? label : label + "@" + at.getOrDefault(label, uri.port()));
        return c == null ? Optional.empty() : Optional.of(c.state());
    }

    @Override public boolean seesWatchTouches() { return false; }

    @Override public synchronized List<KeyEntry> keys(int db, int limit) throws IOException {
        List<KeyEntry> out = new ArrayList<>();
        for (int port : primaries) {
            try (RedisConnection c = open(port)) {
                TreeSet<Key> found = new TreeSet<>();
                String cursor = "0";
                do {
                    Reply reply = c.call(words("SCAN", cursor, "COUNT", "1000"));
                    if (!(reply instanceof Reply.Array page && page.elements().size() == 2
                            && page.elements().get(0) instanceof Reply.Bulk next && page.elements().get(1) instanceof Reply.Array batch)) {
                        break;
                    }
                    cursor = new String(next.bytes(), StandardCharsets.ISO_8859_1);
                    for (Reply key : batch.elements()) if (key instanceof Reply.Bulk b) found.add(Key.of(b.bytes()));
                } while (!cursor.equals("0") && found.size() < limit);
                out.addAll(RemoteBackend.snapshots(c, 0, new ArrayList<>(found)));
            }
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    @Override public synchronized void reset() throws IOException {
        if (!mayFlush) {
            throw new RemoteUnavailable("refusing to flush the real cluster's nodes (start the shell with --flush to allow :reset)");
        }
        for (String c : new ArrayList<>(connections.keySet())) drop(c);
        observed.clear();
        at.clear();
        flush();
    }

    @Override public String description() {
        return "a real Redis Cluster of " + primaries.size() + " primaries (" + uri.host() + ":" + primaries + "); redirects "
                + (follow ? "followed as redis-cli -c (:follow off)" : "not followed (:follow on)");
    }

    @Override public synchronized void close() {
        for (String c : new ArrayList<>(connections.keySet())) drop(c);
    }

    private static List<byte[]> words(String... w) {
        List<byte[]> out = new ArrayList<>();
        for (String s : w) out.add(Bytes.utf8(s));
        return out;
    }

    private static String text(Reply r) {
        if (r instanceof Reply.Bulk b) return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        if (r instanceof Reply.Verbatim v) return new String(v.text(), StandardCharsets.ISO_8859_1);
        return "";
    }
}
