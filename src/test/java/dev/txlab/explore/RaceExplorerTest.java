package dev.txlab.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.explore.RaceExplorer.Outcome;
import dev.txlab.explore.RaceExplorer.Result;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.support.RedisServer;
import dev.txlab.trace.Palette;
import dev.txlab.transcript.Target;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptParser;
import dev.txlab.transcript.TranscriptRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The race explorer on the five race files the lessons use. Every count is the one worked out by
 * hand in the comments: interleavings of two programs of n and m units number (n+m)!/(n!m!).
 */
class RaceExplorerTest {

    private static Result explore(String name) throws Exception {
        return new RaceExplorer(RaceProgram.load(Path.of("lessons/races", name + ".race"))).explore();
    }

    /** "state count retried" per outcome, bad ones marked. */
    private static String summary(Result r) {
        return r.outcomes().stream()
                .map(o -> o.state() + " " + o.count() + (o.retried() > 0 ? " retried " + o.retried() : "") + (o.bad() ? " BAD" : ""))
                .sorted().collect(Collectors.joining("; "));
    }

    @Test
    void getThenSetLosesAnUpdateInFourOfSixOrders() throws Exception {
        // units: A=(GET,SET), B=(GET,SET): 4!/(2!2!) = 6 orders. The update survives only when one
        // client's SET comes before the other's GET: AABB and BBAA. The other 4 lose it.
        Result r = explore("lost-update");
        assertEquals(6, r.interleavings());
        assertEquals("counter=\"1\" 4 BAD; counter=\"2\" 2", summary(r));
    }

    @Test
    void incrNeverLosesOne() throws Exception {
        Result r = explore("incr"); // two single-command programs: AB and BA
        assertEquals(2, r.interleavings());
        assertEquals("counter=\"2\" 2", summary(r));
    }

    @Test
    void watchAndRetryNeverLosesOneAndRetriesInAllButTheSerialOrders() throws Exception {
        // units: WATCH, GET, EXEC (MULTI and the queued SET go with EXEC): 6!/(3!3!) = 20 orders.
        // A retry leaves the other client finished, so it adds no branch. The first EXEC always
        // succeeds; the second aborts unless its WATCH came after the first EXEC, which only the
        // serial orders AAABBB and BBBAAA give: 18 retries, and every order ends with 2.
        Result r = explore("watch-retry");
        assertEquals(20, r.interleavings());
        assertEquals("counter=\"2\" 20 retried 18", summary(r));
    }

    @Test
    void multiWithoutWatchLosesUpdatesAsPlainGetSetDoes() throws Exception {
        Result r = explore("multi-without-watch"); // units GET, EXEC: the same 6 orders as GET, SET
        assertEquals(6, r.interleavings());
        assertEquals("counter=\"1\" 4 BAD; counter=\"2\" 2", summary(r));
    }

    @Test
    void aLuaScriptNeverLosesOne() throws Exception {
        Result r = explore("lua-script");
        assertEquals(2, r.interleavings());
        assertEquals("counter=\"2\" 2", summary(r));
    }

    @Test
    void threeClientsOfGetThenSet() throws Exception {
        // 6!/(2!2!2!) = 90 orders. The last SET decides: it writes what its client read, plus 1.
        // 3 needs a serial order (3! = 6). 1: the last writer read before any SET ran; with Z's SET
        // last, the other four units take 4!/(2!2!) = 6 orders, and Z's GET fits before their first
        // SET in 2, 3, 3, 3, 3 or 2 places: 16, times 3 choices of Z = 48. The other 36 end with 2.
        Result r = new RaceExplorer(RaceProgram.parse("three", """
                setup> SET counter 0
                A> GET counter -> v
                A> SET counter {v+1}
                B> GET counter -> v
                B> SET counter {v+1}
                C> GET counter -> v
                C> SET counter {v+1}
                assert GET counter == 3
                """)).explore();
        assertEquals(90, r.interleavings());
        assertEquals("counter=\"1\" 48 BAD; counter=\"2\" 36 BAD; counter=\"3\" 6", summary(r));
    }

    @Test
    void aClientThatRunsOutOfRetriesGivesUp() throws Exception {
        // with no retries allowed, the 18 orders that needed one end with a client that gave up
        Result r = new RaceExplorer(RaceProgram.parse("no-retries", """
                setup> SET counter 0
                retries 0
                A> WATCH counter
                A> GET counter -> v
                A> MULTI
                A> SET counter {v+1}
                A> EXEC retry
                B> WATCH counter
                B> GET counter -> v
                B> MULTI
                B> SET counter {v+1}
                B> EXEC retry
                """)).explore();
        assertEquals(20, r.interleavings());
        long gaveUp = r.outcomes().stream().filter(o -> !o.gaveUp().isEmpty()).mapToLong(Outcome::count).sum();
        assertEquals(18, gaveUp);
        assertEquals(List.of(), r.outcomes().stream().filter(o -> o.gaveUp().isEmpty()).flatMap(o -> o.failed().stream()).toList());
    }

