package dev.txlab.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.script.Scripting;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.KeyChange;
import dev.txlab.trace.TraceEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A script that never ends is stopped by the lab: after the engine's time limit (5 s by default,
 * a few milliseconds here) or when the user interrupts it (Ctrl-C in the shell). Redis itself
 * would keep running it and answer BUSY to everyone else. The engine keeps working afterwards,
 * and whatever the script wrote before it was stopped stays written.
 */
class RunawayScriptTest {

    private static Lab labWithLimit(long millis) {
        Lab lab = new Lab();
        lab.engine.setScriptTimeLimit(Duration.ofMillis(millis));
        return lab;
    }

    @Test
    void theDefaultLimitIsRedisBusyThresholdOfFiveSeconds() {
        assertEquals(Duration.ofSeconds(5), new Lab().engine.scripting().timeLimit());
        assertEquals(Duration.ofSeconds(5), Scripting.DEFAULT_TIME_LIMIT);
    }

    @Test
    void anEndlessLoopIsStoppedWithAClearErrorAndTheEngineKeepsWorking() {
        Lab lab = labWithLimit(20);
        String body = "local i = 0\nwhile true do i = i + 1 end";
        String reply = lab.show("EVAL \"" + body.replace("\n", "\\n") + "\" 0");
        assertEquals("(error) ERR Script stopped by txlab after running for 20 ms (Redis would let it run on and "
                + "answer BUSY to other clients) script: " + Lab.sha1(body) + ", on @user_script:2.", reply);
        assertEquals("PONG", lab.show("PING"));
        assertEquals("(integer) 2", lab.show("EVAL \"return 1 + 1\" 0"));
        assertFalse(lab.engine.scripting().isRunning());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "while true do pcall(function() while true do end end) end",
            "while true do local ok = pcall(error, 'x') end",
            "local co = coroutine.wrap(function() while true do end end) co()",
            "local function f() return f() end return f()",
            "repeat local t = {} until false",
            "for i = 1, 1e300 do end",
            "while true do local ok, e = xpcall(function() while true do end end, function(e) return e end) end"})
    void neitherPcallNorCoroutinesNorTailCallsEscapeTheLimit(String body) {
        Lab lab = labWithLimit(15);
        String reply = lab.show("EVAL \"" + body + "\" 0");
        assertTrue(reply.startsWith("(error) ERR Script stopped by txlab after running for 15 ms"), reply);
        assertEquals("(integer) 7", lab.show("EVAL \"return 7\" 0"));
    }

    @Test
    void writesMadeBeforeTheStopStayAndTheTraceListsThem() {
        Lab lab = labWithLimit(10);
        lab.run("SET balance 100");
        lab.trace.drain();
        String reply = lab.show("EVAL \"redis.call('decrby', KEYS[1], 30) redis.call('set', KEYS[2], 'started') "
                + "while true do end\" 2 balance status");
        assertTrue(reply.startsWith("(error) ERR Script stopped by txlab"), reply);
        assertEquals("\"70\"", lab.show("GET balance"));
        assertEquals("\"started\"", lab.show("GET status"));
        TraceEvent.ScriptFinished finished = lab.trace.events().stream()
                .filter(e -> e instanceof TraceEvent.ScriptFinished).map(e -> (TraceEvent.ScriptFinished) e)
                .findFirst().orElseThrow();
        assertTrue(finished.failed());
        assertTrue(finished.timedOut());
        assertEquals(List.of("balance", "status"), finished.written().stream().map(KeyChange::key).map(Object::toString).toList());
    }

    @Test
    void anInterruptStopsARunningScriptFromAnotherThread() throws Exception {
        Lab lab = labWithLimit(0); // no time limit: only the interrupt can stop it
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Reply> reply = caller.submit(() -> lab.run("EVAL \"redis.call('set', 'k', 'v') while true do end\" 0"));
            while (!lab.engine.scripting().isRunning() && !reply.isDone()) Thread.onSpinWait();
            lab.engine.interruptScript();
            Reply r = reply.get(1, TimeUnit.MINUTES); // a bound against hanging, not a speed check
            assertTrue(r instanceof Reply.Error e && e.message().startsWith("ERR Script killed by user with SCRIPT KILL..."), r.toString());
        } finally {
            caller.shutdownNow();
        }
        assertEquals("\"v\"", lab.show("GET k"));
        assertEquals("(integer) 1", lab.show("EVAL \"return 1\" 0"));
    }

    @Test
    void anInterruptWhileNoScriptRunsDoesNotStopTheNextOne() {
        Lab lab = new Lab();
        lab.engine.interruptScript();
        assertEquals("(integer) 5", lab.show("EVAL \"local s = 0 for i = 1, 100000 do s = s + 1 end return 5\" 0"));
    }

    @Test
    void deepRecursionEndsInLuaStackOverflowNotAJavaCrash() {
        Lab lab = new Lab();
        String body = "local function f() return 1 + f() end return f()";
        assertEquals("(error) ERR user_script:1: stack overflow script: " + Lab.sha1(body) + ", on @user_script:1.",
                lab.show("EVAL \"" + body + "\" 0"));
        assertEquals("(integer) 19998", lab.show(
                "EVAL \"local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(19998)\" 0"));
    }
}
