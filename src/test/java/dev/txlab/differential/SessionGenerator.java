package dev.txlab.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random multi-client sessions for the differential test, weighted towards what the lab
 * teaches: MULTI/EXEC/DISCARD/WATCH/UNWATCH, queue-time and run-time errors, type clashes, and
 * interleavings of clients A, B and C over a small pool of keys (so they collide).
 */
final class SessionGenerator {

    /** One command typed by one client. */
    record Step(String label, List<byte[]> argv) {
        String display() {
            StringBuilder sb = new StringBuilder(label).append('>');
            for (byte[] a : argv) sb.append(' ').append(new String(a, StandardCharsets.UTF_8));
            return sb.toString();
        }
    }

    private static final String[] KEYS = {"a", "b", "c", "k", "counter", "balance", "list", "h", "set", "z", "stock"};
    private static final String[] VALUES = {"0", "1", "5", "-3", "10", "100", "42", "9223372036854775807",
            "-9223372036854775808", "99999999999999999999", "1.5", "0.1", "5.6", "-0", "010", "+1", " 1", "2.0", "1e3",
            "inf", "abc", "hello", "", "x y", "\u00e9", "nan", "3.0e-2"};
    private static final String[] FIELDS = {"f", "g", "qty", "name"};
    private static final String[] MEMBERS = {"m1", "m2", "x", "1", "2", "10", "-5"};
    private static final String[] LABELS = {"A", "A", "A", "B", "B", "C"};

    final Random random;

    SessionGenerator(long seed) { this.random = new Random(seed); }

