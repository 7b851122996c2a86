package dev.txlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.Tracer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's trace events tell what happened inside a transaction; front ends only render them. */
class TransactionTraceTest {
    private Clock.ManualClock clock;
    private Engine engine;
    private Tracer.Recorder trace;
    private ClientSession a;
    private ClientSession b;

    @BeforeEach
    void setUp() {
        clock = new Clock.ManualClock(1_000_000);
        engine = new Engine(clock);
        trace = new Tracer.Recorder();
        engine.setTracer(trace);
        a = engine.connect("A");
        b = engine.connect("B");
    }

    private Reply run(ClientSession s, String line) {
        return engine.execute(s, ArgSplitter.split(line).orElseThrow());
    }

    private <T extends TraceEvent> T last(Class<T> type) {
        List<TraceEvent> events = trace.events();
        for (int i = events.size() - 1; i >= 0; i--) if (type.isInstance(events.get(i))) return type.cast(events.get(i));
        throw new AssertionError("no " + type.getSimpleName() + " in " + events);
    }

    private static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    @Test
    void aQueuedCommandHasNotRunAndShowsTheValueItWillChange() {
        run(a, "SET counter 5");
        run(a, "MULTI");
        assertEquals(Reply.QUEUED, run(a, "INCR counter"));
        TraceEvent.CommandQueued queued = last(TraceEvent.CommandQueued.class);
        assertEquals(1, queued.position());
        assertFalse(queued.doomed());
        assertEquals("5", text(queued.current().get(0).before().string()));
        assertEquals(Reply.bulk("5"), run(b, "GET counter"), "other clients still see the old value");
    }

    @Test
    void aQueueTimeRejectionDoomsTheTransactionButLaterCommandsStillQueue() {
        run(a, "MULTI");
        Reply rejected = run(a, "INCRBY k");
        assertEquals(Errors.wrongArity("incrby"), rejected);
        TraceEvent.CommandRejected r = last(TraceEvent.CommandRejected.class);
        assertTrue(r.dooms());
        assertEquals(TraceEvent.Rejection.WRONG_ARITY, r.why());
        assertEquals(Reply.QUEUED, run(a, "SET k 1"));
        assertTrue(last(TraceEvent.CommandQueued.class).doomed());
        assertEquals(Errors.EXECABORT_PREVIOUS_ERRORS, run(a, "EXEC"));
        TraceEvent.ExecAborted aborted = last(TraceEvent.ExecAborted.class);
        assertEquals(TraceEvent.AbortReason.QUEUEING_ERROR, aborted.reason());
        assertEquals(1, aborted.discarded());
        assertEquals(rejected, aborted.rejection());
        assertEquals(Reply.ZERO, run(a, "EXISTS k"), "nothing ran");
    }

    @Test
    void nestedMultiIsAnErrorThatDoesNotDoom() {
        run(a, "MULTI");
        assertEquals(Errors.MULTI_NESTED, run(a, "MULTI"));
        TraceEvent.CommandRan ran = last(TraceEvent.CommandRan.class);
        assertTrue(ran.inMulti());
        run(a, "SET k 1");
        assertInstanceOf(Reply.Array.class, run(a, "EXEC"));
    }

    @Test
    void aRunTimeErrorFailsAloneAndNothingIsRolledBack() {
        run(a, "SET b hello");
        run(a, "MULTI");
        run(a, "SET a 1");
        run(a, "INCR b");
        run(a, "SET c 3");
        Reply reply = run(a, "EXEC");
        assertEquals(Reply.array(List.of(Reply.OK, Errors.NOT_INTEGER, Reply.OK)), reply);
        TraceEvent.ExecFinished finished = last(TraceEvent.ExecFinished.class);
        assertEquals(List.of(2), finished.failedIndexes());
        assertEquals(3, finished.ran());
        TraceEvent.QueuedCommandRan first = trace.events().stream()
                .filter(e -> e instanceof TraceEvent.QueuedCommandRan q && q.index() == 1)
                .map(TraceEvent.QueuedCommandRan.class::cast).findFirst().orElseThrow();
        assertNull(first.changes().get(0).before());
        assertEquals("1", text(first.changes().get(0).after().string()));
        assertEquals(Reply.bulk("1"), run(a, "GET a"));
    }

    @Test
    void aWatchTouchNamesTheClientAndTheCommand() {
        run(a, "WATCH balance");
        run(b, "DECRBY balance 30");
        TraceEvent.WatchTouched touched = last(TraceEvent.WatchTouched.class);
        assertEquals("A", touched.watcher());
        assertEquals("B", touched.byClient());
        assertEquals("DECRBY", text(touched.byCommand().get(0)));
        assertEquals(TraceEvent.TouchCause.WRITE, touched.cause());
        run(a, "MULTI");
        run(a, "DECRBY balance 10");
        assertEquals(Reply.NIL_ARRAY, run(a, "EXEC"));
        TraceEvent.ExecAborted aborted = last(TraceEvent.ExecAborted.class);
        assertEquals(TraceEvent.AbortReason.WATCHED_KEY_TOUCHED, aborted.reason());
        assertEquals("B", aborted.touch().byClient());
    }

    @Test
    void aWatchedKeyThatExpiresAbortsExecEvenIfNobodyReadsIt() {
        run(a, "SET k v PX 100");
        run(a, "WATCH k");
        run(a, "MULTI");
        run(a, "PING");
        clock.advance(200);
        assertEquals(Reply.NIL_ARRAY, run(a, "EXEC"));
        assertEquals(TraceEvent.TouchCause.EXPIRED, last(TraceEvent.ExecAborted.class).touch().cause());
    }

    @Test
    void theBackgroundExpiryCycleDeletesDueKeysBetweenCommands() {
        run(a, "SET k v PX 100");
        clock.advance(100);
        assertEquals(Reply.ZERO, run(b, "DBSIZE"));
        TraceEvent.KeyExpired expired = last(TraceEvent.KeyExpired.class);
        assertEquals("k", expired.key().toString());
    }

    @Test
    void aFlushTouchesExistingWatchedKeysOnly() {
        run(a, "SET present 1");
        run(a, "WATCH present");
        run(b, "WATCH absent");
        run(a, "FLUSHALL");
        TraceEvent.WatchTouched touched = last(TraceEvent.WatchTouched.class);
        assertEquals(TraceEvent.TouchCause.FLUSHED, touched.cause());
        assertEquals("A", touched.watcher());
        run(b, "MULTI");
        assertEquals(Reply.EMPTY_ARRAY, run(b, "EXEC"), "B's watch on a missing key survives the flush");
    }

    @Test
    void closingAConnectionDropsItsQueueAndWatches() {
        run(a, "WATCH k");
        run(a, "MULTI");
        run(a, "SET k 1");
        engine.disconnect(a);
        TraceEvent.ClientClosed closed = last(TraceEvent.ClientClosed.class);
        assertEquals(1, closed.discardedQueue());
        assertEquals("k", closed.droppedWatches().get(0).toString());
        assertEquals(Reply.ZERO, run(b, "EXISTS k"));
        assertTrue(a.isClosed());
    }

    @Test
    void undefinedReplyOrdersAreReported() {
        run(a, "SADD s x y");
        run(a, "SMEMBERS s");
        assertEquals("s", text(last(TraceEvent.ReplyOrderUndefined.class).argv().get(1)));
        trace.drain();
        run(a, "SADD ints 3 1");
        run(a, "SMEMBERS ints");
        assertTrue(trace.events().stream().noneMatch(e -> e instanceof TraceEvent.ReplyOrderUndefined),
                "a small integer set answers in ascending order, which Redis defines");
    }
}
