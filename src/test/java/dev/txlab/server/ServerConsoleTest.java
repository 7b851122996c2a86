package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.engine.Bytes;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.TraceRenderer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The serve console says what the shell's trace says, under each command line; it has no wording of its own. */
class ServerConsoleTest {
    static final TraceRenderer SHELL = new TraceRenderer(Palette.PLAIN);

    static List<byte[]> argv(String... words) { return java.util.Arrays.stream(words).map(Bytes::utf8).toList(); }

    @Test
    void eachEventIsPrintedAsTheShellsBriefTraceIndentedUnderItsCommand() {
        List<TraceEvent> events = List.of(
                new TraceEvent.TransactionStarted("c1", List.of(Key.of("k"))),
                new TraceEvent.CommandQueued("c1", argv("INCR", "k"), 1, false, List.of()),
                new TraceEvent.WatchTouched("c1", 0, Key.of("k"), TraceEvent.TouchCause.WRITE, "c2", argv("SET", "k", "2")),
                new TraceEvent.ExecAborted("c1", TraceEvent.AbortReason.WATCHED_KEY_TOUCHED, 1, null, null, null),
                new TraceEvent.ClientClosed("c1", 2, List.of(Key.of("k"))));
        for (TraceEvent e : events) {
            assertEquals(SHELL.render(List.of(e), ExplainLevel.BRIEF), ServerConsole.describe(e), e.toString());
        }

        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ServerConsole console = ServerConsole.printing(sink, true);
        console.emit(events.get(1));
        console.flush();
        assertEquals("    # Queued as #1, not run yet.\n", sink.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRefusalTheShellLeavesToTheReplyIsSpelledOutSinceTheConsoleShowsNoReplies() {
        TraceEvent hello = new TraceEvent.CommandRejected("c1", argv("HELLO", "3"), Errors.unknownCommand(argv("HELLO", "3")),
                TraceEvent.Rejection.UNKNOWN_COMMAND, false);
        assertEquals(List.of(), SHELL.render(List.of(hello), ExplainLevel.BRIEF));
        assertEquals(List.of("# Refused before running (unknown command): nothing changed."), ServerConsole.describe(hello));
    }

    @Test
    void aGoodbyeThatTookNothingWithItIsNotRepeated() {
        assertEquals(List.of(), ServerConsole.describe(new TraceEvent.ClientClosed("c1", 0, List.of())));
    }

    @Test
    void passwordsAreNotPrinted() {
        assertEquals("AUTH (redacted)", ServerConsole.words(argv("AUTH", "secret")));
        assertEquals("auth (redacted) (redacted)", ServerConsole.words(argv("auth", "u", "pw")));
        assertEquals("ACL SETUSER u (redacted) (redacted)", ServerConsole.words(argv("ACL", "SETUSER", "u", "on", ">pw")));
        assertEquals("HELLO 3 SETNAME x AUTH (redacted) (redacted)",
                ServerConsole.words(argv("HELLO", "3", "SETNAME", "x", "AUTH", "u", "pw")));
        assertEquals("CONFIG SET requirepass (redacted)", ServerConsole.words(argv("CONFIG", "SET", "requirepass", "pw")));
        assertEquals("CONFIG SET maxmemory 0", ServerConsole.words(argv("CONFIG", "SET", "maxmemory", "0")));
        assertEquals("ACL LIST", ServerConsole.words(argv("ACL", "LIST")));
    }
}
