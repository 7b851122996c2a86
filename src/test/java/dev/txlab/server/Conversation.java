package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/**
 * Several clients on one server. {@code A> CMD} sends without waiting; {@code A?} reads A's
 * next reply (logged with its type); {@code A!} reads one and forgets it; {@code A-} checks that
 * A has received nothing (it is still blocked); {@code ~200} pauses 200 ms (lets a script run
 * past busy-reply-threshold before another client speaks); {@code A* TEXT} reads and logs A's
 * replies up to the first that holds TEXT; {@code A=} asks A's CLIENT ID (not logged: each server
 * counts its own), which later commands name as {@code {A}}.
 */
final class Conversation implements AutoCloseable {
    private final int port;
    private final Map<String, Socket> sockets = new LinkedHashMap<>();
    private final Map<String, InputStream> inputs = new LinkedHashMap<>();
    final StringBuilder log = new StringBuilder();
    private final Map<String, String> ids = new LinkedHashMap<>();

    Conversation(int port) { this.port = port; }

    Conversation run(String... steps) throws IOException {
        for (String step : steps) step(step);
        return this;
    }

    private void step(String step) throws IOException {
        if (step.startsWith("~")) {
            try {
                Thread.sleep(Long.parseLong(step.substring(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        int star = step.indexOf("* ");
        if (star > 0 && step.substring(0, star).matches("\\w+")) { // "A* TEXT": A's replies up to one holding TEXT
            String label = step.substring(0, star);
            String until = step.substring(star + 2);
            for (int n = 0; n < 1000; n++) {
                Reply reply = Resp.readReply(input(label));
                String text = String.join(" | ", ReplyFormatter.lines(reply, 3));
                log.append(label).append(": ").append(reply.getClass().getSimpleName()).append(' ').append(text).append('\n');
                if (text.contains(until)) break;
            }
        } else if (step.endsWith("=") && step.substring(0, step.length() - 1).matches("\\w+")) {
            String label = step.substring(0, step.length() - 1);
            OutputStream out = socket(label).getOutputStream();
            out.write(Resp.encodeCommand(ArgSplitter.split("CLIENT ID").orElseThrow()));
            out.flush();
            ids.put(label, Long.toString(((Reply.Int) Resp.readReply(input(label))).value()));
        } else if (step.endsWith("!")) { // read and forget (HELLO's reply names a connection id each server counts)
            Resp.readReply(input(step.substring(0, step.length() - 1)));
        } else if (step.endsWith("?")) {
            String label = step.substring(0, step.length() - 1);
            Reply reply = Resp.readReply(input(label));
            // the type too: a RESP3 push and an array print alike
            log.append(label).append(": ").append(reply.getClass().getSimpleName()).append(' ')
                    .append(withIdsNamed(normalised(String.join(" | ", ReplyFormatter.lines(reply, 3))))).append('\n');
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
            String command = step.substring(arrow + 2);
            for (var id : ids.entrySet()) command = command.replace("{" + id.getKey() + "}", id.getValue());
            List<byte[]> argv = ArgSplitter.split(command).orElseThrow();
            OutputStream out = socket(label).getOutputStream();
            out.write(Resp.encodeCommand(argv));
            out.flush();
        }
    }

    /** A client id that tracking reports (a redirection) named as {@code {R}}: each server counts its own. */
    private String withIdsNamed(String text) {
        if (!text.contains("redir")) return text;
        for (var id : ids.entrySet()) text = text.replaceAll("\\(integer\\) " + id.getValue() + "\\b", "(integer) {" + id.getKey() + "}");
        return text;
    }

    /** MONITOR's lines without what differs between runs: the time and the client's port. */
    private static String normalised(String text) {
        return text.replaceFirst("^\\d+\\.\\d{6} \\[(\\d+) 127\\.0\\.0\\.1:\\d+\\]", "TIME [$1 127.0.0.1:PORT]")
                .replaceFirst("^\\d+\\.\\d{6} \\[(\\d+) lua\\]", "TIME [$1 lua]");
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

    /** Runs the conversation on a real server and on serve; the logs must be identical. */
    static void sameOnBoth(String... steps) throws Exception {
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
}
