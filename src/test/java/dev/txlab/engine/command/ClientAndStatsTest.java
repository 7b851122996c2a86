package dev.txlab.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CLIENT LIST's fields and flags, CLIENT KILL and REPLY, and the counters behind INFO
 * commandstats/errorstats and SLOWLOG, as networking.c, server.c and slowlog.c keep them.
 * Argument checks and error texts are in transcripts/introspection.tx (recorded on redis-server).
 */
class ClientAndStatsTest {
    private final Engine engine = new Engine(new Clock.ManualClock(1_000_000));
    private final ClientSession a = engine.connect("A");
    private final ClientSession b = engine.connect("B");

    private Reply run(ClientSession s, String line) {
        return engine.execute(s, ArgSplitter.split(line).orElseThrow());
    }

    private String text(ClientSession s, String line) {
        Reply reply = run(s, line);
        if (reply instanceof Reply.Verbatim v) return new String(v.text(), StandardCharsets.ISO_8859_1);
        throw new AssertionError(line + " answered " + reply);
    }

    private String field(String line, String name) {
        for (String f : line.trim().split(" ")) if (f.startsWith(name + "=")) return f.substring(name.length() + 1);
        throw new AssertionError("no " + name + " in " + line);
    }

    @Test
    void clientListShowsTransactionsAndSubscriptionsInItsFlags() {
        assertEquals("N", field(text(a, "CLIENT INFO"), "flags"));
        run(a, "WATCH k");
        run(a, "MULTI");
        run(a, "GET k");
        run(b, "SET k v");
        String info = text(b, "CLIENT LIST ID " + a.id());
        assertEquals("xd", field(info, "flags"));
        assertEquals("1", field(info, "multi"));
        assertEquals("get", field(info, "cmd")); // queued, but c->lastcmd all the same
        run(a, "EXEC");
        run(b, "SUBSCRIBE ch");
        String list = text(a, "CLIENT LIST ID " + b.id());
        assertEquals("P", field(list, "flags"));
        assertEquals("1", field(list, "sub"));
        assertEquals("subscribe", field(list, "cmd"));
        assertTrue(text(a, "CLIENT LIST TYPE pubsub").contains("id=" + b.id() + " "));
        assertEquals("", text(a, "CLIENT LIST TYPE replica"));
    }

    @Test
    void killByIdClosesTheOtherClientAndCountsIt() {
        assertEquals(Reply.integer(1), run(a, "CLIENT KILL ID " + b.id()));
        assertTrue(b.isClosed());
        assertEquals(Reply.integer(0), run(a, "CLIENT KILL ID " + b.id()));
        assertEquals(Reply.integer(0), run(a, "CLIENT KILL TYPE normal")); // SKIPME yes by default
        assertFalse(a.isClosed());
    }

    @Test
    void replyOffSilencesUntilOnAndSkipSilencesTheNextCommand() {
        assertEquals(new Reply.Multi(List.of()), run(a, "CLIENT REPLY OFF"));
        assertEquals(new Reply.Multi(List.of()), run(a, "SET k v"));
        assertEquals(Reply.OK, run(a, "CLIENT REPLY ON"));
        assertEquals(new Reply.Multi(List.of()), run(a, "CLIENT REPLY SKIP"));
        assertEquals(new Reply.Multi(List.of()), run(a, "GET k"));
        assertEquals(Reply.bulk("v"), run(a, "GET k"));
    }

    @Test
    void commandstatsAndErrorstatsCountCallsFailuresAndRejections() {
        run(a, "SET k v");
        run(a, "LPUSH k x"); // WRONGTYPE: a failed call
        run(a, "GET"); // wrong arity: rejected before it runs
        String stats = text(a, "INFO commandstats");
        assertTrue(stats.contains("cmdstat_set:calls=1,"), stats);
        assertTrue(stats.contains("cmdstat_lpush:calls=1,") && stats.contains(",rejected_calls=0,failed_calls=1\r\n"), stats);
        assertTrue(stats.contains("cmdstat_get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0"), stats);
        String errors = text(a, "INFO errorstats");
        assertEquals("# Errorstats\r\nerrorstat_ERR:count=1\r\nerrorstat_WRONGTYPE:count=1\r\n", errors);
        run(a, "CONFIG RESETSTAT");
        assertEquals("# Errorstats\r\n", text(a, "INFO errorstats"));
    }

