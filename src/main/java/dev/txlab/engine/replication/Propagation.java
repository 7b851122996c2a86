package dev.txlab.engine.replication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * What replicas (and an AOF) receive: Redis's also_propagate array and propagatePendingCommands
 * (server.c). While a command runs, each change it makes is queued here as the command that
 * replays it on a replica: the command itself when it changed data (as rewritten by the command:
 * SET EX becomes SET PXAT, INCRBYFLOAT becomes SET KEEPTTL ...), the DEL of a key found expired,
 * or the effects of a script. When the client's command is over, the queue becomes one unit of
 * the stream: wrapped in MULTI/EXEC when it holds more than one command, so replicas apply it
 * atomically, and preceded by SELECT when the database changes.
 *
 * <p>The commands that decide what they propagate say so where they are implemented, through
 * {@link dev.txlab.engine.CommandContext}; this class only collects and wraps.
 */
public final class Propagation {

    /** One queued command, the database it applies to, and whether the AOF gets it too (PUBLISH: replicas only). */
    public record Op(int db, List<byte[]> argv, boolean toAof) {}

    private final List<Op> pending = new ArrayList<>();
    /** The database the stream last selected (Redis's server.slaveseldb); -1: none yet. */
    private int selectedDb = -1;
    /** The stream's consumers (replicas attached through SYNC/PSYNC in serve), by client. */
    private final java.util.Map<Object, Consumer<List<byte[]>>> replicas = new java.util.LinkedHashMap<>();
    /** What a replica is sent right after its SYNC/PSYNC reply, before the stream: "$len" and the RDB. */
    private final java.util.Map<Object, byte[]> handshakes = new java.util.HashMap<>();
    /** master_replid: 40 hex characters, new when the first replica attaches (changeReplicationId). */
    private String replId; // made on first use (SecureRandom's set-up costs start-up time)
    /** master_replid2 and second_repl_offset: the ID this server had before it stopped being a replica. */
    private String replId2 = "0000000000000000000000000000000000000000";
    private long secondOffset = -1;
    /** The primary set by REPLICAOF host port (server.masterhost); null while this server is a primary. */
    private Primary primary;

    /**
     * The primary this server follows. The lab never connects to it: it stays a replica whose link
     * is down, as a real one is while its primary cannot be reached (repl_state "connect").
     */
    public record Primary(String host, int port) {}
    /** The last unit sent (SELECT, MULTI and EXEC included), for the shell's view. */
    private List<List<byte[]>> lastUnit = List.of();
    /** Every command sent since the backlog was created: the replication offset counts their bytes. */
    private long offset;
    /**
     * The replication backlog exists: made for the first replica that synchronizes, and kept after
     * it leaves. Until then nothing is fed and the offset stays 0, as replicationFeedSlaves returns
     * at once with no backlog and no replicas.
     */
    private boolean backlog;

    /**
     * The append-only file "on disk": made when appendonly was turned on or by BGREWRITEAOF, and
     * kept when appendonly is turned off (as Redis leaves its files); null until there is one.
     */
    private AppendOnlyFile aof;
    /** appendonly yes: the file receives every command propagated. */
    private boolean aofFeeding;
    /** While an AOF is replayed nothing is propagated (loading). */
    private boolean muted;

    /** alsoPropagate: queues a command for the current unit (replicas and AOF). */
    public void add(int db, List<byte[]> argv) { add(db, argv, true); }

    /** As {@link #add(int, List)}; {@code toAof} false for PROPAGATE_REPL only (PUBLISH). */
    public void add(int db, List<byte[]> argv, boolean toAof) {
        if (muted) return;
        pending.add(new Op(db, List.copyOf(argv), toAof));
    }

    /** The last append-only file written, or null when there has never been one. */
    public AppendOnlyFile aof() { return aof; }

    /** Whether commands go to the append-only file (appendonly yes). */
    public boolean aofFeeding() { return aofFeeding; }

    /**
     * A new file (its base, the data now): CONFIG SET appendonly yes, or a rewrite, which then
     * receives what follows only while appendonly is yes.
     */
    public void rewriteAof(AppendOnlyFile file, boolean feeding) {
        aof = file;
        aofFeeding = feeding;
    }

    /** CONFIG SET appendonly no: the file stays as it is, and receives nothing more. */
    public void stopAof() { aofFeeding = false; }

    /** Loading: what runs meanwhile is not propagated. */
    public void setMuted(boolean muted) {
        this.muted = muted;
        if (muted) pending.clear();
    }

    public boolean hasPending() { return !pending.isEmpty(); }

    /**
     * propagatePendingCommands: sends the queued commands as one unit, wrapped in MULTI/EXEC
     * when there are several and {@code wrap} allows it (not for the background expiry cycle, nor
     * for RANDOMKEY and SCAN, which touch arbitrary keys).
     */
    public void flush(boolean wrap) {
        if (pending.isEmpty()) return;
        List<Op> ops = new ArrayList<>(pending);
        pending.clear();
        List<List<byte[]>> unit = new ArrayList<>();
        boolean transaction = wrap && ops.size() > 1;
        if (transaction) emit(unit, ops.get(0).db(), List.of(word("MULTI")), true);
        for (Op op : ops) emit(unit, op.db(), op.argv(), op.toAof());
        if (transaction) emit(unit, ops.get(ops.size() - 1).db(), List.of(word("EXEC")), true);
        lastUnit = Collections.unmodifiableList(unit);
    }

