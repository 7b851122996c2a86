package dev.txlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The trace renderer on hand-built events: what each annotation teaches, word by word where it matters. */
class TraceRendererTest {

    static final TraceRenderer PLAIN = new TraceRenderer(Palette.PLAIN);

    static List<byte[]> argv(String... words) {
        List<byte[]> out = new ArrayList<>();
        for (String w : words) out.add(w.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    static ValueSnapshot string(String value) {
        return new ValueSnapshot("string", value.getBytes(StandardCharsets.UTF_8), value.length(), List.of(), -1);
    }

    static KeyChange change(String key, ValueSnapshot before, ValueSnapshot after) {
        return new KeyChange(0, Key.of(key), before, after);
    }

    static String brief(TraceEvent... events) { return text(ExplainLevel.BRIEF, events); }

    static String full(TraceEvent... events) { return text(ExplainLevel.FULL, events); }

    static String text(ExplainLevel level, TraceEvent... events) {
        List<String> lines = PLAIN.render(List.of(events), level);
        for (String line : lines) assertTrue(line.startsWith("# "), "every trace line is a transcript comment: " + line);
        return lines.stream().map(l -> l.substring(2)).collect(Collectors.joining("\n"));
    }

    static final TraceEvent.WatchTouched B_TOUCHED_BALANCE = new TraceEvent.WatchTouched("A", 0, Key.of("balance"),
            TraceEvent.TouchCause.WRITE, "B", argv("DECRBY", "balance", "30"));

    @Nested
    class Queueing {
        @Test
        void multiSaysCommandsAreQueuedAndNothingRunsUntilExec() {
            String t = brief(new TraceEvent.TransactionStarted("A", List.of()));
            assertTrue(t.contains("A is in MULTI"), t);
            assertTrue(t.contains("nothing runs until EXEC"), t);
        }

        @Test
        void multiWhileWatchingSaysExecWillAnswerNilIfTheKeyChanges() {
            String t = brief(new TraceEvent.TransactionStarted("A", List.of(Key.of("balance"))));
            assertTrue(t.contains("A watches balance"), t);
            assertTrue(t.contains("(nil)"), t);
        }

        @Test
        void aQueuedCommandHasNotRunAndShowsTheValueItWillChange() {
            String t = brief(new TraceEvent.CommandQueued("A", argv("DECRBY", "balance", "10"), 2, false,
                    List.of(change("balance", string("100"), string("100")))));
            assertEquals("Queued as #2, not run yet: balance is still \"100\".", t);
        }

        @Test
        void aQueuedCommandOnAMissingKeySaysItIsStillMissing() {
            String t = brief(new TraceEvent.CommandQueued("A", argv("SET", "a", "1"), 1, false,
                    List.of(change("a", null, null))));
            assertEquals("Queued as #1, not run yet: a is still missing.", t);
        }

        @Test
        void aCommandQueuedIntoADoomedTransactionIsDroppedAndExecWillAbort() {
            String t = brief(new TraceEvent.CommandQueued("A", argv("INCR", "x"), 3, true, List.of()));
            assertTrue(t.contains("already doomed"), t);
            assertTrue(t.contains("EXECABORT"), t);
            assertFalse(t.contains("Queued as #"), t);
        }

        @Test
        void aRejectionWhileQueueingDoomsTheTransactionButLaterCommandsStillAnswerQueued() {
            String t = brief(new TraceEvent.CommandRejected("A", argv("FOO", "x"),
                    Errors.unknownCommand(argv("FOO", "x")), TraceEvent.Rejection.UNKNOWN_COMMAND, true));
            assertTrue(t.contains("Rejected while queueing (unknown command)"), t);
            assertTrue(t.contains("doomed"), t);
            assertTrue(t.contains("Later commands still answer QUEUED"), t);
            assertTrue(t.contains("EXEC will answer EXECABORT"), t);
        }

        @Test
        void inFullARejectionExplainsHowARuntimeErrorDiffers() {
            String t = full(new TraceEvent.CommandRejected("A", argv("GET"), Errors.wrongArity("get"),
                    TraceEvent.Rejection.WRONG_ARITY, true));
            assertTrue(t.contains("(wrong number of arguments)"), t);
            assertTrue(t.contains("WRONGTYPE"), t);
            assertTrue(t.contains("SET k v NX XX"), t);
            assertTrue(t.contains("fails alone"), t);
        }

        @Test
        void aRejectionOutsideMultiDoesNotTalkAboutDoomingAndSaysNothingInBrief() {
            TraceEvent e = new TraceEvent.CommandRejected("A", argv("FOO"), Errors.unknownCommand(argv("FOO")),
                    TraceEvent.Rejection.UNKNOWN_COMMAND, false);
            assertEquals("", brief(e));
            assertFalse(full(e).contains("doomed"));
        }

        @Test
        void nestedMultiIsAnErrorThatDoesNotDoomTheTransaction() {
            String t = brief(new TraceEvent.CommandRan("A", 0, argv("MULTI"), Errors.MULTI_NESTED, true, List.of()));
            assertTrue(t.contains("not doom"), t);
            assertTrue(t.contains("queue is intact"), t);
        }

        @Test
        void watchInsideMultiIsAnErrorThatDoesNotDoomTheTransaction() {
            String t = brief(new TraceEvent.CommandRan("A", 0, argv("WATCH", "k"), Errors.WATCH_INSIDE_MULTI, true, List.of()));
            assertTrue(t.contains("WATCH inside MULTI is refused"), t);
            assertTrue(t.contains("not doom"), t);
        }

        @Test
        void aSuccessfulMultiOrExecCommandAddsNothingBeyondItsOwnEvents() {
            assertEquals("", full(new TraceEvent.CommandRan("A", 0, argv("MULTI"), Reply.OK, false, List.of())));
            assertEquals("", full(new TraceEvent.CommandRan("A", 0, argv("exec"), Reply.NIL_ARRAY, true, List.of())));
        }
    }

    @Nested
    class Exec {
        final List<TraceEvent> runtimeError = List.of(
                new TraceEvent.ExecStarted("A", 2),
                new TraceEvent.QueuedCommandRan("A", 1, argv("SET", "a", "1"), Reply.OK, List.of(change("a", null, string("1")))),
                new TraceEvent.QueuedCommandRan("A", 2, argv("INCR", "b"), Errors.NOT_INTEGER,
                        List.of(change("b", string("hello"), string("hello")))),
                new TraceEvent.ExecFinished("A", 2, List.of(2),
                        List.of(change("a", null, string("1")), change("b", string("hello"), string("hello")))));

        @Test
        void execSaysNoOtherClientRunsInBetween() {
            String t = brief(runtimeError.get(0));
            assertTrue(t.contains("2 queued commands in order, back to back"), t);
            assertTrue(t.contains("no other client's command runs in between"), t);
        }

        @Test
        void eachQueuedCommandShowsItsReplyAndWhatItChanged() {
            String t = brief(runtimeError.toArray(TraceEvent[]::new));
            assertTrue(t.contains("  #1 SET a 1 -> OK (a: missing -> \"1\")"), t);
            assertTrue(t.contains("  #2 INCR b -> failed at run time: ERR value is not an integer or out of range"), t);
        }

        @Test
        void aRuntimeErrorFailsAloneAndNothingIsRolledBackWithKeysBeforeAndAfter() {
            String t = brief(runtimeError.toArray(TraceEvent[]::new));
            assertTrue(t.contains("No rollback: #2 failed alone; the other command stays applied."), t);
            assertTrue(t.contains("Keys before -> after EXEC:\n  a: missing -> \"1\"\n  b: \"hello\" (unchanged)"), t);
        }

        @Test
        void aSyntaxErrorFromConflictingOptionsIsARuntimeErrorToo() {
            String t = brief(new TraceEvent.QueuedCommandRan("A", 1, argv("SET", "k", "v", "NX", "XX"), Errors.SYNTAX,
                    List.of(change("k", null, null))));
            assertTrue(t.contains("#1 SET k v NX XX -> failed at run time: ERR syntax error"), t);
        }

        @Test
        void aTransactionWithoutErrorsSaysAllApplied() {
            String t = brief(new TraceEvent.ExecFinished("A", 2, List.of(), List.of(change("a", null, string("2")))));
            assertTrue(t.startsWith("All 2 applied."), t);
            assertTrue(t.contains("a: missing -> \"2\""), t);
        }

        @Test
        void anEmptyTransactionSaysTheReplyIsAnEmptyArray() {
            String t = brief(new TraceEvent.ExecStarted("A", 0), new TraceEvent.ExecFinished("A", 0, List.of(), List.of()));
            assertEquals("EXEC ran A's empty transaction: nothing was queued, so the reply is an empty array.", t);
        }

        @Test
        void inFullExecExplainsThatOnlyQueueingRejectionsAbortTheWhole() {
            String t = full(runtimeError.toArray(TraceEvent[]::new));
            assertTrue(t.contains("Redis has no rollback"), t);
            assertTrue(t.contains("not all-or-nothing"), t);
        }

        @Test
        void execAbortedByAQueueingErrorNamesTheRejectedCommandAndSaysNothingRan() {
            String t = brief(new TraceEvent.ExecAborted("A", TraceEvent.AbortReason.QUEUEING_ERROR, 3,
                    Errors.unknownCommand(argv("FOO")), argv("FOO"), null));
            assertTrue(t.startsWith("EXECABORT: nothing ran; the 3 commands answered QUEUED were thrown away, because FOO"
                    + " was rejected while queueing (ERR unknown command 'FOO'"), t);
        }

        @Test
        void whenBothFlagsAreSetTheQueueingErrorDecides() {
            String t = brief(new TraceEvent.ExecAborted("A", TraceEvent.AbortReason.QUEUEING_ERROR, 0,
                    Errors.unknownCommand(argv("NOSUCH")), argv("NOSUCH"), B_TOUCHED_BALANCE));
            assertTrue(t.contains("nothing had been queued"), t);
            assertTrue(t.contains("was touched too, but the queueing error decides the reply"), t);
        }

        @Test
        void execAbortedByATouchedWatchNamesTheClientAndCommandAndGivesTheRetryPattern() {
            String t = brief(new TraceEvent.ExecAborted("A", TraceEvent.AbortReason.WATCHED_KEY_TOUCHED, 1,
                    null, null, B_TOUCHED_BALANCE));
            assertTrue(t.startsWith("(nil): EXEC ran nothing; the command answered QUEUED was thrown away, because B's"
                    + " DECRBY balance 30 touched the watched key balance after WATCH."), t);
            assertTrue(t.contains("Retry: WATCH balance, read it again, MULTI, queue the writes, EXEC;"
                    + " repeat while EXEC answers (nil)."), t);
        }

        @Test
        void execAbortedWithoutKnowingTheTouchSaysARealServerDoesNotTell() {
            // What a client of a real server sees: EXEC answered (nil), and nothing else.
            String t = brief(new TraceEvent.ExecAborted("A", TraceEvent.AbortReason.WATCHED_KEY_TOUCHED, 1, null, null, null));
            assertEquals("(nil): EXEC ran nothing; the command answered QUEUED was thrown away, because a watched key was"
                    + " changed after WATCH (a real server does not tell which client touched the key).\n"
                    + "Retry: WATCH the keys, read them again, MULTI, queue the writes, EXEC; repeat while EXEC answers (nil).", t);
        }

        @Test
        void aRejectionARealServerGaveForItsOwnReasonQuotesTheError() {
            String t = brief(new TraceEvent.CommandRejected("A", argv("SET", "k", "v"),
                    Reply.error("NOPERM this user has no permissions to run the 'set' command"), TraceEvent.Rejection.REFUSED, true));
            assertTrue(t.startsWith("Rejected while queueing (the server refused it: NOPERM this user has no permissions"), t);
            assertTrue(t.contains("EXEC will answer EXECABORT"), t);
        }

        @Test
        void execAbortedByAnExpiredWatchSaysTheKeyExpired() {
            String t = brief(new TraceEvent.ExecAborted("A", TraceEvent.AbortReason.WATCHED_KEY_TOUCHED, 2, null, null,
                    new TraceEvent.WatchTouched("A", 0, Key.of("lock"), TraceEvent.TouchCause.EXPIRED, null, null)));
            assertTrue(t.contains("because the watched key lock expired after WATCH"), t);
        }

        @Test
        void execWithoutMultiKeepsTheWatches() {
            String t = brief(new TraceEvent.CommandRan("A", 0, argv("EXEC"), Errors.EXEC_WITHOUT_MULTI, false, List.of()));
            assertTrue(t.contains("not in MULTI"), t);
            assertTrue(t.contains("watches, if any, in place"), t);
        }

        @Test
        void discardSaysNothingRanAndWhichWatchesWentAway() {
            String t = brief(new TraceEvent.TransactionDiscarded("A", 2, List.of(Key.of("k"))));
            assertEquals("DISCARD: 2 queued commands were thrown away without running; A is out of MULTI and no longer"
                    + " watches k.", t);
        }

        @Test
        void discardOutsideMultiSaysThereIsNothingToDiscard() {
            String t = brief(new TraceEvent.CommandRan("A", 0, argv("DISCARD"), Errors.DISCARD_WITHOUT_MULTI, false, List.of()));
            assertTrue(t.contains("no transaction to discard"), t);
        }

        @Test
        void resetInsideMultiThrowsTheQueueAway() {
            String t = brief(new TraceEvent.CommandRan("A", 0, argv("RESET"), new Reply.Simple("RESET"), true, List.of()));
            assertTrue(t.contains("RESET left MULTI"), t);
        }
    }

    @Nested
    class Watch {
        @Test
        void watchSaysAnyChangeByAnyClientMakesExecAnswerNil() {
            String t = brief(new TraceEvent.KeysWatched("A", 0, List.of(Key.of("balance")), false));
            assertEquals("A watches balance: if any client (A too) changes it before A's EXEC, that EXEC answers (nil)"
                    + " and runs nothing.", t);
        }

        @Test
        void watchingWhenAlreadyDirtyChangesNothing() {
            String t = brief(new TraceEvent.KeysWatched("A", 0, List.of(), true));
            assertTrue(t.contains("already broken"), t);
            assertTrue(t.contains("(nil)"), t);
        }

        @Test
        void aWatchTouchNamesTheClientAndTheCommand() {
            assertEquals("B's DECRBY balance 30 touched balance, which A watches: A's next EXEC will answer (nil).",
                    brief(B_TOUCHED_BALANCE));
        }

        @Test
        void aClientsOwnWriteTouchesItsWatchToo() {
            String t = brief(new TraceEvent.WatchTouched("A", 0, Key.of("k"), TraceEvent.TouchCause.WRITE, "A", argv("SET", "k", "1")));
            assertTrue(t.startsWith("A's own SET k 1 touched k"), t);
        }

        @Test
        void anExpiryTouchSaysTheKeyExpired() {
            assertEquals("lock, which A watches, expired: A's next EXEC will answer (nil).",
                    brief(new TraceEvent.WatchTouched("A", 0, Key.of("lock"), TraceEvent.TouchCause.EXPIRED, null, null)));
        }

        @Test
        void aFlushTouchNamesTheFlush() {
            String t = brief(new TraceEvent.WatchTouched("A", 2, Key.of("k"), TraceEvent.TouchCause.FLUSHED, "B", argv("FLUSHALL")));
            assertEquals("B's FLUSHALL deleted k (db 2), which A watches: A's next EXEC will answer (nil).", t);
        }

        @Test
        void unwatchSaysWhichKeysAreNoLongerWatched() {
            assertEquals("A no longer watches a and b.", brief(new TraceEvent.KeysUnwatched("A", List.of(Key.of("a"), Key.of("b")))));
        }
    }

    @Nested
    class Others {
        @Test
        void anUndefinedReplyOrderSaysARealServerMayDiffer() {
            String t = brief(new TraceEvent.ReplyOrderUndefined("A", argv("SMEMBERS", "s"), "a hash table"));
            assertTrue(t.contains("Redis does not define"), t);
            assertTrue(t.contains("a real server may list the same elements in another order"), t);
        }

        @Test
        void aClosedConnectionTookItsQueueAndWatches() {
            String t = brief(new TraceEvent.ClientClosed("A", 2, List.of(Key.of("k"))));
            assertEquals("A's connection closed: its 2 queued commands were dropped without running and its watches on k"
                    + " are gone. A new connection starts with no transaction and no watches.", t);
        }

        @Test
        void anExpiredKeyIsReported() {
            assertEquals("k reached its expiry time and was deleted.", brief(new TraceEvent.KeyExpired(0, Key.of("k"))));
        }

        @Test
        void aPlainCommandSaysNothingInBriefAndItsChangesInFull() {
            TraceEvent e = new TraceEvent.CommandRan("A", 0, argv("SET", "a", "1"), Reply.OK, false,
                    List.of(change("a", null, string("1"))));
            assertEquals("", brief(e));
            assertTrue(full(e).contains("a: missing -> \"1\""), full(e));
        }

        @Test
        void offSaysNothingAtAll() {
            assertEquals(List.of(), PLAIN.render(List.of(B_TOUCHED_BALANCE), ExplainLevel.OFF));
        }

        @Test
        void controlBytesAndLongValuesAreShownEscapedAndCut() {
            byte[] big = new byte[1 << 20];
            Arrays.fill(big, (byte) 'x');
            String t = brief(new TraceEvent.CommandQueued("A", List.of("SET".getBytes(), "k\u0001\u001b".getBytes(), big), 1, false,
                    List.of(new KeyChange(0, Key.of("k\u0001\u001b"), null, null))));
            assertTrue(t.contains("\"k\\x01\\x1b\" is still missing"), t);
            assertTrue(t.length() < 200, t);
            assertFalse(t.chars().anyMatch(c -> c < 32 && c != '\n'), "no raw control bytes");
        }

        @Test
        void theAnsiPaletteColoursAndThePlainOneDoesNot() {
            List<String> coloured = new TraceRenderer(Palette.ANSI).render(List.of(B_TOUCHED_BALANCE), ExplainLevel.BRIEF);
            assertTrue(coloured.get(0).contains("\u001b["), coloured.get(0));
            assertTrue(coloured.get(0).contains("balance"), coloured.get(0));
            assertFalse(PLAIN.render(List.of(B_TOUCHED_BALANCE), ExplainLevel.BRIEF).get(0).contains("\u001b"));
        }
    }

    @Nested
    class Scripts {
        final String sha = "e0e1f9fabfc9d4800c877a703b823ac0578ff831";

        @Test
        void aScriptStartsAsOneUnitThatNothingInterleavesWith() {
            String t = brief(new TraceEvent.ScriptStarted("A", sha, argv("counter"), argv(), false));
            assertEquals("Script e0e1f9fa runs as one unit: no other client's command runs until it ends.", t);
            assertTrue(full(new TraceEvent.ScriptStarted("A", sha, argv("counter"), argv("5"), true))
                    .contains("KEYS = [counter], ARGV = [5]"));
        }

        @Test
        void aCallFromAScriptShowsTheLineTheReplyAndTheChange() {
            String t = brief(new TraceEvent.ScriptCalledCommand("A", sha, 1, argv("INCR", "counter"), new Reply.Int(1), false,
                    List.of(change("counter", null, string("1")))));
            assertEquals("  line 1: redis.call INCR counter -> (integer) 1 (counter: missing -> \"1\")", t);
        }

        @Test
        void aFailedRedisCallStopsTheScriptButAPcallReturnsTheError() {
            String call = brief(new TraceEvent.ScriptCalledCommand("A", sha, 2, argv("INCR", "s"), Errors.WRONGTYPE, false, List.of()));
            assertTrue(call.contains("redis.call INCR s -> error WRONGTYPE"), call);
            assertTrue(call.contains("the script stops"), call);
            String pcall = brief(new TraceEvent.ScriptCalledCommand("A", sha, 2, argv("INCR", "s"), Errors.WRONGTYPE, true, List.of()));
            assertTrue(pcall.contains("redis.pcall"), pcall);
            assertTrue(pcall.contains("it goes on"), pcall);
        }

        @Test
        void redisLogIsShownWithItsLevel() {
            assertEquals("  redis.log(WARNING): careful", brief(new TraceEvent.ScriptLogged("A", 3, "careful")));
        }

        @Test
        void aFailedScriptKeepsWhatItWroteNoRollback() {
            String t = brief(new TraceEvent.ScriptFinished("A", sha, Errors.WRONGTYPE, true, false,
                    List.of(change("a", null, string("1")))));
            assertTrue(t.contains("failed"), t);
            assertTrue(t.contains("No rollback"), t);
            assertTrue(t.contains("a: missing -> \"1\""), t);
        }

        @Test
        void aRunawayScriptStoppedByTheLabMentionsBusy() {
            String t = brief(new TraceEvent.ScriptFinished("A", sha, Reply.error("ERR stopped"), true, true, List.of()));
            assertTrue(t.contains("stopped"), t);
            assertTrue(t.contains("BUSY"), t);
        }

        @Test
        void aScriptThatWroteSaysItsWritesWereAppliedAsOneUnit() {
            String t = brief(new TraceEvent.ScriptFinished("A", sha, new Reply.Int(1), false, false,
                    List.of(change("c", null, string("1")))));
            assertTrue(t.contains("applied as one unit"), t);
            assertEquals("", brief(new TraceEvent.ScriptFinished("A", sha, Reply.OK, false, false, List.of())));
        }
    }

    @Test
    void aScriptStoppedWithCtrlCIsToldApartFromOneThatRanTooLong() {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        TraceRenderer renderer = new TraceRenderer(Palette.PLAIN);
        String killed = String.join("\n", renderer.render(List.of(new TraceEvent.ScriptFinished("A", sha,
                Reply.error("ERR Script killed by user with SCRIPT KILL... script: " + sha + ", on @user_script:1."),
                true, true, List.of())), ExplainLevel.BRIEF));
        assertTrue(killed.contains("(Ctrl-C), as SCRIPT KILL would"), killed);
        String slow = String.join("\n", renderer.render(List.of(new TraceEvent.ScriptFinished("A", sha,
                Reply.error("ERR Script stopped by txlab after running for 5000 ms"), true, true, List.of())), ExplainLevel.BRIEF));
        assertTrue(slow.contains("because it ran too long"), slow);
    }

    /** One sample of every event type: a new type fails this test until the renderer says something about it. */
    static List<TraceEvent> oneOfEach() {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        return List.of(
                new TraceEvent.CommandRan("A", 0, argv("SET", "a", "1"), Reply.OK, false, List.of(change("a", null, string("1")))),
                new TraceEvent.CommandRejected("A", argv("FOO"), Errors.unknownCommand(argv("FOO")), TraceEvent.Rejection.UNKNOWN_COMMAND, true),
                new TraceEvent.TransactionStarted("A", List.of()),
                new TraceEvent.CommandQueued("A", argv("INCR", "a"), 1, false, List.of()),
                new TraceEvent.ExecStarted("A", 1),
                new TraceEvent.QueuedCommandRan("A", 1, argv("INCR", "a"), new Reply.Int(2), List.of()),
                new TraceEvent.ExecFinished("A", 1, List.of(), List.of()),
                new TraceEvent.ExecAborted("A", TraceEvent.AbortReason.WATCHED_KEY_TOUCHED, 0, null, null, null),
                new TraceEvent.TransactionDiscarded("A", 0, List.of()),
                new TraceEvent.KeysWatched("A", 0, List.of(Key.of("a")), false),
                new TraceEvent.KeysUnwatched("A", List.of(Key.of("a"))),
                B_TOUCHED_BALANCE,
                new TraceEvent.KeyExpired(0, Key.of("a")),
                new TraceEvent.ReplyOrderUndefined("A", argv("KEYS", "*"), "the keyspace hash table"),
                new TraceEvent.ClientClosed("A", 0, List.of()),
                new TraceEvent.ClientWouldBlock("A", argv("BLPOP", "q", "1"), 1000),
                new TraceEvent.MessageDelivered("B", new Reply.Push(List.of(Reply.bulk("message"), Reply.bulk("news"), Reply.bulk("hi")))),
                new TraceEvent.ClientBlocked("A", argv("BLPOP", "q", "0"), List.of(Key.of("q")), 0),
                new TraceEvent.ClientUnblocked("A", argv("BLPOP", "q", "0"), Reply.array(List.of(Reply.bulk("q"), Reply.bulk("x"))), "B", Key.of("q")),
                new TraceEvent.ScriptStarted("A", sha, List.of(), List.of(), false),
                new TraceEvent.ScriptCalledCommand("A", sha, 1, argv("GET", "a"), Reply.NIL, false, List.of()),
                new TraceEvent.ScriptLogged("A", 2, "hello"),
                new TraceEvent.ScriptFinished("A", sha, Reply.NIL, false, false, List.of()),
                new TraceEvent.ClusterRedirected("A", "127.0.0.1:7001", argv("SET", "a", "1"),
                        Reply.error("MOVED 15495 127.0.0.1:7003"), "127.0.0.1:7003", true, -1),
                new TraceEvent.ClusterRedirectFollowed("A", "7001", "127.0.0.1:7003", 15495, false, true));
    }

    @Test
    void everyEventTypeIsRenderedInFull() {
        Set<Class<?>> covered = oneOfEach().stream().map(Object::getClass).collect(Collectors.toSet());
        for (Class<?> type : TraceEvent.class.getPermittedSubclasses()) {
            assertTrue(covered.contains(type), "no sample of " + type.getSimpleName() + " in oneOfEach()");
        }
        for (TraceEvent e : oneOfEach()) {
            assertFalse(PLAIN.render(List.of(e), ExplainLevel.FULL).isEmpty(), "nothing said about " + e);
        }
    }
}
