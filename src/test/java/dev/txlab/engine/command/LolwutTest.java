package dev.txlab.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.Resp;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * LOLWUT's drawings. Schotter's squares in its first two rows are never turned or moved, so with
 * one or two rows the drawing is exact: compared byte for byte with a real redis-server over many
 * sizes (transcripts cannot hold the blank line some of them end in). The skyline is random in
 * Redis too: its shape, colours and text are checked. Argument handling is in transcripts/lolwut.tx.
 */
class LolwutTest {
    private final Engine engine = new Engine(new Clock.ManualClock(1_000_000));
    private final ClientSession a = engine.connect("A");

    private Reply run(String line) {
        return engine.execute(a, ArgSplitter.split(line).orElseThrow());
    }

    @Test
    void schottersUnturnedRowsAreTheRealServersByteForByte() throws Exception {
        RedisServer server = RedisServer.get();
        List<String> sizes = new ArrayList<>();
        for (int cols = 1; cols <= 90; cols += 7) {
            for (int perRow = 1; perRow <= 9; perRow += 2) {
                for (int perCol = 1; perCol <= 2; perCol++) sizes.add(cols + " " + perRow + " " + perCol);
            }
        }
        sizes.add("1000 200 1");
        sizes.add("3 500 -4");
        try (RedisConnection real = new RedisConnection("127.0.0.1", server.port(), 10_000)) {
            for (String size : sizes) {
                String line = "LOLWUT VERSION 5 " + size;
                Reply expected = real.call(ArgSplitter.split(line).orElseThrow());
                assertEquals(new String(Resp.encodeReply(expected, 2), StandardCharsets.UTF_8),
                        new String(Resp.encodeReply(run(line), 2), StandardCharsets.UTF_8), line);
            }
        }
    }

    @Test
    void schotterDrawsEveryRowItIsAskedFor() {
        String text = text(run("LOLWUT VERSION 5"));
        String[] lines = text.split("\n");
        // 66 columns, 8 by 12 squares of side 16: 196 pixel rows, 4 to a braille line
        assertEquals(49 + 2, lines.length, text);
        for (int i = 0; i < 49; i++) assertEquals(66, lines[i].codePointCount(0, lines[i].length()), "line " + i);
        assertTrue(text.endsWith("\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. 7.0.15\n"), text);
        // the lower rows are turned: some braille cell is neither empty nor part of a straight edge
        assertTrue(text.chars().filter(c -> c >= 0x2800 && c <= 0x28ff).distinct().count() > 10, text);
    }

    @Test
    void theSkylineFillsItsCanvasInFourGreys() {
        String text = text(run("LOLWUT VERSION 6 30 8"));
        String[] lines = text.split("\n");
        assertEquals(8 + 2, lines.length, text);
        Pattern cell = Pattern.compile("\033\\[0;(30;40|90;100|37;47|97;107)m \033\\[0m");
        for (int i = 0; i < 8; i++) assertEquals("", cell.matcher(lines[i]).replaceAll(""), "line " + i);
        for (int i = 0; i < 8; i++) assertEquals(30, cell.matcher(lines[i]).results().count(), "line " + i);
        // the black foreground buildings stand on the bottom row
        assertTrue(lines[7].contains("\033[0;30;40m"), lines[7]);
        assertEquals("Dedicated to the 8 bit game developers of past and present.", lines[8]);
        assertEquals("Original 8 bit image from Plaguemon by hikikomori. Redis ver. 7.0.15", lines[9]);
        assertTrue(text.endsWith("\n"));
    }

    @Test
    void aCanvasTooLargeToDrawIsRefusedAndTheEngineGoesOn() {
        Reply reply = run("LOLWUT VERSION 5 1000 1 200");
        assertTrue(reply instanceof Reply.Error e && e.message().contains("LOLWUT canvas"), reply.toString());
        assertEquals(Reply.PONG, run("PING"));
        // the largest skyline is drawn
        assertEquals(1000 + 2, text(run("LOLWUT VERSION 6 1000 1000")).split("\n").length);
    }

    private static String text(Reply reply) {
        assertTrue(reply instanceof Reply.Verbatim, reply.toString());
        return new String(((Reply.Verbatim) reply).text(), StandardCharsets.UTF_8);
    }
}
