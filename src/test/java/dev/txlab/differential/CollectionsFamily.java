package dev.txlab.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists, hashes, sets and the generic keyspace commands (issue 14): every option and error path
 * with answers that do not depend on chance. Random picks (SPOP, SRANDMEMBER, HRANDFIELD,
 * RANDOMKEY) differ from a real server's by design, so they are asked only where the answer is
 * fixed: counts past any size the sessions build (the whole collection), zero, negative counts
 * that fail, and errors. SCAN is asked with a COUNT that covers the whole small table, so one call
 * answers everything whatever the hash; SSCAN/HSCAN/ZSCAN of small collections answer all at once
 * anyway. Encodings are asked often (OBJECT ENCODING) after CONFIG SET lowered their limits.
 */
final class CollectionsFamily implements SessionGenerator.Family {

    /** Elements that are also key names, so SORT's BY and GET patterns find something. */
    private static final String[] KEYISH = {"a", "b", "c", "k", "h", "1", "2", "10", "x"};
    private static final String[] COUNTS = {"1", "2", "0", "-1", "100", "x", "-9223372036854775808", "9223372036854775807"};
    private static final String[] BIG_COUNTS = {"100", "0", "-0", "x", "-9223372036854775808", "9223372036854775807", "4611686018427387904"};
    private static final String[] SIDES = {"LEFT", "RIGHT", "left", "UP"};
    private static final String[] TIMEOUTS = {"0.01", "0.001", "-1", "x", "inf", "0.0001"};

    /**
     * This family's own keys, which no other generator writes: only lists, hashes and sets land
     * here, so OBJECT ENCODING is asked of them alone (string encodings belong to another family).
     */
    private static final String[] OWN_KEYS = {"cl", "ch", "cs", "cx"};

    private static String key(SessionGenerator g) { return g.random.nextInt(10) < 7 ? g.pick(OWN_KEYS) : g.key(); }

