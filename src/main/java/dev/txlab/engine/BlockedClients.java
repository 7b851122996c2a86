package dev.txlab.engine;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Clients waiting in a blocking command, as Redis's blocked.c keeps them: per key, in the order
 * they blocked; a key that gains data is "ready", and after the command that made it ready (a
 * whole EXEC or script included) its waiting clients are served first come, first served, from
 * that key. A client with a deadline gets its timeout reply when the deadline passes.
 *
 * <p>Only a front end that can hold a client's reply (serve) asks the engine to block clients;
 * elsewhere a blocking command lets its timeout pass and answers at once (see command.Blocking).
 */
public final class BlockedClients {
    /**
     * How a blocked command finishes once {@code readyKey} holds data: its reply, or null when
     * the key's value is not what the client waits for (a list for BLPOP, a sorted set for
     * BZPOPMIN), which leaves it blocked.
     */
    @FunctionalInterface
    public interface Serving {
        Reply serve(CommandContext ctx, Key readyKey);
    }

    /** One blocked client: its command, the keys it waits on, and when it gives up. */
    record Block(ClientSession client, CommandSpec spec, List<byte[]> argv, int db, List<Key> keys,
                 long deadline, Reply onTimeout, Serving serving) {}

    private record DbKey(int db, Key key) {}

    BlockedClients() {}

    private final Map<ClientSession, Block> blocks = new LinkedHashMap<>();
    private final Map<DbKey, LinkedHashSet<ClientSession>> byKey = new LinkedHashMap<>();
    private final Set<DbKey> ready = new LinkedHashSet<>();

    int count() { return blocks.size(); }

    boolean isBlocked(ClientSession client) { return blocks.containsKey(client); }

    void block(Block block) {
        blocks.put(block.client(), block);
        for (Key key : block.keys()) {
            byKey.computeIfAbsent(new DbKey(block.db(), key), k -> new LinkedHashSet<>()).add(block.client());
        }
    }

    /** Forgets a client's block (served, timed out, or disconnected). */
    Block remove(ClientSession client) {
        Block block = blocks.remove(client);
        if (block == null) return null;
        for (Key key : block.keys()) {
            DbKey dk = new DbKey(block.db(), key);
            Set<ClientSession> waiting = byKey.get(dk);
            if (waiting != null) {
                waiting.remove(client);
                if (waiting.isEmpty()) byKey.remove(dk);
            }
        }
        return block;
    }

    /** Redis's signalKeyAsReady: a key was added; its waiting clients may be served. */
    void keyAdded(int db, Key key) {
        DbKey dk = new DbKey(db, key);
        if (byKey.containsKey(dk)) ready.add(dk);
    }

    boolean hasReadyKeys() { return !ready.isEmpty(); }

    /** The keys of a database that some client waits on. */
    List<Key> keysWaitedOn(int db) {
        List<Key> out = new ArrayList<>();
        for (DbKey dk : byKey.keySet()) if (dk.db() == db) out.add(dk.key());
        return out;
    }

    /** The ready keys in the order they became ready, forgotten as they are taken. */
    List<Map.Entry<Integer, Key>> takeReadyKeys() {
        List<Map.Entry<Integer, Key>> out = new ArrayList<>();
        for (DbKey dk : ready) out.add(Map.entry(dk.db(), dk.key()));
        ready.clear();
        return out;
    }

    /** The clients waiting on a key, first blocked first. */
    List<Block> waitingOn(int db, Key key) {
        Set<ClientSession> waiting = byKey.get(new DbKey(db, key));
        if (waiting == null) return List.of();
        List<Block> out = new ArrayList<>();
        for (ClientSession c : waiting) out.add(blocks.get(c));
        return out;
    }

    /** How many wait with a timeout (Redis's clients_timeout_table). */
    int withDeadline() {
        int n = 0;
        for (Block b : blocks.values()) if (b.deadline() != Long.MAX_VALUE) n++;
        return n;
    }

    /** The blocks whose deadline has passed, earliest first. */
    List<Block> expired(long now) {
        List<Block> out = new ArrayList<>();
        for (Block b : blocks.values()) if (b.deadline() <= now) out.add(b);
        out.sort((a, b) -> Long.compare(a.deadline(), b.deadline()));
        return out;
    }

    /** The earliest deadline, or Long.MAX_VALUE when nobody waits with one. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Block b : blocks.values()) next = Math.min(next, b.deadline());
        return next;
    }
}
