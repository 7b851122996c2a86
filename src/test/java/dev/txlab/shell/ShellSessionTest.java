package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import dev.txlab.transcript.EngineTarget;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptParser;
import dev.txlab.transcript.TranscriptRunner;
import dev.txlab.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's handling of typed lines, whatever reads them: replies, traces, meta commands, garbage. */
class ShellSessionTest {

    /** A session on a fresh engine whose clock stands still, printing into a list. */
    static final class Typist {
        final List<String> printed = new ArrayList<>();
        final EngineBackend backend = new EngineBackend(new Clock.ManualClock(1_000_000));
        final ShellSession session;

        Typist(ExplainLevel level, boolean terminal) {
            session = new ShellSession(backend, printed::add, Palette.PLAIN, level, terminal);
        }

        Typist() { this(ExplainLevel.BRIEF, false); }

        /** Types one line; returns what it printed. */
        List<String> type(String line) {
            int from = printed.size();
            session.handle(line);
            return List.copyOf(printed.subList(from, printed.size()));
        }

        String text(String line) { return String.join("\n", type(line)); }

        /** The reply lines only (traces dropped). */
        List<String> reply(String line) {
            return type(line).stream().filter(l -> !l.startsWith("# ")).toList();
        }
    }

    @Nested
    class RedisCommands {
        @Test
        void repliesArePrintedAsRedisCliPrintsThemWithTheTraceUnder() {
            Typist t = new Typist();
            assertEquals(List.of("OK", "# A is in MULTI now: its commands are queued, and nothing runs until EXEC."), t.type("MULTI"));
            assertEquals(List.of("QUEUED", "# Queued as #1, not run yet: a is still missing."), t.type("INCR a"));
            List<String> exec = t.type("EXEC");
            assertEquals("1) (integer) 1", exec.get(0));
            assertTrue(exec.contains("#   #1 INCR a -> (integer) 1 (a: missing -> \"1\")"), exec.toString());
        }

        @Test
        void aLabelRunsOneCommandAsThatClientWithoutSwitching() {
            Typist t = new Typist();
            t.type("SET k 1");
            assertEquals(List.of("OK"), t.reply("WATCH k"));
            List<String> touch = t.type("B> SET k 2");
            assertEquals("OK", touch.get(0));
            assertTrue(touch.contains("# B's SET k 2 touched k, which A watches: A's next EXEC will answer (nil)."), touch.toString());
            assertEquals("A", t.session.currentClient());
            assertEquals(List.of("B", "A").stream().sorted().toList(), t.backend.clients().stream().sorted().toList());
        }

        @Test
        void aRuntimeErrorInsideExecFailsAloneAndTheTraceShowsKeysBeforeAndAfter() {
            Typist t = new Typist();
            t.type("SET b hello");
            t.type("MULTI");
            t.type("SET a 1");
            t.type("INCR b");
            t.type("SET k v NX XX");
            List<String> exec = t.type("EXEC");
            assertEquals(List.of("1) OK", "2) (error) ERR value is not an integer or out of range", "3) (error) ERR syntax error"),
                    exec.subList(0, 3));
            assertTrue(exec.contains("# No rollback: #2 and #3 failed alone; the other command stays applied."), exec.toString());
            assertTrue(exec.contains("#   a: missing -> \"1\""), exec.toString());
            assertTrue(exec.contains("#   b: \"hello\" (unchanged)"), exec.toString());
        }

        @Test
        void aQueueTimeErrorDoomsTheTransactionAndExecAborts() {
            Typist t = new Typist();
            t.type("MULTI");
            t.type("SET x 1");
            List<String> rejected = t.type("NOSUCH x");
            assertEquals("(error) ERR unknown command 'NOSUCH', with args beginning with: 'x' ", rejected.get(0));
            assertTrue(rejected.get(1).contains("doomed"), rejected.toString());
            assertEquals("QUEUED", t.type("INCR x").get(0));
            List<String> exec = t.type("EXEC");
            assertEquals("(error) EXECABORT Transaction discarded because of previous errors.", exec.get(0));
            assertTrue(exec.get(1).startsWith("# EXECABORT: nothing ran; the 2 commands answered QUEUED were thrown away,"
                    + " because NOSUCH x was rejected while queueing"), exec.toString());
            assertEquals(List.of("(nil)"), t.reply("GET x"));
        }

