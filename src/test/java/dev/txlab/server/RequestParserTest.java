package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The query buffer on its own: however the bytes are cut by the network, the same commands come out. */
class RequestParserTest {

    /** Feeds {@code chunks} one read at a time and collects every command, as words. */
    static List<String> commands(RequestParser parser, byte[]... chunks) {
        List<String> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            int offset = 0;
            while (offset < chunk.length) {
                ByteBuffer space = parser.readSpace();
                int n = Math.min(space.remaining(), chunk.length - offset);
                space.put(chunk, offset, n);
                parser.received(n);
                offset += n;
                for (List<byte[]> argv; (argv = parser.next()) != null; ) out.add(ServerConsole.words(argv));
            }
        }
        return out;
    }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    static final String PIPELINE = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n"
            + "GET k\r\n"
            + "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"
            + "ECHO \"a b\" 'c d'\n";
    static final List<String> PIPELINE_COMMANDS = List.of("SET k hello", "GET k", "ECHO \"\"", "ECHO \"a b\" \"c d\"");

    @Test
    void pipelinedRequestsComeOutInOrderWhetherMultibulkOrInline() {
        assertEquals(PIPELINE_COMMANDS, commands(new RequestParser(), bytes(PIPELINE)));
    }

    @Test
    void aRequestCutAtEveryPossibleByteGivesTheSameCommands() {
        byte[] all = bytes(PIPELINE);
        for (int cut = 1; cut < all.length; cut++) {
            byte[] first = java.util.Arrays.copyOfRange(all, 0, cut);
            byte[] second = java.util.Arrays.copyOfRange(all, cut, all.length);
            assertEquals(PIPELINE_COMMANDS, commands(new RequestParser(), first, second), "cut at " + cut);
        }
    }

    @Test
    void aRequestArrivingOneByteAtATimeGivesTheSameCommands() {
        byte[] all = bytes(PIPELINE);
        byte[][] singles = new byte[all.length][];
        for (int i = 0; i < all.length; i++) singles[i] = new byte[] {all[i]};
        assertEquals(PIPELINE_COMMANDS, commands(new RequestParser(), singles));
    }

    @Test
    void aLargeBulkStringArrivesWhole() {
        String big = "v".repeat(1_000_000);
        RequestParser parser = new RequestParser();
        byte[] request = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1000000\r\n" + big + "\r\nPING\r\n");
        List<String> out = commands(parser, request);
        assertEquals(2, out.size());
        assertEquals("SET k " + ServerConsole.display(bytes(big)), out.get(0));
        assertEquals("PING", out.get(1));
        assertEquals(0, parser.pending());
    }

    @Test
    void aBulkHeaderAloneDoesNotReserveItsWholeLength() {
        RequestParser parser = new RequestParser();
        commands(parser, bytes("*1\r\n$536870912\r\n"));
        assertNull(parser.protocolError());
        assertEquals(true, parser.readSpace().capacity() < 1024 * 1024, "buffer grew to " + parser.readSpace().capacity());
    }

    @Test
    void bytesAfterAProtocolErrorAreNeverTakenAsCommands() {
        RequestParser parser = new RequestParser();
        assertEquals(List.of("PING"), commands(parser, bytes("PING\r\n*1\r\n$x\r\n*1\r\n$4\r\nPING\r\n")));
        assertEquals("Protocol error: invalid bulk length", parser.protocolError());
        assertNull(parser.next());
    }

    @Test
    void aCountOfMinusTwoToTheSixtyThirdIsAnEmptyRequestAsInC() {
        RequestParser parser = new RequestParser();
        assertEquals(List.of("PING"), commands(parser, bytes("*-9223372036854775808\r\nPING\r\n")));
        assertNull(parser.protocolError());
        commands(parser, bytes("*-9223372036854775809\r\n"));
        assertEquals("Protocol error: invalid multibulk length", parser.protocolError());
    }
}