    @Test
    void theShortestBadInterleavingIsDrawnAsATimeline() throws Exception {
        RaceProgram p = RaceProgram.load(Path.of("lessons/races/lost-update.race"));
        RaceExplorer explorer = new RaceExplorer(p);
        List<String> report = RaceReport.render(explorer, explorer.explore(), 80, Palette.PLAIN, false);
        String text = String.join("\n", report);
        assertTrue(text.contains("4 of 6  counter=\"1\"  fails: assert GET counter == 2"), text);
        assertTrue(text.contains("The shortest interleaving that ends with counter=\"1\" (4 commands):"), text);
        assertTrue(text.contains("GET counter -> \"0\""), text);
        for (String line : report) assertTrue(line.length() <= 80, "wider than 80 columns: " + line);
    }

    /**
     * The bad interleaving as a transcript, run on a real redis-server: the same replies, so the
     * same lost update (the transcript ends with the assertion's GET).
     */
    @ParameterizedTest
    @ValueSource(strings = {"lost-update", "multi-without-watch", "watch-retry"})
    void theExploredInterleavingHappensAlikeOnARealServer(String name) throws Exception {
        RaceExplorer explorer = new RaceExplorer(RaceProgram.load(Path.of("lessons/races", name + ".race")));
        Result r = explorer.explore();
        Outcome shown = r.outcomes().stream().filter(Outcome::bad).findFirst()
                .orElseGet(() -> r.outcomes().stream().filter(o -> o.retried() > 0).findFirst().orElseThrow());
        String tx = String.join("\n", explorer.transcriptOf(shown.shortest())) + "\n";
        Transcript transcript = TranscriptParser.parse(name, tx.getBytes(StandardCharsets.UTF_8), 1);
        RedisServer server = RedisServer.get();
        server.reset();
        try (Target target = new RemoteTarget(server.uri(), 10_000)) {
            Optional<TranscriptRunner.Outcome> diff = TranscriptRunner.firstDivergence(target, transcript);
            assertTrue(diff.isEmpty(), () -> "the real server answered otherwise at " + diff.get().step().command() + "\n" + tx);
        } finally {
            server.reset();
        }
    }

    @Test
    void badFilesGetOneLineErrors() {
        RaceProgram.Invalid noWatch = assertThrows(RaceProgram.Invalid.class,
                () -> RaceProgram.parse("x", "A> MULTI\nA> EXEC retry\n"));
        assertTrue(noWatch.getMessage().startsWith("line 2: EXEC retry goes back"), noWatch.getMessage());
        assertThrows(RaceProgram.Invalid.class, () -> RaceProgram.parse("x", "# nothing\n"));
        assertThrows(RaceProgram.Invalid.class, () -> RaceProgram.parse("x", "A> GET k\nassert GET k\n"));
        assertThrows(RaceProgram.Invalid.class, () -> RaceProgram.parse("x", "A> GET k\nretries 1000\n"));
        assertThrows(RaceProgram.Invalid.class, () -> RaceProgram.parse("x", "just words\n"));
        RaceExplorer.Failure notANumber = assertThrows(RaceExplorer.Failure.class, () -> new RaceExplorer(RaceProgram.parse("x",
                "setup> SET k abc\nA> GET k -> v\nA> SET k {v+1}\n")).explore());
        assertEquals("line 3: A's v is \"abc\", not a number", notANumber.getMessage());
        RaceExplorer.Failure quote = assertThrows(RaceExplorer.Failure.class,
                () -> new RaceExplorer(RaceProgram.parse("x", "A> SET k \"open\n")).explore());
        assertTrue(quote.getMessage().startsWith("line 1: the command does not split"), quote.getMessage());
    }

    @Test
    void theLimitStopsALargeExplorationAndSaysSo() throws Exception {
        Result r = new RaceExplorer(RaceProgram.parse("big", """
                A> INCR a
                A> INCR a
                A> INCR a
                B> INCR a
                B> INCR a
                B> INCR a
                """), 7).explore();
        // a limit of 7 distinct states cannot cover the 15 this program has: the 20 orders are not all counted
        assertTrue(!r.complete());
        assertTrue(r.interleavings() < 20, "counted " + r.interleavings());
    }
}
