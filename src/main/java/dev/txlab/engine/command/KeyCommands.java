package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** Generic key commands: KEYS, TYPE, EXISTS, DEL, RENAME, the EXPIRE family, TTL, PERSIST. */
public final class KeyCommands {
    private KeyCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("keys", KeyCommands::keys)
                        .teaching("Lists the keys matching a glob pattern (order not defined)"),
                bind("type", ctx -> {
                            RedisValue v = ctx.db().lookup(ctx.key(1));
                            return new Reply.Simple(v == null ? "none" : v.typeName());
                        }),
                bind("exists", KeyCommands::exists),
                bind("touch", KeyCommands::exists)
                        .teaching("Counts existing keys; a read, so it never breaks a WATCH"),
                bind("del", KeyCommands::del),
                bind("unlink", KeyCommands::del),
                bind("rename", ctx -> rename(ctx, false)),
                bind("renamenx", ctx -> rename(ctx, true)),
                bind("expire", ctx -> expire(ctx, false, true)),
                bind("pexpire", ctx -> expire(ctx, false, false)),
                bind("expireat", ctx -> expire(ctx, true, true)),
                bind("pexpireat", ctx -> expire(ctx, true, false)),
                bind("ttl", ctx -> ttl(ctx, false, false)),
                bind("pttl", ctx -> ttl(ctx, true, false)),
                bind("expiretime", ctx -> ttl(ctx, false, true)),
                bind("pexpiretime", ctx -> ttl(ctx, true, true)),
                bind("move", KeyCommands::move)
                        .teaching("Moves a key to another database; touches a WATCH in both"),
                bind("persist", KeyCommands::persist));
    }

    private static Reply keys(CommandContext ctx) {
        byte[] pattern = ctx.arg(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        Database db = ctx.db();
        List<Reply> out = new ArrayList<>();
        for (Key key : db.keys()) {
            if ((all || Glob.matches(pattern, key.bytes())) && !db.isExpired(key)) out.add(Reply.bulk(key.bytes()));
        }
        if (out.size() > 1) ctx.orderUndefined("the keyspace hash table");
        return Reply.array(out);
    }

    private static Reply exists(CommandContext ctx) {
        long count = 0;
        for (int i = 1; i < ctx.argc(); i++) if (ctx.db().lookup(ctx.key(i)) != null) count++;
        return Reply.integer(count);
    }

    private static Reply del(CommandContext ctx) {
        long deleted = 0;
        Database db = ctx.db();
        for (int i = 1; i < ctx.argc(); i++) {
            Key key = ctx.key(i);
            db.lookup(key); // expire first, as Redis's expireIfNeeded does
            if (db.remove(key)) {
                db.modified(key);
                deleted++;
            }
        }
        return Reply.integer(deleted);
    }

    private static Reply rename(CommandContext ctx, boolean nx) {
        Database db = ctx.db();
        Key from = ctx.key(1);
        Key to = ctx.key(2);
        RedisValue value = db.lookup(from);
        if (value == null) return Errors.NO_SUCH_KEY;
        if (from.equals(to)) return nx ? Reply.ZERO : Reply.OK;
        long expireAt = db.expireAt(from);
        if (db.lookup(to) != null) {
            if (nx) return Reply.ZERO;
            db.remove(to);
        }
        db.put(to, value, false);
        if (expireAt >= 0) db.setExpire(to, expireAt);
        db.remove(from);
        db.modified(from);
        db.modified(to);
        return nx ? Reply.ONE : Reply.OK;
    }

    private static Reply expire(CommandContext ctx, boolean absolute, boolean seconds) {
        boolean nx = false, xx = false, gt = false, lt = false;
        for (int i = 3; i < ctx.argc(); i++) {
            if (ctx.isOption(i, "nx")) nx = true;
            else if (ctx.isOption(i, "xx")) xx = true;
            else if (ctx.isOption(i, "gt")) gt = true;
            else if (ctx.isOption(i, "lt")) lt = true;
            else return Reply.error("ERR Unsupported option " + cText(ctx.arg(i)));
        }
        if ((nx && xx) || (nx && gt) || (nx && lt)) {
            return Reply.error("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) return Reply.error("ERR GT and LT options at the same time are not compatible");

        String name = ctx.commandName();
        long when = ctx.longArg(2);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) return Errors.invalidExpireTime(name);
            when *= 1000;
        }
        long base = absolute ? 0 : ctx.now();
        if (when > Long.MAX_VALUE - base) return Errors.invalidExpireTime(name);
        when += base;

        Database db = ctx.db();
        Key key = ctx.key(1);
        if (db.lookup(key) == null) return Reply.ZERO;
        long current = db.expireAt(key);
        if (nx && current != -1) return Reply.ZERO;
        if (xx && current == -1) return Reply.ZERO;
        if (gt && (when <= current || current == -1)) return Reply.ZERO;
        if (lt && current != -1 && when >= current) return Reply.ZERO;

        if (when <= ctx.now()) {
            // Already in the past: Redis deletes the key at once.
            db.remove(key);
        } else {
            db.setExpire(key, when);
        }
        db.modified(key);
        return Reply.ONE;
    }

    private static Reply ttl(CommandContext ctx, boolean millis, boolean absolute) {
        Database db = ctx.db();
        Key key = ctx.key(1);
        if (db.lookup(key) == null) return Reply.integer(-2);
        long expireAt = db.expireAt(key);
        if (expireAt == -1) return Reply.integer(-1);
        long ttl = absolute ? expireAt : Math.max(0, expireAt - ctx.now());
        return Reply.integer(millis ? ttl : (ttl + 500) / 1000);
    }

    private static Reply move(CommandContext ctx) {
        long target = ctx.longArg(2);
        if (target < Integer.MIN_VALUE || target > Integer.MAX_VALUE) {
            return Reply.error("ERR value is out of range, value must between -2147483648 and 2147483647");
        }
        if (target < 0 || target >= dev.txlab.engine.Engine.DATABASES) return Errors.DB_INDEX_OUT_OF_RANGE;
        Database source = ctx.db();
        Database destination = ctx.engine().database((int) target);
        if (source == destination) return Reply.error("ERR source and destination objects are the same");
        Key key = ctx.key(1);
        RedisValue value = source.lookup(key);
        if (value == null) return Reply.ZERO;
        long expireAt = source.expireAt(key);
        if (destination.lookup(key) != null) return Reply.ZERO;
        destination.put(key, value, false);
        if (expireAt >= 0) destination.setExpire(key, expireAt);
        source.remove(key);
        source.modified(key);
        destination.modified(key);
        return Reply.ONE;
    }

    private static Reply persist(CommandContext ctx) {
        Database db = ctx.db();
        Key key = ctx.key(1);
        if (db.lookup(key) == null || !db.removeExpire(key)) return Reply.ZERO;
        db.modified(key);
        return Reply.ONE;
    }

    /** An argument as C's %s prints it: up to the first NUL. */
    static String cText(byte[] arg) {
        int n = 0;
        while (n < arg.length && arg[n] != 0) n++;
        return new String(arg, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
