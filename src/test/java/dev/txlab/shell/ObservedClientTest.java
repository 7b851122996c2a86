package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.TraceEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a client can tell from its own replies, turned into the trace events the engine would emit. */
class ObservedClientTest {

    static List<byte[]> argv(String line) { return ArgSplitter.split(line).orElseThrow(); }

    static final Reply.Error NOT_INTEGER = Errors.NOT_INTEGER;

    @Test
    void anExecArrayBecomesEachQueuedCommandWithItsReplyAndTheFailedIndexes() {
        ObservedClient a = new ObservedClient("A", 0);
        TraceEvent started = a.observe(argv("MULTI"), Reply.OK).get(0);
        assertEquals(new TraceEvent.TransactionStarted("A", List.of()), started);
        TraceEvent.CommandQueued first = (TraceEvent.CommandQueued) a.observe(argv("SET s hello"), Reply.QUEUED).get(0);
        assertEquals(1, first.position());
        assertTrue(first.current().isEmpty(), "a client cannot see the values a queued command would change");
        a.observe(argv("INCR s"), Reply.QUEUED);
        assertEquals(2, a.state().queued());

        List<TraceEvent> exec = a.observe(argv("EXEC"), Reply.array(List.of(Reply.OK, NOT_INTEGER)));
        assertEquals(new TraceEvent.ExecStarted("A", 2), exec.get(0));
        TraceEvent.QueuedCommandRan second = (TraceEvent.QueuedCommandRan) exec.get(2);
        assertEquals("INCR s", words(second.argv()));
        assertEquals(NOT_INTEGER, second.reply());
        assertEquals(new TraceEvent.ExecFinished("A", 2, List.of(2), List.of()), exec.get(3));
        assertFalse(a.state().inMulti());
    }

    @Test
    void aQueueTimeErrorDoomsTheTransactionAndExecAbortNamesIt() {
        ObservedClient a = new ObservedClient("A", 0);
        a.observe(argv("MULTI"), Reply.OK);
        a.observe(argv("SET a 1"), Reply.QUEUED);
        Reply.Error unknown = Errors.unknownCommand(argv("NOSUCH x"));
        TraceEvent.CommandRejected rejected = (TraceEvent.CommandRejected) a.observe(argv("NOSUCH x"), unknown).get(0);
        assertEquals(TraceEvent.Rejection.UNKNOWN_COMMAND, rejected.why());
        assertTrue(rejected.dooms());
        assertTrue(a.state().doomed());
        TraceEvent.CommandQueued later = (TraceEvent.CommandQueued) a.observe(argv("SET b 2"), Reply.QUEUED).get(0);
        assertTrue(later.doomed(), "answered QUEUED, but Redis drops it");

        TraceEvent.ExecAborted aborted = (TraceEvent.ExecAborted) a.observe(argv("EXEC"), Errors.EXECABORT_PREVIOUS_ERRORS).get(0);
        assertEquals(TraceEvent.AbortReason.QUEUEING_ERROR, aborted.reason());
        assertEquals(2, aborted.discarded());
        assertEquals(unknown, aborted.rejection());
        assertEquals("NOSUCH x", words(aborted.rejectedCommand()));
        assertFalse(a.state().inMulti());
        assertFalse(a.state().doomed());
    }

    @Test
    void execNilIsATouchedWatchWhoseCauseTheServerDoesNotTell() {
        ObservedClient a = new ObservedClient("A", 0);
        assertEquals(new TraceEvent.KeysWatched("A", 0, List.of(Key.of("balance")), false),
                a.observe(argv("WATCH balance"), Reply.OK).get(0));
        assertEquals(List.of(), ((TraceEvent.KeysWatched) a.observe(argv("WATCH balance"), Reply.OK).get(0)).keys(),
                "a key watched twice is watched once");
        assertEquals(new TraceEvent.TransactionStarted("A", List.of(Key.of("balance"))), a.observe(argv("MULTI"), Reply.OK).get(0));
        a.observe(argv("DECRBY balance 10"), Reply.QUEUED);
        TraceEvent.ExecAborted aborted = (TraceEvent.ExecAborted) a.observe(argv("EXEC"), Reply.NIL_ARRAY).get(0);
        assertEquals(TraceEvent.AbortReason.WATCHED_KEY_TOUCHED, aborted.reason());
        assertEquals(1, aborted.discarded());
        assertNull(aborted.touch());
        assertTrue(a.state().watching().isEmpty(), "EXEC drops every watch");
    }

