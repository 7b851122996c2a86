package dev.txlab.server;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A {@link RespServer} in this JVM on a free loopback port, over an engine with a clock that stands still. */
final class ServedEngine implements AutoCloseable {
    final RespServer server;
    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private final ServerConsole console;

    private ServedEngine(Engine engine, boolean logCommands) throws IOException {
        console = ServerConsole.printing(consoleBytes, logCommands);
        server = new RespServer(engine, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), console);
    }

    static ServedEngine start() throws IOException {
        return start(new Engine(new Clock.ManualClock(1_700_000_000_000L)));
    }

    static ServedEngine start(Engine engine) throws IOException { return new ServedEngine(engine, true); }

    /** Without the command log: the conformance corpus is large and nobody reads that console. */
    static ServedEngine quiet() throws IOException {
        return new ServedEngine(new Engine(new Clock.ManualClock(1_700_000_000_000L)), false);
    }

    int port() { return server.port(); }

    /** What the server console printed so far (read on the server thread, after everything it did). */
    String console() throws InterruptedException {
        return server.onServerThread(engine -> {
            console.flush();
            synchronized (consoleBytes) {
                return consoleBytes.toString(StandardCharsets.UTF_8);
            }
        });
    }

    @Override public void close() { server.close(); }
}
