package dev.txlab.script;

import static org.junit.jupiter.api.Assertions.fail;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.protocol.Resp;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.support.RedisServer;
import dev.txlab.transcript.EngineTarget;
import dev.txlab.transcript.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine and a real redis-server run the same generated sessions (two clients, scripts from
 * templates interleaved with plain commands and MULTI/EXEC/WATCH) and must answer every command
 * with the same bytes. A failure prints the seed and the session as a transcript, which
 * {@code txlab replay --against} can run again on any server.
 *
 * <p>{@code -Dtxlab.lua.sessions=N} and {@code -Dtxlab.lua.seed=S} choose how many sessions and
 * where the seeds start.
 */
class LuaDifferentialTest {
    private static final int SESSIONS = Integer.getInteger("txlab.lua.sessions", 400);
    private static final long FIRST_SEED = Long.getLong("txlab.lua.seed", 7_000_000L);

    @Test
    void engineAndRedisAnswerGeneratedScriptSessionsByteForByte() throws Exception {
        RedisServer server = RedisServer.get();
        int commands = 0;
        for (int s = 0; s < SESSIONS; s++) {
            long seed = FIRST_SEED + s;
            List<ScriptSessionGenerator.Step> session = new ScriptSessionGenerator(seed).session();
            server.reset();
            try (Target engine = new EngineTarget(new Engine(new Clock.ManualClock(1_700_000_000_000L)));
                 Target redis = new RemoteTarget(server.uri(), 10_000)) {
                List<String> transcript = new ArrayList<>();
                for (ScriptSessionGenerator.Step step : session) {
                    Reply expected = redis.send(step.client(), step.argv());
                    Reply actual = engine.send(step.client(), step.argv());
                    commands++;
                    transcript.add(step.line());
                    transcript.addAll(ReplyFormatter.lines(expected).stream().map(ReplyFormatter::forDisplay).toList());
                    if (!Arrays.equals(Resp.encodeReply(expected), Resp.encodeReply(actual))) {
                        fail("seed " + seed + ": the engine differs from redis-server at\n  " + step.line()
                                + "\n  redis-server: " + show(expected) + "\n  engine:       " + show(actual)
                                + "\nsession so far (redis-server's replies):\n" + String.join("\n", transcript));
                    }
                }
            }
        }
        System.err.println("Lua differential test: " + SESSIONS + " sessions, " + commands + " commands, seeds "
                + FIRST_SEED + ".." + (FIRST_SEED + SESSIONS - 1) + ", all identical");
    }

    private static String show(Reply reply) {
        return String.join("\n                ", ReplyFormatter.lines(reply).stream().map(ReplyFormatter::forDisplay).toList());
    }
}
