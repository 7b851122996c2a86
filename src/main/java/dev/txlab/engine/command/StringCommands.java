package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.LongDouble;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.StringValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** String commands, as in Redis's t_string.c. */
public final class StringCommands {
    private StringCommands() {}

    /** proto-max-bulk-len: the largest string Redis will build (512 MB). */
    static final long MAX_STRING = 512L * 1024 * 1024;

    public static List<Binding> bindings() {
        return List.of(
                bind("set", StringCommands::set),
                bind("get", ctx -> Reply.bulkOrNil(getString(ctx, ctx.key(1)))),
                bind("getset", StringCommands::getset),
                bind("getdel", StringCommands::getdel),
                bind("getex", StringCommands::getex),
                bind("setnx", ctx -> setGeneric(ctx, SetOptions.onlyIfMissing(), ctx.key(1), ctx.arg(2), Reply.ONE, Reply.ZERO)),
                bind("setex", ctx -> setGeneric(ctx, SetOptions.expiring(ctx.arg(2), true, false), ctx.key(1), ctx.arg(3), null, null)),
                bind("psetex", ctx -> setGeneric(ctx, SetOptions.expiring(ctx.arg(2), false, false), ctx.key(1), ctx.arg(3), null, null)),
                bind("mset", ctx -> mset(ctx, false)),
                bind("msetnx", ctx -> mset(ctx, true)),
                bind("mget", StringCommands::mget),
                bind("incr", ctx -> incrDecr(ctx, 1))
                        .teaching("Adds 1 to an integer string, atomically"),
                bind("decr", ctx -> incrDecr(ctx, -1))
                        .teaching("Subtracts 1 from an integer string, atomically"),
                bind("incrby", ctx -> incrDecr(ctx, ctx.longArg(2))),
                bind("decrby", StringCommands::decrby),
                bind("incrbyfloat", StringCommands::incrbyfloat),
                bind("append", StringCommands::append),
                bind("strlen", ctx -> {
                            byte[] v = getString(ctx, ctx.key(1));
                            return Reply.integer(v == null ? 0 : v.length);
                        }),
                bind("getrange", StringCommands::getrange),
                bind("setrange", StringCommands::setrange));
    }

    /** The string at key, null when missing, WRONGTYPE for other types. */
    static byte[] getString(CommandContext ctx, Key key) {
        StringValue v = ctx.lookup(key, StringValue.class);
        return v == null ? null : v.bytes();
    }

    /** SET's parsed options (Redis's OBJ_SET_* flags and the expire argument). */
    record SetOptions(boolean nx, boolean xx, boolean get, boolean keepTtl, boolean persist,
                      byte[] expire, boolean seconds, boolean absolute) {
        static SetOptions onlyIfMissing() { return new SetOptions(true, false, false, false, false, null, false, false); }

        static SetOptions expiring(byte[] expire, boolean seconds, boolean absolute) {
            return new SetOptions(false, false, false, false, false, expire, seconds, absolute);
        }
    }

    /**
     * Redis's parseExtendedStringArgumentsOrReply, for SET (options from argv[3]) and GETEX
     * (from argv[2]). An option conflicting with one already given is a syntax error; a repeated
     * EX simply replaces the earlier one, as in Redis.
     */
    static SetOptions parseOptions(CommandContext ctx, boolean forSet) {
        boolean nx = false, xx = false, get = false, keepTtl = false, persist = false;
        boolean ex = false, px = false, exat = false, pxat = false;
        byte[] expire = null;
        for (int j = forSet ? 3 : 2; j < ctx.argc(); j++) {
            boolean hasNext = j < ctx.argc() - 1;
            if (forSet && ctx.isOption(j, "nx") && !xx) nx = true;
            else if (forSet && ctx.isOption(j, "xx") && !nx) xx = true;
            else if (forSet && ctx.isOption(j, "get")) get = true;
            else if (forSet && ctx.isOption(j, "keepttl") && !persist && !ex && !exat && !px && !pxat) keepTtl = true;
            else if (!forSet && ctx.isOption(j, "persist") && !ex && !exat && !px && !pxat && !keepTtl) persist = true;
            else if (ctx.isOption(j, "ex") && !keepTtl && !persist && !exat && !px && !pxat && hasNext) { ex = true; expire = ctx.arg(++j); }
            else if (ctx.isOption(j, "px") && !keepTtl && !persist && !ex && !exat && !pxat && hasNext) { px = true; expire = ctx.arg(++j); }
            else if (ctx.isOption(j, "exat") && !keepTtl && !persist && !ex && !px && !pxat && hasNext) { exat = true; expire = ctx.arg(++j); }
            else if (ctx.isOption(j, "pxat") && !keepTtl && !persist && !ex && !exat && !px && hasNext) { pxat = true; expire = ctx.arg(++j); }
            else throw new CommandFailed(Errors.SYNTAX);
        }
        return new SetOptions(nx, xx, get, keepTtl, persist, expire, ex || exat, exat || pxat);
    }

