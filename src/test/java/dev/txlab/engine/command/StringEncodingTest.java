package dev.txlab.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.engine.keyspace.StringValue;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which representation each string command leaves (OBJECT ENCODING: int, embstr, raw) and whether
 * it is one of Redis's shared integers (OBJECT REFCOUNT), checked against a real redis-server:
 * each case runs its commands on both, then compares StringValue's encoding() and refcount() of
 * key k with what the server answers.
 */
class StringEncodingTest {

    static Stream<String> cases() {
        return Stream.of(
                "SET k 1",
                "SET k 9999",
                "SET k 10000",
                "SET k -1",
                "SET k 9223372036854775807",
                "SET k -9223372036854775808",
                "SET k 9223372036854775808",
                "SET k 007",
                "SET k -0",
                "SET k +1",
                "SET k ' 1'",
                "SET k 1.5",
                "SET k ''",
                "SET k " + "x".repeat(44),
                "SET k " + "x".repeat(45),
                "SET k 12345678901234567890",
                "SET k 5 EX 100",
                "SETEX k 100 5",
                "PSETEX k 100000 123456",
                "SETNX k 42",
                "MSET k 42 j x",
                "MSETNX k 100000 j 7",
                "GETSET k 3",
                "SET k 3 GET",
                "APPEND k 5",
                "APPEND k abc",
                "SET k 1|APPEND k 2",
                "SET k 1|APPEND k ''",
                "SET k abc|APPEND k ''",
                "SET k 1234|SETRANGE k 0 2",
                "SET k 1234|SETRANGE k 0 ''",
                "SETRANGE k 0 12",
                "SET k abc|SETRANGE k 1 b",
                "INCR k",
                "SET k 9998|INCR k",
                "SET k 9999|INCR k",
                "SET k 20000|INCR k",
                "SET k 20000|DECRBY k 20000",
                "SET k -5|INCRBY k 10",
                "SET k abc|SET k 10|INCRBY k 100000",
                "INCRBYFLOAT k 3",
                "INCRBYFLOAT k 1.5",
                "SET k 1|INCRBYFLOAT k 1",
                "INCRBYFLOAT k 1e30",
                "INCRBYFLOAT k 3|INCR k",
                "SET k 1|SETBIT k 0 0",
                "SET k abc|SETBIT k 1 1",
                "SETBIT k 100 1",
                "SET k 7|GETBIT k 1",
                "SET k 7|BITFIELD k GET u8 0",
                "SET k 7|BITFIELD k SET u8 0 55",
                "SET k 7|BITFIELD k OVERFLOW FAIL INCRBY u2 0 10",
                "SET a 1|SET b 2|BITOP OR k a b",
                "SET k 1|GETEX k EX 100",
                "SET k 1|EXPIRE k 100|GETEX k PERSIST",
                "SET k 1|RENAME k k2|RENAME k2 k",
                "SET k 12|MOVE k 1|SELECT 1",
                "EVAL \"return redis.call('SET', KEYS[1], '77')\" 1 k",
                "EVAL \"return redis.call('INCRBY', KEYS[1], 30000)\" 1 k",
                "MULTI|SET k 5|APPEND k 6|EXEC",
                "CONFIG SET maxmemory 1gb maxmemory-policy allkeys-lru|SET k 5|CONFIG SET maxmemory 0 maxmemory-policy noeviction",
                "CONFIG SET maxmemory 1gb maxmemory-policy volatile-lfu|INCR k|CONFIG SET maxmemory 0 maxmemory-policy noeviction",
                "CONFIG SET maxmemory 1gb maxmemory-policy allkeys-random|INCR k|CONFIG SET maxmemory 0 maxmemory-policy noeviction");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCommandLeavesTheEncodingRedisChooses(String commands) throws IOException {
        RedisServer server = RedisServer.get();
        server.reset();
        Engine engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
        ClientSession session = engine.connect("A");
        try (RedisConnection redis = server.connect()) {
            for (String line : commands.split("\\|")) {
                List<byte[]> argv = ArgSplitter.split(line).orElseThrow();
                Reply expected = redis.call(argv);
                Reply actual = engine.execute(session, argv);
                assertEquals(describe(expected), describe(actual), line);
            }
            String encoding = text(redis.call(args("OBJECT", "ENCODING", "k")));
            long refcount = ((Reply.Int) redis.call(args("OBJECT", "REFCOUNT", "k"))).value();
            StringValue value = (StringValue) engine.database(session.db()).peek(Key.of(Bytes.utf8("k")));
            assertEquals(encoding, value.encoding(), "OBJECT ENCODING after " + commands);
            assertEquals(refcount, value.refcount(), "OBJECT REFCOUNT after " + commands);
        } finally {
            server.reset();
        }
    }

    /**
     * DEBUG OBJECT's address: the same object when Redis changes it in place (INCR of an unshared
     * integer) or shares it (small integers), a new one otherwise. Addresses differ between the
     * servers, so what is compared is whether each one equals the one before.
     */
    @org.junit.jupiter.api.Test
    void debugObjectAddressesAreEqualWhereRedisKeepsOrSharesTheObject() throws IOException {
        RedisServer server = RedisServer.get();
        server.reset();
        Engine engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
        ClientSession session = engine.connect("A");
        String[] steps = {"SET k 20000", "INCR k", "@k", "INCR k", "@k", "INCRBY k 5", "@k", "SET k 20000", "@k",
                "SET a 5", "@a", "SET b 5", "@b", "INCR b", "@b", "SET s abc", "@s", "APPEND s d", "@s", "DECR k", "@k"};
        try (RedisConnection redis = server.connect()) {
            List<String> real = new java.util.ArrayList<>();
            List<String> lab = new java.util.ArrayList<>();
            for (String step : steps) {
                List<byte[]> argv = step.startsWith("@") ? args("DEBUG", "OBJECT", step.substring(1)) : ArgSplitter.split(step).orElseThrow();
                Reply expected = redis.call(argv);
                Reply actual = engine.execute(session, argv);
                if (!step.startsWith("@")) continue;
                real.add(text(expected).split(" ")[1]);
                lab.add(text(actual).split(" ")[1]);
            }
            // neighbours only: the allocator may hand a freed object's address to a later one
            for (int i = 0; i + 1 < real.size(); i++) {
                assertEquals(real.get(i).equals(real.get(i + 1)), lab.get(i).equals(lab.get(i + 1)),
                        "addresses " + i + " and " + (i + 1) + ": real " + real + ", txlab " + lab);
            }
        } finally {
            server.reset();
        }
    }

    private static List<byte[]> args(String... parts) {
        return Stream.of(parts).map(Bytes::utf8).toList();
    }

    private static String text(Reply reply) {
        if (reply instanceof Reply.Simple simple) return simple.text();
        return reply instanceof Reply.Bulk b ? new String(b.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1) : reply.toString();
    }

    private static String describe(Reply reply) {
        if (reply instanceof Reply.Bulk b) return "bulk " + text(b);
        if (reply instanceof Reply.Int i) return "int " + i.value();
        if (reply instanceof Reply.Error e) return "error " + e.message();
        if (reply instanceof Reply.Array a) return "array " + a.elements().stream().map(StringEncodingTest::describe).toList();
        return reply.getClass().getSimpleName();
    }
}
