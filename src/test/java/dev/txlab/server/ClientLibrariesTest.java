package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import dev.txlab.support.RedisServer;
import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Real client libraries against txlab serve: Jedis (RESP2, and RESP3 when configured) and Lettuce
 * (which says HELLO 3 and speaks RESP3) connect and run transactions: MULTI/EXEC, a WATCH that
 * aborts EXEC, DISCARD, a command rejected while queueing that makes EXEC fail with EXECABORT,
 * and RESP3's maps, sets and doubles, inside EXEC and from Lua scripts too.
 */
class ClientLibrariesTest {
    static ServedEngine served;
    static final Map<Integer, RedisClient> lettuceClients = new HashMap<>();

    @BeforeAll static void start() throws Exception { served = ServedEngine.start(); }

    @AfterAll static void stop() {
        for (RedisClient c : lettuceClients.values()) c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        served.close();
    }

    /** Every test runs on serve and, to prove the expectations are Redis's, on a real redis-server. */
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serve", "redis-server"})
    @interface OnBoth {}

    /** The port of the named server, emptied. */
    static int port(String server) throws IOException {
        int port;
        if (server.equals("serve")) {
            port = served.port();
        } else {
            RedisServer redis = RedisServer.get();
            redis.reset();
            port = redis.port();
        }
        try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
            j.flushAll();
        }
        return port;
    }

    static Jedis jedis(int port) { return new Jedis("127.0.0.1", port, 10_000); }

    static RedisClient lettuce(int port) {
        return lettuceClients.computeIfAbsent(port, p -> RedisClient.create(RedisURI.builder().withHost("127.0.0.1")
                .withPort(p).withTimeout(Duration.ofSeconds(10)).build()));
    }

    // ---- Jedis ---------------------------------------------------------------------------

    @OnBoth
    void jedisRunsAMultiExecAndGetsEveryReply(String server) throws IOException {
        int port = port(server);
        try (Jedis j = jedis(port)) {
            Transaction t = j.multi();
            t.set("balance", "100");
            t.decrBy("balance", 30);
            t.get("balance");
            assertEquals(List.of("OK", 70L, "70"), t.exec());
        }
    }

    @OnBoth
    void jedisExecAnswersNullWhenAWatchedKeyWasTouched(String server) throws IOException {
        int port = port(server);
        try (Jedis a = jedis(port); Jedis b = jedis(port)) {
            a.set("balance", "100");
            a.watch("balance");
            b.decrBy("balance", 30);
            Transaction t = a.multi();
            t.decrBy("balance", 10);
            assertNull(t.exec());
            assertEquals("70", a.get("balance"));
        }
    }

    @OnBoth
    void jedisDiscardDropsTheQueue(String server) throws IOException {
        int port = port(server);
        try (Jedis j = jedis(port)) {
            Transaction t = j.multi();
            t.set("k", "v");
            assertEquals("OK", t.discard());
            assertNull(j.get("k"));
        }
    }

    @OnBoth
    void jedisSurfacesExecAbortAfterAQueueingError(String server) throws IOException {
        int port = port(server);
        try (Jedis j = jedis(port)) {
            Transaction t = j.multi();
            t.set("k", "v");
            t.sendCommand(Protocol.Command.GET, new String[0]); // wrong number of arguments: rejected while queueing
            JedisDataException e = assertThrows(JedisDataException.class, t::exec);
            assertTrue(e.getMessage().startsWith("EXECABORT Transaction discarded because of previous errors"), e.getMessage());
            assertNull(j.get("k"));
        }
    }

    static Jedis jedisResp3(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).timeoutMillis(10_000).build());
    }

    @OnBoth
    void jedisWithResp3ReadsMapsSetsAndDoubles(String server) throws IOException {
        int port = port(server);
        try (Jedis j = jedisResp3(port)) {
            j.hset("h", "a", "1");
            j.sadd("s", "x");
            j.zadd("z", 1.5, "m");
            assertEquals(Map.of("a", "1"), j.hgetAll("h"));
            assertEquals(Set.of("x"), j.smembers("s"));
            assertEquals(1.5, j.zscore("z", "m"));
            assertEquals(List.of(new Tuple("m", 1.5)), j.zrangeWithScores("z", 0, -1));
        }
    }

    @OnBoth
    void jedisWithResp3RunsAMultiExec(String server) throws IOException {
        int port = port(server);
        try (Jedis j = jedisResp3(port)) {
            j.hset("h", "a", "1");
            j.zadd("z", 2.5, "m");
            Transaction t = j.multi();
            t.hgetAll("h");
            t.zscore("z", "m");
            t.smembers("nosuchset");
            t.get("nosuchkey");
            assertEquals(Arrays.asList(Map.of("a", "1"), 2.5, Set.of(), null), t.exec());
        }
    }

    @OnBoth
    void jedisWithResp3RunsLuaScripts(String server) throws IOException {
        int port = port(server);
        try (Jedis j = jedisResp3(port)) {
            j.hset("h", "a", "1");
            assertEquals(Map.of("a", "1"), j.eval("redis.setresp(3) return redis.call('hgetall', KEYS[1])", 1, "h"));
            assertEquals(2.5, j.eval("return {double=2.5}"));
            assertEquals(false, j.eval("redis.setresp(3) return false"));
            assertNull(j.eval("return false")); // a RESP2 script's false is a null
        }
    }

    // ---- Lettuce -------------------------------------------------------------------------

    @OnBoth
    void lettuceConnectsAndRunsAMultiExec(String server) throws IOException {
        int port = port(server);
        try (StatefulRedisConnection<String, String> c = lettuce(port).connect()) {
            RedisCommands<String, String> r = c.sync();
            assertEquals("PONG", r.ping());
            assertEquals("OK", r.multi());
            r.set("balance", "100");
            r.decrby("balance", 30);
            TransactionResult result = r.exec();
            assertEquals(false, result.wasDiscarded());
            assertEquals(List.of("OK", 70L), result.stream().toList());
        }
    }

    @Test
    void lettuceNegotiatesResp3WithHello() throws Exception {
        try (StatefulRedisConnection<String, String> c = lettuce(port("serve")).connect()) {
            assertEquals("PONG", c.sync().ping());
        }
        String console = served.console();
        assertTrue(console.contains("> HELLO 3\n"), console);
        assertFalse(console.contains("> HELLO 3\n    # Refused"), console);
    }

    @OnBoth
    void lettuceReadsResp3MapsSetsAndDoubles(String server) throws IOException {
        int port = port(server);
        try (StatefulRedisConnection<String, String> c = lettuce(port).connect()) {
            RedisCommands<String, String> r = c.sync();
            r.hset("h", Map.of("a", "1"));
            r.sadd("s", "x");
            r.zadd("z", 1.5, "m");
            assertEquals(Map.of("a", "1"), r.hgetall("h"));
            assertEquals(Set.of("x"), r.smembers("s"));
            assertEquals(1.5, r.zscore("z", "m"));
            assertEquals(List.of(ScoredValue.just(1.5, "m")), r.zrangeWithScores("z", 0, -1));
            assertEquals(Map.of("maxmemory", "0"), r.configGet("maxmemory"));
        }
    }

    @OnBoth
    void lettuceRunsAResp3MultiExec(String server) throws IOException {
        int port = port(server);
        try (StatefulRedisConnection<String, String> c = lettuce(port).connect()) {
            RedisCommands<String, String> r = c.sync();
            r.hset("h", Map.of("a", "1"));
            r.zadd("z", 2.5, "m");
            r.multi();
            r.hgetall("h");
            r.zincrby("z", 1, "m");
            r.zpopmin("z", 1);
            TransactionResult result = r.exec();
            assertEquals(false, result.wasDiscarded());
            assertEquals(List.of(Map.of("a", "1"), 3.5, List.of(ScoredValue.just(3.5, "m"))), result.stream().toList());
        }
    }

    @OnBoth
    void lettuceRunsALuaScriptOverResp3(String server) throws IOException {
        int port = port(server);
        try (StatefulRedisConnection<String, String> c = lettuce(port).connect()) {
            RedisCommands<String, String> r = c.sync();
            r.hset("h", Map.of("a", "1"));
            // the script's map comes back to Lettuce as a RESP3 map, which its MULTI output flattens
            assertEquals(List.of("a", "1"), r.eval("redis.setresp(3) return redis.call('hgetall', KEYS[1])",
                    ScriptOutputType.MULTI, "h"));
            assertEquals(true, r.eval("redis.setresp(3) return true", ScriptOutputType.BOOLEAN));
            assertEquals(2L, (Long) r.eval("return redis.call('hlen', KEYS[1]) + 1", ScriptOutputType.INTEGER, "h"));
        }
    }

    @OnBoth
    void lettuceSeesADiscardedTransactionWhenAWatchedKeyWasTouched(String server) throws IOException {
        int port = port(server);
        try (StatefulRedisConnection<String, String> a = lettuce(port).connect();
             StatefulRedisConnection<String, String> b = lettuce(port).connect()) {
            a.sync().set("balance", "100");
            a.sync().watch("balance");
            b.sync().decrby("balance", 30);
            a.sync().multi();
            a.sync().decrby("balance", 10);
            TransactionResult result = a.sync().exec();
            assertTrue(result.wasDiscarded());
            assertEquals("70", a.sync().get("balance"));
        }
    }

    @OnBoth
    void lettuceDiscardDropsTheQueue(String server) throws IOException {
        int port = port(server);
        try (StatefulRedisConnection<String, String> c = lettuce(port).connect()) {
            RedisCommands<String, String> r = c.sync();
            r.multi();
            r.set("k", "v");
            assertEquals("OK", r.discard());
            assertNull(r.get("k"));
        }
    }

    @OnBoth
    void lettuceSurfacesExecAbortAfterAQueueingError(String server) throws IOException {
        int port = port(server);
        try (StatefulRedisConnection<String, String> c = lettuce(port).connect()) {
            RedisCommands<String, String> r = c.sync();
            r.multi();
            r.set("k", "v");
            // GET without its key: refused while queueing, which dooms the transaction.
            r.dispatch(CommandType.GET, new StatusOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8));
            RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class, r::exec);
            assertTrue(e.getMessage().startsWith("EXECABORT Transaction discarded because of previous errors"), e.getMessage());
            assertNull(r.get("k"));
        }
    }
}
