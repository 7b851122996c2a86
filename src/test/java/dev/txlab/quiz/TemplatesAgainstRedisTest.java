package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.support.RedisServer;
import dev.txlab.transcript.EngineTarget;
import dev.txlab.transcript.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every template, instantiated with several seeds and in every variant, run on the engine and on
 * a real redis-server: each step must print the same on both. The quiz grades by the engine, so
 * this is what makes its answers Redis's answers.
 */
class TemplatesAgainstRedisTest {
    static final int SEEDS = 5;

    @TestFactory
    Stream<DynamicTest> everyPredictTemplatePrintsOnTheEngineWhatRedisPrints() {
        return QuestionBankTest.BANK.cards().stream().filter(c -> c instanceof Card.Predict).map(c ->
                DynamicTest.dynamicTest(c.id(), () -> {
                    assumeEngineCanRun(c);
                    Card.Predict p = (Card.Predict) c;
                    for (long seed = 1; seed <= SEEDS; seed++) {
                        Map<String, String> values = p.variables().instantiate(new Random(seed));
                        for (int v = 0; v < p.variants().size(); v++) {
                            compare(c.id() + " seed " + seed + " variant " + (v + 1), values, List.of(p.variants().get(v).lines()));
                        }
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyFixItTemplateBehavesOnTheEngineAsOnRedis() {
        return QuestionBankTest.BANK.cards().stream().filter(c -> c instanceof Card.FixIt).map(c ->
                DynamicTest.dynamicTest(c.id(), () -> {
                    assumeEngineCanRun(c);
                    Card.FixIt f = (Card.FixIt) c;
                    List<Card.Line> checks = new ArrayList<>();
                    for (String check : f.check()) checks.add(new Card.Line(FixItExercise.CHECK_CLIENT, check, false, 0));
                    for (long seed = 1; seed <= SEEDS; seed++) {
                        Map<String, String> values = f.variables().instantiate(new Random(seed));
                        compare(c.id() + " seed " + seed + " broken", values,
                                List.of(f.setup().lines(), f.broken().lines(), checks));
                        compare(c.id() + " seed " + seed + " solution", values,
                                List.of(f.setup().lines(), f.solution().lines(), checks));
                    }
                }));
    }

    private static void assumeEngineCanRun(Card c) {
        List<String> missing = c.header().requires().stream().filter(name -> CommandTable.standard().get(name) == null).sorted().toList();
        if (!missing.isEmpty()) System.err.println("SKIPPED " + c.id() + ": the engine has no " + missing + " yet");
        assumeTrue(missing.isEmpty(), "the engine has no " + missing + " yet");
    }

    /** Runs the parts in order on a fresh engine and on the freshly flushed server; compares every step. */
    private static void compare(String what, Map<String, String> values, List<List<Card.Line>> parts) throws Exception {
        RedisServer server = RedisServer.get();
        server.reset();
        List<Card.Line> lines = new ArrayList<>();
        parts.forEach(lines::addAll);
        List<List<String>> engine;
        List<List<String>> redis;
        try (Target target = new EngineTarget(new Engine(new Clock.ManualClock(EngineRun.START_MILLIS)))) {
            engine = EngineRun.replies(target, lines, values);
        }
        try (Target target = new RemoteTarget(server.uri(), 10_000)) {
            redis = EngineRun.replies(target, lines, values);
        }
        for (int i = 0; i < lines.size(); i++) {
            Card.Line l = lines.get(i);
            assertEquals(redis.get(i), engine.get(i), what + ": " + l.label() + "> " + Variables.expand(l.command(), values));
        }
    }
}
