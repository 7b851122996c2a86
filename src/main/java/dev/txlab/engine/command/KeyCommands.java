package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Notifications;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.HashValue;
import dev.txlab.engine.keyspace.ListValue;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.keyspace.SortedSetValue;
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
                            RedisValue v = ctx.db().lookupNoTouch(ctx.key(1));
                            return new Reply.Simple(v == null ? "none" : v.typeName());
                        }),
                bind("exists", KeyCommands::exists),
                bind("touch", KeyCommands::touch)
                        .teaching("Counts existing keys and marks them used; a read, so it never breaks a WATCH"),
                bind("copy", KeyCommands::copy)
                        .teaching("Copies a value to another key (or database); touches a WATCH on the destination"),
                bind("randomkey", KeyCommands::randomkey),
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

    /** EXISTS looks keys up without touching them (LOOKUP_NOTOUCH). */
    private static Reply exists(CommandContext ctx) {
        long count = 0;
        for (int i = 1; i < ctx.argc(); i++) if (ctx.db().lookupNoTouch(ctx.key(i)) != null) count++;
        return Reply.integer(count);
    }

    /** TOUCH: EXISTS that counts as an access (OBJECT IDLETIME starts again from 0). */
    private static Reply touch(CommandContext ctx) {
        long count = 0;
        for (int i = 1; i < ctx.argc(); i++) if (ctx.db().lookup(ctx.key(i)) != null) count++;
        return Reply.integer(count);
    }

    /** COPY source destination [DB destination-db] [REPLACE], as db.c's copyCommand. */
    private static Reply copy(CommandContext ctx) {
        Database src = ctx.db();
        Database dst = src;
        boolean replace = false;
        for (int j = 3; j < ctx.argc(); j++) {
            int additional = ctx.argc() - j - 1;
            if (ctx.isOption(j, "replace")) {
                replace = true;
            } else if (ctx.isOption(j, "db") && additional >= 1) {
                long id = ctx.longArg(j + 1);
                if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) {
                    return Reply.error("ERR value is out of range, value must between -2147483648 and 2147483647");
                }
                if (id < 0 || id >= dev.txlab.engine.Engine.DATABASES) return Reply.error("ERR DB index is out of range");
                dst = ctx.engine().database((int) id);
                j++;
            } else {
                return Errors.SYNTAX;
            }
        }
        Key key = ctx.key(1);
        Key newKey = ctx.key(2);
        if (src == dst && key.equals(newKey)) return Reply.error("ERR source and destination objects are the same");
        RedisValue value = src.lookup(key);
        if (value == null) return Reply.ZERO;
        long expireAt = src.expireAt(key);
        boolean delete = false;
        if (dst.lookup(newKey) != null) {
            if (!replace) return Reply.ZERO;
            delete = true;
        }
        RedisValue copy = duplicate(value);
        if (delete) dst.remove(newKey);
        dst.put(newKey, copy, false);
        if (expireAt >= 0) dst.setExpire(newKey, expireAt);
        dst.modified(newKey);
        Notifications.event(ctx, Notifications.GENERIC, "copy_to", newKey, dst.index());
        return Reply.ONE;
    }

    /** A value's deep copy in the same encoding (strings are immutable and shared). */
    static RedisValue duplicate(RedisValue value) {
        if (value instanceof ListValue l) return l.copy();
        if (value instanceof HashValue h) return h.copy();
        if (value instanceof SetValue s) return s.copy();
        if (value instanceof dev.txlab.engine.keyspace.StreamValue x) return x.copy();
        if (value instanceof SortedSetValue z) {
            // zsetDup keeps the encoding: a size hint past any listpack limit makes a skiplist
            SortedSetValue c = z.encoding().equals("listpack") ? new SortedSetValue(0, 0)
                    : new SortedSetValue(Integer.MAX_VALUE, Integer.MAX_VALUE);
            for (SortedSetValue.Entry e : z.entries()) c.put(e.member(), e.score());
            return c;
        }
        return value; // a string: immutable, so shared
    }

    /** RANDOMKEY: a random stored key; one found expired is deleted and another drawn. */
    private static Reply randomkey(CommandContext ctx) {
        Database db = ctx.db();
        List<Key> keys = db.keys();
        java.util.Random random = ctx.engine().random();
        while (!keys.isEmpty()) {
            int i = random.nextInt(keys.size());
            Key key = keys.get(i);
            if (db.expireAt(key) >= 0 && db.lookupNoTouch(key) == null) {
                keys.set(i, keys.get(keys.size() - 1));
                keys.remove(keys.size() - 1);
                continue;
            }
            if (db.size() > 1) ctx.orderUndefined("a random choice");
            return Reply.bulk(key.bytes());
        }
        return Reply.NIL;
    }

    private static Reply del(CommandContext ctx) {
        long deleted = 0;
        Database db = ctx.db();
        for (int i = 1; i < ctx.argc(); i++) {
            Key key = ctx.key(i);
            db.lookup(key); // expire first, as Redis's expireIfNeeded does
            if (db.remove(key)) {
                db.modified(key);
                Notifications.event(ctx, Notifications.GENERIC, "del", key);
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
        Notifications.event(ctx, Notifications.GENERIC, "rename_from", from);
        Notifications.event(ctx, Notifications.GENERIC, "rename_to", to);
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

        boolean past = when <= ctx.now();
        if (past) {
            // Already in the past: Redis deletes the key at once (replicated as that DEL).
            db.remove(key);
            ctx.propagateAs(ctx.delOrUnlink("lazyfree-lazy-expire"), key);
        } else {
            db.setExpire(key, when);
            if (!absolute || seconds) {
                // replicas get PEXPIREAT with the absolute time, the options kept
                List<byte[]> argv = new java.util.ArrayList<>(ctx.argv());
                argv.set(0, "PEXPIREAT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                argv.set(2, dev.txlab.engine.Bytes.ascii(when));
                ctx.propagateAs(argv);
            }
        }
        db.modified(key);
        Notifications.event(ctx, Notifications.GENERIC, past ? "del" : "expire", key);
        return Reply.ONE;
    }

    private static Reply ttl(CommandContext ctx, boolean millis, boolean absolute) {
        Database db = ctx.db();
        Key key = ctx.key(1);
        if (db.lookupNoTouch(key) == null) return Reply.integer(-2);
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
        Notifications.event(ctx, Notifications.GENERIC, "move_from", key, source.index());
        Notifications.event(ctx, Notifications.GENERIC, "move_to", key, destination.index());
        return Reply.ONE;
    }

    private static Reply persist(CommandContext ctx) {
        Database db = ctx.db();
        Key key = ctx.key(1);
        if (db.lookup(key) == null || !db.removeExpire(key)) return Reply.ZERO;
        db.modified(key);
        Notifications.event(ctx, Notifications.GENERIC, "persist", key);
        return Reply.ONE;
    }

    /** An argument as C's %s prints it: up to the first NUL. */
    static String cText(byte[] arg) {
        int n = 0;
        while (n < arg.length && arg[n] != 0) n++;
        return new String(arg, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
