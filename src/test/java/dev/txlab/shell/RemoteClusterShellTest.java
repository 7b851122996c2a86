package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.remote.RedisUri;
import dev.txlab.support.RealCluster;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell --against a real cluster node: it is recognised as a cluster, node prompts, redirects followed or not. */
class RemoteClusterShellTest {

    @Test
    void aRealClusterIsRecognisedAndRedirectsAreFollowedOnRequest() throws Exception {
        RealCluster real = RealCluster.get();
        real.reset();
        RedisUri uri = new RedisUri("127.0.0.1", real.basePort(), null, null, 0);
        assertTrue(RemoteClusterBackend.isCluster(uri, 10_000));
        List<String> printed = new ArrayList<>();
        try (RemoteClusterBackend backend = RemoteClusterBackend.connect(uri, true, 10_000, false)) {
            ShellSession session = new ShellSession(backend, printed::add, Palette.PLAIN, ExplainLevel.BRIEF, false);
            int third = real.basePort() + 2;
            assertEquals("A@" + real.basePort() + "> ", session.prompt());
            session.handle("SET a 1");
            assertEquals("(error) MOVED 15495 127.0.0.1:" + third, printed.get(0));
            session.handle(":follow on");
            session.handle("MULTI");
            session.handle("SET b 1");
            printed.clear();
            session.handle("SET a 1");
            String text = String.join("\n", printed);
            assertEquals("OK", printed.get(0), text);
            assertTrue(text.contains("-> Redirected to slot [15495] located at 127.0.0.1:" + third), text);
            assertTrue(text.contains("MULTI stays on its connection to port " + real.basePort()), text);
            assertEquals("A@" + third + "> ", session.prompt());
            printed.clear();
            session.handle("EXEC");
            assertEquals("(error) ERR EXEC without MULTI", printed.get(0));
            printed.clear();
            session.handle("A@" + real.basePort() + "> EXEC");
            assertEquals("(error) EXECABORT Transaction discarded because of previous errors.", printed.get(0)); // the MOVED doomed it
            printed.clear();
            session.handle(":keys");
            String keys = String.join("\n", printed);
            // :keys lists every node's keys: a (on the third node); b never was, its MULTI was aborted
            assertTrue(keys.contains("  a "), keys);
            assertFalse(keys.contains("  b "), keys);
        }
    }
}
