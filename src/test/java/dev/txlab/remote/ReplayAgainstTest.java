package dev.txlab.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.server.RespServer;
import dev.txlab.server.ServerConsole;
import dev.txlab.support.Cli.Run;
import dev.txlab.support.Cli;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code txlab replay --against}: the corpus passes on txlab serve as it does on Redis, and a
 * server that cannot be used stops the run with one line on stderr and exit code 1.
 */
class ReplayAgainstTest {

    static Run replay(String... args) { return Cli.txlab(args); }

    static String edgeCorpus() throws URISyntaxException {
        return Path.of(ReplayAgainstTest.class.getResource("/conformance/edge").toURI()).toString();
    }

    static RespServer serve() throws Exception {
        return new RespServer(new Engine(new Clock.ManualClock(0)),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ServerConsole.silent());
    }

    @Test
    void theEdgeCorpusPassesOnTxlabServeAsOnRedis() throws Exception {
        try (RespServer server = serve()) {
            Run run = replay("replay", "--check", "--against", "redis://127.0.0.1:" + server.port(), edgeCorpus());
            assertEquals(new Run(0, "32 passed, 0 failed\n", ""), run);
        }
    }

    @Test
    void aServerThatIsNotThereIsOneLineAndExitCodeOne() throws Exception {
        int port = RedisConnectionTest.closedPort();
        Run run = replay("replay", "--check", "--against", "redis://127.0.0.1:" + port, edgeCorpus());
        assertEquals(new Run(1, "", "txlab replay: cannot connect to 127.0.0.1:" + port
                + ": connection refused (is a server listening there?)\n"), run);
    }

    @Test
    void aServerThatNeverRepliesIsOneLineAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Run run = replay("replay", "--timeout", "0.3", "--against", "redis://127.0.0.1:" + silent.getLocalPort(), edgeCorpus());
            assertEquals(new Run(1, "", "txlab replay: 127.0.0.1:" + silent.getLocalPort() + " did not reply within 300 ms\n"), run);
        }
    }

    @Test
    void aDatabaseWithKeysIsLeftAloneWithoutFlush() throws Exception {
        try (RespServer server = serve();
             RedisConnection c = new RedisConnection("127.0.0.1", server.port(), 5_000)) {
            c.call(List.of("SET".getBytes(), "precious".getBytes(), "1".getBytes()));
            Run run = replay("replay", "--against", "redis://127.0.0.1:" + server.port(), edgeCorpus());
            assertEquals(new Run(1, "", "txlab replay: redis://127.0.0.1:" + server.port()
                    + " holds 1 key; refusing to touch them (use --flush to empty the server first)\n"), run);
        }
    }
}
