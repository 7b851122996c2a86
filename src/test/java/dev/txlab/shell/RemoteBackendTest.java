package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.Clock;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.remote.RedisUri;
import dev.txlab.remote.RemoteUnavailable;
import dev.txlab.support.RedisServer;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The shell on a real redis-server: the replies are the server's, one connection per client
 * label, and the traces say what a client can see. Servers that refuse, vanish, stall or send
 * garbage cost one line each, and the shell goes on.
 */
class RemoteBackendTest {

    /** A shell session on a backend, printing into a list. */
    static final class Typist implements AutoCloseable {
        final List<String> printed = new ArrayList<>();
        final Backend backend;
        final ShellSession session;

        Typist(Backend backend) {
            this.backend = backend;
            session = new ShellSession(backend, printed::add, Palette.PLAIN, ExplainLevel.BRIEF, false);
        }

        List<String> type(String line) {
            int from = printed.size();
            session.handle(line);
            return List.copyOf(printed.subList(from, printed.size()));
        }

        @Override public void close() throws IOException { backend.close(); }
    }

    static RedisUri uri(int port) { return new RedisUri("127.0.0.1", port, null, null, 0); }

    /** A port that nothing listens on (it was free a moment ago). */
    static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Nested
    class OnARealServer {
        RedisServer redis;
        Typist t;

        @BeforeEach
        void freshServer() throws IOException {
            redis = RedisServer.get();
            redis.reset();
            t = new Typist(RemoteBackend.connect(redis.uri(), false, 10_000));
        }

        @AfterEach
        void closeShell() throws IOException { t.close(); }

        @Test
        void aRuntimeErrorInsideExecFailsAloneAndTheOthersStayApplied() {
            assertEquals(List.of("OK", "# A is in MULTI now: its commands are queued, and nothing runs until EXEC."), t.type("MULTI"));
            assertEquals(List.of("QUEUED", "# Queued as #1, not run yet."), t.type("SET s hello"));
            assertEquals(List.of("QUEUED", "# Queued as #2, not run yet."), t.type("INCR s"));
            assertEquals("A(TX)> ", t.session.prompt());
            assertEquals(List.of(
                    "1) OK",
                    "2) (error) ERR value is not an integer or out of range",
                    "# EXEC runs A's 2 queued commands in order, back to back: no other client's command runs in between.",
                    "#   #1 SET s hello -> OK",
                    "#   #2 INCR s -> failed at run time: ERR value is not an integer or out of range",
                    "# No rollback: #2 failed alone; the other command stays applied."), t.type("EXEC"));
            assertEquals(List.of("\"hello\""), t.type("GET s"));
            assertEquals("A> ", t.session.prompt());
        }

        @Test
        void aQueueTimeErrorDoomsTheTransactionAndExecAnswersExecAbort() {
            t.type("MULTI");
            t.type("SET a 1");
            assertEquals(List.of("(error) ERR unknown command 'NOSUCH', with args beginning with: 'x' ",
                    "# Rejected while queueing (unknown command): A's transaction is now doomed. Later commands still answer"
                            + " QUEUED, but EXEC will answer EXECABORT and run none of them."), t.type("NOSUCH x"));
            assertEquals(List.of("* A  in MULTI, 1 command answered QUEUED; doomed by NOSUCH x (EXEC will answer EXECABORT);"
                    + " watching nothing"), t.type(":clients"));
            assertEquals(List.of("(error) EXECABORT Transaction discarded because of previous errors.",
                    "# EXECABORT: nothing ran; the command answered QUEUED was thrown away, because NOSUCH x was rejected"
                            + " while queueing (ERR unknown command 'NOSUCH', with args beginning with: 'x' )."), t.type("EXEC"));
            assertEquals(List.of("(nil)"), t.type("GET a"));
        }

