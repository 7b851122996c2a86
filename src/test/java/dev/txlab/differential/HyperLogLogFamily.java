package dev.txlab.differential;

import java.util.List;

/**
 * HyperLogLogs: PFADD, PFCOUNT (one key refreshes its cached estimate, which WATCH notices),
 * PFMERGE, PFDEBUG, and GET of the string underneath, so the exact bytes of the sparse and dense
 * forms are compared with a real server. SETRANGE corrupts them now and then (broken magic, an
 * impossible encoding, extra bytes), and hll-sparse-max-bytes is sometimes lowered so the switch
 * to the dense form happens within a session's few commands.
 */
final class HyperLogLogFamily implements SessionGenerator.Family {

    private static final String[] OWN_KEYS = {"hll1", "hll2", "hll3"};

    private static String key(SessionGenerator g) { return g.random.nextInt(10) < 8 ? g.pick(OWN_KEYS) : g.key(); }

    private static String element(SessionGenerator g) {
        return g.random.nextInt(4) == 0 ? g.value() : "e" + g.random.nextInt(2000);
    }

    @Override
    public List<byte[]> command(SessionGenerator g) {
        String k = key(g);
        switch (g.random.nextInt(16)) {
            case 0: case 1: case 2:
                return SessionGenerator.args("PFADD", k, element(g), element(g), element(g), element(g), element(g), element(g));
            case 3: return SessionGenerator.args("PFADD", k);
            case 4: case 5: return SessionGenerator.args("PFCOUNT", k);
            case 6: return SessionGenerator.args("PFCOUNT", k, key(g), key(g));
            case 7: return SessionGenerator.args("PFMERGE", k, key(g), key(g));
            case 8: return SessionGenerator.args("PFMERGE", k);
            case 9: case 10: return SessionGenerator.args("GET", k);
            case 11: return SessionGenerator.args("PFDEBUG", g.pick("ENCODING", "DECODE", "TODENSE", "x", "encoding"), k);
            case 12: return SessionGenerator.args("PFDEBUG", "ENCODING", k, "extra");
            case 13: return SessionGenerator.args("SETRANGE", k, g.pick("0", "4", "18", "20", "16"), g.pick("x", "\u0000", "HYLL", "\u00ff\u00ff"));
            case 14: return SessionGenerator.args("CONFIG", "SET", "hll-sparse-max-bytes", g.pick("3000", "40", "60", "0"));
            default: return SessionGenerator.args("APPEND", k, g.pick("x", "\u0080"));
        }
    }
}
