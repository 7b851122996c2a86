package dev.txlab.server;

import org.junit.jupiter.api.Test;

/**
 * Publish/subscribe over serve's socket, compared step by step with a real redis-server: the
 * confirmations, the messages and their order, RESP2's subscribed mode, RESP3 pushes, and what
 * PUBSUB reports.
 */
class PubSubTest {

    @Test
    void aSubscriberReceivesWhatIsPublishedAfterItSubscribed() throws Exception {
        Conversation.sameOnBoth(
                "A> PUBLISH news early", "A?",
                "B> SUBSCRIBE news sport", "B?", "B?",
                "A> PUBLISH news hi", "A?", "B?",
                "A> PUBLISH sport goal", "A?", "B?",
                "A> PUBLISH weather rain", "A?", "B-",
                "C> SUBSCRIBE news", "C?",
                "A> PUBLISH news twice", "A?", "B?", "C?");
    }

    @Test
    void clientReplyOffSilencesRepliesButNotPushes() throws Exception {
        Conversation.sameOnBoth(
                "B> HELLO 3", "B!",
                "B> CLIENT REPLY OFF", "B> SUBSCRIBE news", "B?", // the confirmation is a push
                "B> GET k", "B-", // a reply: silenced
                "A> PUBLISH news hi", "A?", "B?",
                "B> UNSUBSCRIBE news", "B?",
                "C> CLIENT REPLY OFF", "C> SUBSCRIBE news", "C?", // RESP2's confirmations and messages too
                "A> PUBLISH news again", "A?", "C?",
                "C> PING", "C-");
    }

    @Test
    void patternsReceivePmessagesAfterTheChannelsSubscribers() throws Exception {
        Conversation.sameOnBoth(
                "B> PSUBSCRIBE n* x?z", "B?", "B?",
                "C> SUBSCRIBE news", "C?",
                "A> PUBLISH news hi", "A?", "C?", "B?",
                "A> PUBLISH xyz 1", "A?", "B?",
                "B> SUBSCRIBE news", "B?",
                "A> PUBLISH news both", "A?", "C?", "B?", "B?",
                "B> PUNSUBSCRIBE n*", "B?",
                "B> PUNSUBSCRIBE", "B?",
                "B> PUNSUBSCRIBE", "B?",
                "A> PUBSUB NUMPAT", "A?");
    }

    @Test
    void resp2SubscribedModeTakesOnlySubscribeCommandsAndPing() throws Exception {
        Conversation.sameOnBoth(
                "B> SUBSCRIBE c", "B?",
                "B> GET k", "B?",
                "B> PING", "B?",
                "B> PING hello", "B?",
                "B> MULTI", "B?",
                "B> UNSUBSCRIBE nosuch c", "B?", "B?",
                "B> GET k", "B?",
                "B> UNSUBSCRIBE", "B?",
                "B> PING", "B?");
    }

    @Test
    void resp3SubscribersGetPushesAndMayRunAnything() throws Exception {
        Conversation.sameOnBoth(
                "B> HELLO 3", "B!",
                "B> SUBSCRIBE c", "B?",
                "B> SET k v", "B?",
                "B> PUBLISH c self", "B?", "B?",
                "A> PUBLISH c other", "A?", "B?",
                "B> PING", "B?",
                "B> UNSUBSCRIBE c", "B?");
    }

    @Test
    void subscribeInsideMultiAndResetAndShardChannels() throws Exception {
        Conversation.sameOnBoth(
                "B> MULTI", "B?",
                "B> SUBSCRIBE a b", "B?",
                "B> SSUBSCRIBE s", "B?",
                "B> EXEC", "B?", "B?", // EXEC announces 2 replies, 3 follow (2 confirmations inline), as in Redis
                "A> PUBSUB NUMSUB a b c", "A?",
                "A> PUBSUB CHANNELS a*", "A?", // one channel: Redis lists several in hash order
                "A> PUBSUB CHANNELS nomatch*", "A?",
                "B> RESET", "B?",
                "A> PUBSUB NUMSUB a", "A?",
                "C> SSUBSCRIBE s1", "C?",
                "A> SPUBLISH s1 hi", "A?", "C?",
                "A> PUBLISH s1 not-a-shard-message", "A?", "C-",
                "A> PUBSUB SHARDNUMSUB s1 s3", "A?",
                "A> PUBSUB SHARDCHANNELS", "A?",
                "C> SUNSUBSCRIBE", "C?",
                "C> SUNSUBSCRIBE", "C?",
                "A> PUBSUB HELP", "A?",
                "A> PUBSUB NOSUCH", "A?",
                "A> PUBSUB CHANNELS a b", "A?");
    }
}
