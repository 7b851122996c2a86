package dev.txlab.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * ACL: two users get random rules (categories, single commands and subcommands, first-arg
 * rules, key patterns with %R/%W, channels, selectors, reset, and some rules Redis refuses), the
 * session's clients AUTH as them, so every later command, in MULTI and at EXEC too, passes
 * their permission checks, and ACL DRYRUN asks about commands with keys and channels. Users are
 * never deleted (that would close the session's connections) and GETUSER/LIST are left out
 * (Redis lists single commands in hash-table order).
 */
final class AclFamily implements SessionGenerator.Family {

    private static final String[] USERS = {"u1", "u2"};

    private static final String[] RULES = {
        "on", "on", "off", "nopass", ">p", "resetpass", "+@all", "-@all", "allcommands", "nocommands",
        "+@read", "-@read", "+@write", "-@write", "+@string", "-@string", "+@hash", "+@list", "-@list",
        "-@keyspace", "+@keyspace", "+@transaction", "-@transaction", "+@scripting", "-@dangerous", "+@fast",
        "-@slow", "+@connection", "+get", "-get", "+set", "-set", "+incr", "+multi", "+exec", "-exec",
        "-watch", "+select|1", "+client|id", "-client", "+config|get", "+object|encoding", "-del",
        "~*", "allkeys", "resetkeys", "~a", "~b*", "~k*", "%R~*", "%W~*", "%R~k*", "%W~c*", "%RW~h", "~list",
        "&*", "allchannels", "resetchannels", "&ch", "&c*",
        "(+@all ~a*)", "(+get ~*)", "(+@write %W~*)", "(-@all +incr ~counter)", "clearselectors", "reset",
        "+nosuch", "%X~a", "+@nosuch", "#abc", "<nosuch", "+select|", "+client|id|x", "(~a", "~ spaced",
    };

    private static String user(SessionGenerator g) { return g.pick(USERS); }

    private static List<byte[]> setUser(SessionGenerator g) {
        List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", user(g)));
        if (g.random.nextInt(5) != 0) args.add("on");
        if (g.random.nextInt(5) != 0) args.add(g.pick(new String[] {"nopass", ">p"}));
        int n = 1 + g.random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String rule = g.pick(RULES);
            if (rule.contains(" ") && !rule.startsWith("(")) {
                args.add(rule);
            } else {
                for (String part : rule.split(" ")) args.add(part); // a selector may come in several arguments
            }
        }
        return SessionGenerator.args(args.toArray(new String[0]));
    }

    /** A command with keys or channels for ACL DRYRUN. */
    private static String[] probe(SessionGenerator g) {
        String k = g.key();
        String k2 = g.key();
        switch (g.random.nextInt(20)) {
            case 0: return new String[] {"GET", k};
            case 1: return new String[] {"SET", k, "v"};
            case 2: return new String[] {"MSET", k, "v", k2, "w"};
            case 3: return new String[] {"DEL", k, k2};
            case 4: return new String[] {"HSET", "h", "f", "v"};
            case 5: return new String[] {"LMOVE", "list", k, "LEFT", "RIGHT"};
            case 6: return new String[] {"INCR", "counter"};
            case 7: return new String[] {"EVAL", "return 1", "1", k};
            case 8: return new String[] {"PUBLISH", g.pick(new String[] {"ch", "cx", "other"}), "m"};
            case 9: return new String[] {"SUBSCRIBE", "ch", g.pick(new String[] {"ch", "cx", "other"})};
            case 10: return new String[] {"PSUBSCRIBE", g.pick(new String[] {"c*", "ch", "x*"})};
            case 11: return new String[] {"SELECT", g.pick(new String[] {"0", "1", "2"})};
            case 12: return new String[] {"CLIENT", g.pick(new String[] {"ID", "INFO", "GETNAME"})};
            case 13: return new String[] {"COPY", k, k2};
            case 14: return new String[] {"BITOP", "AND", k, k2, "a"};
            case 15: return new String[] {"ZUNIONSTORE", "z", "2", k, k2};
            case 16: return new String[] {"SET", k, "v", "GET"};
            case 17: return new String[] {"CONFIG", g.pick(new String[] {"GET", "SET"}), "maxmemory", "0"};
            case 18: return new String[] {"OBJECT", "ENCODING", k};
            default: return new String[] {"SORT", k, "BY", "x", "STORE", k2};
        }
    }

    @Override
    public List<byte[]> command(SessionGenerator g) {
        switch (g.random.nextInt(10)) {
            case 0: case 1: case 2: return setUser(g);
            case 3: case 4: return SessionGenerator.args("AUTH", user(g), g.pick(new String[] {"p", "p", "wrong"}));
            case 5: return SessionGenerator.args("AUTH", "default", "x");
            case 6: return SessionGenerator.args("ACL", "WHOAMI");
            default: {
                List<String> args = new ArrayList<>(List.of("ACL", "DRYRUN", g.random.nextInt(8) == 0 ? "nosuch" : user(g)));
                args.addAll(List.of(probe(g)));
                return SessionGenerator.args(args.toArray(new String[0]));
            }
        }
    }
}
