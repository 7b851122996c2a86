package dev.txlab.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.protocol.Reply;
import dev.txlab.trace.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a script run tells the trace: it started (keys, arguments), each command it ran through
 * redis.call or redis.pcall with the line and the reply, what it logged, and how it ended; when
 * it failed, the keys it had already changed, which stay changed.
 */
class ScriptTraceTest {

    private static <T extends TraceEvent> List<T> events(Lab lab, Class<T> type) {
        return lab.trace.events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static String text(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    @Test
    void aRunReportsItsStartEachCommandWithItsLineAndTheEnd() {
        Lab lab = new Lab();
        String body = "local n = redis.call('incr', KEYS[1])\nredis.log(redis.LOG_NOTICE, 'n is', n)\nreturn redis.pcall('get', ARGV[1])";
        lab.run("EVAL \"" + body.replace("\n", "\\n") + "\" 1 counter missing");

        TraceEvent.ScriptStarted started = events(lab, TraceEvent.ScriptStarted.class).get(0);
        assertEquals("A", started.client());
        assertEquals(Lab.sha1(body), started.sha());
        assertEquals("counter", text(started.keys().get(0)));
        assertEquals("missing", text(started.args().get(0)));
        assertFalse(started.readOnly());

        List<TraceEvent.ScriptCalledCommand> calls = events(lab, TraceEvent.ScriptCalledCommand.class);
        assertEquals(2, calls.size());
        assertEquals(1, calls.get(0).line());
        assertEquals("incr", text(calls.get(0).argv().get(0)));
        assertEquals(Reply.integer(1), calls.get(0).reply());
        assertFalse(calls.get(0).protectedCall());
        assertEquals(1, calls.get(0).changes().size());
        assertNull(calls.get(0).changes().get(0).before());
        assertEquals(3, calls.get(1).line());
        assertTrue(calls.get(1).protectedCall());
        assertEquals(Reply.NIL, calls.get(1).reply());

        TraceEvent.ScriptLogged logged = events(lab, TraceEvent.ScriptLogged.class).get(0);
        assertEquals(2, logged.level());
        assertEquals("n is 1", logged.message());

        TraceEvent.ScriptFinished finished = events(lab, TraceEvent.ScriptFinished.class).get(0);
        assertFalse(finished.failed());
        assertFalse(finished.timedOut());
        assertEquals(Reply.NIL, finished.reply());
    }

    @Test
    void aFailedScriptListsTheKeysItChangedAndNothingIsUndone() {
        Lab lab = new Lab();
        lab.run("SET stock 5");
        lab.run("SET name text");
        lab.trace.drain();
        Reply reply = lab.run("EVAL \"redis.call('decr', 'stock') redis.call('set', 'order', 'placed') "
                + "redis.call('incr', 'name') redis.call('set', 'never', 1)\" 0");
        assertTrue(reply instanceof Reply.Error);

        List<TraceEvent.ScriptCalledCommand> calls = events(lab, TraceEvent.ScriptCalledCommand.class);
        assertEquals(3, calls.size(), "the command after the failing one never ran");
        assertTrue(calls.get(2).reply() instanceof Reply.Error);

        TraceEvent.ScriptFinished finished = events(lab, TraceEvent.ScriptFinished.class).get(0);
        assertTrue(finished.failed());
        assertFalse(finished.timedOut());
        assertEquals(reply, finished.reply());
        assertEquals(List.of("stock", "order"), finished.written().stream().map(c -> c.key().toString()).toList());
        assertArrayEquals("5".getBytes(), finished.written().get(0).before().string());
        assertArrayEquals("4".getBytes(), finished.written().get(0).after().string());
        assertEquals("\"4\"", lab.show("GET stock"));
        assertEquals("\"placed\"", lab.show("GET order"));
    }

    @Test
    void aScriptTouchingAWatchedKeyIsNamedInTheWatchEvent() {
        Lab lab = new Lab();
        lab.run("B", "WATCH k");
        lab.run("EVAL \"redis.call('set', 'k', 1)\" 0");
        TraceEvent.WatchTouched touched = events(lab, TraceEvent.WatchTouched.class).get(0);
        assertEquals("B", touched.watcher());
        assertEquals("A", touched.byClient());
        assertEquals("set", text(touched.byCommand().get(0)));
    }

    @Test
    void evalReadOnlyIsReportedAsSuch() {
        Lab lab = new Lab();
        lab.run("EVAL_RO \"return redis.call('get', 'k')\" 0");
        assertTrue(events(lab, TraceEvent.ScriptStarted.class).get(0).readOnly());
    }

    @Test
    void aRejectedCommandIsTracedWithTheErrorTheScriptGot() {
        Lab lab = new Lab();
        lab.run("EVAL \"return redis.pcall('multi')\" 0");
        TraceEvent.ScriptCalledCommand call = events(lab, TraceEvent.ScriptCalledCommand.class).get(0);
        assertEquals(Reply.error("ERR This Redis command is not allowed from script"), call.reply());
        assertTrue(call.changes().isEmpty());
    }
}
