package dev.txlab.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * Sorted-set commands for the differential test: every command of the group, with their options
 * in random order and number, valid and invalid arguments (ranges, counts, numkeys, weights),
 * inputs that are plain sets or strings, inside and outside MULTI (the generator interleaves
 * those) and from scripts.
 *
 * <p>Left out where Redis answers at random. ZRANDMEMBER is generated only where its answer is
 * defined (a count of 0, or at least the set's size, a missing key, errors). The sets stay small
 * listpacks: on a skiplist whose members have different scores, a lex range's answer depends on
 * the random levels of its nodes (see ZSetRanges), so CONFIG SET of the encoding parameters and
 * skiplists are left to transcripts (sorted-sets-encodings.tx) and Redis's suite. Blocking pops
 * wait 0.01 s at most, never 0 (a real server would wait forever).
 */
final class ZSetFamily implements SessionGenerator.Family {

    private static final String[] SCORES = {"1", "2.5", "-1", "0", "-0", "inf", "-inf", "+inf", "1e2", "0.1", "3",
            "x", "", "nan", " 1", "0x10", "1e400"};
    private static final String[] SCORE_BOUNDS = {"-inf", "+inf", "0", "1", "(1", "2.5", "(2.5", "(-inf", "-0", "(0",
            "x", "", " 1", "1e2", "(", "nan", "3"};
    private static final String[] LEX_BOUNDS = {"-", "+", "[m1", "(m1", "[x", "(x", "[", "(", "[1", "(10", "a", "",
            "+x", "[2"};
    private static final String[] RANKS = {"0", "1", "2", "-1", "-2", "-100", "100", "x", "9223372036854775807",
            "-9223372036854775808"};
    private static final String[] COUNTS = {"0", "1", "2", "3", "10", "-1", "x", "9223372036854775807"};
    private static final String[] WEIGHTS = {"1", "2", "-1", "0", "0.5", "inf", "-inf", "x", "-0"};

    @Override
    public List<byte[]> command(SessionGenerator g) {
        String k = zkey(g);
        switch (g.random.nextInt(34)) {
            case 0: return zadd(g, k);
            case 1: return zadd(g, k);
            case 2: return SessionGenerator.args("ZINCRBY", k, score(g), member(g));
            case 3: return SessionGenerator.args(g.pick("ZSCORE", "ZRANK", "ZREVRANK"), k, member(g));
            case 4: return withMembers(g, SessionGenerator.args("ZMSCORE", k), 1 + g.random.nextInt(3));
            case 5: return SessionGenerator.args(g.pick("ZCARD", "ZCARD", "TYPE"), k);
            case 6: return SessionGenerator.args("ZCOUNT", k, g.pick(SCORE_BOUNDS), g.pick(SCORE_BOUNDS));
            case 7: return SessionGenerator.args("ZLEXCOUNT", k, g.pick(LEX_BOUNDS), g.pick(LEX_BOUNDS));
            case 8: case 9: case 10: return zrange(g, SessionGenerator.args("ZRANGE", k), true, true);
            case 11: return zrange(g, SessionGenerator.args("ZRANGESTORE", zkey(g), k), true, false);
            case 12: {
                String name = g.pick("ZREVRANGE", "ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZRANGEBYLEX", "ZREVRANGEBYLEX");
                return zrange(g, SessionGenerator.args(name, k), false, true);
            }
            case 13: return withMembers(g, SessionGenerator.args("ZREM", k), 1 + g.random.nextInt(3));
            case 14: return SessionGenerator.args("ZREMRANGEBYRANK", k, g.pick(RANKS), g.pick(RANKS));
            case 15: return SessionGenerator.args("ZREMRANGEBYSCORE", k, g.pick(SCORE_BOUNDS), g.pick(SCORE_BOUNDS));
            case 16: return SessionGenerator.args("ZREMRANGEBYLEX", k, g.pick(LEX_BOUNDS), g.pick(LEX_BOUNDS));
            case 17: return g.random.nextBoolean() ? SessionGenerator.args(g.pick("ZPOPMIN", "ZPOPMAX"), k)
                    : SessionGenerator.args(g.pick("ZPOPMIN", "ZPOPMAX"), k, g.pick(COUNTS));
            case 18: {
                List<byte[]> argv = SessionGenerator.args(g.pick("BZPOPMIN", "BZPOPMAX"), k);
                if (g.random.nextBoolean()) argv.add(b(zkey(g)));
                argv.add(b(g.pick("0.01", "0.01", "x", "-1")));
                return argv;
            }
            case 19: case 20: return zmpop(g, false);
            case 21: return zmpop(g, true);
            case 22: case 23: case 24: return algebra(g);
            case 25: return zrandmember(g, k);
            case 26: return SessionGenerator.args(g.pick("ZUNION", "ZINTER"), "1", k, "WEIGHTS", g.pick("-1", "-0", "0"), "WITHSCORES");
            case 27: return SessionGenerator.args("SADD", g.pick("set", "z", "s2"), member(g), member(g));
            case 28: return SessionGenerator.args("ZRANGE", k, "0", "-1", "WITHSCORES");
            case 29: return SessionGenerator.args("ZADD", k, g.pick("-0", "0", "1"), member(g), g.pick("-0", "2"), member(g));
            case 30: return SessionGenerator.args("ZADD", "lex", "0", member(g), "0", member(g));
            case 31: return SessionGenerator.args("ZRANGE", k, g.pick(SCORE_BOUNDS), g.pick(SCORE_BOUNDS), "BYSCORE", "WITHSCORES");
            case 32: return SessionGenerator.args("EVAL", "return redis.call(" + g.pick("'ZPOPMIN', KEYS[1]", "'ZRANGE', KEYS[1], 0, -1, 'WITHSCORES'",
                    "'ZSCORE', KEYS[1], 'm1'", "'BZMPOP', 0, 1, KEYS[1], 'MAX'", "'ZADD', KEYS[1], 'INCR', 1, 'm1'",
                    "'ZMPOP', 1, KEYS[1], 'MIN', 'COUNT', 2") + ")", "1", k);
            default: return SessionGenerator.args("DEL", k);
        }
    }

    private static byte[] b(String s) { return s.getBytes(java.nio.charset.StandardCharsets.UTF_8); }

    /** Mostly keys of the sorted-set part of the pool, sometimes any key (a string, a list ...). */
    private static String zkey(SessionGenerator g) {
        return g.random.nextInt(4) == 0 ? g.key() : g.pick("z", "z", "z2", "z3", "set", "lex");
    }

    private static String member(SessionGenerator g) {
        return g.random.nextInt(5) == 0 ? g.pick("a", "b", "", "m1\u0000x") : g.member();
    }

    private static String score(SessionGenerator g) {
        return g.random.nextInt(3) == 0 ? g.pick(SCORES) : g.score();
    }

    private static List<byte[]> withMembers(SessionGenerator g, List<byte[]> argv, int n) {
        for (int i = 0; i < n; i++) argv.add(b(member(g)));
        return argv;
    }

    /** ZADD with 0 to 3 options in any order (incompatible ones too), then 1 to 3 pairs, sometimes one short. */
    private static List<byte[]> zadd(SessionGenerator g, String k) {
        List<byte[]> argv = SessionGenerator.args("ZADD", k);
        int options = g.random.nextInt(4);
        for (int i = 0; i < options; i++) argv.add(b(g.pick("NX", "XX", "GT", "LT", "CH", "INCR")));
        int pairs = 1 + g.random.nextInt(3);
        for (int i = 0; i < pairs; i++) {
            argv.add(b(score(g)));
            argv.add(b(member(g)));
        }
        if (g.random.nextInt(10) == 0) argv.remove(argv.size() - 1);
        return argv;
    }

    /** A range command: its two bounds (of a kind that fits or not), then options in any order. */
    private static List<byte[]> zrange(SessionGenerator g, List<byte[]> argv, boolean byOptions, boolean withScores) {
        String name = new String(argv.get(0), java.nio.charset.StandardCharsets.UTF_8);
        int kind = byOptions ? g.random.nextInt(3) : name.endsWith("BYLEX") ? 2 : name.endsWith("BYSCORE") ? 1 : 0;
        if (g.random.nextInt(8) == 0) kind = g.random.nextInt(3); // bounds of the wrong kind
        String[] bounds = kind == 0 ? RANKS : kind == 1 ? SCORE_BOUNDS : LEX_BOUNDS;
        argv.add(b(g.pick(bounds)));
        argv.add(b(g.pick(bounds)));
        List<List<String>> options = new ArrayList<>(); // LIMIT keeps its two numbers after it
        if (byOptions && kind == 1 && g.random.nextInt(6) != 0) options.add(List.of("BYSCORE"));
        if (byOptions && kind == 2 && g.random.nextInt(6) != 0) options.add(List.of("BYLEX"));
        if (byOptions && g.random.nextInt(3) == 0) options.add(List.of("REV"));
        if (withScores && g.random.nextInt(3) == 0) options.add(List.of("WITHSCORES"));
        if (g.random.nextInt(3) == 0) {
            options.add(List.of("LIMIT", g.pick("0", "1", "2", "-1", "x"), g.pick("1", "2", "-1", "0", "10")));
        }
        if (g.random.nextInt(12) == 0) options.add(List.of(g.pick("REV", "BYSCORE", "BYLEX", "WITHSCORES", "LIMIT", "FOO")));
        java.util.Collections.shuffle(options, g.random);
        for (List<String> group : options) for (String o : group) argv.add(b(o));
        return argv;
    }

    /** ZMPOP / BZMPOP with a numkeys that fits, overshoots or is nonsense, MIN or MAX, maybe COUNT. */
    private static List<byte[]> zmpop(SessionGenerator g, boolean blocking) {
        List<byte[]> argv = SessionGenerator.args(blocking ? "BZMPOP" : "ZMPOP");
        if (blocking) argv.add(b(g.pick("0.01", "0.01", "0.01", "x", "-1")));
        int n = 1 + g.random.nextInt(3);
        argv.add(b(g.random.nextInt(10) == 0 ? g.pick("0", "-1", "x", "5") : Integer.toString(n)));
        for (int i = 0; i < n; i++) argv.add(b(zkey(g)));
        argv.add(b(g.pick("MIN", "MAX", "min", "MAX", "MID")));
        if (g.random.nextBoolean()) {
            argv.add(b("COUNT"));
            if (g.random.nextInt(10) != 0) argv.add(b(g.pick(COUNTS)));
        }
        if (g.random.nextInt(15) == 0) argv.add(b(g.pick("COUNT", "1", "FOO")));
        return argv;
    }

    /** ZUNION/ZINTER/ZDIFF, their STORE forms and ZINTERCARD, with the options each accepts and some it does not. */
    private static List<byte[]> algebra(SessionGenerator g) {
        String name = g.pick("ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZINTERCARD");
        List<byte[]> argv = SessionGenerator.args(name);
        if (name.endsWith("STORE")) argv.add(b(zkey(g)));
        int n = 1 + g.random.nextInt(3);
        argv.add(b(g.random.nextInt(12) == 0 ? g.pick("0", "-1", "x", "9") : Integer.toString(n)));
        for (int i = 0; i < n; i++) argv.add(b(zkey(g)));
        List<List<String>> options = new ArrayList<>();
        if (g.random.nextInt(3) == 0) {
            List<String> w = new ArrayList<>(List.of("WEIGHTS"));
            int count = g.random.nextInt(8) == 0 ? n - 1 : n;
            for (int i = 0; i < count; i++) w.add(g.pick(WEIGHTS));
            options.add(w);
        }
        if (g.random.nextInt(3) == 0) options.add(List.of("AGGREGATE", g.pick("SUM", "MIN", "MAX", "max", "AVG")));
        if (g.random.nextInt(3) == 0) options.add(List.of("WITHSCORES"));
        if (name.equals("ZINTERCARD") && g.random.nextBoolean()) options.add(List.of("LIMIT", g.pick("0", "1", "2", "-1", "x")));
        java.util.Collections.shuffle(options, g.random);
        for (List<String> group : options) for (String o : group) argv.add(b(o));
        return argv;
    }

    /** Only ZRANDMEMBER's defined answers: count 0, a count past any set here, a missing key, errors. */
    private static List<byte[]> zrandmember(SessionGenerator g, String k) {
        switch (g.random.nextInt(5)) {
            case 0: return SessionGenerator.args("ZRANDMEMBER", "nokey" + g.random.nextInt(2));
            case 1: return SessionGenerator.args("ZRANDMEMBER", k, g.pick("0", "100", "50"), "WITHSCORES");
            case 2: return SessionGenerator.args("ZRANDMEMBER", k, g.pick("0", "100", "x", "-9223372036854775808", "1.5"));
            case 3: return SessionGenerator.args("ZRANDMEMBER", k, g.pick("100", "-4611686018427387904", "4611686018427387904"),
                    g.pick("WITHSCORES", "withscores", "FOO"));
            default: return SessionGenerator.args("ZRANDMEMBER", k, "100", "WITHSCORES", "x");
        }
    }

}
