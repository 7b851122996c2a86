package dev.txlab.engine.command;

import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.keyspace.SortedSetValue.Entry;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The score and lexicographic ranges of the sorted-set commands (ZRANGEBYSCORE, ZCOUNT,
 * ZREMRANGEBYLEX, ZRANGE ... BYLEX ...), parsed and compared as t_zset.c's zslParseRange and
 * zslParseLexRange do. Both are predicates over one entry; a range whose minimum lies above its
 * maximum simply matches nothing.
 */
final class ZSetRanges {
    private ZSetRanges() {}

    static final Reply.Error NOT_A_FLOAT = Reply.error("ERR min or max is not a float");
    static final Reply.Error NOT_A_LEX_RANGE = Reply.error("ERR min or max not valid string range item");

    /** A range over entries: score bounds or member bounds. */
    interface Range {
        /** The entry is not below the minimum. */
        boolean aboveMin(Entry e);

        /** The entry is not above the maximum. */
        boolean belowMax(Entry e);

        default boolean contains(Entry e) { return aboveMin(e) && belowMax(e); }
    }

    /**
     * A score range. Each bound is C's strtod over the argument as a C string (it ends at a NUL
     * byte), "(" in front makes it exclusive; leading blanks are allowed, an empty bound is 0,
     * overflow saturates to +-inf, and only NaN or trailing bytes are refused.
     */
    record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) implements Range {
        static ScoreRange parse(byte[] min, byte[] max) {
            Bound lo = Bound.parse(min);
            Bound hi = Bound.parse(max);
            if (lo == null || hi == null) throw new CommandFailed(NOT_A_FLOAT);
            return new ScoreRange(lo.value, lo.exclusive, hi.value, hi.exclusive);
        }

        boolean aboveMin(double score) { return minExclusive ? score > min : score >= min; }

        boolean belowMax(double score) { return maxExclusive ? score < max : score <= max; }

        @Override public boolean aboveMin(Entry e) { return aboveMin(e.score()); }

        @Override public boolean belowMax(Entry e) { return belowMax(e.score()); }

        private record Bound(double value, boolean exclusive) {
            static Bound parse(byte[] arg) {
                byte[] c = cString(arg);
                boolean exclusive = c.length > 0 && c[0] == '(';
                Double v = strtod(exclusive ? Arrays.copyOfRange(c, 1, c.length) : c);
                return v == null || v.isNaN() ? null : new Bound(v, exclusive);
            }
        }
    }

    /**
     * strtod over a whole C string: "" converts nothing and leaves the end pointer at the start,
     * which is the terminating NUL, so it counts as 0; blanks alone convert nothing either, but
     * leave the end pointer on a blank, so they are refused. Null when refused.
     */
    static Double strtod(byte[] s) {
        if (s.length == 0) return 0.0;
        int p = 0;
        while (p < s.length && isSpace(s[p])) p++;
        if (p == s.length) return null;
        byte[] rest = Arrays.copyOfRange(s, p, s.length);
        return Numbers.parseDoubleSaturating(rest);
    }

    private static boolean isSpace(byte b) { return b == ' ' || (b >= 9 && b <= 13); }

    /** The bytes up to the first NUL, as C string functions see an argument. */
    private static byte[] cString(byte[] s) {
        for (int i = 0; i < s.length; i++) if (s[i] == 0) return Arrays.copyOf(s, i);
        return s;
    }

    /**
     * A lexicographic range: "-" and "+" are the smallest and largest strings, "[x" includes x and
     * "(x" excludes it; anything else is refused. Members compare as memcmp, shorter first on a
     * common prefix.
     */
    record LexRange(LexBound min, LexBound max) implements Range {
        static LexRange parse(byte[] min, byte[] max) {
            LexBound lo = LexBound.parse(min);
            LexBound hi = LexBound.parse(max);
            if (lo == null || hi == null) throw new CommandFailed(NOT_A_LEX_RANGE);
            return new LexRange(lo, hi);
        }

        boolean aboveMin(byte[] member) {
            int c = min.compareFrom(member);
            return min.exclusive ? c > 0 : c >= 0;
        }

        boolean belowMax(byte[] member) {
            int c = max.compareFrom(member);
            return max.exclusive ? c < 0 : c <= 0;
        }

        @Override public boolean aboveMin(Entry e) { return aboveMin(e.member().bytes()); }

        @Override public boolean belowMax(Entry e) { return belowMax(e.member().bytes()); }

        /** A range no string can be in: min above max, or equal with either end exclusive. */
        boolean alwaysEmpty() {
            int cmp = min.compareTo(max);
            return cmp > 0 || (cmp == 0 && (min.exclusive || max.exclusive));
        }
    }

    /** One lex bound; {@code infinity} is -1 for "-", 1 for "+", 0 for a string. */
    record LexBound(byte[] value, boolean exclusive, int infinity) {
        static LexBound parse(byte[] arg) {
            if (arg.length == 0) return null;
            // "+" and "-" must end there, but C sees the end at a NUL byte too
            boolean alone = arg.length == 1 || arg[1] == 0;
            switch (arg[0]) {
                case '+': return alone ? new LexBound(null, true, 1) : null;
                case '-': return alone ? new LexBound(null, true, -1) : null;
                case '(': return new LexBound(Arrays.copyOfRange(arg, 1, arg.length), true, 0);
                case '[': return new LexBound(Arrays.copyOfRange(arg, 1, arg.length), false, 0);
                default: return null;
            }
        }

        /** sdscmplex(member, this bound): the sign of member minus bound. */
        int compareFrom(byte[] member) {
            if (infinity != 0) return -infinity;
            return Integer.signum(Arrays.compareUnsigned(member, value));
        }

        /** sdscmplex(this, other) between two bounds: "-" and "+" are equal only to themselves. */
        int compareTo(LexBound other) {
            if (infinity != 0 && infinity == other.infinity) return 0;
            if (infinity < 0 || other.infinity > 0) return -1;
            if (infinity > 0 || other.infinity < 0) return 1;
            return Integer.signum(Arrays.compareUnsigned(value, other.value));
        }
    }

    /*
     * Lex ranges assume every member has the same score, so that the members are in lex order.
     * When they are not, Redis still answers, by walking the set as its encoding's code does, and
     * those walks are reproduced here step for step: a listpack's exactly; a skiplist's as if its
     * nodes had one level each. (A real skiplist gives some nodes more levels at random, and a
     * search along those may skip members the one-level walk sees: Redis's answers there are not
     * reproducible, even by Redis.) With equal scores both walks are plain range lookups.
     */

    /** zzlIsInLexRange/zslIsInLexRange: a possibly non-empty range, the last member not below it, the first not above. */
    private static boolean lexMayMatch(List<Entry> es, LexRange r) {
        if (r.alwaysEmpty() || es.isEmpty()) return false;
        return r.aboveMin(es.get(es.size() - 1)) && r.belowMax(es.get(0));
    }

    /** zzlFirstInLexRange and the one-level zslFirstInLexRange: the index a forward walk starts at, or -1. */
    static int lexFirst(List<Entry> es, LexRange r) {
        if (!lexMayMatch(es, r)) return -1;
        for (int i = 0; i < es.size(); i++) {
            if (r.aboveMin(es.get(i))) return r.belowMax(es.get(i)) ? i : -1;
        }
        return -1;
    }

    /**
     * zzlLastInLexRange (from the tail, back to the first member not above the max) or the
     * one-level zslLastInLexRange (from the head, on while the next member is not above the max):
     * the index a reverse walk starts at, or -1.
     */
    static int lexLast(List<Entry> es, LexRange r, boolean listpack) {
        if (!lexMayMatch(es, r)) return -1;
        int i;
        if (listpack) {
            for (i = es.size() - 1; i >= 0 && !r.belowMax(es.get(i)); i--) { }
        } else {
            for (i = -1; i + 1 < es.size() && r.belowMax(es.get(i + 1)); i++) { }
        }
        return i >= 0 && r.aboveMin(es.get(i)) ? i : -1;
    }

    /**
     * ZRANGEBYLEX and friends: from the walk's start, skip {@code offset} members unchecked (a
     * negative offset runs off the end), then take members while in range, at most {@code limit}
     * (negative: no limit).
     */
    static List<Entry> lexWalk(List<Entry> es, LexRange r, boolean listpack, boolean reverse, long offset, long limit) {
        List<Entry> out = new ArrayList<>();
        int i = reverse ? lexLast(es, r, listpack) : lexFirst(es, r);
        int step = reverse ? -1 : 1;
        while (i >= 0 && i < es.size() && offset != 0) {
            i += step;
            offset--;
        }
        while (i >= 0 && i < es.size() && limit != 0) {
            Entry e = es.get(i);
            if (!(reverse ? r.aboveMin(e) : r.belowMax(e))) break;
            out.add(e);
            limit--;
            i += step;
        }
        return out;
    }

    /**
     * ZLEXCOUNT: a listpack counts forward from the first member in range while members stay
     * below the max; a skiplist subtracts the ranks of the first and last members in range (and
     * when there is a first but no last, counts to the end).
     */
    static long lexCount(List<Entry> es, LexRange r, boolean listpack) {
        int first = lexFirst(es, r);
        if (first < 0) return 0;
        if (listpack) return lexWalk(es, r, true, false, 0, -1).size();
        long count = es.size() - first;
        int last = lexLast(es, r, false);
        if (last >= 0) count -= es.size() - 1 - last;
        return count;
    }

    /**
     * ZREMRANGEBYLEX's victims: a listpack deletes from its first member in range while members
     * stay below the max; a skiplist does the same from the first member not below the min,
     * without checking first that the range can match at all.
     */
    static List<Entry> lexDeletable(List<Entry> es, LexRange r, boolean listpack) {
        if (listpack) return lexWalk(es, r, true, false, 0, -1);
        List<Entry> out = new ArrayList<>();
        int i = 0;
        while (i < es.size() && !r.aboveMin(es.get(i))) i++;
        while (i < es.size() && r.belowMax(es.get(i))) out.add(es.get(i++));
        return out;
    }
}
