package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Notifications;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.command.ZSetRanges.LexRange;
import dev.txlab.engine.command.ZSetRanges.Range;
import dev.txlab.engine.command.ZSetRanges.ScoreRange;
import dev.txlab.engine.keyspace.SortedSetValue;
import dev.txlab.engine.keyspace.SortedSetValue.Entry;
import dev.txlab.engine.keyspace.SortedSetValue.Limits;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Sorted set commands, as in Redis 7.0's t_zset.c: adding and scoring, the range family (by rank,
 * score or member, forwards or reversed, stored or answered), removal by range, the pops and
 * their blocking forms, and ZRANDMEMBER. ZUNION, ZINTER, ZDIFF and their relatives are in
 * {@link ZSetAlgebra}; the ranges' parsing in {@link ZSetRanges}.
 *
 * <p>Each command checks its arguments in Redis's order (options, then numbers and ranges, then the
 * key's type), so the first error a mistaken command meets is Redis's.
 */
public final class SortedSetCommands {
    private SortedSetCommands() {}

    private enum RangeType { AUTO, RANK, SCORE, LEX }

    private enum Direction { AUTO, FORWARD, REVERSE }

    public static List<Binding> bindings() {
        List<Binding> all = new ArrayList<>(List.of(
                bind("zadd", ctx -> zadd(ctx, false)),
                bind("zincrby", ctx -> zadd(ctx, true)),
                bind("zscore", SortedSetCommands::zscore),
                bind("zmscore", SortedSetCommands::zmscore),
                bind("zcard", ctx -> {
                            SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
                            return Reply.integer(z == null ? 0 : z.size());
                        }),
                bind("zrem", SortedSetCommands::zrem),
                bind("zrange", ctx -> zrange(ctx, 1, false, RangeType.AUTO, Direction.AUTO)),
                bind("zrangestore", ctx -> zrange(ctx, 2, true, RangeType.AUTO, Direction.AUTO)),
                bind("zrevrange", ctx -> zrange(ctx, 1, false, RangeType.RANK, Direction.REVERSE)),
                bind("zrangebyscore", ctx -> zrange(ctx, 1, false, RangeType.SCORE, Direction.FORWARD)),
                bind("zrevrangebyscore", ctx -> zrange(ctx, 1, false, RangeType.SCORE, Direction.REVERSE)),
                bind("zrangebylex", ctx -> zrange(ctx, 1, false, RangeType.LEX, Direction.FORWARD)),
                bind("zrevrangebylex", ctx -> zrange(ctx, 1, false, RangeType.LEX, Direction.REVERSE)),
                bind("zcount", ctx -> zcount(ctx, ScoreRange.parse(ctx.arg(2), ctx.arg(3)))),
                bind("zlexcount", ctx -> zcount(ctx, LexRange.parse(ctx.arg(2), ctx.arg(3)))),
                bind("zremrangebyrank", ctx -> zremrange(ctx, RangeType.RANK)),
                bind("zremrangebyscore", ctx -> zremrange(ctx, RangeType.SCORE)),
                bind("zremrangebylex", ctx -> zremrange(ctx, RangeType.LEX)),
                bind("zpopmin", ctx -> zpop(ctx, true)),
                bind("zpopmax", ctx -> zpop(ctx, false)),
                bind("bzpopmin", ctx -> blockingZpop(ctx, keysBetween(ctx, 1, ctx.argc() - 1), true, ctx.argc() - 1, -1, false))
                        .teaching("ZPOPMIN that waits for a member (allowed in MULTI, where it never waits)"),
                bind("bzpopmax", ctx -> blockingZpop(ctx, keysBetween(ctx, 1, ctx.argc() - 1), false, ctx.argc() - 1, -1, false))
                        .teaching("ZPOPMAX that waits for a member (allowed in MULTI, where it never waits)"),
                bind("zmpop", ctx -> zmpop(ctx, 1, false)),
                bind("bzmpop", ctx -> zmpop(ctx, 2, true))
                        .teaching("ZMPOP that waits for a member (allowed in MULTI, where it never waits)"),
                bind("zrank", ctx -> zrank(ctx, false)),
                bind("zrevrank", ctx -> zrank(ctx, true)),
                bind("zrandmember", SortedSetCommands::zrandmember)));
        all.addAll(ZSetAlgebra.bindings());
        return all;
    }

    /**
     * Scores are doubles (addReplyDouble): RESP3 {@code ,}, and for RESP2 a %.17g bulk string
     * (0.1 shows as 0.10000000000000001).
     */
    static Reply score(double score) {
        return new Reply.Double(score);
    }

