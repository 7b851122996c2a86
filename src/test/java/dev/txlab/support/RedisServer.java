package dev.txlab.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.txlab.engine.Bytes;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.remote.RedisUri;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real redis-server for the tests, started once per test JVM on a free loopback port and
 * stopped when the JVM exits. Tests that need it call {@link #get()}, which skips them (and
 * says why, visibly) where no redis-server is installed; CI installs one.
 */
public final class RedisServer implements AutoCloseable {
    private static RedisServer instance;
    private static String unavailable;

    private final Process process;
    private final int port;
    private final String version;

    private RedisServer(Process process, int port, String version) {
        this.process = process;
        this.port = port;
        this.version = version;
    }

    /** The shared server; the calling test is skipped with a message when there is none. */
    public static synchronized RedisServer get() {
        if (instance == null && unavailable == null) {
            try {
                instance = start();
            } catch (IOException | InterruptedException e) {
                unavailable = e.getMessage();
            }
        }
        if (instance == null) {
            System.err.println("SKIPPED (no real Redis to compare with): " + unavailable);
        }
        assumeTrue(instance != null, "no redis-server: " + unavailable);
        return instance;
    }

    /**
     * A server of the caller's own, started now and stopped by {@link #close()}: for what only a
     * server nobody has used yet shows (a primary that never had a replica keeps no backlog, and
     * the shared one has had several). Skips the caller, visibly, where none is installed.
     */
    public static RedisServer startPrivate() {
        String why;
        try {
            return start();
        } catch (IOException | InterruptedException e) {
            why = e.getMessage();
        }
        System.err.println("SKIPPED (no real Redis to compare with): " + why);
        assumeTrue(false, "no redis-server: " + why);
        throw new AssertionError("unreachable");
    }

    /** Stops a private server; the shared one stays up until the JVM exits. */
    @Override
    public void close() {
        if (this != instance) process.destroy();
    }

    public int port() { return port; }

    public String version() { return version; }

    public RedisUri uri() { return new RedisUri("127.0.0.1", port, null, null, 0); }

    public RedisConnection connect() throws IOException { return new RedisConnection("127.0.0.1", port, 10_000); }

    /**
     * Empties every database and the script cache and restores the settings transcripts may
     * change, as the corpus was recorded: each file starts on a fresh server.
     */
    public void reset() throws IOException {
        try (RedisConnection c = connect()) {
            call(c, "REPLICAOF", "NO", "ONE");
            call(c, "CONFIG", "SET", "replica-read-only", "yes", "replica-serve-stale-data", "yes");
            call(c, "CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction", "min-replicas-to-write", "0",
                    "busy-reply-threshold", "5000", "hz", "10", "proto-max-bulk-len", "536870912",
                    "notify-keyspace-events", "", "tracking-table-max-keys", "1000000", "requirepass", "");
            call(c, "CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "64",
                    "set-max-intset-entries", "512", "zset-max-listpack-entries", "128", "zset-max-listpack-value", "64",
                    "list-max-listpack-size", "-2", "list-compress-depth", "0", "hll-sparse-max-bytes", "3000",
                    "stream-node-max-entries", "100", "stream-node-max-bytes", "4096");
            call(c, "DEBUG", "SET-ACTIVE-EXPIRE", "1");
            call(c, "FLUSHALL");
            call(c, "SCRIPT", "FLUSH");
            call(c, "FUNCTION", "FLUSH");
            Reply users = c.call(java.util.stream.Stream.of("ACL", "USERS").map(Bytes::utf8).toList());
            if (users instanceof Reply.Array a) {
                for (Reply u : a.elements()) {
                    if (u instanceof Reply.Bulk b && !Bytes.equalsIgnoreCase(b.bytes(), "default")) {
                        c.call(List.of(Bytes.utf8("ACL"), Bytes.utf8("DELUSER"), b.bytes()));
                    }
                }
            }
            call(c, "ACL", "SETUSER", "default", "on", "nopass", "clearselectors", "allkeys", "allchannels", "+@all");
            call(c, "ACL", "LOG", "RESET");
        }
    }

    private static void call(RedisConnection c, String... argv) throws IOException {
        Reply reply = c.call(java.util.Arrays.stream(argv).map(Bytes::utf8).toList());
        if (reply instanceof Reply.Error e) throw new IOException(String.join(" ", argv) + ": " + e.message());
    }

    static String findBinary() {
        String env = System.getenv("REDIS_SERVER");
        if (env != null && new File(env).canExecute()) return env;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "redis-server");
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }

    private static RedisServer start() throws IOException, InterruptedException {
        String binary = findBinary();
        if (binary == null) throw new IOException("redis-server is not installed (apt-get install -y redis-server)");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("txlab-redis");
        Process p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--enable-debug-command", "local", "--logfile", dir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (RedisConnection c = new RedisConnection("127.0.0.1", port, 2_000)) {
                c.call(List.of(Bytes.utf8("PING")));
                Reply info = c.call(List.of(Bytes.utf8("INFO"), Bytes.utf8("server")));
                String version = "?";
                if (info instanceof Reply.Bulk b) {
                    for (String line : new String(b.bytes()).split("\r\n")) {
                        if (line.startsWith("redis_version:")) version = line.substring("redis_version:".length());
                    }
                }
                System.err.println("Comparing with a real redis-server " + version + " on port " + port);
                return new RedisServer(p, port, version);
            } catch (IOException e) {
                if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                    p.destroy();
                    throw new IOException("redis-server did not start: " + e.getMessage());
                }
                Thread.sleep(50);
            }
        }
    }
}
