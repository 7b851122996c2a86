package dev.txlab.engine;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client-side caching (Redis's tracking.c). A client with CLIENT TRACKING on has every key it
 * reads remembered against its id; when such a key changes, it is forgotten and the client is
 * told once: a RESP3 {@code invalidate} push, or, redirected to a RESP2 client subscribed to
 * {@code __redis__:invalidate}, a pub/sub message there. In BCAST mode nothing is remembered:
 * every change to a key under one of the client's prefixes is collected and sent after the
 * current batch of commands. A flush invalidates everything with a null. The table is global
 * (keys of every database), and bounded by tracking-table-max-keys: past it, keys are dropped
 * with an invalidation as if they had changed.
 *
 * <p>A message for the client whose command is running waits until after that command's reply
 * (Redis's tracking_pending_keys), so it never lands inside the reply of an EXEC.
 */
public final class Tracking {

    /** One client's tracking state (Redis keeps these as CLIENT_TRACKING_* flags). */
    public static final class ClientState {
        boolean on;
        boolean bcast;
        boolean optIn;
        boolean optOut;
        /** CLIENT CACHING yes (in OPTIN) or no (in OPTOUT), for the next command or transaction. */
        boolean caching;
        boolean noLoop;
        boolean brokenRedirect;
        long redirect;
        /** BCAST prefixes, in byte order. */
        final TreeMap<Key, Boolean> prefixes = new TreeMap<>();

        public boolean on() { return on; }

        public boolean bcast() { return bcast; }

        public boolean brokenRedirect() { return brokenRedirect; }

        /** CLIENT GETREDIR: the redirect id, 0 for none, -1 when tracking is off. */
        public long redirect() { return on ? redirect : -1; }
    }

    /** One BCAST prefix: the keys changed since the last broadcast (with who changed them), and its clients. */
    private static final class Prefix {
        final TreeMap<Key, ClientSession> keys = new TreeMap<>();
        final LinkedHashSet<ClientSession> clients = new LinkedHashSet<>();
    }

    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Engine engine;
    /** Key -> ids of the clients that may cache it. */
    private final Map<Key, LinkedHashSet<Long>> table = new LinkedHashMap<>();
    private long totalItems;
    private final TreeMap<Key, Prefix> prefixes = new TreeMap<>();
    private int trackingClients;
    /** Invalidations for the running client: the tracking client, and a key (null: everything). */
    private final List<Object[]> pending = new ArrayList<>();
    /** How often the table was found over its limit in a row (the eviction effort grows with it). */
    private int overLimitRuns;

    Tracking(Engine engine) { this.engine = engine; }

    public int trackingClients() { return trackingClients; }

    public long totalKeys() { return table.size(); }

    public long totalItems() { return totalItems; }

    public long totalPrefixes() { return prefixes.size(); }

    // ---- CLIENT TRACKING ------------------------------------------------------------------------

    /** Checks the prefixes against each other and the client's own; answers the error, or null. */
    public Reply.Error prefixCollision(ClientSession c, List<byte[]> given) {
        for (int i = 0; i < given.size(); i++) {
            for (Key existing : c.tracking.prefixes.keySet()) {
                if (overlap(existing.bytes(), given.get(i))) {
                    return Reply.error("ERR Prefix '" + text(given.get(i)) + "' overlaps with an existing prefix '"
                            + text(existing.bytes()) + "'. Prefixes for a single client must not overlap.");
                }
            }
            for (int j = i + 1; j < given.size(); j++) {
                if (overlap(given.get(i), given.get(j))) {
                    return Reply.error("ERR Prefix '" + text(given.get(i)) + "' overlaps with another provided prefix '"
                            + text(given.get(j)) + "'. Prefixes for a single client must not overlap.");
                }
            }
        }
        return null;
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return false;
        return true;
    }

    /** enableTracking: options already checked by the command. */
    public void enable(ClientSession c, long redirect, boolean bcast, boolean optIn, boolean optOut, boolean noLoop,
                       List<byte[]> bcastPrefixes) {
        ClientState s = c.tracking;
        if (!s.on) trackingClients++;
        s.on = true;
        s.brokenRedirect = false;
        s.bcast = false;
        s.optIn = false;
        s.optOut = false;
        s.noLoop = false;
        s.redirect = redirect;
        if (bcast) {
            s.bcast = true;
            if (bcastPrefixes.isEmpty()) subscribe(c, new byte[0]);
            for (byte[] p : bcastPrefixes) subscribe(c, p);
        }
        s.optIn = optIn;
        s.optOut = optOut;
        s.noLoop = noLoop;
    }

    private void subscribe(ClientSession c, byte[] prefix) {
        Key k = Key.of(prefix);
        Prefix p = prefixes.computeIfAbsent(k, x -> new Prefix());
        if (p.clients.add(c)) c.tracking.prefixes.put(k, Boolean.TRUE);
    }

    /** disableTracking: the table keeps the client's id until the keys change (it is cleaned lazily). */
    public void disable(ClientSession c) {
        ClientState s = c.tracking;
        if (s.bcast) {
            for (Key k : s.prefixes.keySet()) {
                Prefix p = prefixes.get(k);
                if (p == null) continue;
                p.clients.remove(c);
                if (p.clients.isEmpty()) prefixes.remove(k);
            }
            s.prefixes.clear();
        }
        if (s.on) {
            trackingClients--;
            s.on = false;
            s.brokenRedirect = false;
            s.bcast = false;
            s.optIn = false;
            s.optOut = false;
            s.caching = false;
            s.noLoop = false;
        }
    }

    /** CLIENT CACHING yes|no: null when accepted, else the error. */
    public Reply.Error caching(ClientSession c, boolean yes) {
        ClientState s = c.tracking;
        if (!s.on) {
            return Reply.error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
        }
        if (yes && !s.optIn) return Reply.error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
        if (!yes && !s.optOut) return Reply.error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
        s.caching = true;
        return null;
    }

    /** The client's BCAST prefixes, in byte order. */
    public List<byte[]> prefixesOf(ClientSession c) {
        List<byte[]> out = new ArrayList<>();
        for (Key k : c.tracking.prefixes.keySet()) out.add(k.bytes());
        return out;
    }

    /** CLIENT TRACKINGINFO's flags, in Redis's order. */
    public List<String> flags(ClientSession c) {
        ClientState s = c.tracking;
        List<String> out = new ArrayList<>();
        out.add(s.on ? "on" : "off");
        if (s.bcast) out.add("bcast");
        if (s.optIn) {
            out.add("optin");
            if (s.caching) out.add("caching-yes");
        }
        if (s.optOut) {
            out.add("optout");
            if (s.caching) out.add("caching-no");
        }
        if (s.noLoop) out.add("noloop");
        if (s.brokenRedirect) out.add("broken_redirect");
        return out;
    }

    /** After each command outside MULTI (CLIENT's own aside), CACHING's effect is over. */
    void commandDone(ClientSession c, CommandSpec spec) {
        if (!c.tx.inMulti() && (spec == null || !spec.name().startsWith("client"))) c.tracking.caching = false;
    }

    // ---- remembering and invalidating -------------------------------------------------------------

    /**
     * trackingRememberKeys, after a read-only command: the keys of {@code argv} (for a script's
     * reads, those of the script's own command) are remembered for the caller.
     */
    void rememberKeys(ClientSession caller, CommandSpec spec, List<byte[]> argv) {
        ClientState s = caller.tracking;
        if (!s.on || s.bcast) return;
        if ((s.optIn && !s.caching) || (s.optOut && s.caching)) return;
        if (spec.has(Flag.PUBSUB)) return; // shard channels look like keys; they are not cached
        for (Key key : spec.keysOf(argv)) {
            if (table.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(caller.id())) totalItems++;
        }
    }

    /**
     * trackingInvalidateKey: a key changed ({@code modifier} is the client that changed it, null
     * for expiry). Its trackers are told once and forgotten; BCAST prefixes collect it.
     */
    void invalidate(ClientSession modifier, Key key, boolean bcast) {
        if (bcast && !prefixes.isEmpty()) {
            for (Map.Entry<Key, Prefix> e : prefixes.entrySet()) {
                byte[] p = e.getKey().bytes();
                byte[] k = key.bytes();
                if (p.length > k.length || !overlap(p, k)) continue;
                e.getValue().keys.put(key, modifier);
            }
        }
        LinkedHashSet<Long> ids = table.remove(key);
        if (ids == null) return;
        totalItems -= ids.size();
        ClientSession running = engine.runningClient();
        for (long id : ids) {
            ClientSession target = engine.clientById(id);
            if (target == null || !target.tracking.on || target.tracking.bcast) continue;
            if (target.tracking.noLoop && target == running) continue;
            // inside the running client's command, its own invalidation waits for the reply
            if (target == running && engine.insideCall()) pending.add(new Object[] {target, key});
            else send(target, keysArray(List.of(key)), false);
        }
    }

    /** trackingInvalidateKeysOnFlush: every tracking client gets a null; the table is emptied. */
    public void invalidateAll() {
        if (trackingClients > 0) {
            ClientSession running = engine.runningClient();
            for (ClientSession c : engine.clients()) {
                if (!c.tracking.on) continue;
                if (c == running) pending.add(new Object[] {c, null});
                else send(c, null, true);
            }
        }
        table.clear();
        totalItems = 0;
    }

    /** After the running command's reply: what it invalidated for its own client (trackingHandlePendingKeyInvalidations). */
    void flushPending() {
        if (pending.isEmpty()) return;
        List<Object[]> now = new ArrayList<>(pending);
        pending.clear();
        for (Object[] p : now) {
            ClientSession target = (ClientSession) p[0];
            if (target.closed) continue;
            Key key = (Key) p[1];
            send(target, key == null ? null : keysArray(List.of(key)), key == null);
        }
    }

    /** trackingBroadcastInvalidationMessages: each BCAST prefix's changed keys to its clients. */
    public void broadcast() {
        if (prefixes.isEmpty() || trackingClients == 0) return;
        for (Prefix p : prefixes.values()) {
            if (p.keys.isEmpty()) continue;
            for (ClientSession c : new ArrayList<>(p.clients)) {
                List<Key> keys = new ArrayList<>();
                for (Map.Entry<Key, ClientSession> e : p.keys.entrySet()) {
                    if (c.tracking.noLoop && e.getValue() == c) continue;
                    keys.add(e.getKey());
                }
                if (!keys.isEmpty()) send(c, keysArray(keys), false);
            }
            p.keys.clear();
        }
    }

    /** trackingLimitUsedSlots: past tracking-table-max-keys, keys are dropped as if they changed. */
    void limitUsedSlots() {
        long max = engine.config().getLong("tracking-table-max-keys");
        if (max == 0 || table.size() <= max) {
            overLimitRuns = 0;
            return;
        }
        int effort = 100 * (overLimitRuns + 1);
        while (effort-- > 0 && !table.isEmpty()) {
            Iterator<Key> oldest = table.keySet().iterator();
            invalidate(null, oldest.next(), false);
            if (table.size() <= max) {
                overLimitRuns = 0;
                return;
            }
        }
        overLimitRuns++;
    }

    /** A client closed: its BCAST subscriptions go (its ids in the table are forgotten lazily). */
    void closed(ClientSession c) {
        if (c.tracking.on) disable(c);
    }

    private static Reply keysArray(List<Key> keys) {
        List<Reply> out = new ArrayList<>(keys.size());
        for (Key k : keys) out.add(Reply.bulk(k.bytes()));
        return Reply.array(out);
    }

    /**
     * sendTrackingMessage: to the client, or to its redirection (a broken one is flagged, and a
     * RESP3 client is told); RESP3 gets a push, a redirection in RESP2 pub/sub a message on
     * __redis__:invalidate, anything else nothing. {@code keys} null with {@code flush}: a null.
     */
    private void send(ClientSession c, Reply keys, boolean flush) {
        boolean redirected = false;
        ClientSession to = c;
        if (c.tracking.redirect != 0) {
            ClientSession redir = engine.clientById(c.tracking.redirect);
            if (redir == null) {
                c.tracking.brokenRedirect = true;
                if (c.protocol() > 2) {
                    engine.deliver(c, new Reply.Push(List.of(Reply.bulk("tracking-redir-broken"),
                            Reply.integer(c.tracking.redirect))));
                }
                return;
            }
            to = redir;
            redirected = true;
        }
        Reply payload = flush ? Reply.NIL : keys;
        if (to.protocol() > 2) {
            engine.deliver(to, new Reply.Push(List.of(Reply.bulk("invalidate"), payload)));
        } else if (redirected && PubSub.subscriptionCount(to) > 0) {
            engine.deliver(to, Reply.array(List.of(Reply.bulk("message"), Reply.bulk(CHANNEL), payload)));
        }
    }

    private static String text(byte[] b) { return new String(b, java.nio.charset.StandardCharsets.UTF_8); }

}
