package dev.txlab.engine.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RESTORE of damaged stream payloads (with a valid checksum, so the body is what is judged): each
 * one is refused with an error or loads into a stream that every stream command can then use.
 * Nothing may throw, since a broken DUMP from a file or a client must not take the server down.
 */
class StreamRestoreFuzzTest {

    @Test
    void damagedStreamPayloadsAreRefusedOrUsable() {
        Engine engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
        ClientSession c = engine.connect("A");
        for (String line : List.of("CONFIG SET stream-node-max-entries 3", "XADD s 1-1 a 1 b 2", "XADD s 1-2 a 3 b 4",
                "XADD s 2-0 c 5", "XADD s 3-0 a 1 b 2", "XADD s 4-4 d " + "v".repeat(40), "XDEL s 1-2",
                "XGROUP CREATE s g 0", "XREADGROUP GROUP g alice COUNT 2 STREAMS s >",
                "XREADGROUP GROUP g bob STREAMS s >", "XGROUP CREATE s h $")) {
            call(engine, c, line);
        }
        byte[] payload = ((Reply.Bulk) call(engine, c, "DUMP s")).bytes();
        Random random = new Random(20261205);
        int loaded = 0;
        int refused = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] damaged = payload.clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = 1 + random.nextInt(damaged.length - 11);
                damaged[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (damaged[at] ^ (1 << random.nextInt(8)));
            }
            damaged = withValidCrc(damaged);
            Reply reply = engine.execute(c, List.of(Bytes.utf8("RESTORE"), Bytes.utf8("r"), Bytes.utf8("0"),
                    damaged, Bytes.utf8("REPLACE")));
            if (reply instanceof Reply.Error) {
                refused++;
                continue;
            }
            assertEquals(Reply.OK, reply);
            loaded++;
            for (String line : List.of("XINFO STREAM r FULL", "XINFO GROUPS r", "XRANGE r - +", "XREVRANGE r + - COUNT 2",
                    "XPENDING r g - + 10", "XREADGROUP GROUP g carol STREAMS r >", "XAUTOCLAIM r g dan 0 0-0",
                    "XADD r * z 1", "XTRIM r MAXLEN 2", "XDEL r 2-0", "DEBUG DIGEST-VALUE r", "DUMP r",
                    "MEMORY USAGE r", "COPY r r2 REPLACE", "DEBUG RELOAD")) {
                call(engine, c, line);
            }
        }
        assertTrue(loaded > 0 && refused > 0, "the damage both passed and failed the checks: " + loaded + "/" + refused);
    }

    private static Reply call(Engine engine, ClientSession c, String line) {
        return engine.execute(c, ArgSplitter.split(line).orElseThrow());
    }

    private static byte[] withValidCrc(byte[] payload) {
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        byte[] out = payload.clone();
        for (int i = 0; i < 8; i++) out[payload.length - 8 + i] = (byte) (crc >>> (8 * i));
        return out;
    }
}
