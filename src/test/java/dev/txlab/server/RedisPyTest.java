package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.txlab.support.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * redis-py 8 with its default settings (it connects with HELLO 3 and does not fall back to
 * RESP2) runs the same session against txlab serve and a real redis-server: ping, a hash, sorted
 * set doubles, a MULTI/EXEC pipeline with a run-time error, a WATCH retry loop, a script, pub/sub
 * with a pattern, and a WATCH retry observed from outside through MONITOR.
 * Skipped, visibly, where python3 or redis-py is missing; .ci/run installs both.
 */
class RedisPyTest {

    @Test
    void redisPyWithDefaultSettingsSeesWhatItSeesOnARealServer() throws Exception {
        Path script = Files.createTempFile("redis_py_session", ".py");
        try (var in = RedisPyTest.class.getResourceAsStream("/clients/redis_py_session.py")) {
            Files.write(script, in.readAllBytes());
        }
        assumeTrue(redisPyAvailable(), "python3 with redis-py is not installed");
        RedisServer redis = RedisServer.get();
        redis.reset();
        String expected = run(script, redis.port());
        assertTrue(expected.startsWith("ping: True\nproto: 3\n"), expected);
        try (ServedEngine served = ServedEngine.start()) {
            assertEquals(expected, run(script, served.port()));
        }
    }

    private static boolean redisPyAvailable() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import redis").redirectErrorStream(true).start();
            boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!ok) System.err.println("SKIPPED (redis-py is not installed: pip install redis==8.1.0)");
            return ok;
        } catch (IOException e) {
            System.err.println("SKIPPED (no python3 to run redis-py)");
            return false;
        }
    }

    private static String run(Path script, int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(port)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "redis-py session did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
