package dev.txlab.engine;

import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.Map;
import java.util.Set;

/**
 * The server-state checks of Redis's processCommand that the lab models, set up with CONFIG SET:
 * over maxmemory (7.0 then refuses every command sent inside MULTI, even a read),
 * min-replicas-to-write, and a replica's READONLY and MASTERDOWN after REPLICAOF. EXEC is judged by the union of its queued
 * commands' flags. A refusal inside MULTI dooms the transaction like any queue-time error.
 */
final class ServerLimits {
    /** A fresh redis-server uses about 1 MB. */
    static final long BASELINE_MEMORY = 1_000_000;

    private final Engine engine;

    ServerLimits(Engine engine) { this.engine = engine; }

    /** Whether memory was over maxmemory when the current command came in (Redis's pre_command_oom_state). */
    private boolean preCommandOomState;

    boolean preCommandOomState() { return preCommandOomState; }

    /** The error that refuses this command now, or null: OOM, NOREPLICAS, READONLY, in processCommand's order. */
    Reply.Error refusal(ClientSession session, CommandSpec spec, java.util.List<byte[]> argv) {
        ServerConfig config = engine.config();
        boolean limitMemory = config.maxmemory() > 0;
        boolean requireReplicas = config.requiresReplicas();
        boolean readOnlyReplica = engine.propagation().primary() != null && config.get("replica-read-only").equals("yes");
        if (!limitMemory && !requireReplicas && !readOnlyReplica) return null; // the usual case: nothing to check
        boolean inMulti = session.transaction().inMulti();
        boolean isExec = spec.name().equals("exec");
        Set<Flag> flags = flags(session, spec, argv);
        if (limitMemory) {
            boolean reject = flags.contains(Flag.DENYOOM) || (inMulti && !isExec && !spec.name().equals("discard")
                    && !spec.name().equals("quit") && !spec.name().equals("reset"));
            boolean oom = outOfMemory();
            if (reject && oom) return Errors.OOM;
            preCommandOomState = oom;
        }
        if (requireReplicas && flags.contains(Flag.WRITE) && engine.propagation().primary() == null) return Errors.NOREPLICAS;
        if (readOnlyReplica && flags.contains(Flag.WRITE)) return READONLY;
        return null;
    }

    static final Reply.Error READONLY = Reply.error("READONLY You can't write against a read only replica.");
    static final Reply.Error MASTERDOWN =
            Reply.error("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");

    /**
     * Whether this server is a replica whose link is down (always, in the lab) and which serves
     * no stale data: then only commands flagged stale run.
     */
    boolean runningStale() {
        return engine.propagation().primary() != null && engine.config().get("replica-serve-stale-data").equals("no");
    }

    /**
     * MASTERDOWN on a stale replica, checked after the pub/sub context: a command without the
     * stale flag, or an EXEC with one queued.
     */
    Reply.Error staleRefusal(ClientSession session, CommandSpec spec, java.util.List<byte[]> argv) {
        if (!runningStale()) return null;
        boolean denied = spec.name().equals("exec") ? engine.transactions().anyQueuedLacks(session, Flag.STALE)
                : !flags(session, spec, argv).contains(Flag.STALE);
        return denied ? MASTERDOWN : null;
    }

    /**
     * The flags processCommand judges: EXEC's are the union of its queued commands'; a script or
     * function that declared flags is judged by them (getCommandFlags).
     */
    private Set<Flag> flags(ClientSession session, CommandSpec spec, java.util.List<byte[]> argv) {
        if (spec.name().equals("exec")) return engine.transactions().queuedFlags(session);
        Set<Flag> declared = engine.scripting().declaredFlags(spec.name(), argv);
        if (declared == null) return spec.flags();
        java.util.EnumSet<Flag> merged = java.util.EnumSet.noneOf(Flag.class);
        merged.addAll(spec.flags());
        merged.remove(Flag.WRITE);
        merged.remove(Flag.DENYOOM);
        merged.remove(Flag.STALE);
        merged.addAll(declared);
        return merged;
    }

    /** A rough used_memory: the baseline plus an estimate per key and element. */
    long usedMemory() {
        long bytes = BASELINE_MEMORY;
        for (int i = 0; i < Engine.DATABASES; i++) {
            for (Map.Entry<Key, RedisValue> e : engine.database(i).entries().entrySet()) {
                bytes += 64 + e.getKey().bytes().length + 16 * e.getValue().size();
            }
        }
        return bytes;
    }

    /**
     * Whether memory is over maxmemory after evicting what the policy allows (Redis's
     * performEvictions). Evicted keys touch watches like any deletion.
     */
    boolean outOfMemory() {
        ServerConfig config = engine.config();
        long max = config.maxmemory();
        if (max <= 0 || usedMemory() <= max) return false;
        String policy = config.get("maxmemory-policy");
        if (!policy.equals("noeviction")) {
            boolean volatileOnly = policy.startsWith("volatile");
            for (int i = 0; i < Engine.DATABASES; i++) {
                Database db = engine.database(i);
                for (Key key : db.keys()) {
                    if (usedMemory() <= max) return false;
                    if (volatileOnly && db.expireAt(key) < 0) continue;
                    db.remove(key);
                    engine.keyModified(db, key, Database.Modification.EVICTED);
                }
            }
        }
        return usedMemory() > max;
    }
}