        @Test
        void aWatchRaceBetweenAAndBMakesAsExecAnswerNil() {
            t.type("SET balance 100");
            t.type("WATCH balance");
            assertEquals("A(W)> ", t.session.prompt());
            assertEquals(List.of("(integer) 70", "# balance, which A watches, was changed: A's next EXEC will answer (nil)."),
                    t.type("B> DECRBY balance 30"));
            assertEquals("A(W!)> ", t.session.prompt(), "the server's CLIENT LIST flags A's watch as touched");
            assertEquals(List.of("* A  not in MULTI; a watched key was touched (EXEC will answer (nil))",
                    "  B  not in MULTI; watching nothing"), t.type(":clients"));
            t.type("MULTI");
            t.type("DECRBY balance 10");
            assertEquals(List.of("(nil)",
                    "# (nil): EXEC ran nothing; the command answered QUEUED was thrown away, because a watched key was"
                            + " changed after WATCH (a real server does not tell which client touched the key).",
                    "# Retry: WATCH the keys, read them again, MULTI, queue the writes, EXEC; repeat while EXEC answers (nil)."),
                    t.type("EXEC"));
            assertEquals(List.of("\"70\""), t.type("GET balance"));
            assertNotEquals(t.type("CLIENT ID"), t.type("B> CLIENT ID"), "A and B are two connections");
        }

        @Test
        void aLostConnectionIsOneLineAndTheNextCommandReconnectsWithoutTheTransaction() throws IOException {
            String id = t.type("CLIENT ID").get(0).replace("(integer) ", "");
            t.type("WATCH k");
            t.type("MULTI");
            t.type("SET k 1");
            try (RedisConnection admin = redis.connect()) {
                admin.call(List.of(Bytes.utf8("CLIENT"), Bytes.utf8("KILL"), Bytes.utf8("ID"), Bytes.utf8(id)));
            }
            List<String> lost = t.type("EXEC");
            assertEquals(1, lost.size(), lost.toString());
            assertTrue(lost.get(0).startsWith("txlab: A could not run the command: "), lost.get(0));
            assertTrue(lost.get(0).endsWith("; A's next command opens a new connection, without its MULTI queue and watches"), lost.get(0));
            assertEquals(List.of("(nil)"), t.type("GET k"), "the queued SET never ran");
            assertEquals("A> ", t.session.prompt());
        }

        @Test
        void keysListsTheSameValuesAsOnTheEngine() {
            Typist engine = new Typist(new EngineBackend(new Clock.ManualClock(1_000_000)));
            for (String line : List.of("SET s v", "SET big " + "x".repeat(1000), "RPUSH l a b c d e", "HSET h f v",
                    "SADD set 3 1 2", "ZADD z 1 m 2 n", "SET t 1 EX 100", "SET gone 1")) {
                assertEquals(engine.type(line), t.type(line), line);
            }
            t.type("DEL gone");
            engine.type("DEL gone");
            List<String> keys = t.type(":keys");
            assertEquals(engine.type(":keys"), keys);
            assertTrue(keys.contains("  big  \"" + "x".repeat(40) + "...\" (1000 bytes)"), keys.toString());
            assertTrue(keys.contains("  t    \"1\" (expires in 100 s)"), keys.toString());
        }

        @Test
        void subscribeIsNotSentAndTheConnectionGoesOn() {
            assertEquals(List.of("txlab: A could not run the command: SUBSCRIBE is not sent to a real server from the shell:"
                    + " A's connection would stream messages the shell cannot show (use redis-cli for that)"), t.type("SUBSCRIBE news"));
            assertEquals(List.of("PONG"), t.type("PING"));
        }

        @Test
        void resetEmptiesTheDatabaseAndStartsEveryClientAfresh() {
            t.type("SET k 1");
            t.type("B> WATCH k");
            assertEquals(List.of("Started over: no keys, no clients. Commands run as client A."), t.type(":reset"));
            assertEquals(List.of("Database 0 is empty."), t.type(":keys"));
            assertEquals(List.of(), t.backend.clients());
        }

