package dev.txlab.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * The string and bitmap commands for the differential test: SETBIT, GETBIT, BITCOUNT, BITPOS,
 * BITOP, BITFIELD, BITFIELD_RO, LCS, SUBSTR and the rest of the string group (SETRANGE, APPEND,
 * GETEX, GETDEL, SET's option combinations, INCRBYFLOAT), with valid and invalid arguments:
 * offsets at and past proto-max-bulk-len, "#" offsets that wrap, every BITFIELD type width and
 * overflow mode, ranges in BYTE and BIT, wrong types. Values include bytes such as 0xff and 0x00,
 * where bit positions get interesting. One command in eight runs inside a Lua script.
 *
 * <p>Offsets stay small unless they are refused: a valid offset near 2^32 would make both servers
 * build a 512 MB string.
 */
final class StringBitFamily implements SessionGenerator.Family {

    private static final String[] BIT_VALUES = {"\u00ff\u00f0\u0000", "\u0000\u000f\u00ff", "foobar", "\u00aa\u0055",
            "\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001", "\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff",
            "", "1", "255", "-1", "ohmytext", "mynewtext", "ACGTTGCA", "GTTACGA"};
    private static final String[] OFFSETS = {"0", "1", "7", "8", "15", "31", "63", "64", "100", "1000", "-1", "x", "",
            "4294967296", "9223372036854775807", "#1", "1.5", "+1", "01"};
    private static final String[] BITS = {"0", "1", "2", "-1", "x", "01", "1 "};
    private static final String[] INDEXES = {"0", "1", "2", "-1", "-2", "-3", "3", "5", "7", "8", "9", "15", "16", "100",
            "-100", "x", "9223372036854775807", "-9223372036854775808"};
    private static final String[] UNITS = {"BIT", "BYTE", "bit", "x"};
    private static final String[] TYPES = {"u1", "u2", "u8", "i8", "i5", "u16", "i16", "u31", "i32", "i63", "u63", "i64",
            "u64", "i65", "u0", "i0", "U8", "8", "i", "", "u-1"};
    private static final String[] FIELD_OFFSETS = {"0", "1", "3", "7", "8", "13", "64", "100", "#0", "#1", "#2", "#3",
            "#-1", "-1", "x", "#", "#x", "#4611686018427387904", "#2305843009213693952", "4294967296"};
    private static final String[] FIELD_VALUES = {"0", "1", "-1", "100", "255", "256", "-128", "127", "-129", "1000",
            "99900", "9223372036854775807", "-9223372036854775808", "x", "1.5"};

    @Override
    public List<byte[]> command(SessionGenerator g) {
        List<byte[]> argv = plain(g);
        if (g.random.nextInt(8) != 0) return argv;
        // The same command from a script: redis.call with the arguments, no keys declared.
        List<byte[]> eval = SessionGenerator.args("EVAL", "return redis.call(unpack(ARGV))", "0");
        eval.addAll(argv);
        return eval;
    }

    private List<byte[]> plain(SessionGenerator g) {
        String k = g.key();
        switch (g.random.nextInt(30)) {
            case 0: case 1: return SessionGenerator.args("SET", k, g.pick(BIT_VALUES));
            case 2: case 3: return SessionGenerator.args("SETBIT", k, g.pick(OFFSETS), g.pick(BITS));
            case 4: return SessionGenerator.args("GETBIT", k, g.pick(OFFSETS));
            case 5: case 6: return bitcount(g, k);
            case 7: case 8: return bitpos(g, k);
            case 9: case 10: return bitop(g, k);
            case 11: case 12: case 13: return bitfield(g, k, "BITFIELD");
            case 14: return bitfield(g, k, "BITFIELD_RO");
            case 15: case 16: return lcs(g, k);
            case 17: return SessionGenerator.args(g.pick("SUBSTR", "GETRANGE"), k, g.pick(INDEXES), g.pick(INDEXES));
            case 18: return SessionGenerator.args("SETRANGE", k,
                    g.pick("0", "1", "5", "100", "-1", "x", "536870912", "9223372036854775807"), g.pick(BIT_VALUES));
            case 19: return SessionGenerator.args("APPEND", k, g.pick(BIT_VALUES));
            case 20: return SessionGenerator.args("INCRBYFLOAT", k, g.pick("1", "0.1", "-0.1", "1e10", "1e-5", "3.0e3",
                    "5000", "1.23456789012345678", "-5", "0x10", "1e400", "-inf", "1\u0000", " 1", "1 ", "17e-3"));
            case 21: return SessionGenerator.args("INCRBYFLOAT", k, g.value());
            case 22: return getex(g, k);
            case 23: return SessionGenerator.args("GETDEL", k);
            case 24: return set(g, k);
            case 25: return SessionGenerator.args(g.pick("INCR", "DECR", "INCRBY", "DECRBY"), k);
            case 26: return SessionGenerator.args(g.pick("INCRBY", "DECRBY"), k, g.pick(FIELD_VALUES));
            case 27: return SessionGenerator.args("STRLEN", k);
            case 28: return SessionGenerator.args("GET", k);
            default: return SessionGenerator.args(g.pick("MSET", "MSETNX"), k, g.pick(BIT_VALUES), g.key(), g.pick(BIT_VALUES));
        }
    }

    private static List<byte[]> bitcount(SessionGenerator g, String k) {
        return switch (g.random.nextInt(5)) {
            case 0 -> SessionGenerator.args("BITCOUNT", k);
            case 1 -> SessionGenerator.args("BITCOUNT", k, g.pick(INDEXES));
            case 2 -> SessionGenerator.args("BITCOUNT", k, g.pick(INDEXES), g.pick(INDEXES));
            case 3 -> SessionGenerator.args("BITCOUNT", k, g.pick(INDEXES), g.pick(INDEXES), g.pick(UNITS));
            default -> SessionGenerator.args("BITCOUNT", k, g.pick(INDEXES), g.pick(INDEXES), "BIT", "x");
        };
    }

    private static List<byte[]> bitpos(SessionGenerator g, String k) {
        String bit = g.pick("0", "1", "0", "1", "2", "x", "-1");
        return switch (g.random.nextInt(5)) {
            case 0 -> SessionGenerator.args("BITPOS", k, bit);
            case 1 -> SessionGenerator.args("BITPOS", k, bit, g.pick(INDEXES));
            case 2 -> SessionGenerator.args("BITPOS", k, bit, g.pick(INDEXES), g.pick(INDEXES));
            case 3 -> SessionGenerator.args("BITPOS", k, bit, g.pick(INDEXES), g.pick(INDEXES), g.pick(UNITS));
            default -> SessionGenerator.args("BITPOS", k, bit, g.pick(INDEXES), g.pick(INDEXES), "BYTE", "x");
        };
    }

    private static List<byte[]> bitop(SessionGenerator g, String k) {
        List<byte[]> argv = SessionGenerator.args("BITOP", g.pick("AND", "OR", "XOR", "NOT", "and", "nand", "not"), k);
        int n = g.random.nextInt(4); // 0 sources: an arity error
        for (int i = 0; i < n; i++) argv.add(SessionGenerator.args(g.key()).get(0));
        return argv;
    }

    private static List<byte[]> bitfield(SessionGenerator g, String k, String command) {
        List<String> parts = new ArrayList<>(List.of(command, k));
        int ops = g.random.nextInt(5);
        for (int i = 0; i < ops; i++) {
            switch (g.random.nextInt(9)) {
                case 0, 1, 2 -> parts.addAll(List.of("GET", g.pick(TYPES), g.pick(FIELD_OFFSETS)));
                case 3, 4 -> parts.addAll(List.of("SET", g.pick(TYPES), g.pick(FIELD_OFFSETS), g.pick(FIELD_VALUES)));
                case 5, 6 -> parts.addAll(List.of("INCRBY", g.pick(TYPES), g.pick(FIELD_OFFSETS), g.pick(FIELD_VALUES)));
                case 7 -> parts.addAll(List.of("OVERFLOW", g.pick("WRAP", "SAT", "FAIL", "fail", "x")));
                default -> parts.add(g.pick("GET", "SET", "OVERFLOW", "FOO", "INCRBY"));
            }
        }
        return SessionGenerator.args(parts.toArray(String[]::new));
    }

    private static List<byte[]> lcs(SessionGenerator g, String k) {
        List<String> parts = new ArrayList<>(List.of("LCS", k, g.key()));
        int options = g.random.nextInt(4);
        for (int i = 0; i < options; i++) {
            switch (g.random.nextInt(6)) {
                case 0 -> parts.add("LEN");
                case 1, 2 -> parts.add("IDX");
                case 3 -> parts.add("WITHMATCHLEN");
                case 4 -> parts.addAll(List.of("MINMATCHLEN", g.pick("0", "1", "2", "4", "-1", "x")));
                default -> parts.add(g.pick("MINMATCHLEN", "foo"));
            }
        }
        return SessionGenerator.args(parts.toArray(String[]::new));
    }

    private static List<byte[]> getex(SessionGenerator g, String k) {
        List<String> parts = new ArrayList<>(List.of("GETEX", k));
        int options = g.random.nextInt(3);
        for (int i = 0; i < options; i++) {
            String option = g.pick("EX", "PX", "EXAT", "PXAT", "PERSIST", "KEEPTTL", "ex");
            parts.add(option);
            if (!option.equals("PERSIST") && !option.equals("KEEPTTL") && g.random.nextInt(6) != 0) {
                parts.add(expiry(g, option, true));
            }
        }
        return SessionGenerator.args(parts.toArray(String[]::new));
    }

    /**
     * A time for EX/PX/EXAT/PXAT: never one that runs out during a session (the engine's clock stands
     * still while the server's runs), invalid and overflowing ones, and with past (for GETEX, which
     * then deletes the key at once; SET would leave it to Redis's timing-dependent active expiry).
     */
    private static String expiry(SessionGenerator g, String option, boolean past) {
        String o = option.toUpperCase(java.util.Locale.ROOT);
        return switch (o) {
            case "EX" -> g.pick("100", "0", "-5", "x", "9223372036854775807", "9223372036854775");
            case "PX" -> g.pick("100000", "0", "-5", "x", "9223372036854775807");
            case "EXAT" -> g.pick(past ? "1" : "4102444800", "0", "-5", "x", "9223372036854775807", "4102444800");
            default -> g.pick(past ? "1" : "4102444800000", "0", "-5", "x", "9223372036854775807", "4102444800000");
        };
    }

    /** SET with one to three options, including conflicting and repeated ones. */
    private static List<byte[]> set(SessionGenerator g, String k) {
        List<String> parts = new ArrayList<>(List.of("SET", k, g.pick(BIT_VALUES)));
        int options = 1 + g.random.nextInt(3);
        for (int i = 0; i < options; i++) {
            String option = g.pick("NX", "XX", "GET", "KEEPTTL", "EX", "PX", "EXAT", "PXAT", "get", "PERSIST");
            parts.add(option);
            boolean takesTime = option.startsWith("E") || (option.startsWith("P") && !option.equals("PERSIST"));
            if (takesTime && g.random.nextInt(8) != 0) parts.add(expiry(g, option, false));
        }
        return SessionGenerator.args(parts.toArray(String[]::new));
    }
}
