package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.HashValue;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.keyspace.SortedSetValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.DoubleFormat;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SCAN, SSCAN, HSCAN and ZSCAN, as Redis's db.c scanGenericCommand.
 *
 * <p><b>How the cursor is defined.</b> As in Redis's dict.c, the elements live in a table of 2^k
 * buckets and an element's bucket is the low k bits of a hash of its bytes. Redis's hash is
 * SipHash with a random seed; ours is a fixed 64-bit hash ({@link #hash}), so a cursor means the
 * same bucket from one call to the next, and from one run to the next. The table size is derived
 * from the number of elements at each call, as Redis's table would have grown or shrunk: the
 * smallest power of two at least the element count, and at least 4. The cursor is a bucket index,
 * visited in Redis's reverse-binary order (the cursor's bits are reversed, incremented, reversed
 * back), which is what makes Redis's guarantee hold across resizes: an element present from the
 * first call to the last is returned at least once, whatever is added or deleted in between
 * (elements added or deleted meanwhile may or may not be returned; one may come back twice
 * after the table shrank). Each call visits buckets until it has collected COUNT elements (a
 * hint), has visited 10 x COUNT buckets, or wrapped around to cursor 0, which ends the iteration.
 *
 * <p>A set that is still an intset, and a hash or sorted set still in a listpack, is small and
 * has no buckets: as in Redis, one call answers all of it with cursor 0, whatever COUNT says.
 *
 * <p>Cost: a call hashes every element of the collection (not only the buckets it visits), so a
 * full iteration costs (size / COUNT) x size; fine for a lab, unlike Redis's O(COUNT) per call.
 */
public final class ScanCommands {
    private ScanCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("scan", ScanCommands::scan),
                bind("sscan", ScanCommands::sscan),
                bind("hscan", ScanCommands::hscan),
                bind("zscan", ScanCommands::zscan));
    }

    private static final Reply EMPTY_SCAN = Reply.array(List.of(Reply.bulk("0"), Reply.EMPTY_ARRAY));

    /** The options after the cursor. */
    private record Options(long count, byte[] pattern, byte[] type) {
        boolean matches(byte[] element) { return pattern == null || Glob.matches(pattern, element); }
    }

    /** Step 1 of scanGenericCommand: COUNT, MATCH and (for SCAN only) TYPE, left to right. */
    private static Options options(CommandContext ctx, int first, boolean keyspace) {
        long count = 10;
        byte[] pattern = null;
        byte[] type = null;
        for (int i = first; i < ctx.argc(); ) {
            boolean hasValue = ctx.argc() - i >= 2;
            if (ctx.isOption(i, "count") && hasValue) {
                count = ctx.longArg(i + 1);
                if (count < 1) throw CommandContext.fail(Errors.SYNTAX);
                i += 2;
            } else if (ctx.isOption(i, "match") && hasValue) {
                byte[] p = ctx.arg(i + 1);
                pattern = p.length == 1 && p[0] == '*' ? null : p; // "*" matches everything: no filter
                i += 2;
            } else if (ctx.isOption(i, "type") && keyspace && hasValue) {
                type = ctx.arg(i + 1);
                i += 2;
            } else {
                throw CommandContext.fail(Errors.SYNTAX);
            }
        }
        return new Options(count, pattern, type);
    }

    private static final BigInteger ULONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /**
     * parseScanCursorOrReply: C's strtoul in base 10 over the argument as a C string. It takes a
     * sign ("-1" wraps to 2^64-1) and an empty string (0); a leading space, trailing bytes or a
     * value past 64 bits are an invalid cursor.
     */
    static long parseCursor(byte[] arg) {
        int end = 0;
        while (end < arg.length && arg[end] != 0) end++;
        if (end > 0 && isCSpace(arg[0])) throw CommandContext.fail(Reply.error("ERR invalid cursor"));
        int p = 0;
        boolean negative = false;
        if (p < end && (arg[p] == '+' || arg[p] == '-')) negative = arg[p++] == '-';
        int digitsStart = p;
        while (p < end && arg[p] >= '0' && arg[p] <= '9') p++;
        if (p == digitsStart) {
            // no digits: strtoul converts nothing and points back at the start
            if (end == 0) return 0;
            throw CommandContext.fail(Reply.error("ERR invalid cursor"));
        }
        if (p != end) throw CommandContext.fail(Reply.error("ERR invalid cursor"));
        BigInteger value = new BigInteger(new String(arg, digitsStart, p - digitsStart, StandardCharsets.US_ASCII));
        if (value.compareTo(ULONG_MAX) > 0) throw CommandContext.fail(Reply.error("ERR invalid cursor"));
        long v = value.longValue();
        return negative ? -v : v;
    }

    private static boolean isCSpace(byte b) { return b == ' ' || (b >= 9 && b <= 13); }

    /** A fixed 64-bit hash of bytes (FNV-1a, then a murmur3 finaliser to spread the low bits). */
    static long hash(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb3fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The virtual table's size for this many elements: a power of two, at least 4 and at least n. */
    static long tableSize(long n) {
        long size = 4;
        while (size < n) size <<= 1;
        return size;
    }

    /** dictScan's step: the next cursor after visiting bucket (cursor & mask). */
    static long nextCursor(long cursor, long mask) {
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    /** The result of walking buckets: the elements found (in bucket order) and the next cursor. */
    private record Walk(List<Key> elements, long cursor) {}

    /**
     * Visits buckets from {@code cursor} until {@code count} elements are collected, 10 x count
     * buckets were visited (20 x for pairs), or the cursor wrapped to 0.
     */
    private static Walk walk(Iterable<Key> all, long size, long cursor, long count, boolean pairs) {
        long mask = tableSize(size) - 1;
        Map<Long, List<Key>> buckets = new HashMap<>();
        for (Key k : all) buckets.computeIfAbsent(hash(k.bytes()) & mask, b -> new ArrayList<>(1)).add(k);
        List<Key> found = new ArrayList<>();
        // Redis doubles COUNT for hashes and sorted sets (it counts fields and values), which
        // doubles its bucket budget too
        long factor = pairs ? 20 : 10;
        long maxIterations = count > Long.MAX_VALUE / factor ? Long.MAX_VALUE : count * factor;
        do {
            List<Key> bucket = buckets.get(cursor & mask);
            if (bucket != null) found.addAll(bucket);
            cursor = nextCursor(cursor, mask);
        } while (cursor != 0 && maxIterations-- > 0 && found.size() < count);
        return new Walk(found, cursor);
    }

    private static Reply reply(long cursor, List<Reply> elements) {
        return Reply.array(List.of(Reply.bulk(Long.toString(cursor)), Reply.array(elements)));
    }

    private static Reply scan(CommandContext ctx) {
        long cursor = parseCursor(ctx.arg(1));
        Options o = options(ctx, 2, true);
        Database db = ctx.db();
        List<Key> keys = db.keys();
        Walk w = walk(keys, keys.size(), cursor, o.count(), false);
        List<Reply> out = new ArrayList<>();
        for (Key k : w.elements()) {
            if (!o.matches(k.bytes())) continue;
            if (o.type() != null) {
                RedisValue v = db.lookupNoTouch(k);
                String type = v == null ? "none" : v.typeName();
                if (!new String(o.type(), StandardCharsets.ISO_8859_1).equalsIgnoreCase(type)) continue;
            }
            if (db.lookupNoTouch(k) == null) continue; // expired: deleted now, as expireIfNeeded does
            out.add(Reply.bulk(k.bytes()));
        }
        if (out.size() > 1) ctx.orderUndefined("the keyspace hash table");
        return reply(w.cursor(), out);
    }

    private static Reply sscan(CommandContext ctx) {
        long cursor = parseCursor(ctx.arg(2));
        SetValue set = ctx.lookup(ctx.key(1), SetValue.class);
        if (set == null) return EMPTY_SCAN;
        Options o = options(ctx, 3, false);
        List<Reply> out = new ArrayList<>();
        if (set.isIntset()) {
            for (Key m : set.membersInReplyOrder()) if (o.matches(m.bytes())) out.add(Reply.bulk(m.bytes()));
            return reply(0, out);
        }
        Walk w = walk(set.members(), set.size(), cursor, o.count(), false);
        for (Key m : w.elements()) if (o.matches(m.bytes())) out.add(Reply.bulk(m.bytes()));
        if (out.size() > 1) ctx.orderUndefined("a set's hash table");
        return reply(w.cursor(), out);
    }

    private static Reply hscan(CommandContext ctx) {
        long cursor = parseCursor(ctx.arg(2));
        HashValue h = ctx.lookup(ctx.key(1), HashValue.class);
        if (h == null) return EMPTY_SCAN;
        Options o = options(ctx, 3, false);
        List<Reply> out = new ArrayList<>();
        if (h.orderDefined()) { // a listpack: all of it, in order
            for (Map.Entry<Key, byte[]> e : h.fields().entrySet()) addPair(out, o, e.getKey(), e.getValue());
            return reply(0, out);
        }
        Walk w = walk(h.fields().keySet(), h.size(), cursor, o.count(), true);
        for (Key f : w.elements()) addPair(out, o, f, h.get(f));
        if (out.size() > 2) ctx.orderUndefined("a hash's hash table");
        return reply(w.cursor(), out);
    }

    private static Reply zscan(CommandContext ctx) {
        long cursor = parseCursor(ctx.arg(2));
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        if (z == null) return EMPTY_SCAN;
        Options o = options(ctx, 3, false);
        List<Reply> out = new ArrayList<>();
        if (z.encoding().equals("listpack")) { // all of it, in score order
            for (SortedSetValue.Entry e : z.entries()) addPair(out, o, e.member(), listpackScore(e.score()));
            return reply(0, out);
        }
        Map<Key, Double> scores = new HashMap<>();
        for (SortedSetValue.Entry e : z.entries()) scores.put(e.member(), e.score());
        Walk w = walk(scores.keySet(), scores.size(), cursor, o.count(), true);
        for (Key m : w.elements()) addPair(out, o, m, score(scores.get(m)));
        if (out.size() > 2) ctx.orderUndefined("a sorted set's hash table");
        return reply(w.cursor(), out);
    }

    /**
     * A score as a listpack stores it and ZSCAN sends it: zzlInsertAt stores a score that
     * double2ll can take (integral, within +-LLONG_MAX/2) as an integer, printed in full
     * (123456789012345678 reads "123456789012345680", not %.17g's "1.2345678901234568e+17").
     */
    private static byte[] listpackScore(double d) {
        if (d >= (double) (-Long.MAX_VALUE / 2) && d <= (double) (Long.MAX_VALUE / 2) && (long) d == d) {
            return Long.toString((long) d).getBytes(StandardCharsets.US_ASCII);
        }
        return score(d);
    }

    /** A score as ZSCAN sends it from a hash table: %.17g. */
    private static byte[] score(double d) { return DoubleFormat.g17(d).getBytes(StandardCharsets.US_ASCII); }

    /** A field and its value, both left out when the field does not match. */
    private static void addPair(List<Reply> out, Options o, Key first, byte[] second) {
        if (!o.matches(first.bytes())) return;
        out.add(Reply.bulk(first.bytes()));
        out.add(Reply.bulk(second));
    }
}
