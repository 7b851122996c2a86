package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell on a simulated cluster: node prompts, A@PORT> lines, following redirects or not, and the traces. */
class ClusterShellTest {
    final List<String> printed = new ArrayList<>();
    final ClusterBackend backend = new ClusterBackend(new Clock.ManualClock(1_000_000), 3, false);
    final ShellSession session = new ShellSession(backend, printed::add, Palette.PLAIN, ExplainLevel.BRIEF, false);

    List<String> type(String line) {
        int from = printed.size();
        session.handle(line);
        return List.copyOf(printed.subList(from, printed.size()));
    }

    List<String> reply(String line) { return type(line).stream().filter(l -> !l.startsWith("# ")).toList(); }

    @Test
    void promptNamesTheNodeAndLabelsMoveTheClient() {
        assertEquals("A@7001> ", session.prompt());
        List<String> out = type("SET a 1");
        assertEquals("(error) MOVED 15495 127.0.0.1:7003", out.get(0));
        assertTrue(String.join("\n", out).contains("served by 127.0.0.1:7003"), out.toString());
        assertEquals(List.of("OK"), reply("A@7003> SET a 1"));
        assertEquals("A@7003> ", session.prompt());
        assertEquals(List.of("\"1\""), reply("GET a"));
        assertEquals(List.of("OK"), reply("MULTI"));
        assertEquals("A@7003(TX)> ", session.prompt());
    }

    /** :save writes a cluster transcript ('#! cluster 3', each command under the connection it ran on) that replays as it went. */
    @Test
    void aSavedSessionIsAClusterTranscriptThatReplays(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        type("SET b 1");
        type("B@7003> SET a 2");
        type("A@7001> MULTI");
        type("INCR b");
        type("EXEC");
        assertEquals(List.of("A@7001", "B@7003"), session.timeline().clients()); // one lane per connection
        java.nio.file.Path file = dir.resolve("s.tx");
        type(":save " + file);
        String text = java.nio.file.Files.readString(file);
        assertTrue(text.startsWith("#! cluster 3\n"), text);
        assertTrue(text.contains("\nA@7001> SET b 1\nOK\nB@7003> SET a 2\nOK\n"), text);
        dev.txlab.transcript.Transcript t = dev.txlab.transcript.TranscriptParser.parse(file);
        try (var target = new dev.txlab.engine.cluster.ClusterTarget(dev.txlab.engine.cluster.SimulatedCluster.create(t.clusterNodes(),
                new Clock.ManualClock(1_000_000)))) {
            assertTrue(dev.txlab.transcript.TranscriptRunner.firstDivergence(target, t).isEmpty());
        }
    }

    @Test
    void followingARedirectInMultiLeavesTheTransactionBehind() {
        assertTrue(type(":follow on").get(0).startsWith("Redirects are followed"));
        assertEquals(List.of("OK"), reply("MULTI"));
        assertEquals(List.of("QUEUED"), reply("SET b 1"));
        List<String> out = type("SET a 1");
        assertEquals("OK", out.get(0));
        String text = String.join("\n", out);
        assertTrue(text.contains("-> Redirected to slot [15495] located at 127.0.0.1:7003"), text);
        assertTrue(text.contains("MULTI stays on its connection to port 7001"), text);
        assertEquals("A@7003> ", session.prompt());
        assertEquals(List.of("(error) ERR EXEC without MULTI"), reply("EXEC"));
        assertEquals(List.of("(error) EXECABORT Transaction discarded because of previous errors."), reply("A@7001> EXEC"));
        String clients = String.join("\n", type(":clients"));
        assertTrue(clients.contains("* A@7001"), clients);
        assertTrue(clients.contains("  A@7003"), clients);
    }

    @Test
    void askIsFollowedWithAsking() {
        type(":follow on");
        String id1 = backend.cluster().node(0).id();
        String id3 = backend.cluster().node(2).id();
        reply("C@7003> CLUSTER SETSLOT 3300 IMPORTING " + id1);
        reply("A@7001> CLUSTER SETSLOT 3300 MIGRATING " + id3);
        List<String> out = type("A@7001> SET b 1");
        assertEquals("OK", out.get(0));
        assertTrue(String.join("\n", out).contains("(ASK: once, after ASKING)"), out.toString());
        // MOVED back to the owner, which has no b (it went to 7003 by ASK): ASK again, to 7003
        out = type("C@7003> SET b 2");
        assertEquals("OK", out.get(0));
        String text = String.join("\n", out);
        assertTrue(text.contains("located at 127.0.0.1:7001:") && text.contains("located at 127.0.0.1:7003 (ASK"), text);
    }

    @Test
    void followIsExplainedAndUnknownMetaCommandsStillAnswered() {
        assertTrue(type(":follow").get(0).startsWith("Redirects are not followed"));
        assertTrue(type(":follow maybe").get(0).startsWith("Usage: :follow on|off"));
        assertTrue(type(":nonsense").get(0).startsWith("Unknown shell command"));
        assertTrue(backend.description().contains("3 primaries"), backend.description());
    }
}
