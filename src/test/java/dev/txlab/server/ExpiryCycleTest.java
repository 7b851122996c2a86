package dev.txlab.server;

import org.junit.jupiter.api.Test;

/**
 * When {@code serve} deletes keys past their time: on access, and in the cron's expiry cycle (every
 * 100 ms), never between a client's pipelined commands. Compared with a real redis-server.
 */
class ExpiryCycleTest {

    @Test
    void aKeyPastItsTimeIsCountedUntilAccessedOrTheCronRuns() throws Exception {
        Conversation.sameOnBoth(
                "A> SET k v", "A> SET k w EXAT 1", "A> DBSIZE", "A> DBSIZE", "A?", "A?", "A?", "A?",
                "A> EXISTS k", "A> DBSIZE", "A?", "A?",
                "A> SET j v PXAT 1", "A> DBSIZE", "A?", "A?",
                "~400", // the cron's cycle has run meanwhile
                "A> DBSIZE", "A?");
    }
}
