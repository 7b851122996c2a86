package dev.txlab.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.protocol.Resp;
import dev.txlab.support.RedisServer;
import dev.txlab.transcript.EngineTarget;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every implemented command whose reply type differs between RESP2 and RESP3, run on the engine
 * and on a real redis-server by clients that said HELLO 3 (and, for comparison, by one that
 * stayed on RESP2), compared byte for byte: the engine's reply encoded for the client's protocol
 * against the bytes the real server sent. Types are part of the bytes ({@code %} against
 * {@code *}, {@code ,1.5} against {@code $3 1.5}, {@code _} against {@code $-1}).
 */
class Resp3DifferentialTest {

    /** Lines as in a transcript: {@code LABEL> command}. A and C speak RESP3, B RESP2. */
    static final List<String> SESSION = List.of(
            "A> HELLO 3",
            "B> HELLO 2",
            "C> HELLO 3 SETNAME third",
            "A> HELLO",
            "A> HELLO 3 AUTH default anything",
            "A> HELLO 3 AUTH bob secret",
            "A> HELLO 4",
            "A> HELLO x",
            "A> HELLO 3 SETNAME",
            "A> HELLO 3 SETNAME \"a b\"",
            "A> HELLO 3 FOO",
            "C> CLIENT GETNAME",
            // hashes: HGETALL is a map, HKEYS and HVALS stay arrays
            "A> HSET h a 1 b 2 c 3",
            "A> HGETALL h",
            "B> HGETALL h",
            "A> HGETALL nohash",
            "B> HGETALL nohash",
            "A> HKEYS h",
            "A> HVALS h",
            "A> HMGET h a nofield",
            "A> HGET h nofield",
            // sets: SMEMBERS, SINTER, SUNION, SDIFF and SPOP with a count are sets
            "A> SADD s 1 2 3",
            "A> SADD t 2 3 4",
            "A> SMEMBERS s",
            "B> SMEMBERS s",
            "A> SMEMBERS noset",
            "A> SINTER s t",
            "A> SINTER s noset",
            "A> SUNION s t",
            "A> SDIFF s t",
            "A> SDIFF noset s",
            "A> SMISMEMBER s 1 9",
            "A> SPOP t 0",
            "A> SPOP noset 2",
            "A> SPOP t 10",
            "A> SPOP noset",
            "A> SINTERSTORE dest s s",
            // sorted sets: scores are doubles; WITHSCORES and counted pops are pairs
            "A> ZADD z 1 a 2.5 b 0.1 c -inf d",
            "A> ZSCORE z b",
            "B> ZSCORE z b",
            "A> ZSCORE z c",
            "A> ZSCORE z d",
            "A> ZSCORE z nomember",
            "A> ZMSCORE z a nomember c",
            "A> ZMSCORE nozset a",
            "A> ZINCRBY z 1 a",
            "B> ZINCRBY z 1 a",
            "A> ZINCRBY z +inf e",
            "A> ZADD z INCR 0.5 a",
            "A> ZADD z NX INCR 1 a",
            "A> ZADD z XX INCR 1 nomember",
            "A> ZADD z 5 f",
            "A> ZRANGE z 0 -1",
            "A> ZRANGE z 0 -1 WITHSCORES",
            "B> ZRANGE z 0 -1 WITHSCORES",
            "A> ZRANGE z 0 1 REV WITHSCORES",
            "A> ZRANGE z (0 +inf BYSCORE LIMIT 1 2 WITHSCORES",
            "A> ZRANGE z 5 9 WITHSCORES",
            "A> ZRANGE nozset 0 -1 WITHSCORES",
            "A> ZREVRANGE z 0 -1 WITHSCORES",
            "A> ZRANGEBYSCORE z -inf +inf WITHSCORES",
            "A> ZREVRANGEBYSCORE z +inf 2 WITHSCORES LIMIT 0 1",
            "A> ZRANGEBYSCORE z -inf +inf",
            "A> ZPOPMIN z",
            "B> ZPOPMIN z",
            "A> ZPOPMAX z 2",
            "B> ZPOPMAX z 1",
            "A> ZPOPMIN z 0",
            "A> ZPOPMIN nozset",
            "A> ZPOPMIN nozset 3",
            "A> ZADD y 7 m",
            "A> BZPOPMIN noz y 0.01",
            "A> ZADD y 8 n",
            "B> BZPOPMAX y 0.01",
            "A> BZPOPMIN noz 0.01",
            "B> BZPOPMIN noz 0.01",
            "A> ZCARD z",
            "A> ZRANK z f",
            // nulls: one RESP3 null for both kinds
            "A> GET nokey",
            "A> LPOP nolist 2",
            "A> BLPOP nolist 0.01",
            "B> BLPOP nolist 0.01",
            "A> LPOS nolist x",
            "A> GETDEL nokey",
            // server: CONFIG GET is a map, INFO verbatim text
            "A> CONFIG GET maxmemory",
            "B> CONFIG GET maxmemory",
            "A> CONFIG GET nosuchparameter",
            "A> CONFIG GET maxmemory-policy",
            "A> INFO keyspace",
            "B> INFO keyspace",
            "A> TIME nope",
            // transactions: EXEC's array holds typed replies; an aborted EXEC is null
            "A> MULTI",
            "A> HGETALL h",
            "A> ZSCORE y m",
            "A> SMEMBERS s",
            "A> GET nokey",
            "A> EXEC",
            "A> WATCH h",
            "B> HSET h d 4",
            "A> MULTI",
            "A> HGETALL h",
            "A> EXEC",
            "B> WATCH h",
            "A> HDEL h d",
            "B> MULTI",
            "B> PING",
            "B> EXEC",
            // a queued HELLO 3 switches B half way through EXEC's reply
            "B> MULTI",
            "B> HGETALL h",
            "B> HELLO 3",
            "B> HGETALL h",
            "B> EXEC",
            "B> HGETALL h",
            "B> RESET",
            "B> HGETALL h",
            // scripts: what a RESP3 caller receives, for scripts of either resp
            "A> EVAL \"return redis.call('hgetall', KEYS[1])\" 1 h",
            "A> EVAL \"redis.setresp(3) return redis.call('hgetall', KEYS[1])\" 1 h",
            "B> EVAL \"redis.setresp(3) return redis.call('hgetall', KEYS[1])\" 1 h",
            "A> EVAL \"redis.setresp(3) return redis.call('smembers', KEYS[1])\" 1 s",
            "A> EVAL \"redis.setresp(3) return redis.call('zscore', KEYS[1], 'm')\" 1 y",
            "A> EVAL \"redis.setresp(3) return redis.call('zrange', KEYS[1], 0, -1, 'withscores')\" 1 y",
            "A> EVAL \"redis.setresp(3) return redis.call('get', 'nokey')\" 0",
            "A> EVAL \"redis.setresp(3) return {redis.call('get', 'nokey'), 1}\" 0",
            "A> EVAL \"redis.setresp(3) return redis.call('config', 'get', 'maxmemory')\" 0",
            "A> EVAL \"return {double=1.5}\" 0",
            "B> EVAL \"return {double=1.5}\" 0",
            "A> EVAL \"return {double=0.1}\" 0",
            "A> EVAL \"return {double=1/0}\" 0",
            "A> EVAL \"return {double=0/0}\" 0",
            "A> EVAL \"return {map={a=1}}\" 0",
            "A> EVAL \"return {map={}}\" 0",
            "A> EVAL \"return {set={'x'}}\" 0",
            "A> EVAL \"return {set={}}\" 0",
            "A> EVAL \"return {1, {double=2.5}, {map={x={set={7}}}}}\" 0",
            "A> EVAL \"return true\" 0",
            "A> EVAL \"return false\" 0",
            "B> EVAL \"return false\" 0",
            "A> EVAL \"redis.setresp(3) return true\" 0",
            "A> EVAL \"redis.setresp(3) return false\" 0",
            "B> EVAL \"redis.setresp(3) return false\" 0",
            "A> EVAL \"redis.setresp(3) return {true, false}\" 0",
            "A> EVAL \"return {big_number='123'}\" 0",
            "B> EVAL \"return {big_number='123'}\" 0",
            "A> EVAL \"return {big_number='1\\r\\n2'}\" 0",
            "A> EVAL \"return {verbatim_string={format='txt', string='hi'}}\" 0",
            "A> EVAL \"return {verbatim_string={format='markdown', string='hi'}}\" 0",
            "A> EVAL \"return {verbatim_string={format='m', string='hi'}}\" 0",
            "B> EVAL \"return {verbatim_string={format='txt', string='hi'}}\" 0",
            "A> EVAL \"return nil\" 0",
            "A> EVAL \"return redis.call('hello', '3')\" 0",
            "A> EVAL \"redis.setresp(3) local m = redis.call('hgetall', KEYS[1]).map return {m.a, m.b}\" 1 h",
            "A> EVAL \"redis.setresp(3) local r = redis.call('zscore', KEYS[1], 'm') return {type(r), r.double}\" 1 y",
            "A> EVAL \"redis.setresp(3) local r = redis.call('smembers', KEYS[1]) return {type(r.set), tostring(r.set['2'])}\" 1 s",
            "A> EVAL \"redis.setresp(3) local r = redis.call('zmscore', KEYS[1], 'm', 'x') return {r[1].double, type(r[2])}\" 1 y",
            "A> EVAL \"redis.setresp(3) local r = redis.call('info', 'keyspace') return type(r.verbatim_string)\" 0",
            "A> EVAL \"redis.setresp(3) local r = redis.call('info', 'keyspace') return r.verbatim_string.format\" 0",
            "A> EVAL \"redis.setresp(3) local r = redis.call('zpopmin', KEYS[1], 1) return {type(r[1]), r[1][1], r[1][2].double}\" 1 y",
            // DEBUG PROTOCOL: one reply of each type (PUSH needs out-of-band replies: RESP2's refusal only)
            "A> DEBUG PROTOCOL string",
            "B> DEBUG PROTOCOL string",
            "A> DEBUG PROTOCOL integer",
            "B> DEBUG PROTOCOL integer",
            "A> DEBUG PROTOCOL double",
            "B> DEBUG PROTOCOL double",
            "A> DEBUG PROTOCOL bignum",
            "B> DEBUG PROTOCOL bignum",
            "A> DEBUG PROTOCOL null",
            "B> DEBUG PROTOCOL null",
            "A> DEBUG PROTOCOL array",
            "B> DEBUG PROTOCOL array",
            "A> DEBUG PROTOCOL set",
            "B> DEBUG PROTOCOL set",
            "A> DEBUG PROTOCOL map",
            "B> DEBUG PROTOCOL map",
            "A> DEBUG PROTOCOL attrib",
            "B> DEBUG PROTOCOL attrib",
            "A> DEBUG PROTOCOL true",
            "B> DEBUG PROTOCOL true",
            "A> DEBUG PROTOCOL false",
            "B> DEBUG PROTOCOL false",
            "A> DEBUG PROTOCOL verbatim",
            "B> DEBUG PROTOCOL verbatim",
            "A> DEBUG PROTOCOL nosuch",
            "B> DEBUG PROTOCOL nosuch",
            "B> DEBUG PROTOCOL push",
            // RESET takes A back to RESP2
            "A> RESET",
            "A> HGETALL h",
            "A> ZSCORE z f");

