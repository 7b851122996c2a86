package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.txlab.engine.cluster.HashSlots;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Transaction;

/**
 * {@code txlab serve --cluster 3} with real cluster clients: each discovers the slots, follows
 * redirects, runs a hash-tagged MULTI/EXEC, and gets CROSSSLOT for a transaction over two slots.
 */
class ServeClusterTest {
    static ClusterServers servers;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        servers = ClusterServers.start(3, InetAddress.getLoopbackAddress(), 0, ServerConsole.silent());
        port = servers.cluster().node(0).port();
    }

    @AfterAll
    static void stop() { if (servers != null) servers.close(); }

    private static int slot(String key) { return HashSlots.slot(key.getBytes(StandardCharsets.UTF_8)); }

    @Test
    void jedisClusterRunsAHashTaggedTransactionAndIsRefusedACrossSlotOne() {
        try (JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", port))) {
            assertEquals(3, jedis.getClusterNodes().size());
            jedis.set("a", "1"); // on the third node: JedisCluster routes it there
            assertEquals("1", jedis.get("a"));
            try (Connection c = jedis.getConnectionFromSlot(slot("{user1}"))) {
                Transaction tx = new Transaction(c);
                tx.set("{user1}:name", "ann");
                tx.incr("{user1}:visits");
                List<Object> results = tx.exec();
                assertEquals(List.of("OK", 1L), results);
            }
            assertEquals("ann", jedis.get("{user1}:name"));
            // b and f are on the same node, in two slots: each command is queued, EXEC is refused
            try (Connection c = jedis.getConnectionFromSlot(slot("b"))) {
                Transaction tx = new Transaction(c);
                tx.set("b", "1");
                tx.set("f", "2");
                Exception e = assertThrows(Exception.class, tx::exec);
                assertTrue(e.getMessage().contains("CROSSSLOT"), e.getMessage());
            }
            assertEquals(null, jedis.get("b"));
        }
    }

    @Test
    void lettuceClusterClientRunsAHashTaggedTransactionOnTheNodeOfItsSlot() {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("127.0.0.1", port));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            connection.sync().set("a", "2");
            assertEquals("2", connection.sync().get("a"));
            assertEquals(3, connection.getPartitions().size());
            String nodeId = connection.getPartitions().getPartitionBySlot(slot("{b}")).getNodeId();
            RedisCommands<String, String> node = connection.getConnection(nodeId).sync();
            node.multi();
            node.set("{b}:state", "paid");
            node.incr("{b}:version");
            TransactionResult result = node.exec();
            assertEquals(List.of("OK", 1L), result.stream().toList());
            node.multi();
            node.set("{b}:state", "sent");
            node.set("f", "sent"); // f: same node as {b}, another slot
            Exception e = assertThrows(Exception.class, node::exec);
            assertTrue(String.valueOf(e.getMessage()).contains("CROSSSLOT"), e.getMessage());
            assertEquals("paid", connection.sync().get("{b}:state"));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void redisCliDashCFollowsRedirectsOutsideTheTransaction() throws Exception {
        String cli = which("redis-cli");
        assumeTrue(cli != null, "redis-cli is not installed");
        Process p = new ProcessBuilder(cli, "-c", "-p", Integer.toString(port)).redirectErrorStream(true).start();
        // {b}1 and b are on the first node, a on the third
        // b and f are on the first node, in two slots: EXEC is refused with CROSSSLOT
        p.getOutputStream().write(("MULTI\nSET b 0\nSET f 0\nEXEC\n"
                + "MULTI\nSET {b}1 x\nSET {b}2 y\nEXEC\nMULTI\nSET b 1\nSET a 1\nEXEC\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.startsWith("OK\nQUEUED\nQUEUED\nCROSSSLOT Keys in request don't hash to the same slot\n\n"
                + "OK\nQUEUED\nQUEUED\nOK\nOK\nOK\nQUEUED\n-> Redirected to slot [15495] located at 127.0.0.1:"
                + servers.cluster().node(2).port() + "\nOK\nERR EXEC without MULTI\n"), out);
    }

    /** redis-cli's own resharding (SETSLOT IMPORTING/MIGRATING, GETKEYSINSLOT, MIGRATE ... KEYS, SETSLOT NODE on every node). */
    @Test
    void redisCliReshardsSlotsWithTheirKeys() throws Exception {
        String cli = which("redis-cli");
        assumeTrue(cli != null, "redis-cli is not installed");
        try (ClusterServers own = ClusterServers.start(3, InetAddress.getLoopbackAddress(), 0, ServerConsole.silent())) {
            var first = own.cluster().node(0);
            var second = own.cluster().node(1);
            // keys in the slots that move (below 300) and elsewhere on the first node
            List<String> keys = new java.util.ArrayList<>();
            for (int i = 0, low = 0, high = 0; low < 5 || high < 5; i++) {
                int slot = slot("key" + i);
                if (slot < 300 && low < 5) { keys.add("key" + i); low++; }
                else if (slot >= 300 && slot <= 5460 && high < 5) { keys.add("key" + i); high++; }
            }
            long before;
            synchronized (own.cluster()) { // as the node's server thread holds it
                var setup = first.engine().connect("setup");
                for (String key : keys) {
                    first.engine().execute(setup, List.of("SET".getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8),
                            key.getBytes(StandardCharsets.UTF_8)));
                }
                before = first.engine().database(0).size();
            }
            Process p = new ProcessBuilder(cli, "--cluster", "reshard", "127.0.0.1:" + first.port(), "--cluster-from", first.id(),
                    "--cluster-to", second.id(), "--cluster-slots", "300", "--cluster-yes").redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "redis-cli --cluster reshard did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            for (var view : own.cluster().nodes()) {
                for (int s = 0; s < 300; s++) assertEquals(second, view.owner(s), view + " slot " + s);
                assertEquals(first, view.owner(300), view.toString());
            }
            assertEquals(before - 5, first.engine().database(0).size(), out);
            for (String key : keys) {
                var holder = slot(key) < 300 ? second : first;
                assertTrue(holder.engine().database(0).isStored(dev.txlab.protocol.Key.of(key.getBytes(StandardCharsets.UTF_8))), key);
            }
        }
    }

    /** A client blocked on a key whose slot moves away is answered MOVED (clientsCron's redirect), as on a real cluster. */
    @Test
    void aClientBlockedOnAKeyWhoseSlotMovedIsRedirected() throws Exception {
        try (ClusterServers own = ClusterServers.start(3, InetAddress.getLoopbackAddress(), 0, ServerConsole.silent());
                java.net.Socket blocked = new java.net.Socket("127.0.0.1", own.cluster().node(0).port());
                java.net.Socket admin = new java.net.Socket("127.0.0.1", own.cluster().node(0).port())) {
            blocked.setSoTimeout(10_000);
            admin.setSoTimeout(10_000);
            blocked.getOutputStream().write(resp("BLPOP", "{b}q", "0"));
            admin.getOutputStream().write(resp("PING"));
            assertEquals("+PONG", line(admin)); // the BLPOP, sent first, is waiting by now
            admin.getOutputStream().write(resp("CLUSTER", "SETSLOT", "3300", "NODE", own.cluster().node(1).id()));
            assertEquals("+OK", line(admin));
            assertEquals("-MOVED 3300 127.0.0.1:" + own.cluster().node(1).port(), line(blocked));
        }
    }

    private static byte[] resp(String... args) {
        StringBuilder out = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) out.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String line(java.net.Socket s) throws IOException {
        StringBuilder out = new StringBuilder();
        for (int c; (c = s.getInputStream().read()) != '\n'; ) {
            if (c < 0) throw new IOException("closed");
            if (c != '\r') out.append((char) c);
        }
        return out.toString();
    }

    @Test
    void redisPyRedisClusterRunsAHashTaggedPipelineTransaction() throws Exception {
        Path script = Files.createTempFile("redis_py_cluster", ".py");
        try (var in = ServeClusterTest.class.getResourceAsStream("/clients/redis_py_cluster.py")) {
            Files.write(script, in.readAllBytes());
        }
        boolean available;
        try {
            Process check = new ProcessBuilder("python3", "-c", "import redis.cluster").redirectErrorStream(true).start();
            available = check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        }
        if (!available) System.err.println("SKIPPED (python3 with redis-py is not installed)");
        assumeTrue(available, "python3 with redis-py is not installed");
        Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(port)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "redis-py did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        // what it prints against a real 3-node cluster (scripts/cluster)
        assertEquals("nodes: 3\nget a: b'1'\ntx: [b'OK', 1, b'ann']\ncross-slot refused: CrossSlotTransactionError True\n"
                + "mset: RedisClusterException\n"
                + "server cross-slot: ClusterCrossSlotError Keys in request don't hash to the same slot\nb after: None\n", out);
    }

    private static String which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            java.io.File f = new java.io.File(dir, name);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }
}