    List<Step> session(int length) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            String label = pick(LABELS);
            steps.add(new Step(label, command()));
        }
        return steps;
    }

    private List<byte[]> command() {
        int r = random.nextInt(100);
        if (r < 10) return args("MULTI");
        if (r < 18) return args("EXEC");
        if (r < 21) return args("DISCARD");
        if (r < 29) return watch();
        if (r < 32) return args("UNWATCH");
        if (r < 36) return mistake();
        return dataCommand();
    }

    private List<byte[]> watch() {
        List<byte[]> argv = args("WATCH");
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) argv.add(bytes(key()));
        return argv;
    }

    /** Errors caught at queue time (unknown, arity) and ones found only when run. */
    private List<byte[]> mistake() {
        switch (random.nextInt(11)) {
            case 9: return args(pick(new String[] {"EXEC", "MULTI", "DISCARD", "UNWATCH"}), "x");
            case 10: return args("WATCH");
            case 0: return args("NOSUCHCMD", key(), value());
            case 1: return args("SETT", key(), value());
            case 2: return args("INCRBY", key());
            case 3: return args("GET");
            case 4: return args("SET", key(), value(), "NX", "XX");
            case 5: return args("SET", key(), value(), "EX", "0");
            case 6: return args("PING", "a", "b");
            case 7: return args("SELECT", pick(new String[] {"99", "-1", "x", "1", "0"}));
            default: return args("ZADD", key(), "1");
        }
    }

    /**
     * Generators of further command families, each in its own class (zsetFamily, bitFamily ...):
     * one in five data commands comes from one of them, picked at random.
     */
    interface Family {
        List<byte[]> command(SessionGenerator g);
    }

    static final List<Family> FAMILIES = List.of(new StringBitFamily(), new ZSetFamily(), new CollectionsFamily(), new HyperLogLogFamily(), new GeoFamily(), new StreamFamily(), new FunctionsFamily(), new AclFamily());

    /** -Dtxlab.family=StreamFamily (a class name) makes most data commands come from that family, to hunt its bugs. */
    private static final Family FOCUS = FAMILIES.stream()
            .filter(f -> f.getClass().getSimpleName().equals(System.getProperty("txlab.family"))).findFirst().orElse(null);

    static String focus() { return FOCUS == null ? null : FOCUS.getClass().getSimpleName(); }

    private List<byte[]> dataCommand() {
        if (FOCUS != null && random.nextInt(5) != 0) return FOCUS.command(this);
        if (!FAMILIES.isEmpty() && random.nextInt(5) == 0) return FAMILIES.get(random.nextInt(FAMILIES.size())).command(this);
        String k = key();
        switch (random.nextInt(97)) {
            case 0: return args("SET", k, value());
            case 1: return args("SET", k, value(), pick(new String[] {"NX", "XX", "GET", "KEEPTTL", "EX", "PX"}), "100000");
            case 2: return args("SET", k, value(), "GET");
            case 3: return args("GET", k);
            case 4: return args("GETSET", k, value());
            case 5: return args("GETDEL", k);
            case 6: return args("SETNX", k, value());
            case 7: return args("SETEX", k, pick(new String[] {"100", "0", "-5", "x"}), value());
            case 8: return args("MSET", k, value(), key(), value());
            case 9: return args("MSETNX", k, value(), key(), value());
            case 10: return args("MGET", k, key(), key());
            case 11: return args("INCR", k);
            case 12: return args("DECR", k);
            case 13: return args("INCRBY", k, value());
            case 14: return args("DECRBY", k, value());
            case 15: return args("INCRBYFLOAT", k, value());
            case 16: return args("APPEND", k, value());
            case 17: return args("STRLEN", k);
            case 18: return args("LPUSH", k, value(), value());
            case 19: return args("RPUSH", k, value());
            case 20: return args("LPOP", k);
            case 21: return args("RPOP", k, pick(new String[] {"0", "1", "2", "5", "-1", "x"}));
            case 22: return args("LLEN", k);
            case 23: return args("LRANGE", k, pick(new String[] {"0", "1", "-2", "5"}), pick(new String[] {"-1", "0", "2", "100"}));
            case 24: return args("LINDEX", k, pick(new String[] {"0", "-1", "3", "x"}));
            case 25: return args("LSET", k, pick(new String[] {"0", "-1", "9"}), value());
            case 26: return args("LREM", k, pick(new String[] {"0", "1", "-1"}), value());
            case 27: return args("HSET", k, field(), value());
            case 28: return args("HSET", k, field(), value(), field(), value());
            case 29: return args("HGET", k, field());
            case 30: return args("HMGET", k, field(), field());
            case 31: return args("HGETALL", k);
            case 32: return args("HDEL", k, field());
            case 33: return args("HEXISTS", k, field());
            case 34: return args("HLEN", k);
            case 35: return args("HINCRBY", k, field(), value());
            case 36: return args("HINCRBYFLOAT", k, field(), value());
            case 37: return args(pick(new String[] {"HKEYS", "HVALS"}), k);
            case 38: return args("SADD", k, member(), member());
            case 39: return args("SREM", k, member());
            case 40: return args("SMEMBERS", k);
            case 41: return args("SISMEMBER", k, member());
            case 42: return args("SCARD", k);
            case 43: return args("ZADD", k, score(), member());
            case 44: return args("ZADD", k, pick(new String[] {"NX", "XX", "GT", "LT", "CH", "INCR"}), score(), member());
            case 45: return args("ZINCRBY", k, score(), member());
            case 46: return args("ZSCORE", k, member());
            case 47: return args("ZRANGE", k, "0", "-1", "WITHSCORES");
            case 48: return args("ZRANGE", k, pick(new String[] {"0", "1", "-1"}), pick(new String[] {"-1", "1", "0"}));
            case 49: return args("ZCARD", k);
            case 50: return args("ZREM", k, member());
            case 51: return args("DEL", k, key());
            case 52: return args("EXISTS", k, key());
            case 53: return args("TYPE", k);
            case 54: return args("RENAME", k, key());
            case 55: return args("RENAMENX", k, key());
            case 56: return args("EXPIRE", k, pick(new String[] {"100", "50", "0", "-1", "x"}));
            case 57: return args("TTL", k);
            case 58: return args("PERSIST", k);
            case 59: return args(pick(new String[] {"DBSIZE", "PING", "FLUSHDB", "FLUSHALL"}));
            case 60: return args("ECHO", value());
            case 61: return args("UNLINK", k);
            case 62: return args("ZRANGE", k, pick(SCORE_BOUNDS), pick(SCORE_BOUNDS), "BYSCORE", pick(new String[] {"WITHSCORES", "REV", "LIMIT", "x"}), pick(new String[] {"0", "1", "-1"}), pick(new String[] {"1", "2", "-1"}));
            case 63: return args("ZRANGE", k, pick(LEX_BOUNDS), pick(LEX_BOUNDS), "BYLEX", pick(new String[] {"REV", "WITHSCORES", "LIMIT"}), "0", "2");
            case 64: return args("ZRANGE", k, "0", "-1", pick(new String[] {"REV", "LIMIT", "WITHSCORES", "BYSCORE"}), "1", "1");
            case 65: return args(pick(new String[] {"ZREVRANGE", "ZRANGEBYSCORE", "ZREVRANGEBYSCORE"}), k, pick(SCORE_BOUNDS), pick(SCORE_BOUNDS), "WITHSCORES");
            case 66: return args("ZCOUNT", k, pick(SCORE_BOUNDS), pick(SCORE_BOUNDS));
            case 67: return args(pick(new String[] {"ZRANK", "ZREVRANK"}), k, member());
            case 68: return args("ZMSCORE", k, member(), member());
            case 69: return args("GETEX", k, pick(new String[] {"EX", "PX", "PERSIST", "EXAT", "KEEPTTL"}), pick(new String[] {"100", "0", "x", "200000"}));
            case 70: return args("GETRANGE", k, pick(new String[] {"0", "-3", "2", "x"}), pick(new String[] {"-1", "1", "100", "-5"}));
            case 71: return args("SETRANGE", k, pick(new String[] {"0", "3", "-1", "x"}), value());
            case 72: return args("LTRIM", k, pick(new String[] {"0", "1", "-2"}), pick(new String[] {"-1", "0", "1"}));
            case 73: return args(pick(new String[] {"LPUSHX", "RPUSHX"}), k, value());
            case 74: return args("HSETNX", k, field(), value());
            case 75: return args("HSTRLEN", k, field());
            case 76: return args("SMISMEMBER", k, member(), member());
            case 77: return args(pick(new String[] {"EXPIRE", "PEXPIRE"}), k, pick(new String[] {"100000", "200000", "0"}), pick(new String[] {"NX", "XX", "GT", "LT", "ZZ"}));
            case 78: return args("EXPIRE", k, "100", "NX", "XX");
            case 79: return args("TOUCH", k, key()); // EXPIRETIME depends on the wall clock: covered by transcripts
            case 80: return args("KEYS", pick(new String[] {"*", "?", "[a-c]*", "[^a]*", "h\\*", "*e*", "**"}));
            case 81: return args("SELECT", pick(new String[] {"0", "1", "0"}));
            case 82: return args("SET", k, binary());
            case 83: return args("GET", binary());
            case 84: return args(pick(new String[] {"NOSUCH", "foo", "EVALX"}), longArg(), longArg(), value());
            case 85: return args("RESET");
            case 86: return args("QUIT");
            case 87: return args("HMSET", k, field(), value());
            // Only future or invalid times: a past one leaves the key to Redis's timing-dependent
            // background expiry (covered by transcripts instead).
            case 88: return random.nextBoolean()
                    ? args("SET", k, value(), "EXAT", pick(new String[] {"4102444800", "0", "x"}))
                    : args("SET", k, value(), "PXAT", pick(new String[] {"4102444800000", "-1", "x"}));
            case 90: return args("LMOVE", k, key(), pick(new String[] {"LEFT", "RIGHT"}), pick(new String[] {"LEFT", "RIGHT", "UP"}));
            case 91: return args("RPOPLPUSH", k, key());
            case 92: return args(pick(new String[] {"ZPOPMIN", "ZPOPMAX"}), k, pick(new String[] {"1", "2", "0", "-1"}));
            case 93: return args(pick(new String[] {"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"}), k, key(), key());
            case 94: return args("SORT", k, pick(new String[] {"ALPHA", "DESC", "LIMIT", "STORE"}), pick(new String[] {"0", "1", "a"}), pick(new String[] {"2", "1"}));
            case 95: return args("LINSERT", k, pick(new String[] {"BEFORE", "AFTER"}), value(), value());
            default: return args("ZADD", k, pick(new String[] {"GT", "LT", "NX"}), pick(new String[] {"XX", "CH", "LT"}), score(), member(), score(), member());
        }
    }

    private static final String[] SCORE_BOUNDS = {"-inf", "+inf", "0", "1", "(1", "2.5", "(2.5", "x", "", " 1", "1e2"};
    private static final String[] LEX_BOUNDS = {"-", "+", "[m", "(m1", "[x", "a", "(2"};

    String key() { return pick(KEYS); }

    /** A value with bytes redis-cli must escape: NUL, newline, quotes, high bytes. */
    String binary() { return pick(new String[] {"a\u0000b", "line\nbreak", "q\"uote", "\u00ff\u0001", "tab\tx"}); }

    /** Long enough to hit the 128-byte cut in the unknown-command error. */
    String longArg() { return "x".repeat(1 + random.nextInt(140)); }

    String value() { return pick(VALUES); }

    String field() { return pick(FIELDS); }

    String member() { return pick(MEMBERS); }

    String score() { return pick(new String[] {"1", "2.5", "-1", "0", "inf", "-inf", "x", "1e2", "0.1"}); }

    String pick(String... options) { return options[random.nextInt(options.length)]; }

    static List<byte[]> args(String... parts) {
        List<byte[]> argv = new ArrayList<>(parts.length);
        for (String p : parts) argv.add(bytes(p));
        return argv;
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
