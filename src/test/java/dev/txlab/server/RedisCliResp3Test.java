package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.txlab.engine.Bytes;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real redis-cli, run with {@code -3} (HELLO 3, then the command) against txlab serve and
 * against redis-server 7.0.15: it must print the same text for both. And what it prints for the
 * real server is what the lab's own formatter prints for the same RESP3 reply, so the shell and
 * transcripts show replies as {@code redis-cli -3} does.
 */
class RedisCliResp3Test {

    static final List<List<String>> SETUP = List.of(
            List.of("HSET", "h", "a", "1", "b", "2"),
            List.of("SADD", "s", "3", "1", "2"),
            List.of("ZADD", "z", "1", "a", "2.5", "b", "0.1", "c"),
            List.of("RPUSH", "l", "x", "y"));

    static final List<List<String>> COMMANDS = List.of(
            List.of("HGETALL", "h"),
            List.of("HGETALL", "nohash"),
            List.of("HKEYS", "h"),
            List.of("SMEMBERS", "s"),
            List.of("SMEMBERS", "noset"),
            List.of("SUNION", "s", "noset"),
            List.of("ZSCORE", "z", "c"),
            List.of("ZMSCORE", "z", "a", "nomember"),
            List.of("ZRANGE", "z", "0", "-1", "WITHSCORES"),
            List.of("ZRANGE", "z", "0", "-1"),
            List.of("ZINCRBY", "z", "0", "b"),
            List.of("ZRANGE", "nozset", "0", "-1", "WITHSCORES"),
            List.of("CONFIG", "GET", "maxmemory"),
            List.of("CONFIG", "GET", "nosuchparameter"),
            List.of("GET", "nokey"),
            List.of("LPOP", "nolist", "1"),
            List.of("LRANGE", "l", "0", "-1"),
            List.of("INFO", "keyspace"),
            List.of("EVAL", "return {double=1.5}", "0"),
            List.of("EVAL", "return {double=1/0}", "0"),
            List.of("EVAL", "return {map={a=1}}", "0"),
            List.of("EVAL", "return {map={}}", "0"),
            List.of("EVAL", "return {set={}}", "0"),
            List.of("EVAL", "return {map={k={1, 2}}}", "0"),
            List.of("EVAL", "return {map={k={map={x=1}}}}", "0"),
            List.of("EVAL", "return {1, {set={7}}, {map={k='v'}}, {}}", "0"),
            List.of("EVAL", "return {verbatim_string={format='txt', string='two\\nlines'}}", "0"),
            List.of("EVAL", "redis.setresp(3) return {true, false}", "0"),
            List.of("EVAL", "redis.setresp(3) return redis.call('zrange', KEYS[1], 0, -1, 'withscores')", "1", "z"),
            List.of("EVAL", "return {1,2,3,4,5,6,7,8,9,10,{map={a=1}}}", "0"),
            List.of("ZPOPMIN", "z"),
            List.of("ZPOPMAX", "z", "5"));

    static String redisCli() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "redis-cli");
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }

    /** What {@code redis-cli -3 --no-raw -p PORT argv...} prints (as on a terminal). */
    static String run(String cli, int port, List<String> argv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cli, "-3", "--no-raw", "-p", Integer.toString(port)));
        command.addAll(argv);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        p.waitFor();
        return out;
    }

    @Test
    void redisCli3PrintsServeAsItPrintsRedisServerAndAsTheLabDoes() throws Exception {
        String cli = redisCli();
        assumeTrue(cli != null, "no redis-cli installed");
        RedisServer redis = RedisServer.get();
        redis.reset();
        try (ServedEngine served = ServedEngine.quiet();
             RedisConnection real = redis.connect()) {
            real.call(words("HELLO", "3"));
            for (List<String> argv : SETUP) {
                run(cli, served.port(), argv);
                run(cli, redis.port(), argv);
            }
            for (List<String> argv : COMMANDS) {
                String fromRedis = run(cli, redis.port(), argv);
                assertEquals(fromRedis, run(cli, served.port(), argv), "redis-cli -3 " + String.join(" ", argv) + " on serve");
                if (argv.get(0).startsWith("ZPOP")) continue; // popped already: asking again would differ
                if (argv.get(0).equals("INFO")) continue; // redis-cli prints INFO raw, by its name, in either protocol
                Reply reply = real.call(words(argv.toArray(String[]::new)));
                assertEquals(fromRedis, ReplyFormatter.format(reply, 3), "the lab prints " + argv);
            }
        }
    }

    private static List<byte[]> words(String... words) {
        List<byte[]> argv = new ArrayList<>();
        for (String w : words) argv.add(Bytes.utf8(w));
        return argv;
    }
}
