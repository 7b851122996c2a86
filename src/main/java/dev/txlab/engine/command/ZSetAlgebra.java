package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.keyspace.SortedSetValue;
import dev.txlab.engine.keyspace.SortedSetValue.Entry;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD: Redis's zunionInterDiffGenericCommand.
 * Inputs may be sorted sets or plain sets (whose members all score 1); a missing key is an empty
 * input. WEIGHTS multiply each input's scores (a product that is not a number, 0 times inf,
 * counts as 0), AGGREGATE SUM, MIN or MAX combines a member's scores across inputs (inf plus -inf
 * counts as 0), in the order Redis visits the inputs: smallest first, ties in the order given.
 */
final class ZSetAlgebra {
    private ZSetAlgebra() {}

    private enum Op { UNION, INTER, DIFF }

    private enum Aggregate { SUM, MIN, MAX }

    static List<Binding> bindings() {
        return List.of(
                bind("zunion", ctx -> run(ctx, null, 1, Op.UNION, false)),
                bind("zinter", ctx -> run(ctx, null, 1, Op.INTER, false)),
                bind("zdiff", ctx -> run(ctx, null, 1, Op.DIFF, false)),
                bind("zintercard", ctx -> run(ctx, null, 1, Op.INTER, true)),
                bind("zunionstore", ctx -> run(ctx, ctx.key(1), 2, Op.UNION, false)),
                bind("zinterstore", ctx -> run(ctx, ctx.key(1), 2, Op.INTER, false)),
                bind("zdiffstore", ctx -> run(ctx, ctx.key(1), 2, Op.DIFF, false)));
    }

    /** One input and its weight: a sorted set, a set, or null for a missing key. */
    private static final class Source {
        final RedisValue value;
        double weight = 1.0;

        Source(RedisValue value) { this.value = value; }

        long size() { return value == null ? 0 : value.size(); }

        /** The member's score here (1 in a plain set), or null when it is not a member. */
        Double score(Key member) {
            if (value instanceof SortedSetValue z) return z.score(member);
            if (value instanceof SetValue s) return s.contains(member) ? 1.0 : null;
            return null;
        }

        /** Every (member, score) of the input. */
        List<Entry> entries() {
            List<Entry> out = new ArrayList<>();
            if (value instanceof SortedSetValue z) out.addAll(z.entries());
            else if (value instanceof SetValue s) for (Key m : s.members()) out.add(new Entry(1.0, m));
            return out;
        }
    }

    /**
     * {@code destination} is null for the commands that answer the result; {@code numkeysIdx}
     * is where the input count is; {@code cardinalityOnly} for ZINTERCARD.
     */
    private static Reply run(CommandContext ctx, Key destination, int numkeysIdx, Op op, boolean cardinalityOnly) {
        long setnum = ctx.longArg(numkeysIdx);
        if (setnum < 1) {
            return Reply.error("ERR at least 1 input key is needed for '" + ctx.commandName() + "' command");
        }
        if (setnum > ctx.argc() - (numkeysIdx + 1)) return Errors.SYNTAX;
        int n = (int) setnum;
        // the inputs are looked up (and type-checked) before the options are read
        List<Source> sources = new ArrayList<>(n);
        int j = numkeysIdx + 1;
        for (int i = 0; i < n; i++, j++) {
            RedisValue v = ctx.db().lookup(ctx.key(j));
            if (v != null && !(v instanceof SortedSetValue) && !(v instanceof SetValue)) return Errors.WRONGTYPE;
            sources.add(new Source(v));
        }

        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0; // ZINTERCARD stops counting there; 0 counts all
        int remaining = ctx.argc() - j;
        while (remaining > 0) {
            if (op != Op.DIFF && !cardinalityOnly && remaining >= n + 1 && ctx.isOption(j, "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < n; i++, j++, remaining--) {
                    Double w = Numbers.parseDouble(ctx.arg(j));
                    if (w == null) return Reply.error("ERR weight value is not a float");
                    sources.get(i).weight = w;
                }
            } else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2 && ctx.isOption(j, "aggregate")) {
                j++;
                if (ctx.isOption(j, "sum")) aggregate = Aggregate.SUM;
                else if (ctx.isOption(j, "min")) aggregate = Aggregate.MIN;
                else if (ctx.isOption(j, "max")) aggregate = Aggregate.MAX;
                else return Errors.SYNTAX;
                j++;
                remaining -= 2;
            } else if (destination == null && !cardinalityOnly && ctx.isOption(j, "withscores")) {
                j++;
                remaining--;
                withScores = true;
            } else if (cardinalityOnly && remaining >= 2 && ctx.isOption(j, "limit")) {
                Long l = Numbers.parseLong(ctx.arg(j + 1));
                if (l == null || l < 0) return Reply.error("ERR LIMIT can't be negative");
                limit = l;
                j += 2;
                remaining -= 2;
            } else {
                return Errors.SYNTAX;
            }
        }

