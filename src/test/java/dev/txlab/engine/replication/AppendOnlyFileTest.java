package dev.txlab.engine.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The append-only file as DEBUG LOADAOF reads it back, checked against what redis-server 7.0.15
 * did by hand: BGREWRITEAOF writes a file even with appendonly no (which then receives nothing),
 * appendonly no leaves the file as it was, and a rewrite inside EXEC waits for the EXEC's end.
 */
class AppendOnlyFileTest {
    private final Engine engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
    private final ClientSession a = engine.connect("A");

    private Reply run(String line) { return engine.execute(a, ArgSplitter.split(line).orElseThrow()); }

    @Test
    void withoutAnyFileLoadaofFailsAsRedisWouldExit() {
        run("SET x 1");
        assertTrue(run("DEBUG LOADAOF") instanceof Reply.Error);
        assertEquals(Reply.bulk("1"), run("GET x")); // the data stays
    }

    @Test
    void aRewriteWithAppendonlyNoKeepsOnlyWhatWasThere() {
        run("SET x 1");
        assertEquals(new Reply.Simple("Background append only file rewriting started"), run("BGREWRITEAOF"));
        run("SET y 2");
        assertEquals(Reply.OK, run("DEBUG LOADAOF"));
        assertEquals(Reply.array(List.of(Reply.bulk("1"), Reply.NIL)), run("MGET x y"));
    }

    @Test
    void appendonlyNoStopsFeedingTheFileButKeepsIt() {
        run("SET x 1");
        run("CONFIG SET appendonly yes");
        run("SET z 3");
        run("CONFIG SET appendonly no");
        run("SET w 4");
        assertEquals(Reply.OK, run("DEBUG LOADAOF"));
        assertEquals(Reply.array(List.of(Reply.bulk("1"), Reply.bulk("3"), Reply.NIL)), run("MGET x z w"));
    }

    @Test
    void aRewriteInsideExecTakesTheWholeTransaction() {
        run("MULTI");
        run("SET m 1");
        run("BGREWRITEAOF");
        run("SET n 1");
        Reply exec = run("EXEC");
        assertEquals(new Reply.Simple("Background append only file rewriting scheduled"), ((Reply.Array) exec).elements().get(1));
        run("SET after 1");
        assertEquals(Reply.OK, run("DEBUG LOADAOF"));
        assertEquals(Reply.array(List.of(Reply.bulk("1"), Reply.bulk("1"), Reply.NIL)), run("MGET m n after"));
    }
}
