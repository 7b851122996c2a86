package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Bytes;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.Cli.Run;
import dev.txlab.support.Cli;
import dev.txlab.support.RedisServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code printf ... | txlab --against redis://...}: the piped shell on a real server, end to end through the launcher. */
class PipedAgainstRedisTest {

    /** Runs the launcher with this standard input; returns its exit code and what it printed. */
    static Run txlab(String stdin, String... args) { return Cli.txlabWithInput(stdin, args); }

    /**
     * The piped shell's session, but with SORT ALPHA for SMEMBERS: a real server lists a hash
     * table set in an order its random hash seed decides (the engine's trace says so).
     */
    static String session() {
        List<String> lines = new ArrayList<>();
        for (String line : PipedShellTest.SESSION) lines.add(line.equals("B> SMEMBERS s") ? "B> SORT s ALPHA" : line);
        assertTrue(lines.contains("B> SORT s ALPHA"));
        return String.join("\n", lines) + "\n";
    }

    @Test
    void theSamePipedSessionGivesTheSameRepliesOnTheEngineAndOnARealServer() throws IOException {
        RedisServer redis = RedisServer.get();
        String against = "redis://127.0.0.1:" + redis.port();

        redis.reset();
        Run onRedis = txlab(session(), "--explain", "off", "--against", against);
        Run onEngine = txlab(session(), "--explain", "off");
        assertEquals(new Run(0, onEngine.out(), ""), onRedis);
        assertTrue(onRedis.out().contains("(error) EXECABORT Transaction discarded because of previous errors."), onRedis.out());

        // With traces, the replies are still the same; the traces say less (the engine sees inside).
        redis.reset();
        Run tracedRedis = txlab(session(), "shell", "--against", against);
        Run tracedEngine = txlab(session(), "shell");
        assertEquals(replyLines(tracedEngine.out()), replyLines(tracedRedis.out()));
        assertNotEquals(tracedEngine.out(), tracedRedis.out());
        assertTrue(tracedRedis.out().contains("# No rollback: #2 and #3 failed alone; the other command stays applied."), tracedRedis.out());
        assertTrue(tracedRedis.out().contains("(a real server does not tell which client touched the key)"), tracedRedis.out());
        assertTrue(tracedRedis.out().contains("# balance, which A watches, was changed: A's next EXEC will answer (nil)."),
                tracedRedis.out());
        assertFalse(tracedRedis.out().contains("\u001b"), "no colour on a pipe");
    }

    @Test
    void afterHello3TheEngineAndARealServerPrintTheSameRedisCli3Replies() throws IOException {
        RedisServer redis = RedisServer.get();
        String session = String.join("\n", "HSET h a 1", "HELLO 3", "HGETALL h", "B> HGETALL h", "ZADD z 1.5 m",
                "ZRANGE z 0 -1 WITHSCORES", "WATCH h", "B> HSET h b 2", "MULTI", "ZSCORE z m", "EXEC", "MULTI",
                "ZSCORE z m", "SMEMBERS noset", "EXEC", "EVAL \"return {double=0.1}\" 0", "RESET", "HGETALL h") + "\n";
        redis.reset();
        Run onRedis = txlab(session, "--explain", "off", "--against", "redis://127.0.0.1:" + redis.port());
        Run onEngine = txlab(session, "--explain", "off");
        assertEquals(0, onRedis.exit(), onRedis.err());
        // HELLO names the connection's id, which each server counts for itself
        String idLine = "4# \"id\" => \\(integer\\) [0-9]+";
        assertEquals(onEngine.out().replaceAll(idLine, "ID"), onRedis.out().replaceAll(idLine, "ID"));
        assertTrue(onRedis.out().contains("\n1# \"a\" => \"1\"\n1) \"a\"\n2) \"1\"\n"), onRedis.out());
        assertTrue(onRedis.out().contains("\n1) 1) \"m\"\n   2) (double) 1.5\n"), onRedis.out());
        assertTrue(onRedis.out().contains("QUEUED\n(nil)\n"), "the aborted EXEC: " + onRedis.out());
        assertTrue(onRedis.out().contains("QUEUED\n1) (double) 1.5\n2) (empty set)\n(double) 0.10000000000000001\nRESET\n1) \"a\"\n"),
                onRedis.out());
    }

    static List<String> replyLines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) if (!line.startsWith("# ")) lines.add(line);
        return lines;
    }

    @Test
    void aDatabaseThatHoldsKeysIsUsedAsItIsUnlessFlushIsGiven() throws IOException {
        RedisServer redis = RedisServer.get();
        redis.reset();
        try (RedisConnection admin = redis.connect()) {
            admin.call(List.of(Bytes.utf8("SET"), Bytes.utf8("precious"), Bytes.utf8("1")));
        }
        String against = "redis://127.0.0.1:" + redis.port();
        assertEquals(new Run(0, "(integer) 1\n", "txlab shell: " + against + " holds 1 key; the shell works on them as they are"
                + " and :reset will not flush them (--flush starts from an empty database)\n"), txlab("DBSIZE\n", "--against", against));
        assertEquals(new Run(0, "(integer) 0\n", ""), txlab("DBSIZE\n", "--against", against, "--flush"));
    }

    @Test
    void aServerThatIsNotThereIsOneLineAndExitCodeOne() throws IOException {
        int port = RemoteBackendTest.closedPort();
        assertEquals(new Run(1, "", "txlab shell: cannot connect to 127.0.0.1:" + port
                + ": connection refused (is a server listening there?)\n"), txlab("PING\n", "--against", "redis://127.0.0.1:" + port));
        assertEquals(new Run(2, "", "txlab shell: expected redis://host:port[/db], got http://localhost\n"),
                txlab("PING\n", "shell", "--against", "http://localhost"));
        assertEquals(new Run(2, "", "txlab shell: --timeout must be more than 0 and at most 3600 seconds\n"),
                txlab("PING\n", "--against", "redis://127.0.0.1:" + port, "--timeout", "0"));
    }
}
