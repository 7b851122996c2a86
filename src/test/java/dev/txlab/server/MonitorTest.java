package dev.txlab.server;

import org.junit.jupiter.api.Test;

/**
 * MONITOR over serve's socket, compared with a real redis-server (times and ports normalised):
 * the line format, what EXEC and scripts show, what is hidden (admin commands) or redacted.
 */
class MonitorTest {

    @Test
    void monitorShowsEachCommandAsItRuns() throws Exception {
        Conversation.sameOnBoth(
                "M> MONITOR", "M?",
                "A> SET k \"a b\\n\"", "A?", "M?",
                "A> GET k", "A?", "M?",
                "A> SELECT 2", "A?", "M?",
                "A> INCR n", "A?", "M?",
                "A> CONFIG GET maxmemory", "A?",
                "A> DEBUG SLEEP 0", "A?",
                "A> PING", "A?", "M?",
                "A> NOSUCH x", "A?",
                "A> GET", "A?",
                "M-");
    }
}
