package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real redis-server 7.0.15 started with replicaof txlab serve: its handshake (PING, REPLCONF,
 * PSYNC) is answered, it loads txlab's RDB, and follows the command stream (relative expiries as
 * absolute ones, a transaction, another database, INCRBYFLOAT as its result).
 */
class RealReplicaTest {

    @Test
    void aRealReplicaFollowsTxlab() throws Exception {
        String binary = binary();
        try (ServedEngine served = ServedEngine.start(new Engine(Clock.SYSTEM));
             RedisConnection master = new RedisConnection("127.0.0.1", served.port(), 10_000)) {
            run(master, "SET a 1", "RPUSH l x y 3", "HSET h f v", "SET e v EX 100", "SADD s 1 2 3", "ZADD z 1 m");

            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("txlab-replica");
            Process replica = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                    "--replicaof", "127.0.0.1", Integer.toString(served.port()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("replica.log").toFile()).start();
            try {
                RedisConnection r = connect(port);
                try (r) {
                    waitFor(r, "GET a", "1");
                    assertEquals("[x, y, 3]", text(r, "LRANGE l 0 -1"));
                    assertEquals("[f, v]", text(r, "HGETALL h"));
                    assertEquals("[1, 2, 3]", text(r, "SMEMBERS s"));
                    assertEquals("[m, 1]", text(r, "ZRANGE z 0 -1 WITHSCORES"));
                    long ttl = ((Reply.Int) call(r, "TTL e")).value();
                    assertTrue(ttl > 90 && ttl <= 100, "TTL from the RDB: " + ttl);

                    run(master, "SET b 2 EX 100", "INCRBYFLOAT n 1.5", "MULTI", "SET c 1", "INCR c", "EXEC",
                            "SELECT 1", "SET d 4", "SELECT 0", "EXPIRE a 100", "RPOP l", "DEL h", "SET last 1");
                    waitFor(r, "GET last", "1");
                    assertEquals("2", text(r, "GET b"));
                    assertEquals("1.5", text(r, "GET n"));
                    assertEquals("2", text(r, "GET c"));
                    assertEquals("[x, y]", text(r, "LRANGE l 0 -1"));
                    assertEquals("0", text(r, "EXISTS h"));
                    ttl = ((Reply.Int) call(r, "TTL a")).value();
                    assertTrue(ttl > 90 && ttl <= 100, "TTL from the stream: " + ttl);
                    ttl = ((Reply.Int) call(r, "TTL b")).value();
                    assertTrue(ttl > 90 && ttl <= 100, "TTL from SET EX: " + ttl);
                    run(r, "SELECT 1");
                    assertEquals("4", text(r, "GET d"));
                    String info = text(r, "INFO replication");
                    assertTrue(info.contains("master_link_status:up"), info);
                }
            } finally {
                replica.destroy();
                replica.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String binary() {
        String env = System.getenv("REDIS_SERVER");
        if (env != null && new File(env).canExecute()) return env;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, "redis-server");
            if (f.canExecute()) return f.getPath();
        }
        throw new IllegalStateException("redis-server is not installed");
    }

    private static RedisConnection connect(int port) throws Exception {
        for (int i = 0; ; i++) {
            try {
                return new RedisConnection("127.0.0.1", port, 10_000);
            } catch (IOException e) {
                if (i > 100) throw e;
                Thread.sleep(100);
            }
        }
    }

    /** Polls the replica (it syncs in the background) until the command answers {@code expected}, 15 s at most. */
    private static void waitFor(RedisConnection r, String command, String expected) throws Exception {
        String last = null;
        for (int i = 0; i < 150; i++) {
            last = text(r, command);
            if (expected.equals(last)) return;
            Thread.sleep(100);
        }
        throw new AssertionError(command + " on the replica answered " + last + ", not " + expected);
    }

    private static void run(RedisConnection c, String... lines) throws IOException {
        for (String line : lines) {
            Reply reply = call(c, line);
            if (reply instanceof Reply.Error e) throw new AssertionError(line + ": " + e.message());
        }
    }

    private static Reply call(RedisConnection c, String line) throws IOException {
        return c.call(ArgSplitter.split(line).orElseThrow());
    }

    private static String text(RedisConnection c, String line) throws IOException {
        return text(call(c, line));
    }

    private static String text(Reply reply) {
        if (reply instanceof Reply.Bulk b) return new String(b.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (reply instanceof Reply.Int i) return Long.toString(i.value());
        if (reply instanceof Reply.Array a) {
            return a.elements().stream().map(RealReplicaTest::text).toList().toString();
        }
        if (reply instanceof Reply.Simple s) return s.text();
        return String.valueOf(reply);
    }
}