    /** The encoding limits in force now (CONFIG SET zset-max-listpack-*). */
    static Limits limits(CommandContext ctx) {
        return Limits.of(ctx.engine().config());
    }

    // ---- ZADD, ZINCRBY, ZREM, reads ------------------------------------------------------------

    /** Redis's zaddGenericCommand; ZINCRBY is ZADD INCR, options parsing included (a Redis quirk). */
    static Reply zadd(CommandContext ctx, boolean incrCommand) {
        boolean nx = false, xx = false, gt = false, lt = false, ch = false, incr = incrCommand;
        int scoreIdx = 2;
        for (; scoreIdx < ctx.argc(); scoreIdx++) {
            if (ctx.isOption(scoreIdx, "nx")) nx = true;
            else if (ctx.isOption(scoreIdx, "xx")) xx = true;
            else if (ctx.isOption(scoreIdx, "ch")) ch = true;
            else if (ctx.isOption(scoreIdx, "incr")) incr = true;
            else if (ctx.isOption(scoreIdx, "gt")) gt = true;
            else if (ctx.isOption(scoreIdx, "lt")) lt = true;
            else break;
        }
        int elements = ctx.argc() - scoreIdx;
        if (elements % 2 != 0 || elements == 0) return Errors.SYNTAX;
        elements /= 2;
        if (nx && xx) return Reply.error("ERR XX and NX options at the same time are not compatible");
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            return Reply.error("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) return Reply.error("ERR INCR option supports a single increment-element pair");
        // every score is parsed before anything changes: the command runs fully or not at all
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) scores[j] = ctx.doubleArg(scoreIdx + j * 2);

        Key key = ctx.key(1);
        SortedSetValue z = ctx.lookup(key, SortedSetValue.class);
        Limits limits = limits(ctx);
        int added = 0, updated = 0, processed = 0;
        double last = 0;
        Reply error = null;
        if (z == null && !xx) {
            z = SortedSetValue.forFirstMember(ctx.arg(scoreIdx + 1).length, limits);
            ctx.db().put(key, z, false);
        }
        if (z != null) {
            for (int j = 0; j < elements; j++) {
                Key member = ctx.key(scoreIdx + 1 + j * 2);
                double score = scores[j];
                Double current = z.score(member);
                if (current != null) {
                    if (nx) continue;
                    if (incr) {
                        score += current;
                        if (Double.isNaN(score)) {
                            error = Errors.SCORE_NAN;
                            break;
                        }
                    }
                    if ((lt && score >= current) || (gt && score <= current)) continue;
                    processed++;
                    last = score; // the reply shows the computed score, even a -0 a listpack stores as 0
                    if (score != current) {
                        z.add(member, score, limits);
                        updated++;
                    }
                } else {
                    if (xx) continue;
                    z.add(member, score, limits);
                    added++;
                    processed++;
                    last = score;
                }
            }
        }
        if (added > 0 || updated > 0) ctx.db().modified(key);
        if (added > 0 || updated > 0) Notifications.event(ctx, Notifications.ZSET, incr ? "zincr" : "zadd", key);
        if (error != null) return error;
        if (incr) return processed > 0 ? score(last) : Reply.NIL;
        return Reply.integer(ch ? added + updated : added);
    }

    private static Reply zrem(CommandContext ctx) {
        Key key = ctx.key(1);
        SortedSetValue z = ctx.lookup(key, SortedSetValue.class);
        if (z == null) return Reply.ZERO;
        long deleted = 0;
        for (int j = 2; j < ctx.argc(); j++) {
            if (z.remove(ctx.key(j))) deleted++;
            if (z.size() == 0) {
                ctx.db().remove(key);
                break;
            }
        }
        if (deleted > 0) {
            ctx.db().modified(key);
            Notifications.event(ctx, Notifications.ZSET, "zrem", key);
            if (z.size() == 0) Notifications.event(ctx, Notifications.GENERIC, "del", key);
        }
        return Reply.integer(deleted);
    }

    private static Reply zscore(CommandContext ctx) {
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        Double score = z == null ? null : z.score(ctx.key(2));
        return score == null ? Reply.NIL : score(score);
    }

    private static Reply zmscore(CommandContext ctx) {
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        List<Reply> out = new ArrayList<>();
        for (int j = 2; j < ctx.argc(); j++) {
            Double s = z == null ? null : z.score(ctx.key(j));
            out.add(s == null ? Reply.NIL : score(s));
        }
        return Reply.array(out);
    }

