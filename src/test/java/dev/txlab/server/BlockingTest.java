package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.protocol.Resp;
import dev.txlab.support.RedisServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Blocking commands in serve wait without holding up anyone: the same conversations of several
 * clients run on serve and on a real redis-server, and every client gets the same replies in
 * the same order; a blocked client's reply arrives only when another client's push serves it.
 */
class BlockingTest {

    private static void sameOnBoth(String... steps) throws Exception { Conversation.sameOnBoth(steps); }

    @Test
    void aBlockedClientHoldsUpNobodyAndAPushServesIt() throws Exception {
        sameOnBoth(
                "A> BLPOP q 0", "A-",
                "B> PING", "B?",
                "B> RPUSH q x", "B?",
                "A?",
                "B> LLEN q", "B?");
    }

    @Test
    void becomingAReplicaAnswersBlockedClientsUnblockedAndClosesThem() throws Exception {
        sameOnBoth(
                "A> BLPOP q 0", "A-",
                "B> REPLICAOF localhost 9999", "B?",
                "A?", "A-", // the error, then the connection closes
                "B> RPUSH q x", "B?", // a replica refuses the write
                "B> REPLICAOF NO ONE", "B?",
                "B> RPUSH q x", "B?");
    }

    @Test
    void clientsAreServedFirstBlockedFirstServed() throws Exception {
        sameOnBoth(
                "A> BRPOP q 0", "A-",
                "C> BLPOP other q 0", "C-",
                "B> RPUSH q 1 2 3", "B?",
                "A?", "C?",
                "B> LRANGE q 0 -1", "B?");
    }

    @Test
    void aPushInsideMultiServesTheWaitingClientAfterExec() throws Exception {
        sameOnBoth(
                "A> BLPOP q 0", "A-",
                "B> MULTI", "B?",
                "B> RPUSH q a", "B?",
                "B> RPUSH q b", "B?",
                "A-",
                "B> EXEC", "B?",
                "A?",
                "B> LRANGE q 0 -1", "B?");
    }

    @Test
    void whatABlockedClientSendsMeanwhileRunsAfterItsReply() throws Exception {
        sameOnBoth(
                "A> BLPOP q 0", "A> SET after 1", "A> GET after", "A-",
                "B> GET after", "B?",
                "B> LPUSH q v", "B?",
                "A?", "A?", "A?");
    }

    @Test
    void blmoveAndBzpopminAreServedToo() throws Exception {
        sameOnBoth(
                "A> BLMOVE src dst LEFT RIGHT 0", "A-",
                "C> BZPOPMIN z 0", "C-",
                "B> LPUSH src v", "B?",
                "A?",
                "B> ZADD z 2 two 1 one", "B?",
                "C?",
                "B> LRANGE dst 0 -1", "B?",
                "B> ZRANGE z 0 -1", "B?");
    }

    @Test
    void aWrongTypeDestinationAnswersTheWaitingBlmoveWithAnError() throws Exception {
        sameOnBoth(
                "B> SET dst string", "B?",
                "A> BLMOVE src dst LEFT RIGHT 0", "A-",
                "B> RPUSH src v", "B?",
                "A?",
                "B> LRANGE src 0 -1", "B?");
    }

    @Test
    void aKeyOfAnotherTypeLeavesTheClientWaiting() throws Exception {
        sameOnBoth(
                "A> BLPOP k 0", "A-",
                "B> ZADD k 1 m", "B?",
                "A-",
                "B> DEL k", "B?",
                "B> RPUSH k x", "B?",
                "A?");
    }

    @Test
    void aTimeoutAnswersNil() throws Exception {
        sameOnBoth(
                "A> BLPOP q 0.1", "A?",
                "A> BZPOPMAX z 0.1", "A?",
                "A> WAIT 1 100", "A?",
                "A> PING", "A?");
    }

    @Test
    void aDisconnectedWaitingClientIsForgotten() throws Exception {
        try (ServedEngine served = ServedEngine.start(new Engine(Clock.SYSTEM)); Conversation c = new Conversation(served.port())) {
            c.run("A> BLPOP q 0", "A-", "C> WAIT 1 0", "C-");
            assertEquals(2, (int) served.server.<Integer>onServerThread(Engine::blockedClients));
            c.disconnect("A");
            c.disconnect("C");
            c.run("B> PING", "B?", "B> RPUSH q x", "B?", "B> LLEN q", "B?");
            assertEquals("A: (waiting)\nC: (waiting)\nB: Simple PONG\nB: Int (integer) 1\nB: Int (integer) 1\n", c.log.toString());
            assertEquals(0, (int) served.server.<Integer>onServerThread(Engine::blockedClients));
        }
    }

    @Test
    void theConsoleSaysWhoWaitsAndWhoServedIt() throws Exception {
        try (ServedEngine served = ServedEngine.start(new Engine(Clock.SYSTEM)); Conversation c = new Conversation(served.port())) {
            c.run("A> BLPOP q 0", "A-", "B> RPUSH q x", "B?", "A?");
            String console = served.console();
            assertTrue(console.contains("c1 is blocked: it waits for a push to q, forever if need be"), console);
            assertTrue(console.contains("c2's command filled q, so c1's BLPOP answers"), console);
        }
    }
}
