package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.protocol.Resp;
import dev.txlab.support.RedisServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Blocking commands in serve wait without holding up anyone: the same conversations of several
 * clients run on serve and on a real redis-server, and every client gets the same replies in
 * the same order; a blocked client's reply arrives only when another client's push serves it.
 */
class BlockingTest {

    /**
     * Several clients on one server. {@code A> CMD} sends without waiting; {@code A?} reads A's
     * next reply; {@code A-} checks that A has received nothing (it is still blocked).
     */
    static final class Conversation implements AutoCloseable {
        private final int port;
        private final Map<String, Socket> sockets = new LinkedHashMap<>();
        private final Map<String, InputStream> inputs = new LinkedHashMap<>();
        final StringBuilder log = new StringBuilder();

        Conversation(int port) { this.port = port; }

        Conversation run(String... steps) throws IOException {
            for (String step : steps) step(step);
            return this;
        }

        private void step(String step) throws IOException {
            if (step.endsWith("?")) {
                String label = step.substring(0, step.length() - 1);
                Reply reply = Resp.readReply(input(label));
                log.append(label).append(": ").append(String.join(" | ", ReplyFormatter.lines(reply, 2))).append('\n');
            } else if (step.endsWith("-")) {
                String label = step.substring(0, step.length() - 1);
                Socket s = socket(label);
                s.setSoTimeout(200);
                try {
                    int b = input(label).read();
                    log.append(label).append(": unexpected ").append(b < 0 ? "close" : "reply").append('\n');
                } catch (SocketTimeoutException e) {
                    log.append(label).append(": (waiting)\n");
                } finally {
                    s.setSoTimeout(10_000);
                }
            } else {
                int arrow = step.indexOf("> ");
                String label = step.substring(0, arrow);
                List<byte[]> argv = ArgSplitter.split(step.substring(arrow + 2)).orElseThrow();
                OutputStream out = socket(label).getOutputStream();
                out.write(Resp.encodeCommand(argv));
                out.flush();
            }
        }

        private Socket socket(String label) throws IOException {
            Socket s = sockets.get(label);
            if (s == null) {
                s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(10_000);
                s.setTcpNoDelay(true);
                sockets.put(label, s);
                inputs.put(label, new BufferedInputStream(s.getInputStream()));
            }
            return s;
        }

        private InputStream input(String label) throws IOException {
            socket(label);
            return inputs.get(label);
        }

        void disconnect(String label) throws IOException {
            Socket s = sockets.remove(label);
            inputs.remove(label);
            if (s != null) s.close();
        }

        @Override public void close() throws IOException {
            for (Socket s : sockets.values()) s.close();
        }
    }

    /** Runs the conversation on serve and on a real server; the logs must be identical. */
    private static void sameOnBoth(String... steps) throws Exception {
        RedisServer redis = RedisServer.get();
        redis.reset();
        String expected;
        try (Conversation c = new Conversation(redis.port())) {
            expected = c.run(steps).log.toString();
        }
        try (ServedEngine served = ServedEngine.start(new Engine(Clock.SYSTEM)); Conversation c = new Conversation(served.port())) {
            assertEquals(expected, c.run(steps).log.toString());
        }
    }

    @Test
    void aBlockedClientHoldsUpNobodyAndAPushServesIt() throws Exception {
        sameOnBoth(
                "A> BLPOP q 0", "A-",
                "B> PING", "B?",
                "B> RPUSH q x", "B?",
                "A?",
                "B> LLEN q", "B?");
    }

    @Test
    void clientsAreServedFirstBlockedFirstServed() throws Exception {
        sameOnBoth(
                "A> BRPOP q 0", "A-",
                "C> BLPOP other q 0", "C-",
                "B> RPUSH q 1 2 3", "B?",
                "A?", "C?",
                "B> LRANGE q 0 -1", "B?");
    }

    @Test
    void aPushInsideMultiServesTheWaitingClientAfterExec() throws Exception {
        sameOnBoth(
                "A> BLPOP q 0", "A-",
                "B> MULTI", "B?",
                "B> RPUSH q a", "B?",
                "B> RPUSH q b", "B?",
                "A-",
                "B> EXEC", "B?",
                "A?",
                "B> LRANGE q 0 -1", "B?");
    }

    @Test
    void whatABlockedClientSendsMeanwhileRunsAfterItsReply() throws Exception {
        sameOnBoth(
                "A> BLPOP q 0", "A> SET after 1", "A> GET after", "A-",
                "B> GET after", "B?",
                "B> LPUSH q v", "B?",
                "A?", "A?", "A?");
    }

    @Test
    void blmoveAndBzpopminAreServedToo() throws Exception {
        sameOnBoth(
                "A> BLMOVE src dst LEFT RIGHT 0", "A-",
                "C> BZPOPMIN z 0", "C-",
                "B> LPUSH src v", "B?",
                "A?",
                "B> ZADD z 2 two 1 one", "B?",
                "C?",
                "B> LRANGE dst 0 -1", "B?",
                "B> ZRANGE z 0 -1", "B?");
    }

    @Test
    void aWrongTypeDestinationAnswersTheWaitingBlmoveWithAnError() throws Exception {
        sameOnBoth(
                "B> SET dst string", "B?",
                "A> BLMOVE src dst LEFT RIGHT 0", "A-",
                "B> RPUSH src v", "B?",
                "A?",
                "B> LRANGE src 0 -1", "B?");
    }

    @Test
    void aKeyOfAnotherTypeLeavesTheClientWaiting() throws Exception {
        sameOnBoth(
                "A> BLPOP k 0", "A-",
                "B> ZADD k 1 m", "B?",
                "A-",
                "B> DEL k", "B?",
                "B> RPUSH k x", "B?",
                "A?");
    }

    @Test
    void aTimeoutAnswersNil() throws Exception {
        sameOnBoth(
                "A> BLPOP q 0.1", "A?",
                "A> BZPOPMAX z 0.1", "A?",
                "A> WAIT 1 100", "A?",
                "A> PING", "A?");
    }

    @Test
    void aDisconnectedWaitingClientIsForgotten() throws Exception {
        try (ServedEngine served = ServedEngine.start(new Engine(Clock.SYSTEM)); Conversation c = new Conversation(served.port())) {
            c.run("A> BLPOP q 0", "A-", "C> WAIT 1 0", "C-");
            assertEquals(2, (int) served.server.<Integer>onServerThread(Engine::blockedClients));
            c.disconnect("A");
            c.disconnect("C");
            c.run("B> PING", "B?", "B> RPUSH q x", "B?", "B> LLEN q", "B?");
            assertEquals("A: (waiting)\nC: (waiting)\nB: PONG\nB: (integer) 1\nB: (integer) 1\n", c.log.toString());
            assertEquals(0, (int) served.server.<Integer>onServerThread(Engine::blockedClients));
        }
    }

    @Test
    void theConsoleSaysWhoWaitsAndWhoServedIt() throws Exception {
        try (ServedEngine served = ServedEngine.start(new Engine(Clock.SYSTEM)); Conversation c = new Conversation(served.port())) {
            c.run("A> BLPOP q 0", "A-", "B> RPUSH q x", "B?", "A?");
            String console = served.console();
            assertTrue(console.contains("c1 is blocked: it waits for a push to q, forever if need be"), console);
            assertTrue(console.contains("c2's command filled q, so c1's BLPOP answers"), console);
        }
    }
}