        @Test
        void keysTheDatabaseHeldBeforeTheShellStartedAreNotFlushedWithoutFlush() throws IOException {
            t.close();
            try (RedisConnection admin = redis.connect()) {
                admin.call(List.of(Bytes.utf8("SET"), Bytes.utf8("precious"), Bytes.utf8("1")));
            }
            RemoteBackend kept = RemoteBackend.connect(redis.uri(), false, 10_000);
            assertEquals(1, kept.keptKeys());
            t = new Typist(kept);
            assertEquals(List.of("txlab: cannot reset: " + redis.uri() + " holds 1 key and held keys before the shell started;"
                    + " refusing to flush them (start the shell with --flush to allow it)"), t.type(":reset"));
            assertEquals(List.of("\"1\""), t.type("GET precious"));
            t.close();

            t = new Typist(RemoteBackend.connect(redis.uri(), true, 10_000));
            assertEquals(List.of("(nil)"), t.type("GET precious"), "--flush starts from an empty database");
        }

        @Test
        void aUserInTheAddressLogsInAndOneDeniedClientCommandsSeesNoTouchesAndSaysSo() throws IOException {
            t.close();
            try (RedisConnection admin = redis.connect()) {
                assertEquals(Reply.OK, admin.call(List.of(Bytes.utf8("ACL"), Bytes.utf8("SETUSER"), Bytes.utf8("learner"),
                        Bytes.utf8("reset"), Bytes.utf8("on"), Bytes.utf8(">secret"), Bytes.utf8("~*"), Bytes.utf8("&*"),
                        Bytes.utf8("+@all"), Bytes.utf8("-client"))));
            }
            try {
                RemoteUnavailable wrong = assertThrows(RemoteUnavailable.class, () -> RemoteBackend.connect(
                        new RedisUri("127.0.0.1", redis.port(), "learner", "wrong", 0), false, 10_000));
                assertEquals("AUTH failed on 127.0.0.1:" + redis.port() + ": WRONGPASS invalid username-password pair"
                        + " or user is disabled.", wrong.getMessage());

                t = new Typist(RemoteBackend.connect(new RedisUri("127.0.0.1", redis.port(), "learner", "secret", 0), false, 10_000));
                assertEquals(List.of("OK"), t.type("WATCH k").subList(0, 1));
                assertEquals(List.of("OK"), t.type("B> SET k 1"), "no touch is reported: the server will not say");
                assertEquals(List.of("* A  not in MULTI; watching k (whether another client touched them cannot be seen"
                        + " from here: EXEC will tell)", "  B  not in MULTI; watching nothing"), t.type(":clients"));
                t.type("MULTI");
                assertEquals("(nil)", t.type("EXEC").get(0));
            } finally {
                try (RedisConnection admin = redis.connect()) {
                    admin.call(List.of(Bytes.utf8("ACL"), Bytes.utf8("DELUSER"), Bytes.utf8("learner")));
                }
            }
        }

        @Test
        void theDatabaseInTheAddressIsWhereClientsStart() throws IOException {
            t.close();
            RedisUri db2 = new RedisUri("127.0.0.1", redis.port(), null, null, 2);
            t = new Typist(RemoteBackend.connect(db2, false, 10_000));
            assertEquals("A[2]> ", t.session.prompt());
            t.type("SET k two");
            assertEquals("A[2]> ", t.session.prompt());
            assertEquals(List.of("  k  \"two\""), t.type(":keys"));
            try (RedisConnection admin = redis.connect()) {
                assertEquals(Reply.NIL, admin.call(List.of(Bytes.utf8("GET"), Bytes.utf8("k"))), "db 0 untouched");
            }
        }
    }