    private static Reply zrank(CommandContext ctx, boolean reverse) {
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        if (z == null) return Reply.NIL;
        long rank = z.rank(ctx.key(2), reverse);
        return rank < 0 ? Reply.NIL : Reply.integer(rank);
    }

    /** ZCOUNT and ZLEXCOUNT: the range is parsed (and refused) before the key is looked up. */
    private static Reply zcount(CommandContext ctx, Range range) {
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        if (z == null) return Reply.ZERO;
        if (range instanceof LexRange lex) {
            return Reply.integer(ZSetRanges.lexCount(new ArrayList<>(z.entries()), lex, z.isListpack()));
        }
        return Reply.integer(inRange(z, range, false, 0, -1).size());
    }

    // ---- the range family ----------------------------------------------------------------------

    /**
     * The entries of a score or lex range in order (reversed: from the highest), after skipping
     * {@code offset} of them and taking at most {@code limit} (a negative limit takes all). A
     * negative offset takes nothing: Redis's skip loop runs off the end of the set.
     */
    private static List<Entry> inRange(SortedSetValue z, Range range, boolean reverse, long offset, long limit) {
        if (range instanceof LexRange lex) {
            return ZSetRanges.lexWalk(new ArrayList<>(z.entries()), lex, z.isListpack(), reverse, offset, limit);
        }
        List<Entry> out = new ArrayList<>();
        if (offset < 0 || (offset > 0 && offset >= z.size())) return out;
        Iterator<Entry> it = reverse ? z.entries().descendingIterator() : z.entries().iterator();
        long skip = offset;
        while (it.hasNext() && limit != 0) {
            Entry e = it.next();
            if (!(reverse ? range.belowMax(e) : range.aboveMin(e))) continue; // not yet in range
            if (!(reverse ? range.aboveMin(e) : range.belowMax(e))) break; // past its far end
            if (skip > 0) {
                skip--;
                continue;
            }
            out.add(e);
            limit--;
        }
        return out;
    }

    /** Rank bounds as Redis sanitizes them: negatives count from the end; null when empty. */
    private static long[] clampRanks(long start, long end, long length) {
        if (start < 0) start = length + start;
        if (end < 0) end = length + end;
        if (start < 0) start = 0;
        if (start > end || start >= length) return null;
        if (end >= length) end = length - 1;
        return new long[] {start, end};
    }

