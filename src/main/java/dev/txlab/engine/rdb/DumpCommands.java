package dev.txlab.engine.rdb;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.List;

/**
 * DUMP and RESTORE (cluster.c's dumpCommand and restoreCommand): a value serialized in Redis 7.0's
 * RDB format, so payloads move between txlab and a real redis-server in both directions.
 */
public final class DumpCommands {
    private DumpCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("dump", DumpCommands::dump)
                        .teaching("Serializes a value in Redis's RDB format (RESTORE reads it back)"),
                bind("restore", DumpCommands::restore)
                        .teaching("Creates a key from a DUMP payload; BUSYKEY unless REPLACE"));
    }

    private static Reply dump(CommandContext ctx) {
        RedisValue value = ctx.db().lookup(ctx.key(1));
        if (value == null) return Reply.NIL;
        return Reply.bulk(Rdb.dump(value, ctx.engine().config().getLong("list-max-listpack-size")));
    }

    private static Reply restore(CommandContext ctx) {
        long lfuFreq = -1;
        long lruIdle = -1;
        boolean replace = false;
        boolean absttl = false;
        for (int j = 4; j < ctx.argc(); j++) {
            int additional = ctx.argc() - j - 1;
            if (ctx.isOption(j, "replace")) {
                replace = true;
            } else if (ctx.isOption(j, "absttl")) {
                absttl = true;
            } else if (ctx.isOption(j, "idletime") && additional >= 1 && lfuFreq == -1) {
                lruIdle = ctx.longArg(j + 1);
                if (lruIdle < 0) return Reply.error("ERR Invalid IDLETIME value, must be >= 0");
                j++;
            } else if (ctx.isOption(j, "freq") && additional >= 1 && lruIdle == -1) {
                lfuFreq = ctx.longArg(j + 1);
                if (lfuFreq < 0 || lfuFreq > 255) return Reply.error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                j++;
            } else {
                return Errors.SYNTAX;
            }
        }
        Database db = ctx.db();
        Key key = ctx.key(1);
        if (!replace && db.lookup(key) != null) return Reply.error("BUSYKEY Target key name already exists.");
        long ttl = ctx.longArg(2);
        if (ttl < 0) return Reply.error("ERR Invalid TTL value, must be >= 0");
        byte[] payload = ctx.arg(3);
        if (!Rdb.verifyFooter(payload)) return Reply.error("ERR DUMP payload version or checksum are wrong");
        RedisValue value;
        try {
            value = Rdb.undump(payload, Rdb.Limits.of(ctx.engine().config()));
        } catch (RdbFormatException e) {
            return Reply.error("ERR Bad data format");
        }
        boolean deleted = replace && db.remove(key);
        if (ttl != 0 && !absttl) ttl += ctx.now();
        if (ttl != 0 && ttl <= ctx.now()) {
            // already expired: nothing is created; a replaced key is simply deleted (replicated as DEL)
            if (deleted) {
                db.modified(key);
                ctx.propagateAs(List.of(bytes("DEL"), key.bytes()));
            }
            return Reply.OK;
        }
        db.put(key, value, false);
        if (ttl != 0) {
            db.setExpire(key, ttl);
            if (!absttl) {
                // replicas get the absolute time, so their copy expires when this one does
                List<byte[]> argv = new java.util.ArrayList<>(ctx.argv());
                argv.set(2, dev.txlab.engine.Bytes.ascii(ttl));
                argv.add(bytes("ABSTTL"));
                ctx.propagateAs(argv);
            }
        }
        String policy = ctx.engine().config().get("maxmemory-policy");
        if (policy.endsWith("-lfu")) {
            if (lfuFreq >= 0) db.setAccess(key, -1, (int) lfuFreq);
        } else if (lruIdle >= 0) {
            db.setAccess(key, lruIdle, -1);
        }
        db.modified(key);
        return Reply.OK;
    }

    private static byte[] bytes(String s) { return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII); }
}