    @Nested
    class MisbehavingServers {
        @Test
        void aRefusedConnectionIsOneLine() throws IOException {
            int port = closedPort();
            RemoteUnavailable e = assertThrows(RemoteUnavailable.class, () -> RemoteBackend.connect(uri(port), false, 2_000));
            assertEquals("cannot connect to 127.0.0.1:" + port + ": connection refused (is a server listening there?)", e.getMessage());
        }

        @Test
        void somethingThatIsNotRedisIsOneLine() throws IOException {
            try (ScriptedServer http = new ScriptedServer(argv -> "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
                RemoteUnavailable e = assertThrows(RemoteUnavailable.class, () -> RemoteBackend.connect(uri(http.port()), false, 2_000));
                assertEquals("127.0.0.1:" + http.port() + " sent something that is not a RESP reply (unexpected reply type byte 72)",
                        e.getMessage());
            }
        }

        @Test
        void garbageStallsAndHangUpsMidSessionAreOneLineEachAndTheShellGoesOn() throws IOException {
            try (ScriptedServer odd = new ScriptedServer(argv -> switch (argv.get(0)) {
                case "GARBAGE" -> "?what\r\n".getBytes(StandardCharsets.US_ASCII);
                case "DEEP" -> "*1\r\n".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
                case "HUGE" -> "$99999999999\r\n".getBytes(StandardCharsets.US_ASCII);
                case "HANGUP" -> new byte[0];
                case "STALL", "BLPOP" -> null;
                default -> ScriptedServer.startup(argv);
            }); Typist t = new Typist(RemoteBackend.connect(uri(odd.port()), false, 500))) {
                String address = "127.0.0.1:" + odd.port();
                String reconnects = "; A's next command opens a new connection";
                assertEquals(List.of("PONG"), t.type("PING"));
                assertEquals(List.of("txlab: A could not run the command: " + address + " sent something that is not a RESP reply"
                        + " (unexpected reply type byte 63); the connection was closed" + reconnects), t.type("GARBAGE"));
                assertEquals(List.of("txlab: A could not run the command: " + address + " sent something that is not a RESP reply"
                        + " (replies nested more than 100000 deep); the connection was closed" + reconnects), t.type("DEEP"));
                assertEquals(List.of("txlab: A could not run the command: " + address + " sent something that is not a RESP reply"
                        + " (bad bulk length 99999999999); the connection was closed" + reconnects), t.type("HUGE"));
                t.type("MULTI");
                assertEquals(List.of("txlab: A could not run the command: " + address + " closed the connection"
                        + " (whether the command ran is unknown)" + reconnects + ", without its MULTI queue and watches"), t.type("HANGUP"));
                assertEquals(List.of("txlab: A could not run the command: " + address + " did not reply within 500 ms"
                        + " (whether the command ran is unknown)" + reconnects), t.type("STALL"));
                assertEquals(List.of("txlab: A could not run the command: " + address + " did not reply within 500 ms"
                        + " (BLPOP waits on a real server until another client writes, and the shell runs one command at a time)"
                        + reconnects), t.type("BLPOP q 0"));
                assertEquals(List.of("PONG"), t.type("PING"));
                assertEquals("A> ", t.session.prompt());
            }
        }

        @Test
        void aServerThatRefusesClientListLeavesTouchesUnknownAndSaysSo() throws IOException {
            try (ScriptedServer acl = new ScriptedServer(argv -> argv.get(0).equals("CLIENT") && argv.get(1).equals("LIST")
                    ? "-NOPERM this user has no permissions to run the 'client|list' command\r\n".getBytes(StandardCharsets.US_ASCII)
                    : ScriptedServer.startup(argv)); Typist t = new Typist(RemoteBackend.connect(uri(acl.port()), false, 2_000))) {
                t.type("WATCH k");
                assertEquals(List.of("* A  not in MULTI; watching k (whether another client touched them cannot be seen from here:"
                        + " EXEC will tell)"), t.type(":clients"));
            }
        }
    }
}