    @Test
    void overResp3TheAbortedExecIsTheOneNull() {
        ObservedClient a = new ObservedClient("A", 0);
        a.observe(argv("WATCH balance"), Reply.OK);
        a.observe(argv("MULTI"), Reply.OK);
        a.observe(argv("DECRBY balance 10"), Reply.QUEUED);
        TraceEvent.ExecAborted aborted = (TraceEvent.ExecAborted) a.observe(argv("EXEC"), Reply.NIL).get(0);
        assertEquals(TraceEvent.AbortReason.WATCHED_KEY_TOUCHED, aborted.reason());
        assertFalse(a.state().inMulti());
    }

    @Test
    void aTouchReportedByClientListNamesTheKeyOnlyWhenOneIsWatched() {
        ObservedClient a = new ObservedClient("A", 3);
        a.observe(argv("WATCH balance"), Reply.OK);
        TraceEvent.WatchTouched touched = a.watchTouched(true).orElseThrow();
        assertEquals(new TraceEvent.WatchTouched("A", 3, Key.of("balance"), TraceEvent.TouchCause.WRITE, null, null), touched);
        assertTrue(a.state().watchBroken());
        assertTrue(a.watchTouched(true).isEmpty(), "reported once");
        assertEquals(new TraceEvent.KeysWatched("A", 3, List.of(), true), a.observe(argv("WATCH other"), Reply.OK).get(0),
                "watching more after a touch changes nothing");

        ObservedClient b = new ObservedClient("B", 0);
        b.observe(argv("WATCH x y"), Reply.OK);
        assertTrue(b.watchTouched(true).isEmpty(), "which of two keys was touched is not known");
        assertTrue(b.state().watchBroken());
        b.observe(argv("UNWATCH"), Reply.OK);
        assertFalse(b.state().watchBroken(), "UNWATCH starts afresh");
    }

    @Test
    void discardThrowsTheQueueAwayAndDropsTheWatches() {
        ObservedClient a = new ObservedClient("A", 0);
        a.observe(argv("WATCH k"), Reply.OK);
        a.observe(argv("MULTI"), Reply.OK);
        a.observe(argv("INCR k"), Reply.QUEUED);
        assertEquals(new TraceEvent.TransactionDiscarded("A", 1, List.of(Key.of("k"))), a.observe(argv("DISCARD"), Reply.OK).get(0));
        assertFalse(a.state().inMulti());
        assertTrue(a.state().watching().isEmpty());
    }

    @Test
    void selectMovesTheClientAtOnceOrWhenExecRunsItAndResetGoesBackToZero() {
        ObservedClient a = new ObservedClient("A", 0);
        a.observe(argv("SELECT 2"), Reply.OK);
        assertEquals(2, a.state().db());
        a.observe(argv("SELECT 99"), Errors.DB_INDEX_OUT_OF_RANGE);
        assertEquals(2, a.state().db());
        a.observe(argv("MULTI"), Reply.OK);
        a.observe(argv("SELECT 5"), Reply.QUEUED);
        assertEquals(2, a.state().db(), "queued, not run");
        a.observe(argv("EXEC"), Reply.array(List.of(Reply.OK)));
        assertEquals(5, a.state().db());
        a.observe(argv("MULTI"), Reply.OK);
        a.observe(argv("RESET"), new Reply.Simple("RESET"));
        assertEquals(0, a.state().db());
        assertFalse(a.state().inMulti());
    }

