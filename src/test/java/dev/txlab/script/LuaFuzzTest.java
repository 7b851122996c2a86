package dev.txlab.script;

import static org.junit.jupiter.api.Assertions.fail;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.protocol.Resp;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random Lua through EVAL ({@link LuaSnippetGenerator}): whatever a script does, the engine
 * answers with a reply, never a Java exception, a "vm error: java..." text or an internal error,
 * and afterwards it still answers PING, a simple EVAL and a failing EVAL exactly as Redis does
 * (so no script can leave the interpreter damaged). One snippet in {@code compareEvery} that is
 * cheap and deterministic also runs on a real redis-server, when one is installed, and must get
 * the same reply byte for byte.
 *
 * <p>System properties: {@code -Dtxlab.lua.fuzz.cases=N} (default 2000; run 100000 by hand),
 * {@code -Dtxlab.lua.fuzz.seed=S} (the first seed; case i uses S + i) and
 * {@code -Dtxlab.lua.fuzz.compareEvery=K} (default 10; 0 compares none). A failure prints each
 * failing seed with its script, which {@code EVAL} reproduces.
 */
class LuaFuzzTest {
    private static final int CASES = Integer.getInteger("txlab.lua.fuzz.cases", 2000);
    private static final long FIRST_SEED = Long.getLong("txlab.lua.fuzz.seed", 11_000_000L);
    private static final int COMPARE_EVERY = Integer.getInteger("txlab.lua.fuzz.compareEvery", 10);
    private static final String PROBE = "local x = nil; return x.y";

    private static List<byte[]> eval(String body) {
        return List.of("EVAL".getBytes(), body.getBytes(StandardCharsets.ISO_8859_1), "1".getBytes(), "key".getBytes(),
                "arg".getBytes());
    }

    private static String text(Reply reply) { return String.join("\n", ReplyFormatter.lines(reply)); }

    @Test
    void randomScriptsNeverBreakTheEngine() throws Exception {
        RedisConnection redis = null;
        RedisServer server = null;
        if (COMPARE_EVERY > 0) {
            try {
                server = RedisServer.get();
                server.reset();
                redis = server.connect();
            } catch (org.opentest4j.TestAbortedException noServer) {
                server = null; // the engine's own checks still run
            }
        }
        Engine engine = newEngine();
        ClientSession client = engine.connect("A");
        String probeExpected = "(error) ERR user_script:1: attempt to index local 'x' (a nil value) script: "
                + Lab.sha1(PROBE) + ", on @user_script:1.";
        List<String> failures = new ArrayList<>();
        List<long[]> slowest = new ArrayList<>();
        int compared = 0;
        long started = System.nanoTime();
        try {
            for (int i = 0; i < CASES && failures.size() < 30; i++) {
                long seed = FIRST_SEED + i;
                LuaSnippetGenerator.Snippet s = new LuaSnippetGenerator(seed).snippet();
                engine.execute(client, List.of("FLUSHALL".getBytes()));
                Reply reply;
                long t0 = System.nanoTime();
                try {
                    reply = engine.execute(client, eval(s.body()));
                    slowest.add(new long[] {System.nanoTime() - t0, seed});
                    slowest.sort((a, b) -> Long.compare(b[0], a[0]));
                    if (slowest.size() > 5) slowest.remove(5);
                } catch (Throwable t) {
                    failures.add(seed + ": threw " + t + "\n" + s.body());
                    engine = newEngine();
                    client = engine.connect("A");
                    continue;
                }
                String shown = text(reply);
                if (shown.contains("vm error") || shown.contains("java.") || shown.contains("Exception")
                        || shown.contains("internal error")) {
                    failures.add(seed + ": " + abbreviate(shown) + "\n" + s.body());
                }
                String pong = text(engine.execute(client, List.of("PING".getBytes())));
                String two = text(engine.execute(client, List.of("EVAL".getBytes(), "return 1 + 1".getBytes(), "0".getBytes())));
                String probe = text(engine.execute(client, List.of("EVAL".getBytes(), PROBE.getBytes(), "0".getBytes())));
                if (!pong.equals("PONG") || !two.equals("(integer) 2") || !probe.equals(probeExpected)) {
                    failures.add(seed + ": the engine answers wrongly afterwards: " + pong + " / " + two + " / " + probe
                            + "\n" + s.body());
                    engine = newEngine();
                    client = engine.connect("A");
                }
                if (redis != null && s.comparable() && i % COMPARE_EVERY == 0 && !shown.contains("txlab")
                        && !shown.contains("Redis 7.0.15 crashes on this")) {
                    compared++;
                    redis.call(List.of("FLUSHALL".getBytes()));
                    Reply expected = redis.call(eval(s.body()));
                    if (!Arrays.equals(Resp.encodeReply(expected), Resp.encodeReply(reply))) {
                        failures.add(seed + ": differs from redis-server\n  redis-server: " + abbreviate(text(expected))
                                + "\n  engine:       " + abbreviate(shown) + "\n" + s.body());
                    }
                }
            }
        } finally {
            if (redis != null) redis.close();
        }
        System.err.printf("Lua fuzz: %d cases from seed %d in %.1f s, %d compared with redis-server%s, %d failures%n", CASES,
                FIRST_SEED, (System.nanoTime() - started) / 1e9, compared, server == null ? " (none installed)" : "",
                failures.size());
        for (long[] slow : slowest) System.err.printf("  slow: seed %d took %d ms%n", slow[1], slow[0] / 1_000_000);
        if (!failures.isEmpty()) fail(failures.size() + " failing cases:\n\n" + String.join("\n\n", failures));
    }

    private static Engine newEngine() {
        Engine engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
        engine.setScriptTimeLimit(Duration.ofMillis(250));
        engine.scripting().setCoroutineLimit(500);
        return engine;
    }

    private static String abbreviate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "... (" + s.length() + " chars)";
    }
}
