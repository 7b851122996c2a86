package dev.txlab.server;

import org.junit.jupiter.api.Test;

/**
 * Client-side caching (CLIENT TRACKING) over serve's socket, compared with a real redis-server:
 * which reads are remembered, which writes invalidate, where the message goes (RESP3 push,
 * __redis__:invalidate for a RESP2 redirection, nothing otherwise) and when (after the reply of
 * the client's own command, an EXEC's included).
 */
class TrackingTest {

    @Test
    void redirectedToAResp2SubscriberAndPushedInResp3() throws Exception {
        Conversation.sameOnBoth(
                "R=", "R> SUBSCRIBE __redis__:invalidate", "R?",
                "A> CLIENT TRACKING on REDIRECT {R}", "A?",
                "A> SET k 1", "A?", "A> GET k", "A?",
                "B> SET k 2", "B?", "R?",
                "B> SET k 3", "B?", "R-", // told once: k is forgotten until read again
                "A> GET k", "A?", "A> MGET k other", "A?",
                "B> DEL k other", "B?", "R?",
                "A> HELLO 3", "A!", "A> CLIENT TRACKING on", "A?", "A> CLIENT GETREDIR", "A?",
                "A> GET k", "A?", "A> SET k 4", "A?", "A?", // its own write: the push follows the reply
                "A> GET k", "A?",
                "A> MULTI", "A?", "A> INCR k", "A?", "A> GET k", "A?", "A> EXEC", "A?", "A?",
                "A> GET k", "A?", "B> FLUSHALL", "B?", "A?",
                "A> CLIENT TRACKINGINFO", "A?",
                "A> CLIENT TRACKING off", "A?", "A> CLIENT TRACKINGINFO", "A?", "A> CLIENT GETREDIR", "A?");
    }

    @Test
    void bcastPrefixesNoloopOptinOptoutAndScripts() throws Exception {
        Conversation.sameOnBoth(
                "A> HELLO 3", "A!",
                "A> CLIENT TRACKING on BCAST PREFIX x PREFIX xy", "A?",
                "A> CLIENT TRACKING on BCAST PREFIX x NOLOOP", "A?",
                "A> CLIENT TRACKING on OPTIN", "A?",
                "A> CLIENT TRACKINGINFO", "A?",
                "B> MSET x1 1 y1 2 x2 3", "B?", "A?",
                "A> SET x3 1", "A?", "A-", // NOLOOP: its own change is not sent back
                "A> CLIENT TRACKING off", "A?",
                "A> CLIENT CACHING yes", "A?",
                "A> CLIENT TRACKING on OPTIN", "A?",
                "A> CLIENT CACHING no", "A?",
                "A> GET o1", "A?", "A> CLIENT CACHING yes", "A?", "A> GET o2", "A?",
                "B> SET o1 x", "B?", "B> SET o2 x", "B?", "A?", "A-",
                "A> CLIENT TRACKING on OPTOUT", "A?",
                "A> CLIENT TRACKING off", "A?", "A> CLIENT TRACKING on OPTOUT", "A?",
                "A> CLIENT CACHING no", "A?", "A> GET p1", "A?", "A> GET p2", "A?",
                "B> SET p1 x", "B?", "B> SET p2 x", "B?", "A?", "A-",
                "A> CLIENT TRACKING off", "A?", "A> CLIENT TRACKING on NOLOOP", "A?",
                "A> GET n", "A?", "A> SET n 1", "A?", "A> GET n", "A?", "B> SET n 2", "B?", "A?",
                "A> EVAL \"return redis.call('get',KEYS[1])\" 1 ev", "A?", "B> SET ev 1", "B?", "A?",
                "A> EVAL \"redis.call('set',KEYS[1],'v') return 1\" 1 ew", "A?",
                "B> SET ew 1", "B?", "A-", // a script that only writes remembers nothing
                "A> CLIENT TRACKING on BCAST", "A?",
                "A> CLIENT TRACKING on PREFIX p", "A?",
                "A> CLIENT TRACKING maybe", "A?", "A> CLIENT TRACKING on REDIRECT 999999", "A?");
    }

    @Test
    void aBrokenRedirectionIsReportedInResp3() throws Exception {
        Conversation.sameOnBoth(
                "R=",
                "A> HELLO 3", "A!", "A> CLIENT TRACKING on REDIRECT {R}", "A?",
                "A> GET k", "A?", "R> QUIT", "R?", "~100",
                "B> SET k 1", "B?", "A?",
                "A> CLIENT TRACKINGINFO", "A?");
    }
}
