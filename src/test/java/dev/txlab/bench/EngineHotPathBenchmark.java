package dev.txlab.bench;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine's hot path without the network: what {@code txlab serve} does for each command
 * once the request is parsed (lookup, arity, MULTI check, the command, the watch hook). Run it
 * with {@code scripts/bench-jmh}; {@code scripts/bench} measures the whole server against Redis.
 *
 * <p>Tracing is off, as in {@code txlab serve --quiet}: with a tracer the engine also snapshots
 * the keys each command touches, which is for learners, not for throughput.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineHotPathBenchmark {
    private Engine engine;
    private ClientSession client;
    private ClientSession watcher;

    private final List<byte[]> set = argv("SET", "key:000000000000", "xxx");
    private final List<byte[]> get = argv("GET", "key:000000000000");
    private final List<byte[]> incr = argv("INCR", "counter:000000000000");
    private final List<byte[]> multi = argv("MULTI");
    private final List<byte[]> txIncr = argv("INCR", "tx:incr");
    private final List<byte[]> exec = argv("EXEC");
    private final List<byte[]> watch = argv("WATCH", "tx:incr");
    private final List<byte[]> eval = argv("EVAL", "return redis.call('INCR', KEYS[1])", "1", "bench:eval");

    static List<byte[]> argv(String... words) {
        List<byte[]> out = new ArrayList<>();
        for (String w : words) out.add(w.getBytes(StandardCharsets.UTF_8));
        return List.copyOf(out);
    }

    @Setup
    public void setUp() {
        engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
        client = engine.connect("bench");
        watcher = engine.connect("watcher");
        engine.execute(client, set);
    }

    @Benchmark public Reply set() { return engine.execute(client, set); }

    @Benchmark public Reply get() { return engine.execute(client, get); }

    @Benchmark public Reply incr() { return engine.execute(client, incr); }

    /** MULTI, INCR, INCR, EXEC: the transaction scripts/bench pipelines. */
    @Benchmark
    public Reply multiIncrIncrExec(Blackhole queued) {
        queued.consume(engine.execute(client, multi));
        queued.consume(engine.execute(client, txIncr));
        queued.consume(engine.execute(client, txIncr));
        return engine.execute(client, exec);
    }

    /** The same with another client watching the key, so every write walks the watch registry. */
    @Benchmark
    public Reply incrWhileAnotherClientWatches(Blackhole watched) {
        watched.consume(engine.execute(watcher, watch));
        return engine.execute(client, txIncr);
    }

    /** EVAL of a one-line script; in a build without EVAL this measures the unknown-command rejection. */
    @Benchmark
    public Reply eval() { return engine.execute(client, eval); }
}