    /**
     * Redis's zrangeGenericCommand: ZRANGE in all its forms, ZRANGESTORE, and the older
     * Z[REV]RANGE[BYSCORE|BYLEX], which fix the range type and direction in advance.
     * {@code argStart} is the source key's index.
     */
    private static Reply zrange(CommandContext ctx, int argStart, boolean store, RangeType type, Direction direction) {
        Key source = ctx.key(argStart);
        int minIdx = argStart + 1, maxIdx = argStart + 2;
        boolean withScores = false;
        long offset = 0, limit = -1;
        for (int j = argStart + 3; j < ctx.argc(); j++) {
            int left = ctx.argc() - j - 1;
            if (!store && ctx.isOption(j, "withscores")) {
                withScores = true;
            } else if (ctx.isOption(j, "limit") && left >= 2) {
                offset = ctx.longArg(j + 1);
                limit = ctx.longArg(j + 2);
                j += 2;
            } else if (direction == Direction.AUTO && ctx.isOption(j, "rev")) {
                direction = Direction.REVERSE;
            } else if (type == RangeType.AUTO && ctx.isOption(j, "bylex")) {
                type = RangeType.LEX;
            } else if (type == RangeType.AUTO && ctx.isOption(j, "byscore")) {
                type = RangeType.SCORE;
            } else {
                return Errors.SYNTAX;
            }
        }
        if (direction == Direction.AUTO) direction = Direction.FORWARD;
        if (type == RangeType.AUTO) type = RangeType.RANK;
        boolean reverse = direction == Direction.REVERSE;
        if (limit != -1 && type == RangeType.RANK) {
            return Reply.error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && type == RangeType.LEX) {
            return Reply.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        if (reverse && type != RangeType.RANK) { // the range is given as max, min
            int t = minIdx;
            minIdx = maxIdx;
            maxIdx = t;
        }
        long start = 0, end = 0;
        Range range = null;
        switch (type) {
            case SCORE -> range = ScoreRange.parse(ctx.arg(minIdx), ctx.arg(maxIdx));
            case LEX -> range = LexRange.parse(ctx.arg(minIdx), ctx.arg(maxIdx));
            default -> {
                start = ctx.longArg(minIdx);
                end = ctx.longArg(maxIdx);
            }
        }

        SortedSetValue z = ctx.lookup(source, SortedSetValue.class);
        if (z == null) return store ? storeRange(ctx, List.of(), false) : Reply.EMPTY_ARRAY;
        List<Entry> picked;
        boolean sizedInAdvance = false; // by rank, the store knows the result's length before it starts
        if (type == RangeType.RANK) {
            long[] ranks = clampRanks(start, end, z.size());
            picked = ranks == null ? List.of() : z.byRank(ranks[0], ranks[1], reverse);
            sizedInAdvance = true;
        } else {
            picked = inRange(z, range, reverse, offset, limit);
        }
        if (store) return storeRange(ctx, picked, sizedInAdvance);
        return emit(picked, withScores);
    }

    /** Members, or (member, score) pairs that RESP3 nests (zrangeResultEmit*ToClient). */
    private static Reply emit(List<Entry> entries, boolean withScores) {
        if (entries.isEmpty()) return Reply.EMPTY_ARRAY;
        List<Reply> out = new ArrayList<>(entries.size() * (withScores ? 2 : 1));
        for (Entry e : entries) {
            out.add(Reply.bulk(e.member().bytes()));
            if (withScores) out.add(score(e.score()));
        }
        return withScores ? Reply.pairs(out) : Reply.array(out);
    }

    /**
     * ZRANGESTORE's result handler: a rank range of more than zset-max-listpack-entries members
     * starts as a skiplist, any other as a listpack that converts as members are added; an empty
     * result deletes the destination instead (signalled only when there was one).
     */
    private static Reply storeRange(CommandContext ctx, List<Entry> entries, boolean sizedInAdvance) {
        Key destination = ctx.key(1);
        if (entries.isEmpty()) return deleteDestination(ctx, destination);
        Limits limits = limits(ctx);
        SortedSetValue result = sizedInAdvance && entries.size() > limits.maxEntries()
                ? SortedSetValue.skiplist() : SortedSetValue.listpack();
        for (Entry e : entries) result.add(e.member(), e.score(), limits);
        storeResult(ctx, destination, result, "zrangestore");
        return Reply.integer(entries.size());
    }

    /**
     * What the STORE commands do with an empty result: answer 0, and delete the destination,
     * signalling only when one was stored (dbDelete finds a key past its expiry time too).
     */
    static Reply deleteDestination(CommandContext ctx, Key destination) {
        if (ctx.db().remove(destination)) {
            ctx.db().modified(destination);
            Notifications.event(ctx, Notifications.GENERIC, "del", destination);
        }
        return Reply.ZERO;
    }

    /** setKey: the destination is looked up first (a key past its time expires then), then replaced. */
    static void storeResult(CommandContext ctx, Key destination, SortedSetValue result, String event) {
        ctx.db().lookup(destination);
        ctx.db().put(destination, result, false);
        ctx.db().modified(destination);
        Notifications.event(ctx, Notifications.ZSET, event, destination);
    }

    /** ZREMRANGEBYRANK, ZREMRANGEBYSCORE and ZREMRANGEBYLEX. */
    private static Reply zremrange(CommandContext ctx, RangeType type) {
        long start = 0, end = 0;
        Range range = null;
        switch (type) {
            case SCORE -> range = ScoreRange.parse(ctx.arg(2), ctx.arg(3));
            case LEX -> range = LexRange.parse(ctx.arg(2), ctx.arg(3));
            default -> {
                start = ctx.longArg(2);
                end = ctx.longArg(3);
            }
        }
        Key key = ctx.key(1);
        SortedSetValue z = ctx.lookup(key, SortedSetValue.class);
        if (z == null) return Reply.ZERO;
        List<Entry> doomed;
        if (type == RangeType.RANK) {
            long[] ranks = clampRanks(start, end, z.size());
            if (ranks == null) return Reply.ZERO;
            doomed = z.byRank(ranks[0], ranks[1], false);
        } else if (range instanceof LexRange lex) {
            doomed = ZSetRanges.lexDeletable(new ArrayList<>(z.entries()), lex, z.isListpack());
        } else {
            doomed = inRange(z, range, false, 0, -1);
        }
        for (Entry e : doomed) z.remove(e.member());
        if (z.size() == 0) ctx.db().remove(key);
        if (!doomed.isEmpty()) {
            ctx.db().modified(key);
            Notifications.event(ctx, Notifications.ZSET, "zremrangeby" + type.name().toLowerCase(java.util.Locale.ROOT), key);
            if (z.size() == 0) Notifications.event(ctx, Notifications.GENERIC, "del", key);
        }
        return Reply.integer(doomed.size());
    }

    // ---- pops ----------------------------------------------------------------------------------

    /** ZPOPMIN/ZPOPMAX key [count]: flat without a count; with one, pairs RESP3 nests. */
    private static Reply zpop(CommandContext ctx, boolean min) {
        if (ctx.argc() > 3) return Errors.SYNTAX;
        long count = -1;
        if (ctx.argc() == 3) {
            Long parsed = Numbers.parseLong(ctx.arg(2));
            if (parsed == null || parsed < 0) return Errors.OUT_OF_RANGE_POSITIVE;
            count = parsed;
        }
        return genericZpop(ctx, List.of(ctx.key(1)), min, false, count, false, false);
    }

    /**
     * Redis's genericZpopCommand. The first of {@code keys} that exists is popped from (a key of
     * another type is an error even when a later one is a sorted set). {@code count} -1 is the
     * single pop without a count. {@code emitKey}: the reply names the key (BZPOP*, ZMPOP);
     * {@code nested}: ZMPOP's [key, [[member, score] ...]] in both protocols.
     */
    private static Reply genericZpop(CommandContext ctx, List<Key> keys, boolean min, boolean emitKey, long count,
                                     boolean nested, boolean nilWhenEmpty) {
        Key key = null;
        SortedSetValue z = null;
        for (Key k : keys) {
            z = ctx.lookup(k, SortedSetValue.class);
            if (z != null) {
                key = k;
                break;
            }
        }
        if (z == null) return nilWhenEmpty ? Reply.NIL_ARRAY : Reply.EMPTY_ARRAY;
        if (count == 0) return Reply.EMPTY_ARRAY;
        long n = count == -1 ? 1 : Math.min(count, z.size());
        List<Reply> popped = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            Entry e = min ? z.first() : z.last();
            z.remove(e.member());
            Reply member = Reply.bulk(e.member().bytes());
            if (nested) popped.add(Reply.array(List.of(member, score(e.score()))));
            else {
                popped.add(member);
                popped.add(score(e.score()));
            }
        }
        if (n > 0) Notifications.event(ctx, Notifications.ZSET, min ? "zpopmin" : "zpopmax", key);
        if (z.size() == 0) ctx.db().remove(key);
        if (z.size() == 0) Notifications.event(ctx, Notifications.GENERIC, "del", key);
        ctx.db().modified(key);
        // ZMPOP and the blocking pops reach replicas as ZPOPMIN/ZPOPMAX (with the count popped)
        if (!ctx.commandName().startsWith("zpop")) {
            if (count == -1) ctx.propagateAs(min ? "ZPOPMIN" : "ZPOPMAX", key);
            else ctx.propagateAs(min ? "ZPOPMIN" : "ZPOPMAX", key, n);
        }
        if (nested) return Reply.array(List.of(Reply.bulk(key.bytes()), Reply.array(popped)));
        if (emitKey) {
            List<Reply> out = new ArrayList<>();
            out.add(Reply.bulk(key.bytes()));
            out.addAll(popped);
            return Reply.array(out);
        }
        return count == -1 ? Reply.array(popped) : Reply.pairs(popped);
    }

