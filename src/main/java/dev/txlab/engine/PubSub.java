package dev.txlab.engine;

import dev.txlab.engine.command.Glob;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publish/subscribe, as Redis's pubsub.c keeps it: which clients listen on each channel, each
 * pattern and each shard channel, and on the client's side what it listens to. A message goes to
 * the channel's subscribers in the order they subscribed, then to every matching pattern's.
 * Messages and confirmations are RESP3 pushes (arrays for a RESP2 client), delivered to the
 * receiving clients through {@link Engine#takeDeliveries()}.
 *
 * <p>Redis walks its hash tables where it lists channels or patterns (PUBSUB CHANNELS, an
 * UNSUBSCRIBE of everything, the patterns a message matches), so that order is not defined; the
 * lab keeps the order they were created in.
 */
public final class PubSub {
    /** Global channels, or shard channels (SSUBSCRIBE, which ignore patterns). */
    public enum Kind {
        GLOBAL("subscribe", "unsubscribe", "message"),
        SHARD("ssubscribe", "sunsubscribe", "smessage");

        final Reply subscribe;
        final Reply unsubscribe;
        final Reply message;

        Kind(String subscribe, String unsubscribe, String message) {
            this.subscribe = Reply.bulk(subscribe);
            this.unsubscribe = Reply.bulk(unsubscribe);
            this.message = Reply.bulk(message);
        }
    }

    private static final Reply PSUBSCRIBE = Reply.bulk("psubscribe");
    private static final Reply PUNSUBSCRIBE = Reply.bulk("punsubscribe");
    private static final Reply PMESSAGE = Reply.bulk("pmessage");

    private final Engine engine;
    private final Map<Key, LinkedHashSet<ClientSession>> channels = new LinkedHashMap<>();
    private final Map<Key, LinkedHashSet<ClientSession>> shardChannels = new LinkedHashMap<>();
    private final Map<Key, LinkedHashSet<ClientSession>> patterns = new LinkedHashMap<>();

    PubSub(Engine engine) { this.engine = engine; }

    /** The client's subscriptions: channels and patterns, shard channels apart. */
    static final class Subscriptions {
        final LinkedHashSet<Key> channels = new LinkedHashSet<>();
        final LinkedHashSet<Key> shardChannels = new LinkedHashSet<>();
        final LinkedHashSet<Key> patterns = new LinkedHashSet<>();
        /** Redis's CLIENT_PUBSUB: set by a subscribe, cleared when nothing is left. */
        boolean mode;

        int count() { return channels.size() + patterns.size(); }

        int total() { return count() + shardChannels.size(); }
    }

    private Map<Key, LinkedHashSet<ClientSession>> server(Kind kind) {
        return kind == Kind.GLOBAL ? channels : shardChannels;
    }

    private static Set<Key> client(ClientSession c, Kind kind) {
        return kind == Kind.GLOBAL ? c.pubsub.channels : c.pubsub.shardChannels;
    }

    private static int count(ClientSession c, Kind kind) {
        return kind == Kind.GLOBAL ? c.pubsub.count() : c.pubsub.shardChannels.size();
    }

    /** SUBSCRIBE / SSUBSCRIBE: a confirmation per channel, each with the client's new count. */
    public Reply subscribe(ClientSession c, List<Key> names, Kind kind) {
        List<Reply> confirmations = new ArrayList<>();
        for (Key name : names) {
            if (client(c, kind).add(name)) server(kind).computeIfAbsent(name, k -> new LinkedHashSet<>()).add(c);
            confirmations.add(push(kind.subscribe, Reply.bulk(name.bytes()), Reply.integer(count(c, kind))));
        }
        c.pubsub.mode = true;
        return new Reply.Multi(confirmations);
    }

    /** UNSUBSCRIBE / SUNSUBSCRIBE: the given channels, or every one (at least one confirmation). */
    public Reply unsubscribe(ClientSession c, List<Key> names, Kind kind) {
        List<Reply> confirmations = new ArrayList<>();
        List<Key> which = names.isEmpty() ? new ArrayList<>(client(c, kind)) : names;
        for (Key name : which) {
            removeChannel(c, name, kind);
            confirmations.add(push(kind.unsubscribe, Reply.bulk(name.bytes()), Reply.integer(count(c, kind))));
        }
        if (confirmations.isEmpty()) confirmations.add(push(kind.unsubscribe, Reply.NIL, Reply.integer(count(c, kind))));
        if (c.pubsub.total() == 0) c.pubsub.mode = false;
        return new Reply.Multi(confirmations);
    }

    /** PSUBSCRIBE. */
    public Reply psubscribe(ClientSession c, List<Key> names) {
        List<Reply> confirmations = new ArrayList<>();
        for (Key pattern : names) {
            if (c.pubsub.patterns.add(pattern)) patterns.computeIfAbsent(pattern, k -> new LinkedHashSet<>()).add(c);
            confirmations.add(push(PSUBSCRIBE, Reply.bulk(pattern.bytes()), Reply.integer(c.pubsub.count())));
        }
        c.pubsub.mode = true;
        return new Reply.Multi(confirmations);
    }

    /** PUNSUBSCRIBE: the given patterns, or every one. */
    public Reply punsubscribe(ClientSession c, List<Key> names) {
        List<Reply> confirmations = new ArrayList<>();
        List<Key> which = names.isEmpty() ? new ArrayList<>(c.pubsub.patterns) : names;
        for (Key pattern : which) {
            removePattern(c, pattern);
            confirmations.add(push(PUNSUBSCRIBE, Reply.bulk(pattern.bytes()), Reply.integer(c.pubsub.count())));
        }
        if (confirmations.isEmpty()) confirmations.add(push(PUNSUBSCRIBE, Reply.NIL, Reply.integer(c.pubsub.count())));
        if (c.pubsub.total() == 0) c.pubsub.mode = false;
        return new Reply.Multi(confirmations);
    }

    /** A connection closes, or RESET: every subscription goes, without confirmations. */
    public void unsubscribeAll(ClientSession c) {
        for (Key name : new ArrayList<>(c.pubsub.channels)) removeChannel(c, name, Kind.GLOBAL);
        for (Key name : new ArrayList<>(c.pubsub.shardChannels)) removeChannel(c, name, Kind.SHARD);
        for (Key pattern : new ArrayList<>(c.pubsub.patterns)) removePattern(c, pattern);
        c.pubsub.mode = false;
    }

    private void removeChannel(ClientSession c, Key name, Kind kind) {
        if (!client(c, kind).remove(name)) return;
        Set<ClientSession> subscribers = server(kind).get(name);
        subscribers.remove(c);
        if (subscribers.isEmpty()) server(kind).remove(name);
    }

    private void removePattern(ClientSession c, Key pattern) {
        if (!c.pubsub.patterns.remove(pattern)) return;
        Set<ClientSession> subscribers = patterns.get(pattern);
        subscribers.remove(c);
        if (subscribers.isEmpty()) patterns.remove(pattern);
    }

    /** PUBLISH / SPUBLISH: how many clients received the message. */
    public int publish(Key channel, byte[] message, Kind kind) {
        int receivers = 0;
        Set<ClientSession> subscribers = server(kind).get(channel);
        if (subscribers != null) {
            for (ClientSession c : subscribers) {
                engine.deliver(c, push(kind.message, Reply.bulk(channel.bytes()), Reply.bulk(message)));
                receivers++;
            }
        }
        if (kind == Kind.SHARD) return receivers; // shard channels ignore patterns
        for (Map.Entry<Key, LinkedHashSet<ClientSession>> e : patterns.entrySet()) {
            if (!Glob.matches(e.getKey().bytes(), channel.bytes())) continue;
            for (ClientSession c : e.getValue()) {
                engine.deliver(c, push(PMESSAGE, Reply.bulk(e.getKey().bytes()), Reply.bulk(channel.bytes()), Reply.bulk(message)));
                receivers++;
            }
        }
        return receivers;
    }

    /** PUBSUB CHANNELS / SHARDCHANNELS: the channels someone listens on, matching a pattern. */
    public List<Key> channels(byte[] pattern, Kind kind) {
        List<Key> out = new ArrayList<>();
        for (Key name : server(kind).keySet()) if (pattern == null || Glob.matches(pattern, name.bytes())) out.add(name);
        return out;
    }

    /** PUBSUB NUMSUB / SHARDNUMSUB: how many clients listen on a channel (patterns not counted). */
    public int subscribers(Key channel, Kind kind) {
        Set<ClientSession> s = server(kind).get(channel);
        return s == null ? 0 : s.size();
    }

    /** PUBSUB NUMPAT: how many patterns someone listens on. */
    public int patternCount() { return patterns.size(); }

    /** Whether a client is in subscribed mode (RESP2 then only takes the subscribe commands and PING). */
    public static boolean inSubscribedMode(ClientSession c) { return c.pubsub.mode; }

    /** How many channels and patterns a client listens on (shard channels apart). */
    public static int subscriptionCount(ClientSession c) { return c.pubsub.count(); }

    /** Every subscription of a client, shard channels included (Redis's clientTotalPubSubSubscriptionCount). */
    public static int subscriptionTotal(ClientSession c) { return c.pubsub.total(); }

    /** The channels a client subscribed to, global then shard (for ACL checks). */
    public static List<Key> subscribedChannels(ClientSession c) {
        List<Key> all = new ArrayList<>(c.pubsub.channels);
        all.addAll(c.pubsub.shardChannels);
        return all;
    }

    /** The patterns a client subscribed to (for ACL checks). */
    public static List<Key> subscribedPatterns(ClientSession c) { return List.copyOf(c.pubsub.patterns); }

    private static Reply push(Reply... elements) { return new Reply.Push(List.of(elements)); }
}