        @Test
        void commentsAndBlankLinesDoNothing() {
            Typist t = new Typist();
            assertEquals(List.of(), t.type("# a comment, as in transcripts"));
            assertEquals(List.of(), t.type("   "));
            assertEquals(List.of(), t.type("B>  "));
        }

        @Test
        void helpIsAnsweredByTheShellAsRedisCliDoes() {
            Typist t = new Typist();
            String help = t.text("help @transactions");
            for (String command : List.of("MULTI", "EXEC", "DISCARD", "WATCH key [key ...]", "UNWATCH")) {
                assertTrue(help.contains("  " + command), help);
            }
        }
    }

    @Nested
    class Garbage {
        @Test
        void unbalancedQuotesAnswerInvalidArgumentsAndTheShellGoesOn() {
            Typist t = new Typist();
            assertEquals(List.of("Invalid argument(s)"), t.type("SET k \"open"));
            assertEquals(List.of("Invalid argument(s)"), t.type("SET k 'a'b"));
            assertEquals(List.of("PONG"), t.type("PING"));
        }

        @Test
        void aOneMegabyteLineOfGarbageGivesOneLine() {
            Typist t = new Typist();
            List<String> out = t.type("x".repeat(1 << 20));
            assertEquals(1, out.size(), "one line");
            assertTrue(out.get(0).startsWith("(error) ERR unknown command 'xxxx"), out.get(0));
            assertTrue(out.get(0).length() < 300, "Redis cuts the name at 128 bytes");
            assertEquals(List.of("PONG"), t.type("PING"));
        }

        @Test
        void aOneMegabyteValueIsStoredAndItsTraceIsCut() {
            Typist t = new Typist(ExplainLevel.FULL, false);
            List<String> out = t.type("SET big " + "v".repeat(1 << 20));
            assertEquals("OK", out.get(0));
            for (String line : out) assertTrue(line.length() < 400, "trace lines stay short: " + line.length());
            assertEquals(List.of("(integer) 1048576"), t.reply("STRLEN big"));
        }

        @Test
        void controlCharactersGiveOneLineAndOnATerminalNoRawControlBytes() {
            Typist piped = new Typist();
            List<String> raw = piped.type("\u0001\u0002 \u001b[31m");
            assertEquals(1, raw.size());
            assertTrue(raw.get(0).startsWith("(error) ERR unknown command '\u0001\u0002'"), "piped output is byte-exact like redis-cli");

            Typist terminal = new Typist(ExplainLevel.BRIEF, true);
            List<String> safe = terminal.type("\u0001\u0002 \u001b[31m");
            assertEquals(List.of("(error) ERR unknown command '\\x01\\x02', with args beginning with: '\\x1b[31m' "), safe);
        }

        @Test
        void anUnknownMetaCommandGivesOneLine() {
            Typist t = new Typist();
            assertEquals(List.of("Unknown shell command ':frobnicate'. Type :help for the list."), t.type(":frobnicate now"));
            assertEquals(1, t.type(":\u0007\u001b").size());
        }

        @Test
        void aBugInTheBackendIsOneLineAndTheShellGoesOn() {
            List<String> printed = new ArrayList<>();
            Backend broken = new StubBackend() {
                @Override public Result send(String label, List<byte[]> argv) { throw new IllegalStateException("boom"); }
            };
            ShellSession s = new ShellSession(broken, printed::add, Palette.PLAIN, ExplainLevel.BRIEF, false);
            assertTrue(s.handle("PING"));
            assertEquals(1, printed.size());
            assertTrue(printed.get(0).startsWith("txlab: internal error: java.lang.IllegalStateException: boom"), printed.get(0));
        }

        @Test
        void aLostBackendConnectionIsOneLine() {
            List<String> printed = new ArrayList<>();
            Backend gone = new StubBackend() {
                @Override public Result send(String label, List<byte[]> argv) throws IOException { throw new IOException("Connection refused"); }
            };
            new ShellSession(gone, printed::add, Palette.PLAIN, ExplainLevel.BRIEF, false).handle("PING");
            assertEquals(List.of("txlab: A could not run the command: Connection refused"), printed);
        }
    }