    /**
     * BZPOPMIN/BZPOPMAX/BZMPOP (blockingGenericZpopCommand): pop from the first key holding a
     * sorted set, else wait for one; inside MULTI (where Redis never blocks) answer nil at once.
     */
    private static Reply blockingZpop(CommandContext ctx, List<Key> keys, boolean min, int timeoutIdx, long count,
                                      boolean nested) {
        long timeout = Blocking.timeoutMillis(ctx, timeoutIdx);
        for (Key key : keys) {
            SortedSetValue z = ctx.lookup(key, SortedSetValue.class);
            if (z == null || z.size() == 0) continue;
            return genericZpop(ctx, List.of(key), min, true, count, nested, nested);
        }
        if (Blocking.insideExec(ctx)) return Reply.NIL_ARRAY;
        // served from whichever key gains members first, not in the order the keys were given
        return Blocking.block(ctx, keys, timeout, Reply.NIL_ARRAY,
                (served, ready) -> served.db().lookup(ready) instanceof SortedSetValue
                        ? genericZpop(served, List.of(ready), min, true, count, nested, nested) : null);
    }

    /** ZMPOP numkeys key ... MIN|MAX [COUNT n], and BZMPOP with a timeout first. */
    private static Reply zmpop(CommandContext ctx, int numkeysIdx, boolean blocking) {
        Long numkeys = Numbers.parseLong(ctx.arg(numkeysIdx));
        if (numkeys == null || numkeys < 1) return Reply.error("ERR numkeys should be greater than 0");
        if (numkeys >= ctx.argc() - numkeysIdx - 1) return Errors.SYNTAX; // no room left for MIN|MAX
        int whereIdx = numkeysIdx + numkeys.intValue() + 1;
        boolean min;
        if (ctx.isOption(whereIdx, "min")) min = true;
        else if (ctx.isOption(whereIdx, "max")) min = false;
        else return Errors.SYNTAX;
        long count = -1;
        for (int j = whereIdx + 1; j < ctx.argc(); j++) {
            boolean moreArgs = ctx.argc() - 1 - j > 0;
            if (count == -1 && ctx.isOption(j, "count") && moreArgs) {
                j++;
                Long parsed = Numbers.parseLong(ctx.arg(j));
                if (parsed == null || parsed < 1) return Reply.error("ERR count should be greater than 0");
                count = parsed;
            } else {
                return Errors.SYNTAX;
            }
        }
        if (count == -1) count = 1;
        List<Key> keys = keysBetween(ctx, numkeysIdx + 1, whereIdx);
        if (blocking) return blockingZpop(ctx, keys, min, 1, count, true);
        return genericZpop(ctx, keys, min, true, count, true, true);
    }

