package dev.txlab.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.txlab.engine.Bytes;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A real Redis Cluster of 3 primaries for the tests, started once per test JVM on free loopback
 * ports and stopped when the JVM exits: three {@code redis-server --cluster-enabled yes} joined
 * as {@code redis-cli --cluster create ... --cluster-replicas 0} joins them (slots split the same
 * way, config epochs 1..3, the others MEET the first). Each node picks its own random id, as a real
 * one does: RemoteClusterTarget takes each for the simulated cluster's id of the node on the same
 * port, so comparisons go through that normalisation. Tests are skipped, visibly, without redis-server.
 */
public final class RealCluster {
    public static final int NODES = 3;
    /** Longer than a cluster cron tick (100 ms) and a busy machine's scheduling delay. */
    private static final long SETTLE_MILLIS = 400;
    private static RealCluster instance;
    private static String unavailable;

    private final List<Process> processes;
    private final int basePort;
    /** The nodes' own (random) ids, first node first. */
    private final List<String> ids = new ArrayList<>();

    private RealCluster(List<Process> processes, int basePort) {
        this.processes = processes;
        this.basePort = basePort;
    }

    /** The real id of the node of this index (random, not the simulated cluster's). */
    public String id(int node) { return ids.get(node); }

    public static synchronized RealCluster get() {
        if (instance == null && unavailable == null) {
            try {
                instance = start();
            } catch (IOException | InterruptedException e) {
                unavailable = e.getMessage();
            }
        }
        if (instance == null) System.err.println("SKIPPED (no real Redis Cluster to compare with): " + unavailable);
        assumeTrue(instance != null, "no real cluster: " + unavailable);
        return instance;
    }

    /** The first node's port; the others follow it. */
    public int basePort() { return basePort; }

    public RedisConnection connect(int node) throws IOException {
        return new RedisConnection("127.0.0.1", basePort + node, 10_000);
    }

