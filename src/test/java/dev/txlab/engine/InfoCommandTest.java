package dev.txlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** INFO's values are the lab's own, but its layout is Redis's, which tools parse. */
class InfoCommandTest {
    private final Engine engine = new Engine(new Clock.ManualClock(0));
    private final ClientSession a = engine.connect("A");

    private String info(String line) {
        Reply.Verbatim reply = (Reply.Verbatim) engine.execute(a, ArgSplitter.split(line).orElseThrow());
        assertEquals("txt", reply.format()); // addReplyVerbatim: RESP2 clients get a bulk string
        return new String(reply.text(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void keyspaceListsEachNonEmptyDatabaseWithItsExpiringKeys() {
        engine.execute(a, ArgSplitter.split("SET k v EX 100").orElseThrow());
        engine.execute(a, ArgSplitter.split("SELECT 3").orElseThrow());
        engine.execute(a, ArgSplitter.split("SET j v").orElseThrow());
        assertEquals("# Keyspace\r\ndb0:keys=1,expires=1,avg_ttl=0\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n", info("INFO keyspace"));
    }

    @Test
    void sectionsAreSeparatedByABlankLineAndAnUnknownSectionIsEmpty() {
        String all = info("INFO");
        assertTrue(all.startsWith("# Server\r\nredis_version:7.0.15\r\n"), all);
        assertTrue(all.contains("\r\n\r\n# Clients\r\nconnected_clients:1\r\n"), all);
        assertEquals("", info("INFO nosuch"));
    }
}