    @Test
    void slowlogKeepsExecutedCommandsNotExecAndTrimsLongArguments() {
        run(a, "CONFIG SET slowlog-log-slower-than 0");
        run(a, "SLOWLOG RESET");
        run(a, "MULTI");
        run(a, "SET k v");
        run(a, "EXEC");
        StringBuilder sadd = new StringBuilder("SADD s");
        for (int i = 0; i < 40; i++) sadd.append(' ').append(i);
        run(a, sadd.toString());
        run(a, "SET k " + "A".repeat(130));
        Reply.Array log = (Reply.Array) run(a, "SLOWLOG GET");
        List<String> lines = ReplyFormatter.lines(log);
        String all = String.join("\n", lines);
        assertFalse(all.contains("\"exec\""), all);
        assertTrue(all.contains("\"... (11 more arguments)\""), all);
        assertTrue(all.contains("A".repeat(128) + "... (2 more bytes)"), all);
        // SLOWLOG RESET itself (logged once it ran), MULTI, the SET EXEC ran, SADD, SET, SLOWLOG GET
        assertEquals(Reply.integer(6), run(a, "SLOWLOG LEN"));
    }

    @Test
    void slowlogRedactsPasswordsAndAclRulesEvenWhenTheCommandFails() {
        run(a, "CONFIG SET slowlog-log-slower-than 0");
        run(a, "SLOWLOG RESET");
        run(a, "ACL SETUSER \"with space\" +get"); // refused, and still redacted
        run(a, "ACL SETUSER someone on >secret +get");
        run(a, "AUTH someone secret");
        run(a, "HELLO 2 AUTH someone secret");
        run(b, "MIGRATE 127.0.0.1 1 k 0 10 AUTH secret"); // no server there: an error, still redacted
        run(b, "MIGRATE 127.0.0.1 1 k 0 10 AUTH2 someone secret");
        String all = String.join("\n", ReplyFormatter.lines(run(b, "SLOWLOG GET")));
        assertFalse(all.contains("secret") || all.contains("space") || all.contains("+get"), all);
        // 2 + 4 arguments of the two ACL SETUSERs, AUTH's user and password, HELLO's too, MIGRATE's 1 + 2
        assertEquals(13, all.split("\"\\(redacted\\)\"", -1).length - 1, all);
    }

    @Test
    void configSetOfSeveralIsAllOrNothing() {
        assertEquals(Reply.OK, run(a, "CONFIG SET maxmemory-policy allkeys-lru hz 0"));
        Reply refused = run(a, "CONFIG SET maxmemory-policy volatile-lru hz abc");
        assertTrue(refused instanceof Reply.Error);
        assertEquals("allkeys-lru", engine.config().get("maxmemory-policy"));
        assertEquals(Reply.OK, run(a, "CONFIG SET aof-use-rdb-preamble no"));
        assertEquals("no", engine.config().get("aof-use-rdb-preamble"));
    }

    @Test
    void redisCliPrintsClientListAndInfoRaw() {
        List<byte[]> argv = ArgSplitter.split("INFO keyspace").orElseThrow();
        run(a, "SET k v");
        assertEquals(List.of("# Keyspace", "db0:keys=1,expires=0,avg_ttl=0"),
                ReplyFormatter.lines(engine.execute(a, argv), 2, argv));
        List<byte[]> list = ArgSplitter.split("CLIENT LIST").orElseThrow();
        List<String> lines = ReplyFormatter.lines(engine.execute(a, list), 3, list);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("id=" + a.id() + " addr="), lines.get(0));
    }

    /** addACLLogEntry stores catClientInfoString, the whole CLIENT INFO line (txlab kept 9 of its fields). */
    @Test
    void aclLogClientInfoIsTheClientInfoLine() {
        run(a, "ACL SETUSER lg on nopass ~a* +get");
        run(b, "AUTH nosuchuser x");
        run(b, "AUTH lg x");
        run(b, "GET b");
        Reply.Array log = (Reply.Array) run(a, "ACL LOG");
        assertEquals(2, log.elements().size());
        String expected = text(a, "CLIENT LIST ID " + b.id()).trim();
        for (Reply entry : log.elements()) {
            List<Reply> flat = ((Reply.Map) entry).flat();
            String info = new String(((Reply.Bulk) flat.get(13)).bytes(), StandardCharsets.ISO_8859_1);
            List<String> names = new java.util.ArrayList<>();
            for (String f : info.split(" ")) names.add(f.substring(0, f.indexOf('=')));
            List<String> want = new java.util.ArrayList<>();
            for (String f : expected.split(" ")) want.add(f.substring(0, f.indexOf('=')));
            assertEquals(want, names, info);
            assertEquals(String.valueOf(b.id()), field(info, "id"));
        }
        String latest = new String(((Reply.Bulk) ((Reply.Map) log.elements().get(0)).flat().get(13)).bytes(),
                StandardCharsets.ISO_8859_1);
        assertEquals("get", field(latest, "cmd"));
    }
}