    @Override
    public List<byte[]> command(SessionGenerator g) {
        String k = key(g);
        switch (g.random.nextInt(60)) {
            case 0: return SessionGenerator.args("LMPOP", g.pick("1", "2", "0", "x", "3"), k, key(g), g.pick(SIDES), g.pick("COUNT", "COUNT", "x"), g.pick(COUNTS));
            case 1: return SessionGenerator.args("LMPOP", "1", k, g.pick(SIDES));
            case 2: return SessionGenerator.args("BLMPOP", g.pick(TIMEOUTS), g.pick("1", "2", "0"), k, key(g), g.pick(SIDES), "COUNT", g.pick(COUNTS));
            case 3: return SessionGenerator.args(g.pick("BLPOP", "BRPOP"), k, key(g), g.pick(TIMEOUTS));
            case 4: return SessionGenerator.args("BLMOVE", k, key(g), g.pick(SIDES), g.pick(SIDES), g.pick(TIMEOUTS));
            case 5: return SessionGenerator.args("BRPOPLPUSH", k, key(g), g.pick(TIMEOUTS));
            case 6: return SessionGenerator.args("LPOS", k, g.value(), g.pick("RANK", "COUNT", "MAXLEN", "x"), g.pick("1", "-1", "0", "2", "x", "-9223372036854775808"),
                    g.pick("COUNT", "MAXLEN", "RANK"), g.pick("0", "1", "2", "-1"));
            case 7: return SessionGenerator.args("LPOS", k, g.value());
            case 8: return SessionGenerator.args("LINSERT", k, g.pick("BEFORE", "AFTER", "x"), g.value(), g.value());
            case 9: return SessionGenerator.args("LREM", k, g.pick("0", "2", "-2", "x"), g.value());
            case 10: return SessionGenerator.args("LSET", k, g.pick("0", "-1", "1", "-100", "x"), g.value());
            case 11: return SessionGenerator.args(g.pick("LPOP", "RPOP"), k, g.pick(COUNTS));
            case 12: return SessionGenerator.args(g.pick("LPUSH", "RPUSH"), k, g.pick(KEYISH), g.pick(KEYISH), g.value());
            case 13: return SessionGenerator.args("LMOVE", k, key(g), g.pick(SIDES), g.pick(SIDES));
            case 14: return SessionGenerator.args("LRANGE", k, g.pick("0", "-1", "-100", "x", "9223372036854775807"), g.pick("-1", "0", "100", "-9223372036854775808"));
            case 15: return SessionGenerator.args("LTRIM", k, g.pick("0", "1", "-1", "x"), g.pick("-1", "0", "-2"));
            case 16: return SessionGenerator.args("LINDEX", k, g.pick("0", "-1", "2", "x"));
            case 17: return SessionGenerator.args("HRANDFIELD", k, g.pick(BIG_COUNTS), g.pick("WITHVALUES", "withvalues", "x"));
            case 18: return SessionGenerator.args("HRANDFIELD", k, g.pick(BIG_COUNTS));
            case 19: return SessionGenerator.args("HSETNX", k, g.field(), g.value());
            case 20: return SessionGenerator.args("HINCRBYFLOAT", k, g.field(), g.pick("1.5", "0.1", "-0", "1e3", "inf", "x", "5.6", "3"));
            case 21: return SessionGenerator.args("HSTRLEN", k, g.field());
            case 22: return SessionGenerator.args("HSET", k, g.field(), g.pick("v", "x".repeat(70), "1"), g.field(), g.value());
            case 23: return SessionGenerator.args("SINTERCARD", g.pick("1", "2", "0", "3", "x"), k, key(g), g.pick("LIMIT", "x", "LIMIT"), g.pick("0", "1", "-1", "x"));
            case 24: return SessionGenerator.args("SINTERCARD", "2", k, key(g));
            case 25: return SessionGenerator.args(g.pick("SINTER", "SUNION", "SDIFF"), k, key(g), key(g));
            case 26: return SessionGenerator.args(g.pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), k, key(g), key(g));
            case 27: return SessionGenerator.args("SMOVE", k, key(g), g.member());
            case 28: return SessionGenerator.args("SPOP", k, g.pick(BIG_COUNTS));
            case 29: return SessionGenerator.args("SRANDMEMBER", k, g.pick(BIG_COUNTS));
            case 30: return SessionGenerator.args("SADD", k, g.pick("1", "2", "-5", "10", "x", "007"), g.member());
            case 31: return SessionGenerator.args("SMISMEMBER", k, g.member(), g.member());
            case 32: return SessionGenerator.args("COPY", g.pick(OWN_KEYS), key(g), g.pick("REPLACE", "DB", "x"), g.pick("1", "0", "16", "x", "REPLACE"));
            case 33: return SessionGenerator.args("COPY", g.pick(OWN_KEYS), key(g));
            case 34: return SessionGenerator.args("OBJECT", "ENCODING", g.pick(OWN_KEYS));
            case 35: return SessionGenerator.args("OBJECT", g.pick("REFCOUNT", "FREQ", "HELP", "NOSUCH", "ENCODING"), g.pick(OWN_KEYS));
            case 36: return SessionGenerator.args("OBJECT", g.pick("HELP", "ENCODING"));
            case 37: return SessionGenerator.args("TOUCH", k, key(g));
            case 38: return SessionGenerator.args("SCAN", g.pick("0", "x", "", "18446744073709551616"), "COUNT", "1000", g.pick("MATCH", "TYPE", "COUNT"), g.pick("*", "a*", "string", "list", "0", "[a-c]", "hash"));
            case 39: return SessionGenerator.args("SCAN", "0", g.pick("COUNT", "MATCH", "TYPE", "x"));
            case 40: return SessionGenerator.args(g.pick("SSCAN", "HSCAN", "ZSCAN"), k, g.pick("0", "x", "", " 0"), g.pick("MATCH", "COUNT", "TYPE"), g.pick("*", "1*", "f", "0", "x", "m*"));
            case 41: return SessionGenerator.args(g.pick("SSCAN", "HSCAN", "ZSCAN"), k, "0", "COUNT", "1000");
            case 42: return SessionGenerator.args("SORT", k, "BY", g.pick("*", "nosort", "*->f", "h*", "w_*"), g.pick("GET", "ALPHA", "DESC", "LIMIT"), g.pick("#", "*", "*->f", "0"), g.pick("GET", "ALPHA", "1"));
            case 43: return SessionGenerator.args(g.pick("SORT", "SORT_RO"), k, g.pick("ALPHA", "DESC", "BY"), g.pick("STORE", "GET", "ALPHA"), g.pick(KEYISH));
            case 44: return SessionGenerator.args("SORT", k, "LIMIT", g.pick("0", "1", "-1", "9223372036854775807", "x"), g.pick("1", "-1", "9223372036854775807", "2"), g.pick("ALPHA", "DESC"));
            case 45: return SessionGenerator.args("SORT", k, "STORE", key(g), g.pick("ALPHA", "BY", "GET"), g.pick("nosort", "#", "*"));
            case 46: return SessionGenerator.args("CONFIG", "SET", g.pick("hash-max-listpack-entries", "hash-max-ziplist-entries", "set-max-intset-entries",
                    "hash-max-listpack-value"), g.pick("0", "1", "2", "3", "512", "64", "x", "-1"));
            case 47: return SessionGenerator.args("DEBUG", "DIGEST-VALUE", k, key(g));
            case 48: return SessionGenerator.args("DEBUG", "DIGEST");
            case 49: return SessionGenerator.args("TYPE", k);
            case 50: return SessionGenerator.args("HSCAN", k, "0", "COUNT", g.pick("1000", "0", "x", "-1"), "MATCH", g.pick("f*", "*", "[gq]*"));
            case 51: return SessionGenerator.args("SPOP", k, g.pick("-1", "x", "0", "1 "));
            case 52: return SessionGenerator.args("SRANDMEMBER", k, g.pick("0", "-9223372036854775808", "x", "100", "9223372036854775807"), g.pick("x", "1"));
            case 53: return SessionGenerator.args("HRANDFIELD", k, g.pick("-4611686018427387905", "4611686018427387904", "0"), "WITHVALUES");
            case 54: return SessionGenerator.args("LPUSHX", k, g.pick(KEYISH));
            case 55: return SessionGenerator.args("SMEMBERS", k);
            case 56: return SessionGenerator.args("HGETALL", k);
            case 57: return SessionGenerator.args("LRANGE", k, "0", "-1");
            case 58: {
                List<byte[]> argv = SessionGenerator.args("HSET", k);
                int n = 1 + g.random.nextInt(5);
                for (int i = 0; i < n; i++) argv.addAll(SessionGenerator.args(g.field() + i, g.value()));
                return argv;
            }
            default: {
                List<byte[]> argv = new ArrayList<>(SessionGenerator.args("SADD", k));
                int n = 1 + g.random.nextInt(5);
                for (int i = 0; i < n; i++) argv.addAll(SessionGenerator.args(g.pick("1", "2", "3", "4", "5", "6", "-1", "a", "b")));
                return argv;
            }
        }
    }
}