    @Test
    void execRejectedItselfDiscardsTheTransaction() {
        ObservedClient a = new ObservedClient("A", 0);
        a.observe(argv("MULTI"), Reply.OK);
        a.observe(argv("SET a 1"), Reply.QUEUED);
        Reply.Error abort = Reply.error("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command");
        List<TraceEvent> events = a.observe(argv("EXEC now"), abort);
        assertEquals(TraceEvent.Rejection.WRONG_ARITY, ((TraceEvent.CommandRejected) events.get(0)).why());
        assertEquals(TraceEvent.AbortReason.QUEUEING_ERROR, ((TraceEvent.ExecAborted) events.get(1)).reason());
        assertFalse(a.state().inMulti());
    }

    @Test
    void quitClosesAndTellsWhatWentWithTheConnection() {
        ObservedClient a = new ObservedClient("A", 0);
        a.observe(argv("WATCH k"), Reply.OK);
        a.observe(argv("MULTI"), Reply.OK);
        a.observe(argv("INCR k"), Reply.QUEUED);
        List<TraceEvent> events = a.observe(argv("QUIT"), Reply.OK);
        assertEquals(new TraceEvent.ClientClosed("A", 1, List.of(Key.of("k"))), events.get(events.size() - 1));
    }

    @Test
    void repliesNoRedisWouldSendAreTakenAsTheyComeWithoutFailing() {
        ObservedClient a = new ObservedClient("A", 0);
        a.observe(argv("MULTI"), Reply.OK);
        assertTrue(a.observe(argv("GET k"), Reply.integer(7)).get(0) instanceof TraceEvent.CommandRan, "not QUEUED: it ran");
        a.observe(argv("EXEC"), Reply.OK); // not an array, nil or EXECABORT
        assertFalse(a.state().inMulti());
        a.observe(argv("EXEC"), Reply.array(List.of(Reply.OK, Reply.OK))); // outside MULTI: nothing to map
        a.observe(argv("MULTI"), Reply.OK);
        List<TraceEvent> more = a.observe(argv("EXEC"), Reply.array(List.of(Reply.OK, Reply.OK))); // more replies than queued
        assertEquals(List.of(), ((TraceEvent.QueuedCommandRan) more.get(2)).argv());
        a.observe(argv("SELECT x"), Reply.OK);
        assertEquals(0, a.state().db());
    }

    @Test
    void rejectionsAreReadFromTheErrorText() {
        assertEquals(TraceEvent.Rejection.WRONG_ARITY, ObservedClient.rejection(Errors.wrongArity("get")));
        assertEquals(TraceEvent.Rejection.UNKNOWN_SUBCOMMAND, ObservedClient.rejection(Errors.unknownSubcommand("config", "x".getBytes())));
        assertEquals(TraceEvent.Rejection.NOT_ALLOWED_IN_MULTI, ObservedClient.rejection(Errors.NOT_ALLOWED_IN_MULTI));
        assertEquals(TraceEvent.Rejection.OUT_OF_MEMORY, ObservedClient.rejection(Errors.OOM));
        assertEquals(TraceEvent.Rejection.NOT_ENOUGH_REPLICAS, ObservedClient.rejection(Errors.NOREPLICAS));
        assertEquals(TraceEvent.Rejection.REFUSED,
                ObservedClient.rejection(Reply.error("NOPERM this user has no permissions to run the 'set' command")));
    }