    /** Redis's getExpireMillisecondsOrReply: the absolute expiry time in milliseconds. */
    static long expireMillis(CommandContext ctx, SetOptions o) {
        Long parsed = Numbers.parseLong(o.expire());
        if (parsed == null) throw new CommandFailed(Errors.NOT_INTEGER);
        long ms = parsed;
        if (ms <= 0 || (o.seconds() && ms > Long.MAX_VALUE / 1000)) {
            throw new CommandFailed(Errors.invalidExpireTime(ctx.commandName()));
        }
        if (o.seconds()) ms *= 1000;
        if (!o.absolute()) ms += ctx.now(); // may overflow to negative, caught below as in C
        if (ms <= 0) throw new CommandFailed(Errors.invalidExpireTime(ctx.commandName()));
        return ms;
    }

    private static Reply set(CommandContext ctx) {
        return setGeneric(ctx, parseOptions(ctx, true), ctx.key(1), ctx.arg(2), null, null);
    }

    /** Redis's setGenericCommand, shared by SET, SETNX, SETEX and PSETEX. */
    static Reply setGeneric(CommandContext ctx, SetOptions o, Key key, byte[] value, Reply okReply, Reply abortReply) {
        long expireAt = o.expire() == null ? -1 : expireMillis(ctx, o);
        Reply old = null;
        if (o.get()) old = Reply.bulkOrNil(getString(ctx, key)); // WRONGTYPE stops here, key untouched
        Database db = ctx.db();
        boolean found = db.lookup(key) != null;
        if ((o.nx() && found) || (o.xx() && !found)) {
            return o.get() ? old : (abortReply != null ? abortReply : Reply.NIL);
        }
        db.put(key, new StringValue(value), o.keepTtl());
        db.modified(key);
        if (expireAt >= 0) db.setExpire(key, expireAt);
        if (o.get()) return old;
        return okReply != null ? okReply : Reply.OK;
    }

    private static Reply getset(CommandContext ctx) {
        Key key = ctx.key(1);
        Reply old = Reply.bulkOrNil(getString(ctx, key));
        ctx.db().put(key, new StringValue(ctx.arg(2)), false);
        ctx.db().modified(key);
        return old;
    }

    private static Reply getdel(CommandContext ctx) {
        Key key = ctx.key(1);
        byte[] value = getString(ctx, key);
        if (value == null) return Reply.NIL;
        ctx.db().remove(key);
        ctx.db().modified(key);
        return Reply.bulk(value);
    }

    private static Reply getex(CommandContext ctx) {
        SetOptions o = parseOptions(ctx, false);
        Key key = ctx.key(1);
        byte[] value = getString(ctx, key);
        if (value == null) return Reply.NIL;
        Database db = ctx.db();
        if (o.expire() != null) {
            long when = expireMillis(ctx, o);
            if (o.absolute() && when <= ctx.now()) db.remove(key);
            else db.setExpire(key, when);
            db.modified(key);
        } else if (o.persist() && db.removeExpire(key)) {
            db.modified(key);
        }
        return Reply.bulk(value);
    }

    private static Reply mset(CommandContext ctx, boolean nx) {
        if (ctx.argc() % 2 == 0) return Errors.wrongArity(ctx.commandName());
        Database db = ctx.db();
        if (nx) {
            for (int j = 1; j < ctx.argc(); j += 2) if (db.lookup(ctx.key(j)) != null) return Reply.ZERO;
        }
        for (int j = 1; j < ctx.argc(); j += 2) {
            Key key = ctx.key(j);
            db.put(key, new StringValue(ctx.arg(j + 1)), false);
            db.modified(key);
        }
        return nx ? Reply.ONE : Reply.OK;
    }

