package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Notifications;
import dev.txlab.engine.keyspace.HashValue;
import dev.txlab.engine.keyspace.ListValue;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.keyspace.SortedSetValue;
import dev.txlab.engine.keyspace.StringValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO, as Redis's sort.c: numeric by default (ties broken by the bytes, so the
 * result is deterministic), ALPHA, BY pattern (a pattern without '*' means no sorting), GET
 * patterns with '#' and '->field', LIMIT and STORE. STORE of an empty result deletes the
 * destination, which touches a WATCH on it.
 */
public final class SortCommand {
    private SortCommand() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("sort", ctx -> sort(ctx, false)),
                bind("sort_ro", ctx -> sort(ctx, true)));
    }

    /** One element being sorted, with what it sorts by. */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] compareBy;

        Item(byte[] element) { this.element = element; }
    }

    /**
     * Redis's ACLUserCheckCmdWithUnrestrictedKeyAccess: BY and GET read keys the command's key
     * specs do not name, so they need a selector that allows SORT and reading every key.
     */
    private static boolean fullKeyAccess(CommandContext ctx) {
        return ctx.engine().acl().allowsWithEveryKey(ctx.session().aclUser(), ctx.spec(), ctx.argv(), false);
    }

    private static Reply sort(CommandContext ctx, boolean readOnly) {
        boolean desc = false, alpha = false, dontSort = false;
        long limitStart = 0, limitCount = -1;
        byte[] storeKey = null, sortBy = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < ctx.argc(); j++) {
            int left = ctx.argc() - j - 1;
            if (ctx.isOption(j, "asc")) desc = false;
            else if (ctx.isOption(j, "desc")) desc = true;
            else if (ctx.isOption(j, "alpha")) alpha = true;
            else if (ctx.isOption(j, "limit") && left >= 2) {
                limitStart = ctx.longArg(j + 1);
                limitCount = ctx.longArg(j + 2);
                j += 2;
            } else if (!readOnly && ctx.isOption(j, "store") && left >= 1) {
                storeKey = ctx.arg(++j);
            } else if (ctx.isOption(j, "by") && left >= 1) {
                sortBy = ctx.arg(++j);
                if (indexOf(sortBy, (byte) '*') < 0) {
                    dontSort = true; // a constant: nothing to sort by
                } else if (!fullKeyAccess(ctx)) {
                    return Reply.error("ERR BY option of SORT denied due to insufficient ACL permissions.");
                }
            } else if (ctx.isOption(j, "get") && left >= 1) {
                if (!fullKeyAccess(ctx)) return Reply.error("ERR GET option of SORT denied due to insufficient ACL permissions.");
                gets.add(ctx.arg(++j));
            } else {
                return Errors.SYNTAX;
            }
        }
        RedisValue source = ctx.db().lookup(ctx.key(1));
        if (source != null && !(source instanceof ListValue || source instanceof SetValue || source instanceof SortedSetValue)) {
            return Errors.WRONGTYPE;
        }
        if (dontSort && source instanceof SetValue && (storeKey != null || ctx.engine().scripting().isRunning())) {
            // A set has no order of its own: when storing, or inside a script, Redis sorts it ALPHA
            // so that replicas and the AOF get the same result.
            dontSort = false;
            alpha = true;
            sortBy = null;
        }
        if (source instanceof SortedSetValue z && z.encoding().equals("listpack")) {
            // sort.c converts a listpack sorted set to a skiplist for good (OBJECT ENCODING shows it)
            SortedSetValue skiplist = new SortedSetValue(Integer.MAX_VALUE, Integer.MAX_VALUE);
            for (SortedSetValue.Entry e : z.entries()) skiplist.put(e.member(), e.score());
            ctx.db().put(ctx.key(1), skiplist, true);
            source = skiplist;
        }
        List<Item> items = new ArrayList<>();
        if (source instanceof ListValue l) {
            for (byte[] e : l.elements()) items.add(new Item(e));
            if (dontSort && desc) java.util.Collections.reverse(items);
        } else if (source instanceof SetValue s) {
            for (Key m : s.membersInReplyOrder()) items.add(new Item(m.bytes()));
            if (dontSort && items.size() > 1 && !s.orderDefined()) ctx.orderUndefined("a set's hash table (BY without '*' does not sort)");
        } else if (source instanceof SortedSetValue z) {
            for (SortedSetValue.Entry e : z.entries()) items.add(new Item(e.member().bytes()));
            if (dontSort && desc) java.util.Collections.reverse(items);
        }
        // LIMIT, clamped as sort.c clamps it (to the size first, so nothing overflows)
        long n = items.size();
        long start = Math.min(Math.max(limitStart, 0), n);
        long count = Math.min(Math.max(limitCount, -1), n);
        long end = count < 0 ? n - 1 : start + count - 1;
        if (start >= n) {
            start = n - 1;
            end = n - 2;
        }
        if (end >= n) end = n - 1;
        boolean partial = start != 0 || end != n - 1;

        boolean conversionError = false;
        if (!dontSort) {
            for (Item item : items) {
                byte[] by = item.element;
                if (sortBy != null) {
                    by = lookupByPattern(ctx, sortBy, item.element);
                    if (by == null) continue;
                }
                if (alpha) {
                    if (sortBy != null) item.compareBy = by;
                } else {
                    Double score = strtodWhole(by);
                    if (score == null) conversionError = true;
                    else item.score = score;
                }
            }
            final boolean byPattern = sortBy != null;
            final boolean alphaSort = alpha;
            // sortCompare compares ALPHA values with strcoll unless it stores (then binary)
            final boolean collate = storeKey == null;
            Comparator<Item> order = (a, b) -> {
                if (!alphaSort) {
                    if (a.score > b.score) return 1;
                    if (a.score < b.score) return -1;
                    return Arrays.compareUnsigned(a.element, b.element);
                }
                if (byPattern) {
                    if (a.compareBy == null || b.compareBy == null) {
                        return a.compareBy == b.compareBy ? 0 : a.compareBy == null ? -1 : 1;
                    }
                    return collate ? strcoll(a.compareBy, b.compareBy) : Arrays.compareUnsigned(a.compareBy, b.compareBy);
                }
                return collate ? strcoll(a.element, b.element) : Arrays.compareUnsigned(a.element, b.element);
            };
            // Ties are possible only when ALPHA sorts by a pattern; their order then is the input's
            // (not defined for a hash-table set or a sorted set) and, with LIMIT, whatever Redis's
            // partial quicksort leaves.
            // sort.c: qsort (glibc's, a stable merge sort) unless BY is given and LIMIT takes a
            // part, where pqsort sorts just that part and leaves equal BY values its own way
            Comparator<Item> directed = desc ? (a, b) -> -order.compare(a, b) : order;
            if (byPattern && partial) PartialQuickSort.sort(items, directed, (int) start, (int) end);
            else items.sort(directed);
            if (alpha && (sortBy != null || collate) && hasTies(items, order)
                    && (source instanceof SortedSetValue || (source instanceof SetValue s && !s.orderDefined()))) {
                ctx.orderUndefined("equal BY values, which Redis leaves in no defined order");
            }
        }
        if (conversionError) return Reply.error("ERR One or more scores can't be converted into double");

        List<byte[]> output = new ArrayList<>();
        List<Reply> replies = new ArrayList<>();
        for (long j = start; j <= end; j++) {
            Item item = items.get((int) j);
            if (gets.isEmpty()) {
                output.add(item.element);
                replies.add(Reply.bulk(item.element));
            }
            for (byte[] pattern : gets) {
                byte[] value = lookupByPattern(ctx, pattern, item.element);
                output.add(value == null ? new byte[0] : value);
                replies.add(value == null ? Reply.NIL : Reply.bulk(value));
            }
        }
        if (storeKey == null) return Reply.array(replies);
        Key destination = Key.of(storeKey);
        if (output.isEmpty()) {
            ctx.db().lookup(destination);
            if (ctx.db().remove(destination)) {
                ctx.db().modified(destination);
                Notifications.event(ctx, Notifications.GENERIC, "del", destination);
            }
        } else {
            ListValue list = new ListValue();
            list.elements().addAll(output);
            ctx.db().put(destination, list, false);
            ctx.db().modified(destination);
            Notifications.event(ctx, Notifications.LIST, "sortstore", destination);
        }
        return Reply.integer(output.size());
    }

    /**
     * strcoll in the C/C.UTF-8 collation a server started without a locale has: strcmp, which
     * stops at the first NUL (so "a", "a\0" and "a\0z" are equal) and compares unsigned bytes.
     */
    private static int strcoll(byte[] x, byte[] y) {
        for (int i = 0; ; i++) {
            int cx = i < x.length ? x[i] & 0xff : 0;
            int cy = i < y.length ? y[i] & 0xff : 0;
            if (cx != cy) return cx - cy;
            if (cx == 0) return 0;
        }
    }

    private static boolean hasTies(List<Item> sorted, Comparator<Item> order) {
        for (int i = 1; i < sorted.size(); i++) if (order.compare(sorted.get(i - 1), sorted.get(i)) == 0) return true;
        return false;
    }

    /**
     * Redis's lookupKeyByPattern: '#' is the element itself; 'w_*' a string key; 'h_*->f' a hash
     * field. The pattern is searched as a C string ('*' and "->" are looked for before any NUL),
     * but the substitution copies all of its bytes.
     */
    private static byte[] lookupByPattern(CommandContext ctx, byte[] pattern, byte[] element) {
        if (pattern.length >= 1 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) return element;
        int star = indexOf(pattern, (byte) '*');
        if (star < 0) return null;
        int cEnd = indexOf(pattern, (byte) 0);
        if (cEnd < 0) cEnd = pattern.length;
        int arrow = -1;
        for (int i = star + 1; i + 1 < cEnd; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') { arrow = i; break; }
        }
        byte[] field = null;
        int keyEnd = pattern.length;
        if (arrow >= 0 && arrow + 2 < pattern.length && pattern[arrow + 2] != 0) {
            field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
            keyEnd = arrow;
        }
        byte[] key = new byte[star + element.length + (keyEnd - star - 1)];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, keyEnd - star - 1);
        RedisValue value = ctx.db().lookup(Key.of(key));
        if (value == null) return null;
        if (field != null) return value instanceof HashValue h ? h.get(Key.of(field)) : null;
        return value instanceof StringValue s ? s.bytes() : null;
    }

    /** strtod over a C string: leading blanks allowed, empty is 0, trailing bytes or ERANGE fail. */
    private static Double strtodWhole(byte[] s) {
        int n = indexOf(s, (byte) 0);
        byte[] c = n < 0 ? s : Arrays.copyOf(s, n);
        int p = 0;
        while (p < c.length && (c[p] == ' ' || (c[p] >= 9 && c[p] <= 13))) p++;
        if (p == c.length) return 0.0;
        byte[] rest = Arrays.copyOfRange(c, p, c.length);
        return dev.txlab.engine.Numbers.parseDoubleNoRangeError(rest); // overflow, underflow and NaN fail
    }

    /** strchr: the first b before any NUL (or NUL itself when b is 0); -1 when absent. */
    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) return i;
            if (bytes[i] == 0) return -1;
        }
        return -1;
    }

}