    @Nested
    class Prompt {
        @Test
        void thePromptShowsTheClientItsDatabaseMultiAndWatches() {
            Typist t = new Typist();
            assertEquals("A> ", t.session.prompt());
            t.type("MULTI");
            assertEquals("A(TX)> ", t.session.prompt());
            t.type("DISCARD");
            t.type("WATCH k");
            assertEquals("A(W)> ", t.session.prompt());
            t.type("MULTI");
            assertEquals("A(W)(TX)> ", t.session.prompt());
            t.type("B> SET k 1");
            assertEquals("A(W!)(TX)> ", t.session.prompt(), "a touched watch shows before EXEC answers (nil)");
            t.type("EXEC");
            t.type("SELECT 1");
            assertEquals("A[1]> ", t.session.prompt());
        }

        @Test
        void clientSwitchesTheCurrentClient() {
            Typist t = new Typist();
            assertEquals(List.of("Commands now run as client B (a new connection opens at its first command)."), t.type(":client B"));
            t.type("MULTI");
            assertEquals("B(TX)> ", t.session.prompt());
            assertEquals(List.of("A client label is letters, digits, '_' and '-', e.g. :client B"), t.type(":client B C"));
        }
    }

    @Nested
    class MetaCommands {
        @Test
        void clientsListsEveryClientsTransactionState() {
            Typist t = new Typist();
            t.type("SET k 1");
            t.type("WATCH k");
            t.type("C> WATCH k");
            t.type("B> MULTI");
            t.type("B> INCR k");
            t.type("B> NOSUCH");
            t.type("C> SET k 2");
            List<String> clients = t.type(":clients");
            assertEquals(List.of(
                    "* A  not in MULTI; a watched key was touched (EXEC will answer (nil))",
                    "  C  not in MULTI; a watched key was touched (EXEC will answer (nil))",
                    "  B  in MULTI, 1 command answered QUEUED; doomed by NOSUCH (EXEC will answer EXECABORT); watching nothing"),
                    clients);
            t.type("D> WATCH a b");
            assertTrue(t.type(":clients").contains("  D  not in MULTI; watching a b"));
        }

        @Test
        void explainChangesHowMuchTheTraceSays() {
            Typist t = new Typist();
            assertEquals(List.of("Traces are off now."), t.type(":explain off"));
            assertEquals(List.of("OK"), t.type("MULTI"));
            t.type(":explain FULL");
            List<String> queued = t.type("INCR a");
            assertTrue(queued.size() > 2, queued.toString());
            assertEquals(List.of("Use :explain off, :explain brief or :explain full."), t.type(":explain loud"));
            assertEquals(List.of("Traces are full. Use :explain off, :explain brief or :explain full."), t.type(":explain"));
        }

        @Test
        void whyExplainsTheLastReplyAgainInFull() {
            Typist t = new Typist();
            assertEquals(List.of("Nothing to explain yet: run a command first."), t.type(":why"));
            t.type("MULTI");
            t.type("INCR a");
            t.type("EXEC");
            String why = t.text(":why");
            assertTrue(why.startsWith("# Why A> EXEC answered as it did:"), why);
            assertTrue(why.contains("Redis has no rollback"), why);
            t.type("GET a");
            assertTrue(t.text(":why").contains("Ran at once"), "a plain command is explained too");
        }

        @Test
        void keysShowsTheCurrentDatabaseWithValuesAndTimesToLive() {
            Typist t = new Typist();
            assertEquals(List.of("Database 0 is empty."), t.type(":keys"));
            t.type("SET name ada");
            t.type("RPUSH list a b c");
            t.type("SET session x EX 100");
            assertEquals(List.of(
                    "  list     list of 3: \"a\" \"b\" \"c\"",
                    "  name     \"ada\"",
                    "  session  \"x\" (expires in 100 s)"), t.type(":keys"));
        }