    /** propagateNow: to the AOF (with its own SELECTs) and to the replicas' stream. */
    private void emit(List<List<byte[]>> unit, int db, List<byte[]> argv, boolean toAof) {
        if (toAof && aofFeeding) aof.feed(db, argv);
        if (db != selectedDb) {
            List<byte[]> select = List.of(word("SELECT"), word(Integer.toString(db)));
            send(unit, select);
            selectedDb = db;
        }
        send(unit, argv);
    }

    private void send(List<List<byte[]>> unit, List<byte[]> argv) {
        unit.add(argv);
        if (primary != null) return; // replicationFeedSlaves: a replica only proxies its primary's stream
        if (!backlog) return;
        offset += encodedLength(argv);
        for (Consumer<List<byte[]>> r : List.copyOf(replicas.values())) r.accept(argv);
    }

    /** When the master last pinged its replicas (replicationCron), in milliseconds. */
    private long lastPing;

    /**
     * replicationCron: every repl-ping-replica-period seconds, replicas get a PING in the stream
     * (with no SELECT), so they know the master is alive and their offsets keep moving.
     */
    public void pingIfDue(long nowMillis, long periodSeconds) {
        if (replicas.isEmpty()) return;
        if (lastPing == 0) lastPing = nowMillis;
        if (nowMillis - lastPing < periodSeconds * 1000) return;
        lastPing = nowMillis;
        send(new ArrayList<>(), List.of(word("PING")));
    }

    /** What the last unit sent was: empty when the last command propagated nothing. */
    public List<List<byte[]>> lastUnit() { return lastUnit; }

    /** Forgets the last unit (a command that propagated nothing clears the shell's view). */
    public void clearLastUnit() { lastUnit = List.of(); }

    /**
     * A replica attaches after its full synchronization: it gets every later command, and the
     * next one is preceded by a SELECT (Redis resets slaveseldb when a replica is added).
     */
    public void attach(Object client, byte[] rdb, Consumer<List<byte[]>> replica) {
        replicas.put(client, replica);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("$" + rdb.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(rdb); // no CRLF after the payload: the stream follows at once
        handshakes.put(client, out.toByteArray());
        selectedDb = -1;
    }

    /** A client gone: it receives nothing more. */
    public void detach(Object client) {
        replicas.remove(client);
        handshakes.remove(client);
    }

    public boolean isReplica(Object client) { return replicas.containsKey(client); }

    /**
     * The bytes a replica gets after its SYNC/PSYNC reply and before the stream (the RDB as a
     * bulk without its final CRLF), once; null when there are none for this client.
     */
    public byte[] takeHandshake(Object client) { return handshakes.remove(client); }

    /**
     * Called before a full synchronization: with no backlog yet, syncCommand creates it under a new
     * replication ID (changeReplicationId, clearReplicationId2).
     */
    public void prepareFullSync() {
        if (backlog) return;
        replId = randomId();
        replId2 = "0000000000000000000000000000000000000000";
        secondOffset = -1;
        backlog = true;
    }

    /** repl_backlog_active: a replica has synchronized since the engine started. */
    public boolean hasBacklog() { return backlog; }

    /** master_replid, as PSYNC's +FULLRESYNC and the RDB's aux fields give it. */
    public String replId() {
        if (replId == null) replId = randomId();
        return replId;
    }

    private static String randomId() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) sb.append("0123456789abcdef".charAt(random.nextInt(16)));
        return sb.toString();
    }

    public int replicaCount() { return replicas.size(); }

    /** replicationSetMaster's state change: this server now follows {@code host:port}. */
    public void follow(String host, int port) { primary = new Primary(host, port); }

    /**
     * replicationUnsetMaster: a primary again, under a new replication ID (the old one stays as
     * replid2, valid up to the current offset), its replicas disconnected to learn the new ID.
     */
    public List<Object> stopFollowing() {
        if (primary == null) return List.of();
        primary = null;
        replId2 = replId();
        secondOffset = offset + 1;
        replId = randomId();
        selectedDb = -1;
        List<Object> dropped = new ArrayList<>(replicas.keySet());
        replicas.clear();
        handshakes.clear();
        return dropped;
    }

    /** The primary REPLICAOF named, or null while this server is a primary. */
    public Primary primary() { return primary; }

    public String replId2() { return replId2; }

    public long secondOffset() { return secondOffset; }

    /** master_repl_offset: the bytes of stream produced so far. */
    public long offset() { return offset; }

    /** The RESP encoding of a command, as the stream carries it. */
    public static byte[] encode(List<byte[]> argv) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("*" + argv.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return out.toByteArray();
    }

    private static long encodedLength(List<byte[]> argv) {
        long n = 3 + Integer.toString(argv.size()).length();
        for (byte[] a : argv) n += 5 + Integer.toString(a.length).length() + a.length;
        return n;
    }

    private static byte[] word(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
