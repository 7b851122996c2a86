package dev.txlab.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.Clock;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.remote.RedisUri;
import dev.txlab.remote.RemoteClusterTarget;
import dev.txlab.support.RealCluster;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.Tracer;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptParser;
import dev.txlab.transcript.TranscriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The simulated cluster against a real 3-node Redis Cluster the test starts ({@link RealCluster}):
 * the cluster transcripts, and random multi-client sessions over hash-tagged, same-node and
 * other-node keys (MULTI, WATCH, EVAL, FCALL, redirects, ASKING, slot 3300 migrating and
 * importing with MIGRATE moving its keys, or dropped by its node), compared reply by reply. The real
 * cluster's nodes carry the simulated ids, and the simulated twin listens on the real ports, so
 * replies compare as they are (where Redis leaves an order undefined, sorted).
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ClusterDifferentialTest {
    static final Path TRANSCRIPTS = Path.of("src/test/resources/transcripts-cluster");
    static final long SEED = Long.getLong("txlab.seed", 20261205L);
    static final int SESSIONS = Integer.getInteger("txlab.clusterSessions", 150);
    static final int LENGTH = 40;

    static List<Path> transcripts() throws IOException {
        try (Stream<Path> files = Files.list(TRANSCRIPTS)) {
            return files.filter(f -> f.toString().endsWith(".tx")).sorted().toList();
        }
    }

    @Test
    void clusterTranscriptsPassOnTheSimulatedCluster() throws Exception {
        for (Path file : transcripts()) {
            Transcript t = TranscriptParser.parse(file);
            assertTrue(t.cluster(), file + " declares no cluster");
            try (ClusterTarget target = new ClusterTarget(SimulatedCluster.create(t.clusterNodes(), new Clock.ManualClock(1_800_000_000_000L),
                    SimulatedCluster.DEFAULT_HOST, t.clusterBasePort()))) {
                var divergence = TranscriptRunner.firstDivergence(target, t);
                if (divergence.isPresent()) {
                    var o = divergence.get();
                    fail(file + ":" + o.step().line() + " " + o.step().label() + "> " + o.step().command()
                            + "\nexpected: " + o.step().expected() + "\nactual:   " + o.actual());
                }
            }
        }
    }

    @Test
    void clusterTranscriptsPassOnARealCluster() throws Exception {
        RealCluster real = RealCluster.get();
        // the real nodes listen elsewhere: the target speaks the transcript's ports (7001 ...) both ways
        for (Path file : transcripts()) {
            Transcript t = TranscriptParser.parse(file);
            int shift = real.basePort() - t.clusterBasePort();
            real.reset();
            RedisUri uri = new RedisUri("127.0.0.1", real.basePort(), null, null, 0);
            try (RemoteClusterTarget target = new RemoteClusterTarget(uri, shift, 10_000)) {
                var divergence = TranscriptRunner.firstDivergence(target, t);
                if (divergence.isPresent()) {
                    var o = divergence.get();
                    fail(file + ":" + o.step().line() + " " + o.step().label() + "> " + o.step().command()
                            + "\nexpected:     " + o.step().expected() + "\nreal cluster: " + o.actual());
                }
            }
        }
    }

    /** The cluster lesson, every part (tasks with their wrong attempts) on the real cluster. */
    @Test
    void theClusterLessonPassesOnARealCluster() throws Exception {
        RealCluster real = RealCluster.get();
        int shift = real.basePort() - SimulatedCluster.DEFAULT_BASE_PORT;
        RedisUri uri = new RedisUri("127.0.0.1", real.basePort(), null, null, 0);
        Path file = Path.of("lessons/14-cluster.md");
        dev.txlab.lesson.Lesson lesson = dev.txlab.lesson.LessonParser.parse(file.toString(), file.getFileName().toString(),
                Files.readAllBytes(file));
        assertEquals(3, dev.txlab.lesson.LessonChecker.clusterNodes(lesson));
        dev.txlab.lesson.LessonChecker.Targets targets = new dev.txlab.lesson.LessonChecker.Targets() {
            @Override public dev.txlab.transcript.Target open() { throw new IllegalStateException("a cluster lesson"); }

            @Override public dev.txlab.transcript.Target open(int nodes) throws IOException {
                real.reset();
                return new RemoteClusterTarget(uri, shift, 10_000);
            }
        };
        var results = dev.txlab.lesson.LessonChecker.check(lesson, targets, dev.txlab.lesson.Needs.EVERYTHING);
        for (var r : results) assertEquals(dev.txlab.lesson.LessonChecker.Status.PASSED, r.status(), r.toString());
        assertTrue(results.size() >= 8, results.toString());
    }

    @Test
    void randomClusterSessionsAnswerAsARealCluster() throws Exception {
        RealCluster real = RealCluster.get();
        long compared = 0;
        for (int s = 0; s < SESSIONS; s++) {
            compared += session(real, SEED + s);
        }
        System.err.println("Cluster differential: " + SESSIONS + " sessions, " + compared + " replies identical (base seed " + SEED + ")");
        assertTrue(compared > SESSIONS * (long) LENGTH / 2, "too few replies compared: " + compared);
    }

    private static int session(RealCluster real, long seed) throws IOException {
        List<Step> steps = new ClusterSessionGenerator(seed, real.basePort()).session(LENGTH);
        real.reset();
        Tracer.Recorder recorder = new Tracer.Recorder();
        SimulatedCluster sim = SimulatedCluster.create(RealCluster.NODES, new Clock.ManualClock(System.currentTimeMillis()),
                "127.0.0.1", real.basePort());
        sim.setTracer(recorder);
        RedisUri uri = new RedisUri("127.0.0.1", real.basePort(), null, null, 0);
        List<String> log = new ArrayList<>();
        try (ClusterTarget target = new ClusterTarget(sim); RemoteClusterTarget redis = new RemoteClusterTarget(uri, 0, 10_000)) {
            for (Step step : steps) {
                recorder.drain();
                Reply fromSim = target.send(step.label(), step.argv());
                boolean unordered = recorder.events().stream().anyMatch(e -> e instanceof TraceEvent.ReplyOrderUndefined);
                Reply fromReal = redis.send(step.label(), step.argv());
                String line = step.label() + "> " + String.join(" ", step.argv().stream().map(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)).toList());
                log.add(line);
                List<String> a = lines(fromSim, unordered);
                List<String> b = lines(fromReal, unordered);
                if (!a.equals(b)) {
                    fail("seed " + seed + ": replies differ at\n  " + String.join("\n  ", log)
                            + "\nsimulated: " + a + "\nreal:      " + b);
                }
            }
        }
        return steps.size();
    }

    private static List<String> lines(Reply reply, boolean unordered) {
        if (unordered && reply instanceof Reply.Array arr) {
            List<String> each = new ArrayList<>();
            for (Reply r : arr.elements()) each.add(String.join("\n", ReplyFormatter.lines(r, 3)));
            each.sort(null);
            return each;
        }
        return ReplyFormatter.lines(reply, 3);
    }

    record Step(String label, List<byte[]> argv) {}

    /**
     * Random sessions for a 3-node cluster: clients A, B, C, each with connections to several
     * nodes; keys of one slot with hash tags, of two slots of the same node, and of other nodes.
     */
    static final class ClusterSessionGenerator {
        /** b (3300) and f (3168) are on the first node in different slots; c on the second, a on the third. */
        private static final String[] KEYS = {"b", "f", "{b}x", "{b}y", "{f}z", "c", "{c}1", "a", "{a}1", "k2", "j"};
        private final Random random;
        private final int base;

        ClusterSessionGenerator(long seed, int base) {
            this.random = new Random(seed);
            this.base = base;
        }

        List<Step> session(int length) {
            List<Step> out = new ArrayList<>();
            while (out.size() < length) out.add(step());
            return out;
        }

        private String key() { return KEYS[random.nextInt(KEYS.length)]; }

        private Step step() {
            int node = random.nextInt(4) == 0 ? random.nextInt(3) : 0;
            String k = key();
            String[] argv = switch (random.nextInt(36)) {
                case 0 -> new String[] {"SET", k, Integer.toString(random.nextInt(10))};
                case 1 -> new String[] {"GET", k};
                case 2 -> new String[] {"INCR", k};
                case 3 -> new String[] {"MSET", k, "1", key(), "2"};
                case 4 -> new String[] {"MGET", k, key()};
                case 5 -> new String[] {"DEL", k, key()};
                case 6, 7 -> new String[] {"MULTI"};
                case 8, 9 -> new String[] {"EXEC"};
                case 10 -> new String[] {"DISCARD"};
                case 11 -> new String[] {"WATCH", k};
                case 12 -> new String[] {"WATCH", k, key()};
                case 13 -> new String[] {"UNWATCH"};
                case 14 -> new String[] {"EVAL", "return redis.call('incr', KEYS[1])", "1", k};
                case 15 -> new String[] {"EVAL", "return redis.call('exists', KEYS[1], KEYS[2])", "2", k, key()};
                case 16 -> new String[] {"EVAL", "#!lua\nreturn redis.call('get', ARGV[1])", "0", k};
                case 17 -> new String[] {"EVAL", "return redis.call('get', ARGV[1])", "1", k, key()};
                case 18 -> new String[] {"CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slotOf(k))};
                case 19 -> new String[] {"RENAME", k, key()};
                case 20 -> new String[] {"ASKING"};
                // slot 3300 (b, {b}x, {b}y) moving from the first node to the second, and back
                case 21 -> {
                    node = 0;
                    yield new String[] {"CLUSTER", "SETSLOT", "3300", "MIGRATING", SimulatedCluster.nodeId(1)};
                }
                case 22 -> {
                    node = 1;
                    yield new String[] {"CLUSTER", "SETSLOT", "3300", "IMPORTING", SimulatedCluster.nodeId(0)};
                }
                case 23 -> {
                    node = random.nextInt(2);
                    yield new String[] {"CLUSTER", "SETSLOT", "3300", "STABLE"};
                }
                case 24 -> {
                    node = random.nextInt(2);
                    String to = Integer.toString(base + 1 - node);
                    yield random.nextBoolean() ? new String[] {"MIGRATE", "127.0.0.1", to, SLOT_3300[random.nextInt(3)], "0", "1000"}
                            : new String[] {"MIGRATE", "127.0.0.1", to, "", "0", "1000", "REPLACE", "KEYS", "b", SLOT_3300[random.nextInt(3)]};
                }
                case 25 -> new String[] {"CLUSTER", "GETKEYSINSLOT", "3300", "10"};
                case 26 -> new String[] {"FUNCTION", "LOAD", "REPLACE", LIBRARY};
                case 27 -> new String[] {"FCALL", random.nextBoolean() ? "incr1" : "touch2", "2", k, key()};
                case 28 -> new String[] {"EVAL", "#!lua flags=allow-cross-slot-keys\nredis.call('incr', ARGV[1]); return redis.call('get', ARGV[2])",
                        "0", k, key()};
                case 29 -> new String[] {"SPUBLISH", k, "hi"};
                case 30 -> new String[] {"EXPIRE", k, "100"};
                case 31 -> new String[] {"PERSIST", k}; // TTL's answer would depend on the time between commands
                case 32 -> new String[] {"COPY", k, key(), "REPLACE"};
                // the first node forgetting slot 3300 (the cluster is down for it), and taking it back
                case 33 -> {
                    node = 0;
                    yield new String[] {"CLUSTER", random.nextBoolean() ? "DELSLOTS" : "ADDSLOTS", "3300"};
                }
                case 34 -> new String[] {random.nextBoolean() ? "READONLY" : "READWRITE"};
                default -> new String[] {"EXISTS", k};
            };
            String label = "ABC".charAt(random.nextInt(3)) + "@" + (base + node);
            List<byte[]> args = new ArrayList<>();
            for (String a : argv) args.add(Bytes.utf8(a));
            return new Step(label, args);
        }

        private static final String[] SLOT_3300 = {"b", "{b}x", "{b}y"};
        /** incr1 keeps to its declared keys; touch2 reads an undeclared one too (allowed in its slot only). */
        private static final String LIBRARY = "#!lua name=difflib\n"
                + "redis.register_function('incr1', function(k) return redis.call('incr', k[1]) end)\n"
                + "redis.register_function('touch2', function(k) redis.call('get', k[1]); return redis.call('exists', 'b') end)";

        private static int slotOf(String key) { return HashSlots.slot(Bytes.utf8(key)); }
    }

    /**
     * CLUSTER NODES, INFO and SHARDS of every node, as the real nodes answer them: NODES' lines
     * sorted (a dict's order) with their ping/pong times masked, INFO's bus counters masked, SHARDS sorted.
     */
    /** First: resharding transcripts leave the real nodes with new config epochs (nothing takes those back). */
    @Test
    @org.junit.jupiter.api.Order(1)
    void clusterViewsAnswerAsARealCluster() throws Exception {
        RealCluster real = RealCluster.get();
        real.reset();
        // the simulated twin on the real ports, then on the transcripts' ports (7001 ...) with the
        // real replies' ports taken back to those: ids and ports both normalised
        for (int simBase : new int[] {real.basePort(), SimulatedCluster.DEFAULT_BASE_PORT}) {
            SimulatedCluster sim = SimulatedCluster.create(RealCluster.NODES, new Clock.ManualClock(System.currentTimeMillis()),
                    "127.0.0.1", simBase);
            RedisUri uri = new RedisUri("127.0.0.1", real.basePort(), null, null, 0);
            try (ClusterTarget target = new ClusterTarget(sim);
                    RemoteClusterTarget redis = new RemoteClusterTarget(uri, real.basePort() - simBase, 10_000)) {
                for (int i = 0; i < RealCluster.NODES; i++) {
                    String label = "A@" + (simBase + i);
                    for (String sub : List.of("NODES", "INFO", "SHARDS", "MYID", "SLOTS")) {
                        List<byte[]> argv = List.of(Bytes.utf8("CLUSTER"), Bytes.utf8(sub));
                        assertEquals(view(sub, redis.send(label, argv)), view(sub, target.send(label, argv)), label + " CLUSTER " + sub);
                    }
                }
            }
        }
    }

    private static List<String> view(String sub, Reply reply) {
        List<String> lines = new ArrayList<>();
        switch (sub) {
            case "NODES" -> {
                String text = reply instanceof Reply.Verbatim v ? new String(v.text(), java.nio.charset.StandardCharsets.ISO_8859_1)
                        : reply instanceof Reply.Bulk b ? new String(b.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1) : reply.toString();
                for (String l : text.split("\n")) {
                    String[] f = l.split(" ");
                    if (f.length > 5) { f[4] = "PING"; f[5] = "PONG"; }
                    lines.add(String.join(" ", f));
                }
                lines.sort(null);
            }
            case "INFO" -> {
                String text = reply instanceof Reply.Verbatim v ? new String(v.text(), java.nio.charset.StandardCharsets.ISO_8859_1)
                        : reply instanceof Reply.Bulk b ? new String(b.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1) : reply.toString();
                for (String l : text.split("\r\n")) lines.add(l.replaceAll("^(cluster_stats_messages_[a-z]+_?[a-z]*):\\d+", "$1:N"));
            }
            case "SHARDS" -> {
                if (reply instanceof Reply.Array arr) {
                    for (Reply shard : arr.elements()) {
                        lines.add(String.join("\n", ReplyFormatter.lines(shard, 2)).replaceAll("\"replication-offset\" => \\(integer\\) \\d+", "offset"));
                    }
                }
                lines.sort(null);
            }
            default -> lines.addAll(ReplyFormatter.lines(reply, 2));
        }
        return lines;
    }

}