        @Test
        void resetStartsOverWithNoKeysAndNoClients() {
            Typist t = new Typist();
            t.type("SET k 1");
            t.type("B> MULTI");
            assertEquals(List.of("Started over: no keys, no clients. Commands run as client A."), t.type(":reset"));
            assertEquals(List.of("(nil)"), t.type("GET k"));
            assertEquals(List.of("A"), t.backend.clients());
        }

        @Test
        void helpListsTheMetaCommandsAndGroups() {
            Typist t = new Typist();
            String help = t.text(":help");
            for (ShellSession.MetaCommand meta : ShellSession.META) assertTrue(help.contains(meta.name()), meta.name());
            assertTrue(help.contains("@transactions"), help);
            assertTrue(t.text(":help set").contains("SET key value [NX|XX]"));
            assertEquals(List.of("No group @nosuch. Type :help for the list of groups."), t.type(":help @nosuch"));
        }

        @Test
        void quitEndsTheSession() {
            Typist t = new Typist();
            assertFalse(t.session.handle(":quit"));
            assertTrue(t.session.handle("PING"));
        }
    }

    @Nested
    class Save {
        @TempDir Path dir;

        @Test
        void saveWritesATranscriptThatReplayCheckAccepts() throws Exception {
            Typist t = new Typist();
            t.type("SET k 1");
            t.type("WATCH k");
            t.type("B> SET k 2");
            t.type("MULTI");
            t.type("SET \"a\\x01b\" \"two words\"");
            t.type("NOSUCH");
            t.type("EXEC");
            t.type(":clients");          // meta commands are not part of the transcript
            t.type("GET \"unbalanced");  // nothing was sent
            t.type("  GET   k  ");
            t.type("ECHO \"caf\u00e9\"");
            Path file = dir.resolve("session.tx");
            assertEquals(List.of("Saved 9 commands to " + file + "."), t.type(":save " + file));

            Transcript transcript = TranscriptParser.parse(file);
            assertEquals(9, transcript.steps().size());
            assertEquals("B", transcript.steps().get(2).label());
            try (EngineTarget fresh = new EngineTarget(new Engine(new Clock.ManualClock(0)))) {
                Optional<TranscriptRunner.Outcome> diff = TranscriptRunner.firstDivergence(fresh, transcript);
                assertTrue(diff.isEmpty(), () -> "replay --check would fail at " + diff.get().step());
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("# txlab shell session of "), text);
        }

        @Test
        void saveAfterResetKeepsOnlyTheNewSession() throws Exception {
            Typist t = new Typist();
            t.type("SET k 1");
            t.type(":reset");
            t.type("GET k");
            Path file = dir.resolve("after-reset.tx");
            t.type(":save " + file);
            assertEquals(1, TranscriptParser.parse(file).steps().size());
        }

        @Test
        void saveIntoAMissingDirectoryIsOneLine() {
            Typist t = new Typist();
            List<String> out = t.type(":save " + dir.resolve("no/such/dir/x.tx"));
            assertEquals(1, out.size());
            assertTrue(out.get(0).startsWith("txlab: cannot write "), out.get(0));
            assertEquals(List.of("Usage: :save FILE (the session so far as a .tx transcript)"), t.type(":save"));
        }
    }

    /** A backend that has nothing; tests override what they need. */
    static class StubBackend implements Backend {
        @Override public Result send(String label, List<byte[]> argv) throws IOException { return new Result(Reply.OK, List.of()); }
        @Override public CommandTable commands() { return CommandTable.standard(); }
        @Override public List<String> clients() { return List.of(); }
        @Override public Optional<ClientState> client(String label) { return Optional.empty(); }
        @Override public List<KeyEntry> keys(int db, int limit) { return List.of(); }
        @Override public void reset() {}
        @Override public String description() { return "a stub"; }
        @Override public void close() {}
    }

    @Test
    void savingIntoAFolderThatDoesNotExistSaysSoInWords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Typist t = new Typist();
        t.type("SET k 1");
        String file = dir.resolve("missing").resolve("s.tx").toString();
        assertEquals(List.of("txlab: cannot write " + file + ": the folder " + dir.resolve("missing")
                + " does not exist (create it first, or give another path)"), t.type(":save " + file));
    }
}
