package dev.txlab.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * Streams and consumer groups, with explicit IDs only (a `*` ID takes the clock, which two
 * servers never share): XADD with NOMKSTREAM and exact or approximate MAXLEN/MINID trimming (with
 * LIMIT), XRANGE/XREVRANGE with exclusive bounds and COUNT, XDEL, XTRIM, XSETID, non-blocking XREAD
 * and XREADGROUP (new entries, history, NOACK), XACK, XPENDING's summary, XCLAIM and XAUTOCLAIM
 * with JUSTID, XGROUP's subcommands and XINFO STREAM / GROUPS, whose radix-tree and node counts
 * show whether nodes split and trim as Redis's do. stream-node-max-entries is lowered now and
 * then so node boundaries come within a session's reach. Replies that carry idle times are left
 * out for the same reason as `*`.
 */
final class StreamFamily implements SessionGenerator.Family {

    private static final String[] OWN_KEYS = {"st1", "st2", "st3"};
    private static final String[] GROUPS = {"g1", "g2"};
    private static final String[] CONSUMERS = {"alice", "bob", "carol"};

    private static String key(SessionGenerator g) { return g.random.nextInt(10) < 8 ? g.pick(OWN_KEYS) : g.key(); }

    /** An ID in a small range so that adds, ranges and trims meet; sometimes partial or broken. */
    private static String id(SessionGenerator g) {
        int ms = g.random.nextInt(40);
        switch (g.random.nextInt(12)) {
            case 0: return ms + "-*";
            case 1: return String.valueOf(ms);
            case 2: return g.pick("0-0", "0", "-", "+", "x", "18446744073709551615-18446744073709551615", "5-x", "-1");
            default: return ms + "-" + g.random.nextInt(3);
        }
    }

    private static String bound(SessionGenerator g) {
        String id = id(g);
        return g.random.nextInt(5) == 0 && !id.equals("-") && !id.equals("+") ? "(" + id : id;
    }

    private static List<String> trimOptions(SessionGenerator g) {
        List<String> o = new ArrayList<>();
        o.add(g.pick("MAXLEN", "MINID", "maxlen"));
        String how = g.pick("", "=", "~", "~");
        if (!how.isEmpty()) o.add(how);
        o.add(o.get(0).equalsIgnoreCase("MAXLEN") ? g.pick("0", "1", "3", "10", "-1", "x") : id(g));
        if (g.random.nextInt(4) == 0) {
            o.add("LIMIT");
            o.add(g.pick("0", "1", "5", "-1"));
        }
        return o;
    }

    private static List<byte[]> command(List<String> parts) { return SessionGenerator.args(parts.toArray(String[]::new)); }

    @Override
    public List<byte[]> command(SessionGenerator g) {
        String k = key(g);
        List<String> c = new ArrayList<>();
        switch (g.random.nextInt(26)) {
            case 0: case 1: case 2: case 3: {
                c.add("XADD");
                c.add(k);
                if (g.random.nextInt(8) == 0) c.add("NOMKSTREAM");
                if (g.random.nextInt(4) == 0) c.addAll(trimOptions(g));
                c.add(id(g));
                for (int i = 1 + g.random.nextInt(2); i > 0; i--) {
                    c.add(g.field());
                    c.add(g.value());
                }
                if (g.random.nextInt(25) == 0) c.remove(c.size() - 1);
                return command(c);
            }
            case 4: return SessionGenerator.args("XLEN", k);
            case 5: case 6: {
                c.addAll(List.of(g.pick("XRANGE", "XREVRANGE"), k, bound(g), bound(g)));
                if (g.random.nextInt(2) == 0) c.addAll(List.of("COUNT", g.pick("0", "1", "2", "-1", "x")));
                return command(c);
            }
            case 7: return SessionGenerator.args("XDEL", k, id(g), id(g));
            case 8: {
                c.add("XTRIM");
                c.add(k);
                c.addAll(trimOptions(g));
                return command(c);
            }
            case 9: {
                c.addAll(List.of("XSETID", k, id(g)));
                if (g.random.nextInt(3) == 0) c.addAll(List.of("ENTRIESADDED", g.pick("0", "5", "100")));
                if (g.random.nextInt(3) == 0) c.addAll(List.of("MAXDELETEDID", id(g)));
                return command(c);
            }
            case 10: case 11: {
                c.add("XREAD");
                if (g.random.nextInt(2) == 0) c.addAll(List.of("COUNT", g.pick("1", "2", "0", "-1")));
                c.add("STREAMS");
                c.add(k);
                if (g.random.nextInt(3) == 0) c.add(key(g));
                int keys = c.size() - c.indexOf("STREAMS") - 1;
                for (int i = 0; i < keys; i++) c.add(g.pick("0", "$", id(g)));
                if (g.random.nextInt(25) == 0) c.remove(c.size() - 1);
                return command(c);
            }
            case 12: case 13: case 14: {
                c.addAll(List.of("XREADGROUP", "GROUP", g.pick(GROUPS), g.pick(CONSUMERS)));
                if (g.random.nextInt(2) == 0) c.addAll(List.of("COUNT", g.pick("1", "2", "0")));
                if (g.random.nextInt(4) == 0) c.add("NOACK");
                c.addAll(List.of("STREAMS", k, g.pick(">", ">", "0", id(g), "$")));
                return command(c);
            }
            case 15: return SessionGenerator.args("XACK", k, g.pick(GROUPS), id(g), id(g));
            case 16: {
                c.addAll(List.of("XGROUP", "CREATE", k, g.pick(GROUPS), g.pick("$", "0", id(g))));
                if (g.random.nextInt(2) == 0) c.add("MKSTREAM");
                if (g.random.nextInt(3) == 0) c.addAll(List.of("ENTRIESREAD", g.pick("0", "3", "-1", "x")));
                return command(c);
            }
            case 17: return SessionGenerator.args("XGROUP", "SETID", k, g.pick(GROUPS), g.pick("$", "0", id(g)));
            case 18: return SessionGenerator.args("XGROUP", g.pick("DESTROY", "destroy"), k, g.pick(GROUPS));
            case 19: return SessionGenerator.args("XGROUP", g.pick("CREATECONSUMER", "DELCONSUMER"), k, g.pick(GROUPS), g.pick(CONSUMERS));
            case 20: return SessionGenerator.args("XPENDING", k, g.pick(GROUPS));
            case 21: {
                c.addAll(List.of("XCLAIM", k, g.pick(GROUPS), g.pick(CONSUMERS), "0", id(g), id(g), "JUSTID"));
                if (g.random.nextInt(3) == 0) c.add("FORCE");
                return command(c);
            }
            case 22: {
                c.addAll(List.of("XAUTOCLAIM", k, g.pick(GROUPS), g.pick(CONSUMERS), "0", g.pick("0", "0-0", id(g))));
                if (g.random.nextInt(2) == 0) c.addAll(List.of("COUNT", g.pick("1", "2", "100", "0")));
                c.add("JUSTID");
                return command(c);
            }
            case 23: return SessionGenerator.args("XINFO", "STREAM", k);
            case 24: return SessionGenerator.args("XINFO", "GROUPS", k);
            default: return SessionGenerator.args("CONFIG", "SET", "stream-node-max-entries", g.pick("100", "2", "3"));
        }
    }
}
