package dev.txlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import org.junit.jupiter.api.Test;

/** Ctrl-C in the shell calls Engine.interrupt from another thread: a long wait must end, and the engine go on. */
class InterruptTest {

    @Test
    void interruptEndsAWallClockSleepAndTheEngineGoesOn() throws Exception {
        Engine engine = new Engine(Clock.SYSTEM);
        ClientSession a = engine.connect("A");
        Reply[] reply = new Reply[1];
        Thread sleeper = new Thread(() -> reply[0] = engine.execute(a, ArgSplitter.split("DEBUG SLEEP 600").orElseThrow()));
        sleeper.start();
        // Keep asking until the sleep has started and noticed; the join bound is generous, not a speed goal.
        for (int i = 0; i < 6000 && sleeper.isAlive(); i++) {
            engine.interrupt();
            sleeper.join(10);
        }
        sleeper.join(60_000);
        assertFalse(sleeper.isAlive(), "DEBUG SLEEP 600 should have been cut short");
        assertEquals(Reply.OK, reply[0]);
        assertEquals(Reply.PONG, engine.execute(a, ArgSplitter.split("PING").orElseThrow()));
    }
}
