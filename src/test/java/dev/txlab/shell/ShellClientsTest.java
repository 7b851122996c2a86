package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 11, item 7: :clients takes one pass over the clients (it took 11 s at 40,000: a look-up per client). */
class ShellClientsTest {
    final List<String> printed = new ArrayList<>();

    ShellSession session(Backend backend) {
        return new ShellSession(backend, printed::add, Palette.PLAIN, ExplainLevel.OFF, false);
    }

    String type(ShellSession s, String line) {
        int from = printed.size();
        s.handle(line);
        return String.join("\n", printed.subList(from, printed.size()));
    }

    /** A backend that counts single-client look-ups, each of which costs the engine a walk over every client. */
    static final class Counting implements Backend {
        final EngineBackend inner = new EngineBackend(new Clock.ManualClock(1_000_000));
        int lookups;

        @Override public Result send(String label, List<byte[]> argv) { return inner.send(label, argv); }
        @Override public CommandTable commands() { return inner.commands(); }
        @Override public List<String> clients() { return inner.clients(); }
        @Override public Optional<ClientState> client(String label) {
            lookups++;
            return inner.client(label);
        }
        @Override public List<ClientState> clientStates() { return inner.clientStates(); }
        @Override public List<KeyEntry> keys(int db, int limit) { return inner.keys(db, limit); }
        @Override public void reset() { inner.reset(); }
        @Override public String description() { return "counting"; }
        @Override public void close() { inner.close(); }
    }

    @Test
    void clientsLooksAtEveryClientOnceNotOncePerClient() {
        Counting backend = new Counting();
        ShellSession s = session(backend);
        for (int i = 0; i < 2000; i++) s.handle("c" + i + "> PING");
        backend.lookups = 0;
        String listed = type(s, ":clients");
        assertEquals(2001, listed.lines().count(), "2000 clients and the current one, not connected yet");
        assertTrue(backend.lookups <= 1, backend.lookups + " single look-ups, each a walk over all clients");
    }

    @Test
    void theEnginesClientStatesAgreeWithItsSingleLookups() {
        EngineBackend backend = new EngineBackend(new Clock.ManualClock(1_000_000));
        ShellSession s = session(backend);
        s.handle("A> WATCH x");
        s.handle("B> MULTI");
        s.handle("B> SET x 1");
        s.handle("C> SELECT 3");
        s.handle("D> MULTI");
        s.handle("D> NOSUCH");
        s.handle("E> SET x 2");
        List<Backend.ClientState> all = backend.clientStates();
        assertEquals(backend.clients(), all.stream().map(Backend.ClientState::label).toList());
        for (Backend.ClientState state : all) {
            Backend.ClientState one = backend.client(state.label()).orElseThrow();
            assertEquals(ShellSession.describe(one, true), ShellSession.describe(state, true));
        }
    }

    @Test
    void fortyThousandClientsAreAllListed() {
        ShellSession s = session(new EngineBackend(new Clock.ManualClock(1_000_000)));
        for (int i = 0; i < 40_000; i++) s.handle("c" + i + "> PING");
        String listed = type(s, ":clients");
        assertEquals(40_001, listed.lines().count());
        assertTrue(listed.lines().anyMatch(l -> l.equals("  c39999  not in MULTI; watching nothing")), listed.substring(listed.length() - 200));
    }
}
