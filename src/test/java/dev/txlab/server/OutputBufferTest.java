package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.support.RedisServer;
import java.io.IOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/**
 * A client that does not read its replies cannot grow serve without bound: Redis's
 * client-output-buffer-limit closes it as Redis would, and past the lab's own ceiling it is
 * dropped even where Redis sets no limit; everyone else carries on.
 */
class OutputBufferTest {
    private static final String MEGABYTE = "x".repeat(1 << 20);

    private static String set(String key, String value) {
        return "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + value.length() + "\r\n" + value + "\r\n";
    }

    private static final String GET_BIG = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n";

    /** Reads until the server closes the connection; how many bytes came. */
    private static long drainUntilClosed(RawSocket s) throws IOException {
        try {
            return s.readUntilClosed().length;
        } catch (SocketException reset) {
            return -1; // closed with unread data: a reset
        }
    }

    @Test
    void theHardLimitClosesAClientAsRedisDoes() throws Exception {
        for (int port : new int[] {RedisServer.get().port(), -1}) {
            try (ServedEngine served = port < 0 ? ServedEngine.start() : null) {
                int p = port < 0 ? served.port() : port;
                if (port > 0) RedisServer.get().reset();
                try (RawSocket admin = new RawSocket(p); RawSocket greedy = new RawSocket(p)) {
                    admin.send(set("big", MEGABYTE));
                    assertEquals("+OK\r\n", admin.reply("+OK\r\n"));
                    admin.send("*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$26\r\nclient-output-buffer-limit\r\n$16\r\nnormal 100kb 0 0\r\n");
                    assertEquals("+OK\r\n", admin.reply("+OK\r\n"), "on port " + p);
                    greedy.send(GET_BIG);
                    assertTrue(drainUntilClosed(greedy) < (1 << 20), "the reply is not delivered whole: the client is closed");
                    admin.send("*1\r\n$4\r\nPING\r\n");
                    assertEquals("+PONG\r\n", admin.reply("+PONG\r\n"));
                    admin.send("*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$26\r\nclient-output-buffer-limit\r\n$12\r\nnormal 0 0 0\r\n");
                    assertEquals("+OK\r\n", admin.reply("+OK\r\n"));
                }
                if (served != null) assertTrue(served.console().contains("closed for overcoming of output buffer limits"));
            }
        }
    }

    @Test
    void aClientThatNeverReadsIsDroppedAtTheLabsCeilingAndOthersCarryOn() throws Exception {
        try (ServedEngine served = ServedEngine.start(); RawSocket admin = new RawSocket(served.port());
             RawSocket greedy = new RawSocket(served.port())) {
            admin.send(set("big", MEGABYTE));
            assertEquals("+OK\r\n", admin.reply("+OK\r\n"));
            int gets = (int) (ReplyBuffer.CEILING >> 20) + 20;
            greedy.send(GET_BIG.repeat(gets)); // and never reads
            admin.send("*1\r\n$4\r\nPING\r\n");
            assertEquals("+PONG\r\n", admin.reply("+PONG\r\n"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (served.server.<Integer>onServerThread(e -> e.clients().size()) > 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, (int) served.server.<Integer>onServerThread(e -> e.clients().size()), "the greedy client is gone");
            String console = served.console();
            assertTrue(console.contains("dropped: its unread replies passed " + (ReplyBuffer.CEILING >> 20) + " MB"), console);
            admin.send("*2\r\n$6\r\nSTRLEN\r\n$3\r\nbig\r\n");
            assertEquals(":1048576\r\n", admin.reply(":1048576\r\n"));
        }
    }
}
