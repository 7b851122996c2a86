package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.keyspace.SortedSetValue.Entry;
import dev.txlab.engine.keyspace.SortedSetValue;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Sorted set commands, as in Redis's t_zset.c. */
public final class SortedSetCommands {
    private SortedSetCommands() {}

    private enum RangeType { AUTO, RANK, SCORE, LEX }

    public static List<Binding> bindings() {
        return List.of(
                bind("zadd", ctx -> zadd(ctx, false)),
                bind("zincrby", ctx -> zadd(ctx, true)),
                bind("zscore", ctx -> {
                            SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
                            Double score = z == null ? null : z.score(ctx.key(2));
                            return score == null ? Reply.NIL : score(score);
                        }),
                bind("zmscore", ctx -> {
                            SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
                            List<Reply> out = new ArrayList<>();
                            for (int j = 2; j < ctx.argc(); j++) {
                                Double s = z == null ? null : z.score(ctx.key(j));
                                out.add(s == null ? Reply.NIL : score(s));
                            }
                            return Reply.array(out);
                        }),
                bind("zcard", ctx -> {
                            SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
                            return Reply.integer(z == null ? 0 : z.size());
                        }),
                bind("zrem", SortedSetCommands::zrem),
                bind("zrange", ctx -> zrange(ctx, RangeType.AUTO, false)),
                bind("zrevrange", ctx -> zrange(ctx, RangeType.RANK, true)),
                bind("zrangebyscore", ctx -> zrange(ctx, RangeType.SCORE, false)),
                bind("zrevrangebyscore", ctx -> zrange(ctx, RangeType.SCORE, true)),
                bind("zcount", SortedSetCommands::zcount),
                bind("zpopmin", ctx -> zpop(ctx, true)),
                bind("zpopmax", ctx -> zpop(ctx, false)),
                bind("bzpopmin", ctx -> blockingZpop(ctx, true))
                        .teaching("ZPOPMIN that waits for a member (allowed in MULTI, where it never waits)"),
                bind("bzpopmax", ctx -> blockingZpop(ctx, false))
                        .teaching("ZPOPMAX that waits for a member (allowed in MULTI, where it never waits)"),
                bind("zrank", ctx -> zrank(ctx, false)),
                bind("zrevrank", ctx -> zrank(ctx, true)));
    }

    /**
     * Scores are doubles (addReplyDouble): RESP3 {@code ,}, and for RESP2 a %.17g bulk string
     * (0.1 shows as 0.10000000000000001).
     */
    static Reply score(double score) {
        return new Reply.Double(score);
    }

    /** Redis's zaddGenericCommand; ZINCRBY is ZADD INCR, options parsing included (a Redis quirk). */
    private static Reply zadd(CommandContext ctx, boolean incrCommand) {
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
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) scores[j] = ctx.doubleArg(scoreIdx + j * 2);