    /** The arguments from {@code from} up to (not including) {@code to}, as keys. */
    private static List<Key> keysBetween(CommandContext ctx, int from, int to) {
        List<Key> keys = new ArrayList<>();
        for (int j = from; j < to; j++) keys.add(ctx.key(j));
        return keys;
    }

    // ---- ZRANDMEMBER ---------------------------------------------------------------------------

    /** ZRANDMEMBER key [count [WITHSCORES]]. */
    private static Reply zrandmember(CommandContext ctx) {
        if (ctx.argc() >= 3) {
            Long l = Numbers.parseLong(ctx.arg(2));
            if (l == null) return Errors.NOT_INTEGER;
            if (l == Long.MIN_VALUE) {
                return Reply.error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
            }
            if (ctx.argc() > 4 || (ctx.argc() == 4 && !ctx.isOption(3, "withscores"))) return Errors.SYNTAX;
            boolean withScores = ctx.argc() == 4;
            if (withScores && (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2)) {
                return Reply.error("ERR value is out of range");
            }
            return zrandmemberWithCount(ctx, l, withScores);
        }
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        if (z == null) return Reply.NIL;
        if (z.size() > 1) ctx.orderUndefined("a random choice");
        return Reply.bulk(randomEntry(ctx, z).member().bytes());
    }

    /**
     * zrandmemberWithCountCommand. A negative count picks that many at random, repeats allowed; a
     * count at least the set's size answers the whole set, highest first (Redis iterates it from
     * its tail); a smaller one picks distinct members at random.
     */
    private static Reply zrandmemberWithCount(CommandContext ctx, long l, boolean withScores) {
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        if (z == null || l == 0) return Reply.EMPTY_ARRAY;
        long size = z.size();
        List<Entry> picked = new ArrayList<>();
        if (l < 0 || l == 1) {
            long count = l < 0 ? -l : 1;
            if (count > Errors.MAX_REPLY_ELEMENTS) return Errors.REPLY_TOO_LONG;
            List<Entry> all = new ArrayList<>(z.entries());
            java.util.Random random = ctx.engine().random();
            for (long i = 0; i < count; i++) picked.add(all.get(random.nextInt(all.size())));
            if (size > 1) ctx.orderUndefined("a random choice");
        } else if (l >= size) {
            picked.addAll(z.entries().descendingSet());
        } else {
            List<Entry> all = new ArrayList<>(z.entries());
            java.util.Collections.shuffle(all, ctx.engine().random());
            picked.addAll(all.subList(0, (int) l));
            ctx.orderUndefined("a random choice");
        }
        return emit(picked, withScores);
    }

    private static Entry randomEntry(CommandContext ctx, SortedSetValue z) {
        int i = ctx.engine().random().nextInt((int) z.size());
        Iterator<Entry> it = z.entries().iterator();
        for (int j = 0; j < i; j++) it.next();
        return it.next();
    }
}
