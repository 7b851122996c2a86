package dev.txlab.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulated cluster on its own (no real server needed): slots, the split redis-cli makes,
 * and the redirects of getNodeByQuery. {@code ClusterDifferentialTest} checks the same against
 * a real cluster.
 */
class SimulatedClusterTest {
    private final SimulatedCluster cluster = SimulatedCluster.create(3, new Clock.ManualClock(1_700_000_000_000L));

    private String run(ClientSession s, int node, String... argv) {
        Reply r = cluster.node(node).engine().execute(s, Arrays.stream(argv).map(Bytes::utf8).toList());
        return String.join("\n", ReplyFormatter.lines(r, 2));
    }

    private ClientSession connect(int node, String label) { return cluster.node(node).engine().connect(label); }

    @Test
    void crc16AndHashTagsAsRedis() {
        assertEquals(0x31C3, HashSlots.crc16(Bytes.utf8("123456789"), 0, 9));
        assertEquals(12182, HashSlots.slot(Bytes.utf8("foo")));
        assertEquals(15495, HashSlots.slot(Bytes.utf8("a")));
        assertEquals(HashSlots.slot(Bytes.utf8("user1")), HashSlots.slot(Bytes.utf8("{user1}:cart")));
        assertEquals(HashSlots.slot(Bytes.utf8("{}x")), HashSlots.slot(Bytes.utf8("{}x")));
        // "{}" is no tag: the whole key is hashed; only the first "{...}" counts
        assertEquals(HashSlots.crc16(Bytes.utf8("{}x"), 0, 3) & 16383, HashSlots.slot(Bytes.utf8("{}x")));
        assertEquals(HashSlots.slot(Bytes.utf8("a")), HashSlots.slot(Bytes.utf8("x{a}{b}")));
    }

    /** A node that stops serving a slot unsubscribes its shard channels' clients (removeChannelsInSlot), as a real node does. */
    @Test
    void aSlotLeavingTheNodeTakesItsShardChannelsSubscribers() {
        ClientSession sub = connect(0, "S");
        ClientSession admin = connect(0, "A");
        run(sub, 0, "SSUBSCRIBE", "{b}x", "b");
        run(sub, 0, "SSUBSCRIBE", "f");
        cluster.node(0).engine().takeDeliveries();
        assertEquals("OK", run(admin, 0, "CLUSTER", "DELSLOTS", "3300"));
        List<String> told = cluster.node(0).engine().takeDeliveries().stream()
                .map(d -> d.client().label() + " " + String.join(" ", ReplyFormatter.lines(d.reply(), 2))).toList();
        assertEquals(List.of("S 1) \"sunsubscribe\" 2) \"b\" 3) (integer) 2", "S 1) \"sunsubscribe\" 2) \"{b}x\" 3) (integer) 1"), told);
        assertEquals("1) \"f\"", run(admin, 0, "PUBSUB", "SHARDCHANNELS"));
    }

    /** PUBLISH goes over the cluster bus to every node's subscribers; its reply counts this node's only. SPUBLISH stays. */
    @Test
    void publishReachesSubscribersOfEveryNode() {
        ClientSession sub = connect(1, "S");
        ClientSession psub = connect(2, "P");
        run(sub, 1, "SUBSCRIBE", "news");
        run(sub, 1, "SSUBSCRIBE", "c");
        run(psub, 2, "PSUBSCRIBE", "n*");
        for (ClusterNode n : cluster.nodes()) n.engine().takeDeliveries();
        assertEquals("(integer) 0", run(connect(0, "A"), 0, "PUBLISH", "news", "hi"));
        assertEquals(List.of("S 1) \"message\" 2) \"news\" 3) \"hi\""), told(1));
        assertEquals(List.of("P 1) \"pmessage\" 2) \"n*\" 3) \"news\" 4) \"hi\""), told(2));
        assertEquals("(integer) 1", run(connect(1, "B"), 1, "SPUBLISH", "c", "x"));
        assertEquals(1, told(1).size());
        assertEquals(List.of(), told(0));
    }

    private List<String> told(int node) {
        return cluster.node(node).engine().takeDeliveries().stream()
                .map(d -> d.client().label() + " " + String.join(" ", ReplyFormatter.lines(d.reply(), 2))).toList();
    }

    @Test
    void slotsAreSplitAsRedisCliCreateSplitsThem() {
        assertEquals("[[0, 5460], [5461, 10922], [10923, 16383]]",
                Arrays.deepToString(SimulatedCluster.createRanges(3)));
        assertEquals("[[0, 16383]]", Arrays.deepToString(SimulatedCluster.createRanges(1)));
        assertEquals("[[0, 3276], [3277, 6553], [6554, 9829], [9830, 13106], [13107, 16383]]",
                Arrays.deepToString(SimulatedCluster.createRanges(5)));
    }