    private static Reply mget(CommandContext ctx) {
        List<Reply> out = new ArrayList<>(ctx.argc() - 1);
        for (int j = 1; j < ctx.argc(); j++) {
            RedisValue v = ctx.db().lookup(ctx.key(j));
            out.add(v instanceof StringValue s ? Reply.bulk(s.bytes()) : Reply.NIL);
        }
        return Reply.array(out);
    }

    private static Reply decrby(CommandContext ctx) {
        long decrement = ctx.longArg(2);
        if (decrement == Long.MIN_VALUE) return Reply.error("ERR decrement would overflow");
        return incrDecr(ctx, -decrement);
    }

    /** Redis's incrDecrCommand: the stored value must be a canonical 64-bit integer. */
    private static Reply incrDecr(CommandContext ctx, long increment) {
        Key key = ctx.key(1);
        byte[] current = getString(ctx, key);
        long value = 0;
        if (current != null) {
            Long parsed = Numbers.parseLong(current);
            if (parsed == null) return Errors.NOT_INTEGER;
            value = parsed;
        }
        if (Numbers.addOverflows(value, increment)) return Errors.OVERFLOW;
        value += increment;
        ctx.db().put(key, new StringValue(Bytes.ascii(value)), true);
        ctx.db().modified(key);
        return Reply.integer(value);
    }

    private static Reply incrbyfloat(CommandContext ctx) {
        Key key = ctx.key(1);
        byte[] current = getString(ctx, key);
        LongDouble.Parsed value = current == null ? new LongDouble.Parsed(BigDecimal.ZERO, false) : LongDouble.parse(current);
        if (value == null) return Errors.NOT_FLOAT;
        LongDouble.Parsed increment = LongDouble.parse(ctx.arg(2));
        if (increment == null) return Errors.NOT_FLOAT;
        if (value.infinite() || increment.infinite()) return Errors.NAN_OR_INFINITY;
        BigDecimal sum = LongDouble.add(value.value(), increment.value());
        if (sum == null) return Errors.NAN_OR_INFINITY;
        byte[] text = LongDouble.formatHuman(sum).getBytes(StandardCharsets.US_ASCII);
        ctx.db().put(key, new StringValue(text), true);
        ctx.db().modified(key);
        return Reply.bulk(text);
    }

    private static Reply append(CommandContext ctx) {
        Key key = ctx.key(1);
        byte[] current = getString(ctx, key);
        byte[] suffix = ctx.arg(2);
        byte[] result;
        if (current == null) {
            result = suffix;
        } else {
            if ((long) current.length + suffix.length > MAX_STRING) return stringTooLong();
            result = Bytes.concat(current, suffix);
        }
        ctx.db().put(key, new StringValue(result), true);
        ctx.db().modified(key);
        return Reply.integer(result.length);
    }

    private static Reply getrange(CommandContext ctx) {
        long start = ctx.longArg(2);
        long end = ctx.longArg(3);
        byte[] s = getString(ctx, ctx.key(1));
        if (s == null) return Reply.bulk(new byte[0]);
        long len = s.length;
        if (start < 0 && end < 0 && start > end) return Reply.bulk(new byte[0]);
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= len) end = len - 1;
        if (start > end || len == 0) return Reply.bulk(new byte[0]);
        return Reply.bulk(Arrays.copyOfRange(s, (int) start, (int) end + 1));
    }

    private static Reply setrange(CommandContext ctx) {
        long offset = ctx.longArg(2);
        if (offset < 0) return Reply.error("ERR offset is out of range");
        Key key = ctx.key(1);
        byte[] value = ctx.arg(3);
        byte[] current = getString(ctx, key);
        if (current == null) {
            if (value.length == 0) return Reply.ZERO;
            if (offset > MAX_STRING - value.length) return stringTooLong(); // offset + length could overflow
            current = new byte[0];
        } else {
            if (value.length == 0) return Reply.integer(current.length);
            if (offset > MAX_STRING - value.length) return stringTooLong();
        }
        byte[] result = Arrays.copyOf(current, (int) Math.max(current.length, offset + value.length));
        System.arraycopy(value, 0, result, (int) offset, value.length);
        ctx.db().put(key, new StringValue(result), true);
        ctx.db().modified(key);
        return Reply.integer(result.length);
    }

    private static Reply stringTooLong() {
        return Reply.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    }
}
