package dev.txlab.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.support.Corpus;
import dev.txlab.support.RedisServer;
import dev.txlab.transcript.EngineTarget;
import dev.txlab.transcript.Target;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptParser;
import dev.txlab.transcript.TranscriptRunner;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every recorded transcript, replayed on the engine and on a real redis-server: the engine must
 * answer byte for byte what the server answered when the transcript was recorded, and the
 * installed server must still answer the same (so the corpus stays a true reference).
 */
class ConformanceTest {

    static final String[] CORPORA = {"conformance/random", "conformance/edge", "conformance/lua", "conformance/lua-edge", "transcripts"};
    /** Transcripts whose answers hold only on a server nobody has used: each gets a new one. */
    static final String FRESH_SERVER_CORPUS = "transcripts-fresh-server";

    @TestFactory
    Stream<DynamicTest> engineAnswersEveryTranscriptAsRedisDid() {
        return corpus().map(file -> DynamicTest.dynamicTest(Corpus.name(file), () -> {
            try (Target target = new EngineTarget(new Engine(new Clock.ManualClock(System.currentTimeMillis())))) {
                check(file, target);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> realRedisStillAnswersEveryTranscript() {
        return Stream.of(CORPORA).flatMap(dir -> Corpus.transcripts(dir).stream()).map(file -> DynamicTest.dynamicTest(Corpus.name(file), () -> {
            RedisServer server = RedisServer.get();
            server.reset();
            try (Target target = new RemoteTarget(server.uri(), 10_000)) {
                check(file, target);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> aNewRealRedisAnswersEveryFreshServerTranscript() {
        return Corpus.transcripts(FRESH_SERVER_CORPUS).stream().map(file -> DynamicTest.dynamicTest(Corpus.name(file), () -> {
            try (RedisServer server = RedisServer.startPrivate();
                 Target target = new RemoteTarget(server.uri(), 10_000)) {
                check(file, target);
            }
        }));
    }

    /** What the engine must answer: every corpus, the fresh-server one included (an engine starts new). */
    static Stream<Path> corpus() {
        return Stream.concat(Stream.of(CORPORA), Stream.of(FRESH_SERVER_CORPUS)).flatMap(dir -> Corpus.transcripts(dir).stream());
    }

    static void check(Path file, Target target) throws Exception {
        Transcript transcript = TranscriptParser.parse(file);
        Optional<TranscriptRunner.Outcome> diff = TranscriptRunner.firstDivergence(target, transcript);
        if (diff.isPresent()) {
            TranscriptRunner.Outcome o = diff.get();
            fail(file + ":" + o.step().line() + "\n  command:  " + o.step().label() + "> " + o.step().command()
                    + "\n  expected: " + String.join("\n            ", o.step().expected())
                    + "\n  actual:   " + String.join("\n            ", o.actual().stream().map(ReplyFormatter::forDisplay).toList()));
        }
    }
}