        // smallest input first (a stable sort, as glibc's qsort is for these sizes)
        if (op != Op.DIFF) sources.sort(Comparator.comparingLong(Source::size));

        SortedSetValue result = SortedSetValue.skiplist();
        long cardinality = 0;
        switch (op) {
            case INTER -> {
                Source first = sources.get(0);
                for (Entry e : first.size() == 0 ? List.<Entry>of() : first.entries()) {
                    double score = first.weight * e.score();
                    if (Double.isNaN(score)) score = 0;
                    boolean inAll = true;
                    for (int i = 1; i < n; i++) {
                        Source s = sources.get(i);
                        Double value = s.score(e.member());
                        if (value == null) {
                            inAll = false;
                            break;
                        }
                        score = aggregate(score, value * s.weight, aggregate);
                    }
                    if (!inAll) continue;
                    if (cardinalityOnly) {
                        cardinality++;
                        if (limit > 0 && cardinality >= limit) break;
                    } else {
                        result.put(e.member(), score);
                    }
                }
            }
            case UNION -> {
                Map<Key, Double> accumulator = new LinkedHashMap<>();
                for (Source s : sources) {
                    for (Entry e : s.entries()) {
                        double score = s.weight * e.score();
                        if (Double.isNaN(score)) score = 0;
                        Double existing = accumulator.get(e.member());
                        accumulator.put(e.member(), existing == null ? score : aggregate(existing, score, aggregate));
                    }
                }
                for (Map.Entry<Key, Double> e : accumulator.entrySet()) result.put(e.getKey(), e.getValue());
            }
            case DIFF -> {
                Source first = sources.get(0);
                for (Entry e : first.entries()) {
                    boolean elsewhere = false;
                    for (int i = 1; i < n && !elsewhere; i++) elsewhere = sources.get(i).score(e.member()) != null;
                    if (!elsewhere) result.put(e.member(), e.score());
                }
            }
        }

        if (destination != null) {
            if (result.size() == 0) return SortedSetCommands.deleteDestination(ctx, destination);
            result.convertToListpackIfFits(SortedSetCommands.limits(ctx));
            SortedSetCommands.storeResult(ctx, destination, result, "z" + op.name().toLowerCase(java.util.Locale.ROOT) + "store");
            return Reply.integer(result.size());
        }
        if (cardinalityOnly) return Reply.integer(cardinality);
        if (result.size() == 0) return Reply.EMPTY_ARRAY;
        List<Reply> out = new ArrayList<>();
        for (Entry e : result.entries()) {
            out.add(Reply.bulk(e.member().bytes()));
            if (withScores) out.add(SortedSetCommands.score(e.score()));
        }
        // WITHSCORES: one flat array in RESP2, (member, score) pairs in RESP3
        return withScores ? Reply.pairs(out) : Reply.array(out);
    }

    /** zunionInterAggregate. */
    private static double aggregate(double target, double value, Aggregate how) {
        return switch (how) {
            case SUM -> {
                double sum = target + value;
                yield Double.isNaN(sum) ? 0.0 : sum; // inf + -inf: 0 by convention
            }
            case MIN -> value < target ? value : target;
            case MAX -> value > target ? value : target;
        };
    }
}
