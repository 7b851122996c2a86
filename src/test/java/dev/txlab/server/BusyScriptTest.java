package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * A script past busy-reply-threshold blocks everybody in serve, as in Redis: other clients get
 * BUSY (naming SCRIPT KILL for EVAL, FUNCTION KILL for FCALL), SCRIPT KILL and FUNCTION KILL stop
 * only their own kind, a transaction touched meanwhile is doomed (EXECABORT ... BUSY), and a
 * script that has written cannot be killed. Compared with a real redis-server where it can be
 * (a real server exits on SHUTDOWN NOSAVE, so the unkillable case runs on serve only).
 */
class BusyScriptTest {
    private static void sameOnBoth(String... steps) throws Exception { Conversation.sameOnBoth(steps); }

    @Test
    void aLongScriptAnswersBusyUntilScriptKill() throws Exception {
        sameOnBoth("B> config set busy-reply-threshold 10", "B?",
                "A> eval \"while true do end\" 0", "~300",
                "B> ping", "B?",
                "B> function kill", "B?",
                "B> function stats", "B!",
                "B> shutdown", "B?",
                "B> script kill", "B?",
                "A?",
                "B> ping", "B?",
                "B> script kill", "B?",
                "B> config set busy-reply-threshold 5000", "B?");
    }

    @Test
    void aLongFunctionNamesFunctionKill() throws Exception {
        sameOnBoth("B> config set busy-reply-threshold 10", "B?",
                "B> function load \"#!lua name=spin\nredis.register_function('spin', function() while true do end end)\"",
                "B?",
                "A> fcall spin 0", "~300",
                "B> get x", "B?",
                "B> script kill", "B?",
                "B> function kill", "B?",
                "A?",
                "B> fcall_ro spin 0", "B?",
                "B> function flush", "B?",
                "B> config set busy-reply-threshold 5000", "B?");
    }

    @Test
    void aTransactionTouchedWhileBusyIsDoomed() throws Exception {
        sameOnBoth("B> config set busy-reply-threshold 10", "B?",
                "B> set xx 1", "B?",
                "B> multi", "B?",
                "B> incr xx", "B?",
                "A> eval \"while true do end\" 0", "~300",
                "B> incr xx", "B?",
                "B> exec", "B?",
                "B> script kill", "B?",
                "A?",
                "B> get xx", "B?",
                "B> ping asdf", "B?",
                "C> multi", "C?",
                "A> eval \"while true do end\" 0", "~300",
                "C> incr xx", "C?",
                "B> script kill", "B?",
                "A?",
                "C> exec", "C?",
                "B> config set busy-reply-threshold 5000", "B?");
    }

    @Test
    void aScriptThatWroteIsUnkillable() throws Exception {
        try (ServedEngine served = ServedEngine.start(new Engine(Clock.SYSTEM));
             Conversation c = new Conversation(served.port())) {
            c.run("B> config set busy-reply-threshold 10", "B?",
                    "A> eval \"redis.call('set', 'k', 'v') while true do end\" 0", "~300",
                    "B> script kill", "B?",
                    "B> get k", "B?",
                    "B> shutdown nosave", "B?",
                    "A?",
                    "B> get k", "B?");
            assertEquals("""
                    B: Simple OK
                    B: Error (error) UNKILLABLE Sorry the script already executed write commands against the dataset.\
                     You can either wait the script termination or kill the server in a hard way using the SHUTDOWN\
                     NOSAVE command.
                    B: Error (error) BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN\
                     NOSAVE.
                    B: Error (error) ERR txlab does not shut down its engine: it stopped the busy script instead (Redis\
                     would exit, losing every change since the last save)
                    A: Error (error) ERR Script killed by user with SCRIPT KILL... script:\
                     568b86d2fd65cc68609ed729cb9cfb854214362f, on @user_script:1.
                    B: Bulk "v"
                    """, c.log.toString());
        }
    }
}
