package dev.txlab.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.txlab.engine.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever goes wrong with the network, the user reads one line naming the server and the problem. */
class RedisConnectionTest {
    static final List<byte[]> PING = List.of(Bytes.utf8("PING"));

    /** A port that nothing listens on (it was free a moment ago). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aRefusedConnectionSaysSo() throws IOException {
        int port = closedPort();
        RemoteUnavailable e = assertThrows(RemoteUnavailable.class, () -> new RedisConnection("127.0.0.1", port, 2_000));
        assertEquals("cannot connect to 127.0.0.1:" + port + ": connection refused (is a server listening there?)", e.getMessage());
    }

    @Test
    void anUnknownHostSaysSo() {
        RemoteUnavailable e = assertThrows(RemoteUnavailable.class, () -> new RedisConnection("no-such-host.invalid", 6379, 2_000));
        assertEquals("cannot connect to no-such-host.invalid:6379: unknown host", e.getMessage());
    }

    @Test
    void aServerThatNeverRepliesTimesOut() throws IOException {
        // The kernel completes the handshake from the backlog; nobody ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             RedisConnection c = new RedisConnection("127.0.0.1", silent.getLocalPort(), 300)) {
            RemoteUnavailable e = assertThrows(RemoteUnavailable.class, () -> c.call(PING));
            assertEquals("127.0.0.1:" + silent.getLocalPort() + " did not reply within 300 ms", e.getMessage());
        }
    }

    @Test
    void aServerThatHangsUpSaysSo() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread hangUp = new Thread(() -> {
                try (Socket s = rude.accept(); InputStream in = s.getInputStream()) {
                    in.readNBytes("*1\r\n$4\r\nPING\r\n".length()); // read the whole request, then close cleanly
                } catch (IOException ignored) {
                    // the test reports what the client saw
                }
            });
            hangUp.start();
            try (RedisConnection c = new RedisConnection("127.0.0.1", rude.getLocalPort(), 5_000)) {
                RemoteUnavailable e = assertThrows(RemoteUnavailable.class, () -> c.call(PING));
                assertEquals("127.0.0.1:" + rude.getLocalPort() + " closed the connection", e.getMessage());
            }
            hangUp.join();
        }
    }
}
