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
 * over maxmemory (7.0 then refuses every command sent inside MULTI, even a read) and
 * min-replicas-to-write (the lab has no replicas). EXEC is judged by the union of its queued
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

    /** The error that refuses this command now, or null. */
    Reply.Error refusal(ClientSession session, CommandSpec spec, java.util.List<byte[]> argv) {
        ServerConfig config = engine.config();
        boolean limitMemory = config.maxmemory() > 0;
        boolean requireReplicas = config.requiresReplicas();
        if (!limitMemory && !requireReplicas) return null; // the usual case: nothing to check
        boolean inMulti = session.transaction().inMulti();
        boolean isExec = spec.name().equals("exec");
        Set<Flag> flags = isExec ? engine.transactions().queuedFlags(session) : spec.flags();
        if (!isExec) {
            // a script or function with declared flags is judged by them (getCommandFlags)
            Set<Flag> declared = engine.scripting().declaredFlags(spec.name(), argv);
            if (declared != null) {
                java.util.EnumSet<Flag> merged = java.util.EnumSet.noneOf(Flag.class);
                merged.addAll(flags);
                merged.remove(Flag.WRITE);
                merged.remove(Flag.DENYOOM);
                merged.addAll(declared);
                flags = merged;
            }
        }
        if (limitMemory) {
            boolean reject = flags.contains(Flag.DENYOOM) || (inMulti && !isExec && !spec.name().equals("discard")
                    && !spec.name().equals("quit") && !spec.name().equals("reset"));
            boolean oom = outOfMemory();
            if (reject && oom) return Errors.OOM;
            preCommandOomState = oom;
        }
        if (requireReplicas && flags.contains(Flag.WRITE)) return Errors.NOREPLICAS;
        return null;
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
