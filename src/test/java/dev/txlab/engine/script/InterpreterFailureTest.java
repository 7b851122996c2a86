package dev.txlab.engine.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ReplyFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Java exception inside the interpreter (a bug in LuaJ or in the lab's bridge; the fuzz test
 * looks for them) never reaches the user as "vm error: java.lang..." or as a dropped connection:
 * it is a one-line Lua error saying the lab failed, catchable by pcall like any other, and the
 * interpreter stays usable. A global that throws stands in for such a bug here.
 */
class InterpreterFailureTest {

    private static String eval(Engine engine, ClientSession c, String body) {
        return String.join("\n", ReplyFormatter.lines(engine.execute(c,
                List.of("EVAL".getBytes(), body.getBytes(), "0".getBytes()))));
    }

    private static String sha1(String body) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(body.getBytes());
            StringBuilder hex = new StringBuilder();
            for (byte b : d) hex.append(String.format("%02x", b));
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aJavaExceptionInsideTheInterpreterIsAOneLineLuaError() {
        Engine engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
        ClientSession c = engine.connect("A");
        LuaVm vm = engine.scripting().vm();
        vm.globals.unlock();
        vm.globals.define("buggy", LuaFn.of(vm, "buggy", (self, args) -> {
            throw new ArrayIndexOutOfBoundsException("Index -1 out of bounds for length 64");
        }));
        vm.globals.lock();

        String body = "local x = 1\nlocal r = buggy() return r";
        assertEquals("(error) ERR user_script:2: txlab's Lua interpreter failed here (ArrayIndexOutOfBoundsException),"
                + " where Redis's Lua would not script: " + sha1(body) + ", on @user_script:2.", eval(engine, c, body));
        assertEquals("1) (nil)\n2) \"user_script:1: txlab's Lua interpreter failed here (ArrayIndexOutOfBoundsException),"
                + " where Redis's Lua would not\"", eval(engine, c, "return {pcall(function() return buggy() end)}"));
        // a call in tail position runs outside the interpreter's loop: the runner catches it
        assertEquals("(error) ERR txlab's Lua interpreter failed here (ArrayIndexOutOfBoundsException), where Redis's"
                + " Lua would not", eval(engine, c, "return buggy()").replaceAll(" script: .*", ""));
        String inCoroutine = eval(engine, c, "return {coroutine.resume(coroutine.create(function() buggy() end))}");
        assertFalse(inCoroutine.contains("java") || inCoroutine.contains("vm error"), inCoroutine);

        assertEquals("PONG", String.join("", ReplyFormatter.lines(engine.execute(c, List.of("PING".getBytes())))));
        String probe = "local x = nil; return x.y";
        assertEquals("(error) ERR user_script:1: attempt to index local 'x' (a nil value) script: " + sha1(probe)
                + ", on @user_script:1.", eval(engine, c, probe));
    }
}
