package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.txlab.engine.table.CommandTable;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.remote.RedisUri;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.support.Corpus;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptParser;
import dev.txlab.transcript.TranscriptRunner;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance corpus again, but over TCP: each transcript against a fresh {@code txlab serve}
 * through the same client code that talks to a real Redis, one connection per label. Every reply
 * must survive the trip through RESP byte for byte, so what redis-cli or a client library sees
 * from serve is what it would see from redis-server 7.0.
 */
class ServeConformanceTest {

    static final String[] CORPORA = {"conformance/random", "conformance/edge", "transcripts", "transcripts-fresh-server"};
    static final String[] SCRIPT_CORPORA = {"conformance/lua", "conformance/lua-edge"};

    @TestFactory
    Stream<DynamicTest> serveAnswersEveryTranscriptAsRedisDidOverTheSocket() {
        return Stream.of(CORPORA).flatMap(dir -> Corpus.transcripts(dir).stream()).map(this::overTheSocket);
    }

    /** The Lua transcripts, once this build has EVAL; until then they are skipped, visibly. */
    @TestFactory
    Stream<DynamicTest> serveAnswersEveryScriptTranscriptOverTheSocket() {
        return Stream.of(SCRIPT_CORPORA).flatMap(dir -> Corpus.transcripts(dir).stream()).map(file ->
                DynamicTest.dynamicTest(Corpus.name(file), () -> {
                    assumeTrue(CommandTable.standard().get("eval") != null, "this build has no EVAL yet");
                    check(file);
                }));
    }

    private DynamicTest overTheSocket(Path file) {
        return DynamicTest.dynamicTest(Corpus.name(file), () -> check(file));
    }

    /** A server per transcript: an empty keyspace, an empty script cache, a clock that stands still. */
    private static void check(Path file) throws Exception {
        Transcript transcript = TranscriptParser.parse(file);
        try (ServedEngine served = ServedEngine.quiet();
             RemoteTarget target = new RemoteTarget(new RedisUri("127.0.0.1", served.port(), null, null, 0), 10_000)) {
            Optional<TranscriptRunner.Outcome> diff = TranscriptRunner.firstDivergence(target, transcript);
            if (diff.isPresent()) {
                TranscriptRunner.Outcome o = diff.get();
                fail(file + ":" + o.step().line() + "\n  command:  " + o.step().label() + "> " + o.step().command()
                        + "\n  expected: " + String.join("\n            ", o.step().expected())
                        + "\n  actual:   " + String.join("\n            ",
                        o.actual().stream().map(ReplyFormatter::forDisplay).toList()));
            }
        }
    }
}