    /** A connection to the real server that keeps the bytes of the last reply it read. */
    private static final class RawConnection implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final ByteArrayOutputStream lastReply = new ByteArrayOutputStream();
        final InputStream in;

        RawConnection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            InputStream buffered = new BufferedInputStream(socket.getInputStream());
            in = new FilterInputStream(buffered) {
                @Override public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) lastReply.write(b);
                    return b;
                }

                @Override public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) lastReply.write(b, off, n);
                    return n;
                }
            };
        }

        /** The command's reply as read, and the exact bytes it came in. */
        Reply call(List<byte[]> argv) throws IOException {
            lastReply.reset();
            out.write(Resp.encodeCommand(argv));
            out.flush();
            return Resp.readReply(in);
        }

        @Override public void close() throws IOException { socket.close(); }
    }

    @Test
    void everyTypedReplyIsTheRealServersByteForByte() throws IOException {
        RedisServer server = RedisServer.get();
        server.reset();
        assertEquals(SESSION.size(), compareByteForByte(server, SESSION));
    }

    /**
     * Replies that depend on the server having done little: MEMORY DOCTOR declines under 5 MB
     * allocated (its text, as LATENCY DOCTOR's, ends in a newline redis-cli does not show), and
     * SHUTDOWN ABORT finds no shutdown to abort. A server of their own, as the shared one has held data.
     */
    @Test
    void aFreshServersReportsAreTheRealServersByteForByte() throws IOException {
        List<String> session = List.of("A> HELLO 3", "A> MEMORY DOCTOR", "B> MEMORY DOCTOR", "A> LATENCY DOCTOR",
                "B> LATENCY DOCTOR", "A> SHUTDOWN ABORT", "B> SHUTDOWN ABORT NOW", "B> SHUTDOWN SAVE NOSAVE");
        try (RedisServer server = RedisServer.startPrivate()) {
            assertEquals(session.size(), compareByteForByte(server, session));
        }
    }

    /** Runs the session on the engine and the server; fails at the first reply whose bytes differ. */
    private static int compareByteForByte(RedisServer server, List<String> session) throws IOException {
        Map<String, RawConnection> connections = new LinkedHashMap<>();
        List<String> transcript = new ArrayList<>();
        int compared = 0;
        try (EngineTarget engine = new EngineTarget(new Engine(new Clock.ManualClock(System.currentTimeMillis())))) {
            for (String line : session) {
                String label = line.substring(0, line.indexOf('>'));
                List<byte[]> argv = ArgSplitter.split(line.substring(line.indexOf('>') + 2)).orElseThrow();
                RawConnection real = connections.get(label);
                if (real == null) connections.put(label, real = new RawConnection(server.port()));
                Reply fromRedis = real.call(argv);
                byte[] redisBytes = real.lastReply.toByteArray();
                Reply fromEngine = engine.send(label, argv);
                int protocol = engine.protocol(label);
                byte[] engineBytes = Resp.encodeReply(fromEngine, protocol);
                transcript.add(line);
                transcript.addAll(ReplyFormatter.lines(fromRedis, 3));
                if (containsHello(argv)) {
                    // client ids differ between the two servers; everything else must not
                    redisBytes = Resp.encodeReply(withoutClientIds(fromRedis), protocol);
                    engineBytes = Resp.encodeReply(withoutClientIds(fromEngine), protocol);
                }
                String expected = new String(redisBytes, StandardCharsets.ISO_8859_1);
                String actual = new String(engineBytes, StandardCharsets.ISO_8859_1);
                if (!expected.equals(actual)) {
                    fail(String.join("\n", transcript) + "\ndiverged (RESP" + protocol + "):\nreal redis: "
                            + escape(expected) + "\nengine:     " + escape(actual));
                }
                compared++;
            }
        } finally {
            for (RawConnection c : connections.values()) c.close();
        }
        return compared;
    }

    /** HELLO, or an EXEC whose queue may hold one. */
    private static boolean containsHello(List<byte[]> argv) {
        String name = new String(argv.get(0), StandardCharsets.ISO_8859_1);
        return name.equalsIgnoreCase("hello") || name.equalsIgnoreCase("exec");
    }

    /** The reply with every HELLO reply's id (as a map, or its RESP2 array) set to 0. */
    private static Reply withoutClientIds(Reply reply) {
        boolean map = reply instanceof Reply.Map;
        if (!map && !(reply instanceof Reply.Array)) return reply;
        List<Reply> elements = new ArrayList<>(map ? ((Reply.Map) reply).flat() : ((Reply.Array) reply).elements());
        boolean hello = !elements.isEmpty() && elements.get(0).equals(Reply.bulk("server"));
        for (int i = 0; i < elements.size(); i++) {
            if (hello && i % 2 == 1 && elements.get(i - 1).equals(Reply.bulk("id"))) elements.set(i, Reply.ZERO);
            else elements.set(i, withoutClientIds(elements.get(i)));
        }
        return map ? Reply.map(elements) : Reply.array(elements);
    }

    private static String escape(String wire) {
        return wire.replace("\r\n", "\\r\\n");
    }
}