    /**
     * The engine knows more than a client, but the events a client can derive must be the same
     * ones, in the same order, as the engine's for the same replies (less what only the engine
     * sees: touches by others, expiries, undefined orders, would-block notes).
     */
    @Test
    void fedTheEnginesRepliesItDerivesTheEnginesEventsInTheEnginesOrder() throws IOException {
        EngineBackend engine = new EngineBackend(new Clock.ManualClock(1_000_000));
        Map<String, ObservedClient> observed = new HashMap<>();
        List<String> session = new ArrayList<>(PipedShellTest.SESSION);
        session.addAll(List.of("A> WATCH k", "A> MULTI", "A> PING a b", "A> EXEC a", "A> SELECT 3", "A> WATCH x y",
                "A> WATCH x", "A> UNWATCH", "A> MULTI", "A> SELECT 4", "A> MULTI", "A> WATCH z", "A> EXEC",
                "A> GET x", "A> DISCARD", "A> EXEC", "B> MULTI", "B> SET q 1", "B> RESET", "C> WATCH w",
                "C> MULTI", "C> INCR w", "C> QUIT", "C> PING", "A> NOSUCH", "A> SET x", "A> CONFIG NOSUCH"));
        for (String line : session) {
            String label = line.substring(0, line.indexOf('>'));
            List<byte[]> argv = ArgSplitter.split(line.substring(line.indexOf('>') + 2)).orElse(null);
            if (argv == null || argv.isEmpty()) continue;
            Backend.Result result = engine.send(label, argv);
            ObservedClient client = observed.computeIfAbsent(label, l -> new ObservedClient(l, 0));
            List<String> expected = new ArrayList<>();
            for (TraceEvent e : result.events()) {
                if (e instanceof TraceEvent.WatchTouched || e instanceof TraceEvent.KeyExpired
                        || e instanceof TraceEvent.ReplyOrderUndefined || e instanceof TraceEvent.ClientWouldBlock) continue;
                expected.add(shape(e));
            }
            List<String> derived = client.observe(argv, result.reply()).stream().map(ObservedClientTest::shape).toList();
            assertEquals(expected, derived, line);
            if (line.endsWith("QUIT")) observed.remove(label);
            // What RemoteBackend learns from CLIENT LIST after each command: whose watch is touched.
            for (Map.Entry<String, ObservedClient> o : observed.entrySet()) {
                o.getValue().watchTouched(engine.client(o.getKey()).map(Backend.ClientState::watchBroken).orElse(false));
            }
            var engineState = engine.client(label);
            if (engineState.isPresent()) {
                var mine = client.state();
                var theirs = engineState.get();
                assertEquals(theirs.inMulti(), mine.inMulti(), line);
                assertEquals(theirs.queued(), mine.queued(), line);
                assertEquals(theirs.db(), mine.db(), line);
                assertEquals(theirs.doomed(), mine.doomed(), line);
                if (!theirs.watchBroken()) assertEquals(theirs.watching(), mine.watching(), line);
            }
        }
    }

    /** An event without what only the engine knows: key values, and who touched a watch. */
    private static String shape(TraceEvent e) {
        if (e instanceof TraceEvent.CommandRan x) return "ran " + words(x.argv()) + " " + x.inMulti();
        if (e instanceof TraceEvent.CommandRejected x) return "rejected " + x.why() + " " + x.dooms();
        if (e instanceof TraceEvent.CommandQueued x) return "queued #" + x.position() + " " + x.doomed();
        if (e instanceof TraceEvent.QueuedCommandRan x) return "ran #" + x.index() + " " + words(x.argv()) + " " + x.reply();
        if (e instanceof TraceEvent.ExecFinished x) return "finished " + x.ran() + " " + x.failedIndexes();
        if (e instanceof TraceEvent.ExecAborted x) {
            return "aborted " + x.reason() + " " + x.discarded() + " " + (x.rejectedCommand() == null ? "" : words(x.rejectedCommand()));
        }
        if (e instanceof TraceEvent.KeysWatched x && x.alreadyDirty()) return "watched, already dirty";
        return e.toString();
    }

    private static String words(List<byte[]> argv) {
        List<String> out = new ArrayList<>();
        for (byte[] a : argv) out.add(new String(a));
        return String.join(" ", out);
    }
}
