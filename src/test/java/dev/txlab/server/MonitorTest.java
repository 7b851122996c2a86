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

    /** EXEC shows after the commands it ran; EVAL, EVALSHA and FCALL before their scripts' commands. */
    @Test
    void transactionsAndScriptsShowInRedisOrder() throws Exception {
        Conversation.sameOnBoth(
                "M> MONITOR", "M?",
                "A> MULTI", "A?", "M?",
                "A> SET x 1", "A?",
                "A> INCR x", "A?",
                "A> EXEC", "A?", "M?", "M?", "M?",
                "A> MULTI", "A?", "M?",
                "A> SET x", "A?",
                "A> EXEC", "A?", "M?",
                "A> EVAL \"redis.call('set','y','2') return redis.call('get','y')\" 0", "A?", "M?", "M?", "M?",
                "A> EVALSHA 0000000000000000000000000000000000000000 0", "A?", "M?",
                "A> EVALSHA abc 0", "A?", "M?",
                "A> FUNCTION LOAD \"#!lua name=mon\\nredis.register_function('f', function(k) return redis.call('get', k[1]) end)\"",
                "A?", "M?",
                "A> FCALL f 1 y", "A?", "M?", "M?",
                "A> FCALL nosuch 0", "A?", "M?",
                "A> FUNCTION DELETE mon", "A?", "M?",
                "M-");
    }
}
