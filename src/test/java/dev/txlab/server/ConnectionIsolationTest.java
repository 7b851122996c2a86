package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.CommandTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One client's misfortune stays its own: garbage, a protocol error, a crash mid-transaction or a
 * bug in a command close that client's connection, and every other client carries on with its
 * queue and watches intact. A client that goes away loses its queue and its watches, as in Redis.
 */
class ConnectionIsolationTest {

    @Test
    void aClientThatVanishesMidMultiLosesItsQueueAndWatches() throws Exception {
        try (ServedEngine served = ServedEngine.start(); RawSocket a = new RawSocket(served.port());
             RawSocket b = new RawSocket(served.port())) {
            a.send("WATCH balance\r\nMULTI\r\nSET spent 10\r\n");
            assertEquals("+OK\r\n+OK\r\n+QUEUED\r\n", a.reply("+OK\r\n+OK\r\n+QUEUED\r\n"));
            a.abort(); // a reset, no QUIT: the client crashed

            b.send("PING\r\n");
            assertEquals("+PONG\r\n", b.reply("+PONG\r\n"));
            assertEquals(1, (int) served.server.<Integer>onServerThread(engine -> engine.clients().size()), "only b is left");
            b.send("SET balance 1\r\nGET spent\r\n");
            assertEquals("+OK\r\n$-1\r\n", b.reply("+OK\r\n$-1\r\n"), "the queued SET never ran");

            String console = served.console();
            assertTrue(console.contains("c1> SET spent 10\n    # Queued as #1, not run yet: spent is still missing.\n"), console);
            assertTrue(console.contains("    # c1's connection closed: its 1 queued command was dropped without running"
                    + " and its watches on balance are gone."), console);
        }
    }

    @Test
    void garbageAndProtocolErrorsFromOthersLeaveATransactionIntact() throws Exception {
        try (ServedEngine served = ServedEngine.start(); RawSocket a = new RawSocket(served.port())) {
            a.send("SET k 1\r\nWATCH k\r\nMULTI\r\nINCR k\r\n");
            assertEquals("+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n", a.reply("+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n"));

            byte[] garbage = new byte[200_000];
            new Random(7).nextBytes(garbage);
            for (int i = 0; i < 20; i++) {
                try (RawSocket noise = new RawSocket(served.port())) {
                    noise.send(java.util.Arrays.copyOfRange(garbage, i * 10_000, (i + 1) * 10_000));
                    noise.finishSending();
                    noise.readUntilClosed(); // whatever it earns, the server closes it
                } catch (IOException reset) {
                    // the server may hang up while the garbage is still arriving; that is fine too
                }
            }
            assertEquals("-ERR Protocol error: invalid multibulk length\r\n",
                    RawSocket.exchange(served.port(), RawSocket.bytes("*?\r\n"), false));

            a.send("EXEC\r\nGET k\r\n");
            assertEquals("*1\r\n:2\r\n$1\r\n2\r\n", a.reply("*1\r\n:2\r\n$1\r\n2\r\n"));
            assertEquals(1, (int) served.server.<Integer>onServerThread(engine -> engine.clients().size()));
        }
    }

    @Test
    void aBugInACommandDropsOnlyThatClient() throws Exception {
        List<Binding> bindings = new ArrayList<>(CommandTable.standardBindings());
        bindings.removeIf(b -> b.name().equals("time"));
        bindings.add(Binding.bind("time", ctx -> {
            throw new IllegalStateException("a bug");
        }));
        Engine engine = new Engine(new Clock.ManualClock(0), new CommandTable(bindings));
        try (ServedEngine served = ServedEngine.start(engine); RawSocket a = new RawSocket(served.port())) {
            assertEquals("", RawSocket.exchange(served.port(), RawSocket.bytes("TIME\r\n"), false),
                    "no Java exception is ever turned into a reply");
            a.send("PING\r\n");
            assertEquals("+PONG\r\n", a.reply("+PONG\r\n"));
            assertTrue(served.console().contains("dropped: internal error java.lang.IllegalStateException: a bug"));
        }
    }

    @Test
    void quitAnswersThenClosesAndForgetsTheSession() throws Exception {
        try (ServedEngine served = ServedEngine.start()) {
            assertEquals("+OK\r\n+QUEUED\r\n+OK\r\n",
                    RawSocket.exchange(served.port(), RawSocket.bytes("MULTI\r\nSET x 1\r\nQUIT\r\nEXEC\r\n"), false));
            assertEquals(0, (int) served.server.<Integer>onServerThread(engine -> engine.clients().size()));
            assertEquals("$-1\r\n", RawSocket.exchange(served.port(), RawSocket.bytes("GET x\r\n"), true));
        }
    }

    @Test
    void theConsoleShowsEachCommandWithItsClientAndWhatHappened() throws Exception {
        try (ServedEngine served = ServedEngine.start(); RawSocket a = new RawSocket(served.port());
             RawSocket b = new RawSocket(served.port())) {
            a.send("WATCH k\r\nMULTI\r\n");
            a.reply("+OK\r\n+OK\r\n");
            b.send("SET k 2\r\n");
            b.reply("+OK\r\n");
            a.send("SET k 3\r\nEXEC\r\n");
            assertEquals("+QUEUED\r\n*-1\r\n", a.reply("+QUEUED\r\n*-1\r\n"));
            String console = served.console();
            assertTrue(console.matches("(?s).*c1 connected from 127\\.0\\.0\\.1:\\d+\n.*"), console);
            // The traces are the shell's, in brief, under each command line.
            assertTrue(console.contains("c1> WATCH k\n    # c1 watches k: if any client (c1 too) changes it before c1's EXEC,"
                    + " that EXEC answers (nil) and runs nothing.\n"), console);
            assertTrue(console.contains("c2> SET k 2\n    # c2's SET k 2 touched k, which c1 watches: c1's next EXEC will answer (nil).\n"), console);
            assertTrue(console.contains("c1> EXEC\n    # (nil): EXEC ran nothing; the command answered QUEUED was thrown away,"
                    + " because c2's SET k 2 touched the watched key k after WATCH.\n"), console);
        }
    }

    @Test
    void pastMaxClientsANewConnectionIsToldAndClosedWhileTheOthersCarryOn() throws Exception {
        try (RespServer server = new RespServer(new Engine(new Clock.ManualClock(0)),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ServerConsole.silent(), 2);
             RawSocket a = new RawSocket(server.port()); RawSocket b = new RawSocket(server.port())) {
            a.send("PING\r\n");
            a.reply("+PONG\r\n");
            b.send("PING\r\n");
            b.reply("+PONG\r\n");
            try (RawSocket third = new RawSocket(server.port())) { // sends nothing: the server speaks first
                assertEquals("-ERR max number of clients reached\r\n", RawSocket.text(third.readUntilClosed()));
            }
            a.send("PING\r\n");
            assertEquals("+PONG\r\n", a.reply("+PONG\r\n"));
        }
    }
}
