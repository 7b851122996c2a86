package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.support.RedisServer;
import org.junit.jupiter.api.Test;

/**
 * BZPOPMIN, BZPOPMAX and BZMPOP in serve, conversation by conversation against a real
 * redis-server (see {@link BlockingTest}): who is served first, with how many members, by which
 * writes (a STORE command that creates the key serves too), and which writes leave them waiting.
 */
class SortedSetBlockingTest {

    private static void sameOnBoth(String... steps) throws Exception {
        RedisServer redis = RedisServer.get();
        redis.reset();
        String expected;
        try (Conversation c = new Conversation(redis.port())) {
            expected = withoutClientIds(c.run(steps).log.toString());
        }
        try (ServedEngine served = ServedEngine.start(new Engine(Clock.SYSTEM));
                Conversation c = new Conversation(served.port())) {
            assertEquals(expected, withoutClientIds(c.run(steps).log.toString()));
        }
    }

    /** HELLO names the connection's id, which each server counts for itself. */
    private static String withoutClientIds(String log) {
        return log.replaceAll("\"id\" \\|\\s+\\d+\\) \\(integer\\) \\d+", "\"id\" | (integer) *")
                .replaceAll("\"id\" => \\(integer\\) \\d+", "\"id\" => (integer) *");
    }

    @Test
    void bzmpopClientsAreServedInTheOrderTheyBlockedEachWithItsCount() throws Exception {
        sameOnBoth(
                "A> BZMPOP 0 2 z1 z2 MIN COUNT 1", "A-",
                "B> BZMPOP 0 2 z1 z2 MAX COUNT 10", "B-",
                "C> BZMPOP 0 2 z1 z2 MIN COUNT 10", "C-",
                "D> BZMPOP 0 2 z1 z2 MAX", "D-",
                "E> PING", "E?",
                "E> MULTI", "E?",
                "E> ZADD z1 1 a 2 b 3 c 4 d 5 e", "E?",
                "E> ZADD z2 1 a 2 b 3 c 4 d 5 e", "E?",
                "A-",
                "E> EXEC", "E?",
                "A?", "B?", "C?", "D-",
                "E> ZADD z2 1 a 2 b 3 c", "E?",
                "D?",
                "E> ZRANGE z2 0 -1", "E?");
    }

    @Test
    void aResp3ClientGetsItsPairsNestedAndScoresAsDoubles() throws Exception {
        sameOnBoth(
                "A> HELLO 3", "A?",
                "A> BZPOPMAX z 0", "A-",
                "C> HELLO 3", "C?",
                "C> BZMPOP 0 1 z MIN COUNT 2", "C-",
                "B> ZADD z 1.5 a 2 b 3 c", "B?",
                "A?", "C?");
    }

    @Test
    void writesThatLeaveTheKeyEmptyOrOfAnotherTypeServeNobody() throws Exception {
        sameOnBoth(
                "A> BZPOPMIN z 0", "A-",
                "C> BZMPOP 0 1 z MAX", "C-",
                "B> MULTI", "B?",
                "B> ZADD z 1 a", "B?",
                "B> DEL z", "B?",
                "B> EXEC", "B?",
                "A-", "C-",
                "B> RPUSH z x", "B?",
                "A-", "C-",
                "B> DEL z", "B?",
                "B> ZINCRBY z 5 m", "B?",
                "A?", "C-",
                "B> ZADD z 1 n", "B?",
                "C?");
    }

    @Test
    void storeCommandsThatCreateTheKeyServeTheWaitingClient() throws Exception {
        sameOnBoth(
                "B> ZADD src 1 a 2 b 3 c", "B?",
                "A> BZPOPMIN u 0", "A-",
                "C> BZMPOP 0 2 r nokey MAX COUNT 5", "C-",
                "B> ZUNIONSTORE u 1 src", "B?",
                "A?",
                "B> ZRANGESTORE r src 0 1", "B?",
                "C?",
                "B> ZRANGE u 0 -1", "B?",
                "B> EXISTS r", "B?");
    }

    @Test
    void aWaitingClientHoldsUpNobodyAndTimesOutWithNil() throws Exception {
        sameOnBoth(
                "A> BZMPOP 1 1 z MIN", "A-",
                "B> ZADD other 1 a", "B?",
                "B> ZPOPMIN other", "B?",
                "A?",
                "A> BZPOPMIN z 0.05", "A?");
    }
}