    /** Empties every node (keys, scripts, functions) and undoes any resharding: the layout of a fresh cluster. */
    public void reset() throws IOException {
        for (int i = 0; i < NODES; i++) {
            try (RedisConnection c = connect(i)) {
                call(c, "FLUSHALL");
                call(c, "SCRIPT", "FLUSH");
                call(c, "FUNCTION", "FLUSH");
                call(c, "CONFIG", "SET", "cluster-allow-reads-when-down", "no");
            }
        }
        try {
            boolean repaired = false;
            for (int attempt = 1; ; attempt++) {
                // a claim the node that held a slot gossiped just before may take it back once:
                // look again until the layout holds (bumping the epoch instead would race the
                // next transcript's own bump)
                java.util.Set<Integer> regained = restoreLayout();
                repaired |= !regained.isEmpty();
                if (!repaired && awaitLayout(0)) return;
                if (awaitLayout(3_000)) {
                    // a slot given back must stay given back: a ping sent before the repair, still
                    // in flight on a busy machine, would hand it to its old holder's higher epoch
                    // and make its owner drop the keys the next test writes there
                    Thread.sleep(SETTLE_MILLIS);
                    if (restoreLayout().isEmpty() && awaitLayout(0)) return;
                }
                if (attempt == 4) throw new IOException("the real cluster did not settle in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Closes open slots and gives every slot back to its node in each node's view; the nodes that got slots back. */
    private java.util.Set<Integer> restoreLayout() throws IOException {
        int[][] ranges = expectedRanges();
        java.util.Set<Integer> regained = new java.util.TreeSet<>();
        for (int i = 0; i < NODES; i++) {
            String nodes;
            try (RedisConnection c = connect(i)) {
                nodes = text(c.call(argv("CLUSTER", "NODES")));
            }
            for (String line : nodes.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 8 || !f[2].contains("myself")) continue;
                for (int j = 8; j < f.length; j++) {
                    if (f[j].startsWith("[")) {
                        int slot = Integer.parseInt(f[j].substring(1, f[j].indexOf('-')));
                        try (RedisConnection c = connect(i)) {
                            call(c, "CLUSTER", "SETSLOT", Integer.toString(slot), "STABLE");
                        }
                    }
                }
            }
            // who serves each slot, as this node sees it (a slot it lost, DELSLOTS, served by nobody)
            boolean[] served = new boolean[16384];
            for (String line : nodes.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 8) continue;
                int owner = indexOf(f[0]);
                for (int j = 8; j < f.length; j++) {
                    if (f[j].startsWith("[")) continue;
                    String[] r = f[j].split("-");
                    int from = Integer.parseInt(r[0]);
                    int to = r.length > 1 ? Integer.parseInt(r[1]) : from;
                    for (int s = from; s <= to; s++) {
                        served[s] = true;
                        int expected = ownerOf(ranges, s);
                        if (expected != owner) {
                            regained.add(expected);
                            for (int k = 0; k < NODES; k++) {
                                try (RedisConnection c = connect(k)) {
                                    call(c, "CLUSTER", "SETSLOT", Integer.toString(s), "NODE", ids.get(expected));
                                }
                            }
                        }
                    }
                }
            }
            for (int s = 0; s < served.length; s++) {
                if (served[s]) continue;
                regained.add(ownerOf(ranges, s));
                try (RedisConnection c = connect(i)) {
                    call(c, "CLUSTER", "SETSLOT", Integer.toString(s), "NODE", ids.get(ownerOf(ranges, s)));
                }
            }
        }
        return regained;
    }

    private int indexOf(String id) {
        for (int i = 0; i < NODES; i++) if (ids.get(i).equals(id)) return i;
        return -1;
    }

    private static int ownerOf(int[][] ranges, int slot) {
        for (int i = 0; i < ranges.length; i++) if (slot >= ranges[i][0] && slot <= ranges[i][1]) return i;
        return -1;
    }

    private static int[][] expectedRanges() {
        return new int[][] {{0, 5460}, {5461, 10922}, {10923, 16383}};
    }

    static List<byte[]> argv(String... args) {
        List<byte[]> out = new ArrayList<>();
        for (String a : args) out.add(Bytes.utf8(a));
        return out;
    }

    static void call(RedisConnection c, String... args) throws IOException {
        Reply reply = c.call(argv(args));
        if (reply instanceof Reply.Error e) throw new IOException(String.join(" ", args) + ": " + e.message());
    }

    static String text(Reply reply) {
        if (reply instanceof Reply.Bulk b) return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        if (reply instanceof Reply.Verbatim v) return new String(v.text(), StandardCharsets.ISO_8859_1);
        return reply.toString();
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static RealCluster start() throws IOException, InterruptedException {
        String binary = RedisServer.findBinary();
        if (binary == null) throw new IOException("redis-server is not installed (apt-get install -y redis-server)");
        Random random = new Random();
        int base = -1;
        for (int attempt = 0; attempt < 50 && base < 0; attempt++) {
            int candidate = 31000 + random.nextInt(9000);
            boolean ok = true;
            for (int i = 0; i < NODES && ok; i++) ok = free(candidate + i) && free(candidate + i + 10000);
            if (ok) base = candidate;
        }
        if (base < 0) throw new IOException("no free ports for a cluster");
        Path dir = Files.createTempDirectory("txlab-cluster");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            int port = base + i;
            Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
            Process p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(),
                    "--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no", "--dir", nodeDir.toString(),
                    "--daemonize", "no", "--enable-debug-command", "local", "--logfile", nodeDir.resolve("redis.log").toString())
                    .redirectErrorStream(true).redirectOutput(nodeDir.resolve("stdout.log").toFile()).start();
            processes.add(p);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        }
        RealCluster cluster = new RealCluster(processes, base);
        long deadline = System.currentTimeMillis() + 10_000;
        for (int i = 0; i < NODES; i++) {
            while (true) {
                try (RedisConnection c = cluster.connect(i)) {
                    c.call(argv("PING"));
                    break;
                } catch (IOException e) {
                    if (!processes.get(i).isAlive() || System.currentTimeMillis() > deadline) {
                        for (Process p : processes) p.destroy();
                        throw new IOException("redis-server --cluster-enabled yes did not start: " + e.getMessage());
                    }
                    Thread.sleep(50);
                }
            }
        }
        for (int i = 0; i < NODES; i++) {
            try (RedisConnection c = cluster.connect(i)) {
                cluster.ids.add(text(c.call(argv("CLUSTER", "MYID"))));
            }
        }
        // what redis-cli --cluster create does: slots, config epochs, then every node meets the first
        int[][] ranges = expectedRanges();
        for (int i = 0; i < NODES; i++) {
            try (RedisConnection c = cluster.connect(i)) {
                call(c, "CLUSTER", "ADDSLOTSRANGE", Integer.toString(ranges[i][0]), Integer.toString(ranges[i][1]));
                call(c, "CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
            }
        }
        for (int i = 1; i < NODES; i++) {
            try (RedisConnection c = cluster.connect(i)) {
                call(c, "CLUSTER", "MEET", "127.0.0.1", Integer.toString(base));
            }
        }
        if (!cluster.awaitLayout(20_000)) {
            for (Process p : processes) p.destroy();
            throw new IOException("the real cluster did not settle in time");
        }
        System.err.println("Comparing with a real Redis Cluster of " + NODES + " primaries on ports " + base + ".." + (base + NODES - 1));
        return cluster;
    }

    /** Waits until every node says cluster_state:ok and sees every node with its slots. */
    private boolean awaitLayout(long millis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            boolean ok = true;
            for (int i = 0; i < NODES && ok; i++) {
                try (RedisConnection c = connect(i)) {
                    ok = text(c.call(argv("CLUSTER", "INFO"))).contains("cluster_state:ok");
                    String nodes = text(c.call(argv("CLUSTER", "NODES")));
                    int[][] ranges = expectedRanges();
                    for (int k = 0; k < NODES && ok; k++) {
                        String want = ids.get(k) + " 127.0.0.1:" + (basePort + k) + "@" + (basePort + k + 10000) + " ";
                        int at = nodes.indexOf(want);
                        if (at < 0) {
                            ok = false;
                            break;
                        }
                        String line = nodes.substring(at, nodes.indexOf('\n', at));
                        ok = line.contains(" connected " + ranges[k][0] + "-" + ranges[k][1]) && line.endsWith(ranges[k][0] + "-" + ranges[k][1]);
                    }
                }
            }
            if (ok) return true;
            if (System.currentTimeMillis() >= deadline) return false;
            Thread.sleep(100);
        }
    }
}
