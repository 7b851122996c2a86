package dev.txlab.engine.command;

import static dev.txlab.engine.table.CommandSpec.command;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.Flag;
import dev.txlab.engine.table.Group;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** Generic key commands: KEYS, TYPE, EXISTS, DEL, RENAME, the EXPIRE family, TTL, PERSIST. */
public final class KeyCommands {
    private KeyCommands() {}

    public static List<CommandSpec> all() {
        return List.of(
                command("keys", 2, Group.GENERIC).flags(Flag.READONLY, Flag.UNORDERED_REPLY).syntax("pattern")
                        .summary("Lists the keys matching a glob pattern (order not defined)")
                        .runs(KeyCommands::keys),
                command("type", 2, Group.GENERIC).flags(Flag.READONLY, Flag.FAST).firstKey().syntax("key")
                        .summary("Names the type of the value at key, or none")
                        .runs(ctx -> {
                            RedisValue v = ctx.db().lookup(ctx.key(1));
                            return new Reply.Simple(v == null ? "none" : v.typeName());
                        }),
                command("exists", -2, Group.GENERIC).flags(Flag.READONLY, Flag.FAST).keys(1, -1, 1)
                        .syntax("key [key ...]").summary("Counts how many of the keys exist")
                        .runs(KeyCommands::exists),
                command("touch", -2, Group.GENERIC).flags(Flag.READONLY, Flag.FAST).keys(1, -1, 1)
                        .syntax("key [key ...]").summary("Counts existing keys; a read, so it never breaks a WATCH")
                        .runs(KeyCommands::exists),
                command("del", -2, Group.GENERIC).flags(Flag.WRITE).keys(1, -1, 1)
                        .syntax("key [key ...]").summary("Deletes keys; answers how many existed")
                        .runs(KeyCommands::del),
                command("unlink", -2, Group.GENERIC).flags(Flag.WRITE, Flag.FAST).keys(1, -1, 1)
                        .syntax("key [key ...]").summary("Deletes keys (memory freed in the background)")
                        .runs(KeyCommands::del),
                command("rename", 3, Group.GENERIC).flags(Flag.WRITE).keys(1, 2, 1)
                        .syntax("key newkey").summary("Renames a key, replacing newkey if it exists")
                        .runs(ctx -> rename(ctx, false)),
                command("renamenx", 3, Group.GENERIC).flags(Flag.WRITE, Flag.FAST).keys(1, 2, 1)
                        .syntax("key newkey").summary("Renames a key only if newkey does not exist")
                        .runs(ctx -> rename(ctx, true)),
                command("expire", -3, Group.GENERIC).flags(Flag.WRITE, Flag.FAST).firstKey()
                        .syntax("key seconds [NX|XX|GT|LT]").summary("Sets a time to live in seconds")
                        .runs(ctx -> expire(ctx, false, true)),
                command("pexpire", -3, Group.GENERIC).flags(Flag.WRITE, Flag.FAST).firstKey()
                        .syntax("key milliseconds [NX|XX|GT|LT]").summary("Sets a time to live in milliseconds")
                        .runs(ctx -> expire(ctx, false, false)),
                command("expireat", -3, Group.GENERIC).flags(Flag.WRITE, Flag.FAST).firstKey()
                        .syntax("key unix-time-seconds [NX|XX|GT|LT]").summary("Sets an expiry as a Unix time in seconds")
                        .runs(ctx -> expire(ctx, true, true)),
                command("pexpireat", -3, Group.GENERIC).flags(Flag.WRITE, Flag.FAST).firstKey()
                        .syntax("key unix-time-milliseconds [NX|XX|GT|LT]").summary("Sets an expiry as a Unix time in milliseconds")
                        .runs(ctx -> expire(ctx, true, false)),
                command("ttl", 2, Group.GENERIC).flags(Flag.READONLY, Flag.FAST).firstKey().syntax("key")
                        .summary("Seconds left to live; -1 without expiry, -2 when missing")
                        .runs(ctx -> ttl(ctx, false, false)),
                command("pttl", 2, Group.GENERIC).flags(Flag.READONLY, Flag.FAST).firstKey().syntax("key")
                        .summary("Milliseconds left to live; -1 without expiry, -2 when missing")
                        .runs(ctx -> ttl(ctx, true, false)),
                command("expiretime", 2, Group.GENERIC).flags(Flag.READONLY, Flag.FAST).firstKey().syntax("key")
                        .summary("The expiry as a Unix time in seconds")
                        .runs(ctx -> ttl(ctx, false, true)),
                command("pexpiretime", 2, Group.GENERIC).flags(Flag.READONLY, Flag.FAST).firstKey().syntax("key")
                        .summary("The expiry as a Unix time in milliseconds")
                        .runs(ctx -> ttl(ctx, true, true)),
                command("move", 3, Group.GENERIC).flags(Flag.WRITE, Flag.FAST).firstKey().syntax("key db")
                        .summary("Moves a key to another database; touches a WATCH in both")
                        .runs(KeyCommands::move),
                command("persist", 2, Group.GENERIC).flags(Flag.WRITE, Flag.FAST).firstKey().syntax("key")
                        .summary("Removes the time to live")
                        .runs(KeyCommands::persist));
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
