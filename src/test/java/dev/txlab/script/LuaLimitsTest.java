package dev.txlab.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Scripts that push Lua to its limits: huge table constructors, deep recursion inside coroutines,
 * many coroutines at once. Each answer here is the one redis-server 7.0.15 gives (asked again when
 * a real server is installed); where Redis has no limit and the lab must have one, the lab stops
 * the script with a one-line error that says so, and the engine keeps working afterwards.
 */
class LuaLimitsTest {

    /** EVAL body 0, with the body passed as one argument (no quoting), as redis-cli prints the reply. */
    static String eval(Lab lab, String body) {
        Reply reply = lab.engine.execute(lab.client("A"),
                List.of("EVAL".getBytes(), body.getBytes(StandardCharsets.ISO_8859_1), "0".getBytes()));
        return String.join("\n", ReplyFormatter.lines(reply));
    }

    /** The same script on the real server, when there is one; null without one. */
    static String evalOnRedis(String body) throws Exception {
        RedisServer server;
        try {
            server = RedisServer.get();
        } catch (org.opentest4j.TestAbortedException noServer) {
            return null;
        }
        server.reset();
        try (RedisConnection c = server.connect()) {
            Reply reply = c.call(List.of("EVAL".getBytes(), body.getBytes(StandardCharsets.ISO_8859_1), "0".getBytes()));
            return String.join("\n", ReplyFormatter.lines(reply));
        }
    }

    /** The engine answers as expected, and so does redis-server when installed. */
    static void answers(String body, String expected) throws Exception {
        Lab lab = new Lab();
        assertEquals(expected, eval(lab, body));
        assertEngineStillWorks(lab);
        String redis = evalOnRedis(body);
        if (redis != null) assertEquals(expected, redis, "redis-server says");
    }

    static void assertEngineStillWorks(Lab lab) {
        assertEquals("PONG", lab.show("PING"));
        assertEquals("(integer) 2", eval(lab, "return 1 + 1"));
        String body = "local x = nil; return x.y";
        assertEquals("(error) ERR user_script:1: attempt to index local 'x' (a nil value) script: " + Lab.sha1(body)
                + ", on @user_script:1.", eval(lab, body));
        assertFalse(lab.engine.scripting().isRunning());
    }

    static String list(int n, java.util.function.IntFunction<String> item) {
        return IntStream.rangeClosed(1, n).mapToObj(item).collect(Collectors.joining(","));
    }

    static String compileError(String message) {
        return "(error) ERR Error compiling script (new function): " + message;
    }

    // ---- table constructors ----------------------------------------------------------------

    @Test
    void aConstructorOf30000ItemsIsReturnedWhole() throws Exception {
        String body = "return {" + list(30_000, Integer::toString) + "}";
        Lab lab = new Lab();
        String reply = eval(lab, body);
        assertTrue(reply.startsWith("    1) (integer) 1\n"), reply.substring(0, Math.min(200, reply.length())));
        assertTrue(reply.endsWith("30000) (integer) 30000"), reply.substring(Math.max(0, reply.length() - 200)));
        assertEquals(30_000, reply.split("\n").length);
        assertEngineStillWorks(lab);
        String redis = evalOnRedis(body);
        if (redis != null) assertEquals(redis, reply, "redis-server says");
    }

    @Test
    void constructorsOf100000And262143DistinctNumbersWork() throws Exception {
        answers("return #{" + list(100_000, Integer::toString) + "}", "(integer) 100000");
        answers("return #{" + list(262_143, Integer::toString) + "}", "(integer) 262143");
    }

    @Test
    void moreThan262143ConstantsInOneFunctionAreAConstantTableOverflow() throws Exception {
        answers("return #{" + list(262_144, Integer::toString) + "}", compileError("constant table overflow"));
        answers("return #{" + list(1_000_000, Integer::toString) + "}", compileError("constant table overflow"));
    }

    @Test
    void aMillionRepeatedItemsNeedNoNewConstants() throws Exception {
        answers("return #{" + list(1_000_000, i -> "1") + "}", "(integer) 1000000");
    }

    @Test
    void aBigConstructorEndingInACallKeepsEveryValue() throws Exception {
        answers("local function f(...) return select('#', ...) end return #{" + list(30_000, i -> "1") + ", f(1,2,3)}",
                "(integer) 30001");
        answers("local function f(...) return ... end return #{" + list(30_000, i -> "1") + ", f(1,2,3)}",
                "(integer) 30003");
        answers("local function f(...) return ... end local t = {" + list(30_000, i -> "'x'") + ", f(7,8,9)} "
                + "return {t[1], t[30000], t[30001], t[30003], #t}", "1) \"x\"\n2) \"x\"\n3) (integer) 7\n4) (integer) 9\n"
                + "5) (integer) 30003");
    }

    @Test
    void jumpsOverABigConstructorStillLandRight() throws Exception {
        answers("local n = 0 for i = 1, 3 do local t = {" + list(30_000, i -> "i") + "} n = n + #t + t[30000] end return n",
                "(integer) 90006");
    }
}