        Key key = ctx.key(1);
        SortedSetValue z = ctx.lookup(key, SortedSetValue.class);
        int added = 0, updated = 0, processed = 0;
        double last = 0;
        Reply error = null;
        if (z == null && !xx) {
            z = new SortedSetValue(elements, ctx.arg(scoreIdx + 1).length);
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
                    last = score;
                    if (score != current) {
                        z.put(member, score);
                        updated++;
                    }
                } else {
                    if (xx) continue;
                    z.put(member, score);
                    added++;
                    processed++;
                    last = score;
                }
            }
        }
        if (added > 0 || updated > 0) ctx.db().modified(key);
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
            if (z.remove(ctx.key(j))) {
                deleted++;
                if (z.size() == 0) {
                    ctx.db().remove(key);
                    break;
                }
            }
        }
        if (deleted > 0) ctx.db().modified(key);
        return Reply.integer(deleted);
    }

    /** A score bound: "(1.5" is exclusive, "-inf"/"+inf" unbounded, parsed with plain strtod. */
    private record ScoreBound(double value, boolean exclusive) {
        static ScoreBound parse(byte[] arg) {
            boolean exclusive = arg.length > 0 && arg[0] == '(';
            byte[] number = exclusive ? Arrays.copyOfRange(arg, 1, arg.length) : arg;
            Double v = parseLoose(number);
            if (v == null) throw new CommandFailed(Reply.error("ERR min or max is not a float"));
            return new ScoreBound(v, exclusive);
        }

        /** Bare strtod on a C string: leading blanks allowed, an empty string is 0. */
        private static Double parseLoose(byte[] s) {
            int n = 0;
            while (n < s.length && s[n] != 0) n++;
            byte[] c = Arrays.copyOf(s, n);
            int p = 0;
            while (p < c.length && (c[p] == ' ' || (c[p] >= 9 && c[p] <= 13))) p++;
            if (p == c.length) return 0.0;
            // strtod reports overflow as +-HUGE_VAL, which zslParseRange accepts.
            Double d = Numbers.parseDouble(Arrays.copyOfRange(c, p, c.length));
            if (d != null) return d;
            return Numbers.parseDoubleSaturating(Arrays.copyOfRange(c, p, c.length));
        }

        boolean belowMax(double score) { return exclusive ? score < value : score <= value; }

        boolean aboveMin(double score) { return exclusive ? score > value : score >= value; }
    }

    /** A lex bound: "-", "+", "[name" inclusive or "(name" exclusive. */
    private record LexBound(byte[] value, boolean exclusive, int infinity) {
        static LexBound parse(byte[] arg) {
            if (arg.length == 1 && arg[0] == '+') return new LexBound(null, false, 1);
            if (arg.length == 1 && arg[0] == '-') return new LexBound(null, false, -1);
            if (arg.length >= 1 && (arg[0] == '(' || arg[0] == '[')) {
                return new LexBound(Arrays.copyOfRange(arg, 1, arg.length), arg[0] == '(', 0);
            }
            throw new CommandFailed(Reply.error("ERR min or max not valid string range item"));
        }

        boolean aboveMin(byte[] m) {
            if (infinity != 0) return infinity < 0;
            int c = Arrays.compareUnsigned(m, value);
            return exclusive ? c > 0 : c >= 0;
        }

        boolean belowMax(byte[] m) {
            if (infinity != 0) return infinity > 0;
            int c = Arrays.compareUnsigned(m, value);
            return exclusive ? c < 0 : c <= 0;
        }
    }

    /** Redis's zrangeGenericCommand: ZRANGE with all its forms, and the older Z*RANGE* commands. */
    private static Reply zrange(CommandContext ctx, RangeType preset, boolean presetReverse) {
        RangeType type = preset;
        boolean reverse = presetReverse;
        boolean directionSet = presetReverse || preset != RangeType.AUTO;
        boolean withScores = false;
        long offset = 0, limit = -1;
        for (int j = 4; j < ctx.argc(); j++) {
            int left = ctx.argc() - j - 1;
            if (ctx.isOption(j, "withscores")) {
                withScores = true;
            } else if (ctx.isOption(j, "limit") && left >= 2) {
                offset = ctx.longArg(j + 1);
                limit = ctx.longArg(j + 2);
                j += 2;
            } else if (!directionSet && ctx.isOption(j, "rev")) {
                reverse = true;
                directionSet = true;
            } else if (type == RangeType.AUTO && ctx.isOption(j, "bylex")) {
                type = RangeType.LEX;
            } else if (type == RangeType.AUTO && ctx.isOption(j, "byscore")) {
                type = RangeType.SCORE;
            } else {
                return Errors.SYNTAX;
            }
        }
        if (type == RangeType.AUTO) type = RangeType.RANK;
        if (limit != -1 && type == RangeType.RANK) {
            return Reply.error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && type == RangeType.LEX) {
            return Reply.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        int minIdx = 2, maxIdx = 3;
        if (reverse && type != RangeType.RANK) { minIdx = 3; maxIdx = 2; }

        long start = 0, end = 0;
        ScoreBound minScore = null, maxScore = null;
        LexBound minLex = null, maxLex = null;
        switch (type) {
            case RANK -> { start = ctx.longArg(minIdx); end = ctx.longArg(maxIdx); }
            case SCORE -> { minScore = ScoreBound.parse(ctx.arg(minIdx)); maxScore = ScoreBound.parse(ctx.arg(maxIdx)); }
            default -> { minLex = LexBound.parse(ctx.arg(minIdx)); maxLex = LexBound.parse(ctx.arg(maxIdx)); }
        }

        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        if (z == null) return Reply.EMPTY_ARRAY;
        List<Entry> ordered = new ArrayList<>(reverse ? z.entries().descendingSet() : z.entries());
        List<Entry> picked = new ArrayList<>();
        if (type == RangeType.RANK) {
            long len = ordered.size();
            if (start < 0) start = len + start;
            if (end < 0) end = len + end;
            if (start < 0) start = 0;
            if (start > end || start >= len) return Reply.EMPTY_ARRAY;
            if (end >= len) end = len - 1;
            picked = ordered.subList((int) start, (int) end + 1);
        } else {
            if (offset > 0 && offset >= ordered.size()) return Reply.EMPTY_ARRAY;
            if (offset < 0) return Reply.EMPTY_ARRAY; // Redis's skip loop runs off the end
            long skip = offset;
            for (Entry e : ordered) {
                boolean inRange = type == RangeType.SCORE
                        ? minScore.aboveMin(e.score()) && maxScore.belowMax(e.score())
                        : minLex.aboveMin(e.member().bytes()) && maxLex.belowMax(e.member().bytes());
                if (!inRange) {
                    // Ordered input: once past the far end of the range, nothing more can match.
                    boolean pastEnd = type == RangeType.SCORE
                            ? (reverse ? !minScore.aboveMin(e.score()) : !maxScore.belowMax(e.score()))
                            : (reverse ? !minLex.aboveMin(e.member().bytes()) : !maxLex.belowMax(e.member().bytes()));
                    if (pastEnd) break;
                    continue;
                }
                if (skip > 0) { skip--; continue; }
                if (limit >= 0 && picked.size() >= limit) break;
                picked.add(e);
            }
        }
        List<Reply> out = new ArrayList<>(picked.size() * (withScores ? 2 : 1));
        for (Entry e : picked) {
            out.add(Reply.bulk(e.member().bytes()));
            if (withScores) out.add(score(e.score()));
        }
        // WITHSCORES: (member, score) pairs, nested in RESP3 and flat in RESP2, as zrangeResultEmit* do
        return withScores ? Reply.pairs(out) : Reply.array(out);
    }

    /**
     * ZPOPMIN/ZPOPMAX: without a count, one flat [member, score]; with one, (member, score) pairs,
     * which RESP3 nests (zpopMinMaxCommand's use_nested_array).
     */
    private static Reply zpop(CommandContext ctx, boolean min) {
        if (ctx.argc() > 3) return Errors.SYNTAX;
        long count = 1;
        boolean counted = ctx.argc() == 3;
        if (counted) {
            Long parsed = dev.txlab.engine.Numbers.parseLong(ctx.arg(2));
            if (parsed == null || parsed < 0) return Errors.OUT_OF_RANGE_POSITIVE;
            count = parsed;
        }
        Key key = ctx.key(1);
        SortedSetValue z = ctx.lookup(key, SortedSetValue.class);
        if (z == null || count == 0) return Reply.EMPTY_ARRAY;
        List<Reply> out = new ArrayList<>();
        for (long i = 0; i < count && z.size() > 0; i++) {
            Entry e = min ? z.entries().first() : z.entries().last();
            z.remove(e.member());
            out.add(Reply.bulk(e.member().bytes()));
            out.add(score(e.score()));
        }
        if (z.size() == 0) ctx.db().remove(key);
        ctx.db().modified(key);
        return counted ? Reply.pairs(out) : Reply.array(out);
    }

    private static Reply blockingZpop(CommandContext ctx, boolean min) {
        long timeout = Blocking.timeoutMillis(ctx, ctx.argc() - 1);
        for (int j = 1; j < ctx.argc() - 1; j++) {
            Key key = ctx.key(j);
            SortedSetValue z = ctx.lookup(key, SortedSetValue.class);
            if (z != null) return popOne(ctx, key, z, min);
        }
        if (Blocking.insideExec(ctx)) return Reply.NIL_ARRAY;
        return Blocking.block(ctx, Blocking.keysBeforeTimeout(ctx), timeout, Reply.NIL_ARRAY,
                (served, ready) -> served.db().lookup(ready) instanceof SortedSetValue z ? popOne(served, ready, z, min) : null);
    }

    /** BZPOPMIN's answer: the key, the member popped from it and its score. */
    private static Reply popOne(CommandContext ctx, Key key, SortedSetValue z, boolean min) {
        Entry e = min ? z.entries().first() : z.entries().last();
        z.remove(e.member());
        if (z.size() == 0) ctx.db().remove(key);
        ctx.db().modified(key);
        return Reply.array(List.of(Reply.bulk(key.bytes()), Reply.bulk(e.member().bytes()), score(e.score())));
    }

    private static Reply zcount(CommandContext ctx) {
        ScoreBound min = ScoreBound.parse(ctx.arg(2));
        ScoreBound max = ScoreBound.parse(ctx.arg(3));
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        if (z == null) return Reply.ZERO;
        long count = 0;
        for (Entry e : z.entries()) if (min.aboveMin(e.score()) && max.belowMax(e.score())) count++;
        return Reply.integer(count);
    }

    private static Reply zrank(CommandContext ctx, boolean reverse) {
        SortedSetValue z = ctx.lookup(ctx.key(1), SortedSetValue.class);
        if (z == null) return Reply.NIL;
        Double score = z.score(ctx.key(2));
        if (score == null) return Reply.NIL;
        long rank = z.entries().headSet(new Entry(score, ctx.key(2))).size();
        return Reply.integer(reverse ? z.size() - 1 - rank : rank);
    }
}