    @Test
    void movedCrossSlotAndTransactions() {
        ClientSession a = connect(0, "A");
        assertEquals("(error) MOVED 15495 127.0.0.1:7003", run(a, 0, "SET", "a", "1"));
        assertEquals("OK", run(a, 0, "SET", "b", "1"));
        assertEquals("(error) CROSSSLOT Keys in request don't hash to the same slot", run(a, 0, "MSET", "b", "1", "a", "2"));
        assertEquals("(integer) 15495", run(a, 0, "CLUSTER", "KEYSLOT", "a"));
        // MOVED inside MULTI dooms the transaction, as any refused command does
        assertEquals("OK", run(a, 0, "MULTI"));
        assertEquals("QUEUED", run(a, 0, "SET", "b", "2"));
        assertEquals("(error) MOVED 15495 127.0.0.1:7003", run(a, 0, "SET", "a", "2"));
        assertEquals("(error) EXECABORT Transaction discarded because of previous errors.", run(a, 0, "EXEC"));
        // keys of one slot (hash tags) in a transaction work
        assertEquals("OK", run(a, 0, "MULTI"));
        assertEquals("QUEUED", run(a, 0, "SET", "{b}1", "x"));
        assertEquals("QUEUED", run(a, 0, "SET", "{b}2", "y"));
        assertEquals("1) OK\n2) OK", run(a, 0, "EXEC"));
        // each command alone is in one slot: queued; EXEC sees two slots and refuses them all
        assertEquals("OK", run(a, 0, "MULTI"));
        assertEquals("QUEUED", run(a, 0, "SET", "b", "x"));
        assertEquals("QUEUED", run(a, 0, "SET", "f", "y"));
        assertEquals("(error) CROSSSLOT Keys in request don't hash to the same slot", run(a, 0, "EXEC"));
        assertEquals("(error) ERR EXEC without MULTI", run(a, 0, "EXEC"));
        assertEquals("\"1\"", run(a, 0, "GET", "b"));
    }

    @Test
    void scriptsStayInTheirSlot() {
        ClientSession a = connect(0, "A");
        assertEquals("(error) CROSSSLOT Keys in request don't hash to the same slot",
                run(a, 0, "EVAL", "return 1", "2", "b", "f"));
        assertEquals("(error) ERR Script attempted to access keys that do not hash to the same slot script: "
                        + "e9c3c3ebd2c6cb4d6e7fd5e1d3dbd9c3a8d1b0c6, on @user_script:2.",
                run(a, 0, "EVAL", "#!lua\nredis.call('set', KEYS[1], 1) return redis.call('set', 'f', 1)", "1", "{b}x")
                        .replaceAll("script: [0-9a-f]{40}", "script: e9c3c3ebd2c6cb4d6e7fd5e1d3dbd9c3a8d1b0c6"));
        assertEquals("(error) ERR Script attempted to access a non local key in a cluster node script: "
                        + "x, on @user_script:1.",
                run(a, 0, "EVAL", "return redis.call('get', 'a')", "0").replaceAll("script: [0-9a-f]{40}", "script: x"));
        // a script without a shebang (compatible mode) may, as one with allow-cross-slot-keys
        assertEquals("OK", run(a, 0, "EVAL", "redis.call('set', KEYS[1], 1) return redis.call('set', 'f', 1)", "1", "{b}x"));
        assertEquals("OK", run(a, 0, "EVAL", "#!lua flags=allow-cross-slot-keys\nredis.call('set', KEYS[1], 1) "
                + "return redis.call('set', 'f', 1)", "1", "{b}x"));
        assertEquals("(error) ERR Can not run script on cluster, 'no-cluster' flag is set.",
                run(a, 0, "EVAL", "#!lua flags=no-cluster\nreturn 1", "0"));
    }

    @Test
    void askAndTryAgainWhileASlotMoves() {
        ClientSession a = connect(0, "A");
        ClientSession c = connect(2, "C");
        String id0 = cluster.node(0).id();
        String id2 = cluster.node(2).id();
        int slot = HashSlots.slot(Bytes.utf8("b"));
        assertEquals("OK", run(a, 0, "SET", "b", "1"));
        assertEquals("OK", run(c, 2, "CLUSTER", "SETSLOT", "" + slot, "IMPORTING", id0));
        assertEquals("OK", run(a, 0, "CLUSTER", "SETSLOT", "" + slot, "MIGRATING", id2));
        // b is still here: served; {b}x is not: ASK; both: TRYAGAIN
        assertEquals("\"1\"", run(a, 0, "GET", "b"));
        assertEquals("(error) ASK " + slot + " 127.0.0.1:7003", run(a, 0, "GET", "{b}x"));
        assertEquals("(error) TRYAGAIN Multiple keys request during rehashing of slot", run(a, 0, "MGET", "b", "{b}x"));
        assertEquals("(error) MOVED " + slot + " 127.0.0.1:7001", run(c, 2, "GET", "{b}x"));
        assertEquals("OK", run(c, 2, "ASKING"));
        assertEquals("(nil)", run(c, 2, "GET", "{b}x"));
        assertEquals("(error) MOVED " + slot + " 127.0.0.1:7001", run(c, 2, "GET", "{b}x"));
        assertEquals("OK", run(a, 0, "MIGRATE", "127.0.0.1", "7003", "b", "0", "1000"));
        assertEquals("(error) ASK " + slot + " 127.0.0.1:7003", run(a, 0, "GET", "b"));
        assertEquals("OK", run(c, 2, "CLUSTER", "SETSLOT", "" + slot, "NODE", id2));
        assertEquals("OK", run(a, 0, "CLUSTER", "SETSLOT", "" + slot, "NODE", id2));
        assertEquals("(error) MOVED " + slot + " 127.0.0.1:7003", run(a, 0, "GET", "b"));
        assertEquals("\"1\"", run(c, 2, "GET", "b"));
        assertEquals(List.of(), cluster.node(0).engine().database(0).keys().stream().toList());
    }
}
