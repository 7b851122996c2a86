package dev.txlab.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.support.RedisServer;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.Tracer;
import dev.txlab.transcript.EngineTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same random multi-client sessions run on the engine and on a real redis-server, compared
 * reply by reply. A failure prints the seed and the session up to the first difference, ready to
 * paste into a transcript. Where Redis leaves an order undefined (the engine says so in its
 * trace), both replies are compared as sorted lists.
 */
class DifferentialTest {
    /** Base seed; override with -Dtxlab.seed=N to replay one run, -Dtxlab.sessions=N for more. */
    static final long SEED = Long.getLong("txlab.seed", 20261124L);
    static final int SESSIONS = Integer.getInteger("txlab.sessions", 1200);
    static final int LENGTH = 40;

    @Test
    void randomSessionsAnswerExactlyAsARealServer() throws IOException {
        RedisServer server = RedisServer.get();
        long compared = 0;
        for (int s = 0; s < SESSIONS; s++) {
            long seed = SEED + s;
            compared += runSession(server, seed);
        }
        System.err.println("Differential: " + SESSIONS + " sessions, " + compared + " replies identical (base seed " + SEED + ")"
                + (SessionGenerator.focus() != null ? ", focused on " + SessionGenerator.focus() : ""));
        assertTrue(compared > SESSIONS * (long) LENGTH / 2, "too few replies compared: " + compared);
    }

    private static int runSession(RedisServer server, long seed) throws IOException {
        List<SessionGenerator.Step> steps = new SessionGenerator(seed).session(LENGTH);
        server.reset();
        Tracer.Recorder recorder = new Tracer.Recorder();
        Engine engine = new Engine(new Clock.ManualClock(System.currentTimeMillis()));
        engine.setTracer(recorder);
        try (EngineTarget target = new EngineTarget(engine); RemoteTarget redis = new RemoteTarget(server.uri(), 10_000)) {
            for (int i = 0; i < steps.size(); i++) {
                SessionGenerator.Step step = steps.get(i);
                recorder.drain();
                Reply fromEngine = target.send(step.label(), step.argv());
                boolean unordered = recorder.events().stream().anyMatch(e -> e instanceof TraceEvent.ReplyOrderUndefined);
                Reply fromRedis = redis.send(step.label(), step.argv());
                String expected = ReplyFormatter.format(unordered ? canonical(fromRedis) : fromRedis);
                String actual = ReplyFormatter.format(unordered ? canonical(fromEngine.resp2()) : fromEngine);
                if (!expected.equals(actual)) {
                    StringBuilder session = new StringBuilder();
                    for (int j = 0; j <= i; j++) session.append(steps.get(j).display()).append('\n');
                    fail("seed " + seed + " diverged at step " + (i + 1) + "\n" + session
                            + "real redis:\n" + ReplyFormatter.forDisplay(expected)
                            + "engine:\n" + ReplyFormatter.forDisplay(actual));
                }
            }
        }
        return steps.size();
    }

    /** An unordered reply in a comparable form: every array of plain strings sorted. */
    static Reply canonical(Reply reply) {
        if (!(reply instanceof Reply.Array a)) return reply;
        List<Reply> elements = new ArrayList<>();
        for (Reply e : a.elements()) elements.add(canonical(e));
        if (elements.stream().allMatch(e -> e instanceof Reply.Bulk)) {
            elements.sort(Comparator.comparing(e -> ((Reply.Bulk) e).bytes(), Arrays::compareUnsigned));
        }
        return Reply.array(elements);
    }

    @Test
    void theGeneratorIsDeterministicForASeed() {
        List<SessionGenerator.Step> one = new SessionGenerator(7).session(50);
        List<SessionGenerator.Step> two = new SessionGenerator(7).session(50);
        for (int i = 0; i < one.size(); i++) {
            if (!one.get(i).display().equals(two.get(i).display())) fail("step " + i + " differs");
        }
        assertTrue(one.stream().anyMatch(s -> Bytes.equalsIgnoreCase(s.argv().get(0), "exec")));
    }
}
