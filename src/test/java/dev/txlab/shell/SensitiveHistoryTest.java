package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Lines with a password stay out of the shell's history file, as redis-cli keeps them out of its own. */
class SensitiveHistoryTest {

    @Test
    void passwordsAreNotRemembered() {
        for (String line : new String[] {"AUTH secret", "auth user pw", "B> AUTH pw", "ACL SETUSER u on >pw",
                "config set requirepass x", "CONFIG SET masterauth x", "HELLO 3 AUTH default pw",
                "HELLO 2 SETNAME n AUTH u p", "MIGRATE h 6379 k 0 1000 AUTH pw", "MIGRATE h 6379 \"\" 0 1000 AUTH2 u p KEYS a"}) {
            assertTrue(Shells.isSensitive(line), line);
        }
        for (String line : new String[] {"GET k", "ACL LIST", "CONFIG SET maxmemory 0", "HELLO 3", "HELLO 3 SETNAME x",
                "MIGRATE h 6379 \"\" 0 1000 KEYS auth x", "", "\"unbalanced", "B> GET auth"}) {
            assertFalse(Shells.isSensitive(line), line);
        }
        Shells.CappedHistory history = new Shells.CappedHistory();
        history.add(Instant.now(), "SET k v");
        history.add(Instant.now(), "AUTH secret");
        history.add(Instant.now(), "GET k");
        assertEquals(2, history.size());
    }
}
