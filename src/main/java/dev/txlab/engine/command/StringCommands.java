package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.LongDouble;
import dev.txlab.engine.Notifications;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.StringValue;
import dev.txlab.engine.table.Binding;
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

    /**
     * The longest array Java can allocate: strings beyond it are refused in one line even when
     * proto-max-bulk-len (which CONFIG SET can raise past 2 GB) would let Redis build them.
     */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

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
                bind("substr", StringCommands::getrange),
                bind("setrange", StringCommands::setrange),
                bind("lcs", StringCommands::lcs));
    }

    /** The string at key, null when missing, WRONGTYPE for other types. */
    static byte[] getString(CommandContext ctx, Key key) {
        StringValue v = ctx.lookup(key, StringValue.class);
        return v == null ? null : v.bytes();
    }

    /** proto-max-bulk-len: the longest string a command may build (512 MB by default). */
    static long maxBulkLen(CommandContext ctx) {
        return ctx.engine().config().getLong("proto-max-bulk-len");
    }

    /**
     * Whether integers 0 to 9999 are stored as Redis's shared objects: not when maxmemory is set
     * with an LRU or LFU policy, which needs a private object per key (MAXMEMORY_FLAG_NO_SHARED_INTEGERS).
     */
    static boolean sharedIntegers(CommandContext ctx) {
        if (ctx.engine().config().maxmemory() == 0) return true;
        String policy = ctx.engine().config().get("maxmemory-policy");
        return !(policy.endsWith("-lru") || policy.endsWith("-lfu"));
    }

    /** A value stored as given (SET, MSET, GETSET ...): tryObjectEncoding's choice of encoding. */
    static StringValue stored(CommandContext ctx, byte[] bytes) {
        return StringValue.stored(bytes, sharedIntegers(ctx));
    }

    /**
     * Redis's checkStringLength: size + append (as unsigned, so an overflow counts as too long)
     * must not exceed proto-max-bulk-len.
     */
    static void checkStringLength(CommandContext ctx, long size, long append) {
        long total = size + append;
        if (total > maxBulkLen(ctx) || total < size || total < append) throw new CommandFailed(stringTooLong());
    }

    /**
     * A zero-filled array for a string of n bytes whose length Redis's limits already allowed, or
     * a one-line error where the JVM cannot hold what Redis would (past 2 GB, or out of heap).
     */
    static byte[] allocate(long n) {
        if (n > MAX_ARRAY) {
            throw new CommandFailed(Reply.error("ERR txlab does not hold strings of more than " + MAX_ARRAY
                    + " bytes (Java's array limit); Redis would build this one of " + n + " bytes"));
        }
        try {
            return new byte[(int) n];
        } catch (OutOfMemoryError e) {
            throw new CommandFailed(Reply.error("ERR txlab ran out of memory building a string of " + n
                    + " bytes (the JVM's heap is too small; Redis would allocate it)"));
        }
    }

    /** current, zero-padded to at least n bytes, in a new array (sdsgrowzero on a private copy). */
    static byte[] grownCopy(byte[] current, long n) {
        if (n <= current.length) return current.clone();
        byte[] out = allocate(n);
        System.arraycopy(current, 0, out, 0, current.length);
        return out;
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
        db.put(key, stored(ctx, value), o.keepTtl());
        db.modified(key);
        Notifications.event(ctx, Notifications.STRING, "set", key);
        if (expireAt >= 0) {
            db.setExpire(key, expireAt);
            Notifications.event(ctx, Notifications.GENERIC, "expire", key);
            ctx.propagateAs("SET", key, value, "PXAT", expireAt); // replicas get the absolute time
        } else if (o.get()) {
            List<byte[]> argv = new ArrayList<>(); // replicas do not need GET
            for (int j = 0; j < ctx.argc(); j++) if (j < 3 || !dev.txlab.engine.Bytes.equalsIgnoreCase(ctx.arg(j), "get")) argv.add(ctx.arg(j));
            ctx.propagateAs(argv);
        }
        if (o.get()) return old;
        return okReply != null ? okReply : Reply.OK;
    }

    private static Reply getset(CommandContext ctx) {
        Key key = ctx.key(1);
        Reply old = Reply.bulkOrNil(getString(ctx, key));
        ctx.db().put(key, stored(ctx, ctx.arg(2)), false);
        ctx.db().modified(key);
        ctx.propagateAs("SET", key, ctx.arg(2));
        Notifications.event(ctx, Notifications.STRING, "set", key);
        return old;
    }

    private static Reply getdel(CommandContext ctx) {
        Key key = ctx.key(1);
        byte[] value = getString(ctx, key);
        if (value == null) return Reply.NIL;
        ctx.db().remove(key);
        ctx.db().modified(key);
        ctx.propagateAs(ctx.delOrUnlink("lazyfree-lazy-user-del"), key);
        Notifications.event(ctx, Notifications.GENERIC, "del", key);
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
            boolean past = o.absolute() && when <= ctx.now();
            if (past) {
                db.remove(key);
                ctx.propagateAs(ctx.delOrUnlink("lazyfree-lazy-expire"), key);
            } else {
                db.setExpire(key, when);
                ctx.propagateAs("PEXPIREAT", key, when);
            }
            db.modified(key);
            Notifications.event(ctx, Notifications.GENERIC, past ? "del" : "expire", key);
        } else if (o.persist() && db.removeExpire(key)) {
            db.modified(key);
            ctx.propagateAs("PERSIST", key);
            Notifications.event(ctx, Notifications.GENERIC, "persist", key);
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
            db.lookup(key); // setKey's lookupKeyWrite: a key past its TTL is deleted first
            db.put(key, stored(ctx, ctx.arg(j + 1)), false);
            db.modified(key);
            Notifications.event(ctx, Notifications.STRING, "set", key);
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

    /**
     * Redis's incrDecrCommand: the stored value must be a canonical 64-bit integer. An unshared
     * int-encoded value is overwritten in place (the same object for DEBUG OBJECT); otherwise a
     * new int-encoded value replaces it, one of the shared 0..9999 objects where allowed.
     */
    private static Reply incrDecr(CommandContext ctx, long increment) {
        Key key = ctx.key(1);
        StringValue current = ctx.lookup(key, StringValue.class);
        long value = 0;
        if (current != null) {
            Long parsed = Numbers.parseLong(current.bytes());
            if (parsed == null) return Errors.NOT_INTEGER;
            value = parsed;
        }
        if (Numbers.addOverflows(value, increment)) return Errors.OVERFLOW;
        value += increment;
        StringValue next = current != null && current.modifiableInPlace(value)
                ? current.withInteger(value)
                : StringValue.ofInteger(value, sharedIntegers(ctx));
        ctx.db().put(key, next, true);
        ctx.db().modified(key);
        Notifications.event(ctx, Notifications.STRING, "incrby", key);
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
        // createStringObject, not tryObjectEncoding: "3" stays embstr
        ctx.db().put(key, StringValue.created(text), true);
        ctx.db().modified(key);
        ctx.propagateAs("SET", key, text, "KEEPTTL"); // the result, so replicas never round differently
        Notifications.event(ctx, Notifications.STRING, "incrbyfloat", key);
        return Reply.bulk(text);
    }

    /**
     * APPEND: a missing key is created as SET would store the argument; an existing string gets a
     * raw copy with the suffix (even an empty one: Redis unshares it and signals the key anyway).
     */
    private static Reply append(CommandContext ctx) {
        Key key = ctx.key(1);
        StringValue current = ctx.lookup(key, StringValue.class);
        byte[] suffix = ctx.arg(2);
        StringValue result;
        if (current == null) {
            result = stored(ctx, suffix);
        } else {
            checkStringLength(ctx, current.length(), suffix.length);
            byte[] joined = grownCopy(current.bytes(), (long) current.length() + suffix.length);
            System.arraycopy(suffix, 0, joined, current.length(), suffix.length);
            result = StringValue.raw(joined);
        }
        ctx.db().put(key, result, true);
        ctx.db().modified(key);
        Notifications.event(ctx, Notifications.STRING, "append", key);
        return Reply.integer(result.length());
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

    /**
     * SETRANGE: an empty value changes nothing (not even the encoding); otherwise the string is
     * zero-padded as needed into a raw copy, within proto-max-bulk-len.
     */
    private static Reply setrange(CommandContext ctx) {
        long offset = ctx.longArg(2);
        if (offset < 0) return Reply.error("ERR offset is out of range");
        Key key = ctx.key(1);
        byte[] value = ctx.arg(3);
        StringValue current = ctx.lookup(key, StringValue.class);
        if (value.length == 0) return Reply.integer(current == null ? 0 : current.length());
        checkStringLength(ctx, offset, value.length);
        byte[] result = grownCopy(current == null ? new byte[0] : current.bytes(), offset + value.length);
        System.arraycopy(value, 0, result, (int) offset, value.length);
        ctx.db().put(key, StringValue.raw(result), true);
        ctx.db().modified(key);
        Notifications.event(ctx, Notifications.STRING, "setrange", key);
        return Reply.integer(result.length);
    }

    /**
     * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN], as t_string.c's lcsCommand: the
     * classic dynamic-programming table, then a walk back from its corner that emits the matched
     * ranges last-to-first, preferring to move in the first string only when that keeps a longer
     * LCS. Missing keys count as empty strings.
     */
    private static Reply lcs(CommandContext ctx) {
        RedisValue va = ctx.db().lookup(ctx.key(1));
        RedisValue vb = ctx.db().lookup(ctx.key(2));
        if ((va != null && !(va instanceof StringValue)) || (vb != null && !(vb instanceof StringValue))) {
            return Reply.error("ERR The specified keys must contain string values");
        }
        byte[] a = va == null ? new byte[0] : ((StringValue) va).bytes();
        byte[] b = vb == null ? new byte[0] : ((StringValue) vb).bytes();
        boolean getLen = false, getIdx = false, withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < ctx.argc(); j++) {
            boolean moreArgs = j < ctx.argc() - 1;
            if (ctx.isOption(j, "idx")) getIdx = true;
            else if (ctx.isOption(j, "len")) getLen = true;
            else if (ctx.isOption(j, "withmatchlen")) withMatchLen = true;
            else if (ctx.isOption(j, "minmatchlen") && moreArgs) {
                minMatchLen = Math.max(0, ctx.longArg(j + 1));
                j++;
            } else {
                return Errors.SYNTAX;
            }
        }
        if (getLen && getIdx) return Reply.error("ERR If you want both the length and indexes, please just use IDX.");
        // Redis allocates (alen+1)*(blen+1) 32-bit cells and refuses a table past proto-max-bulk-len.
        long cells = ((long) a.length + 1) * ((long) b.length + 1);
        if (cells * 4 > maxBulkLen(ctx) || cells * 4 / 4 != cells) {
            return Reply.error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        if (getLen && !getIdx) return Reply.integer(LcsTable.length(a, b));
        LcsTable table = LcsTable.build(a, b);
        if (table == null) return Reply.error("ERR Insufficient memory, failed allocating transient memory for LCS");
        return table.reply(getIdx, withMatchLen, minMatchLen);
    }

    /**
     * The LCS table stored compactly: along a row, LCS(i, j) - LCS(i, j-1) is 0 or 1, so each row
     * is a bitmap of those steps plus a running count per 64 columns. That is 1.5 bits a cell
     * instead of Redis's 32, so the largest table proto-max-bulk-len allows (128M cells by
     * default) takes 24 MB of heap.
     */
    private static final class LcsTable {
        private final byte[] a, b;
        private final int words; // longs per row
        private final long[] steps;
        private final int[] before; // set steps in the row's earlier words

        private LcsTable(byte[] a, byte[] b, int words, long[] steps, int[] before) {
            this.a = a;
            this.b = b;
            this.words = words;
            this.steps = steps;
            this.before = before;
        }

        /** The LCS length alone, keeping two rows. */
        static long length(byte[] a, byte[] b) {
            int[] prev = new int[b.length + 1], cur = new int[b.length + 1];
            for (int i = 1; i <= a.length; i++) {
                fillRow(a[i - 1], b, prev, cur);
                int[] t = prev; prev = cur; cur = t;
            }
            return prev[b.length];
        }

        private static void fillRow(byte ai, byte[] b, int[] prev, int[] cur) {
            cur[0] = 0;
            for (int j = 1; j <= b.length; j++) {
                cur[j] = ai == b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
        }

        /** The whole table, or null when the heap cannot hold it (Redis's failed allocation). */
        static LcsTable build(byte[] a, byte[] b) {
            int words = (b.length >> 6) + 1;
            long size = ((long) a.length + 1) * words;
            if (size > MAX_ARRAY) return null;
            long[] steps;
            int[] before;
            try {
                steps = new long[(int) size];
                before = new int[(int) size];
            } catch (OutOfMemoryError e) {
                return null;
            }
            int[] prev = new int[b.length + 1], cur = new int[b.length + 1];
            for (int i = 1; i <= a.length; i++) {
                fillRow(a[i - 1], b, prev, cur);
                int row = i * words;
                for (int j = 1; j <= b.length; j++) {
                    if (cur[j] != cur[j - 1]) steps[row + (j >> 6)] |= 1L << (j & 63);
                }
                int count = 0;
                for (int w = 0; w < words; w++) {
                    before[row + w] = count;
                    count += Long.bitCount(steps[row + w]);
                }
                int[] t = prev; prev = cur; cur = t;
            }
            return new LcsTable(a, b, words, steps, before);
        }

        /** LCS(i, j): the length of the LCS of a's first i bytes and b's first j bytes. */
        int at(int i, int j) {
            int cell = i * words + (j >> 6);
            int bit = j & 63;
            long mask = bit == 63 ? -1L : (1L << (bit + 1)) - 1;
            return before[cell] + Long.bitCount(steps[cell] & mask);
        }

        Reply reply(boolean getIdx, boolean withMatchLen, long minMatchLen) {
            int alen = a.length, blen = b.length;
            int idx = at(alen, blen);
            byte[] result = new byte[idx];
            List<Reply> matches = new ArrayList<>();
            int aStart = alen, aEnd = 0, bStart = 0, bEnd = 0; // aStart == alen: no range open
            int i = alen, j = blen;
            while (i > 0 && j > 0) {
                boolean emit = false;
                if (a[i - 1] == b[j - 1]) {
                    result[idx - 1] = a[i - 1];
                    if (aStart == alen) {
                        aStart = aEnd = i - 1;
                        bStart = bEnd = j - 1;
                    } else if (aStart == i && bStart == j) {
                        aStart--;
                        bStart--;
                    } else {
                        emit = true;
                    }
                    if (aStart == 0 || bStart == 0) emit = true;
                    idx--; i--; j--;
                } else {
                    if (at(i - 1, j) > at(i, j - 1)) i--;
                    else j--;
                    if (aStart != alen) emit = true;
                }
                if (emit) {
                    long matchLen = aEnd - aStart + 1;
                    if (getIdx && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                        List<Reply> match = new ArrayList<>(3);
                        match.add(Reply.array(List.of(Reply.integer(aStart), Reply.integer(aEnd))));
                        match.add(Reply.array(List.of(Reply.integer(bStart), Reply.integer(bEnd))));
                        if (withMatchLen) match.add(Reply.integer(matchLen));
                        matches.add(Reply.array(match));
                    }
                    aStart = alen;
                }
            }
            if (!getIdx) return Reply.bulk(result);
            return Reply.map(List.of(Reply.bulk("matches"), Reply.array(matches),
                    Reply.bulk("len"), Reply.integer(at(alen, blen))));
        }
    }

    private static Reply.Error stringTooLong() {
        return Reply.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    }
}
