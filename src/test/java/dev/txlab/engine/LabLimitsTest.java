package dev.txlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import org.junit.jupiter.api.Test;

/**
 * Where Redis itself has no limit and would run out of memory (or crash), the lab answers one
 * clear error and keeps going. Where Redis has a limit, transcripts/limits.tx checks it against
 * a real server.
 */
class LabLimitsTest {
    private final Engine engine = new Engine(new Clock.ManualClock(0));
    private final ClientSession a = engine.connect("A");

    private Reply run(String line) { return engine.execute(a, ArgSplitter.split(line).orElseThrow()); }

    @Test
    void srandmemberWithAHugeNegativeCountIsRefusedNotAttempted() {
        run("SADD s a b");
        // redis-server 7.0.15 tries to build 9.2e18 elements and is killed for lack of memory
        assertEquals(Errors.REPLY_TOO_LONG, run("SRANDMEMBER s -9223372036854775807"));
        assertEquals(Errors.REPLY_TOO_LONG, run("SRANDMEMBER s -10000001"));
        assertEquals(3, ((Reply.Array) run("SRANDMEMBER s -3")).elements().size());
        assertEquals(Reply.PONG, run("PING"));
    }
}
