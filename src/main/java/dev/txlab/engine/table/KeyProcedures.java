package dev.txlab.engine.table;

import dev.txlab.engine.table.KeyFinder.KeyRef;
import dev.txlab.engine.table.KeySpec.KeyFlag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The commands whose keys their specs cannot always give, and Redis's own procedure for each
 * (the {@code get_keys_function} of Redis's command JSON, which COMMAND INFO does not show).
 * {@link KeyFinder} uses them only where the specs fail or their flags vary, as Redis does.
 */
final class KeyProcedures {
    private KeyProcedures() {}

    /** Finds the keys of a command line. */
    @FunctionalInterface
    interface Procedure {
        List<KeyRef> keys(List<byte[]> argv);
    }

    private static final Set<KeyFlag> NO_FLAGS = EnumSet.noneOf(KeyFlag.class);

    private static final Map<String, Procedure> BY_COMMAND = Map.ofEntries(
            Map.entry("bitfield", KeyProcedures::bitfield),
            Map.entry("migrate", KeyProcedures::migrate),
            Map.entry("sort", KeyProcedures::sort),
            Map.entry("sort_ro", argv -> List.of(new KeyRef(1, EnumSet.of(KeyFlag.RO, KeyFlag.ACCESS)))),
            Map.entry("georadius", KeyProcedures::georadius),
            Map.entry("georadiusbymember", KeyProcedures::georadius),
            Map.entry("xread", KeyProcedures::xread),
            Map.entry("xreadgroup", KeyProcedures::xread),
            Map.entry("set", KeyProcedures::set),
            // COMMAND [destkey] numkeys key ... : genericGetKeys(store, count, first, step)
            Map.entry("eval", generic(0, 2, 3)),
            Map.entry("evalsha", generic(0, 2, 3)),
            Map.entry("eval_ro", generic(0, 2, 3)),
            Map.entry("evalsha_ro", generic(0, 2, 3)),
            Map.entry("fcall", generic(0, 2, 3)),
            Map.entry("fcall_ro", generic(0, 2, 3)),
            Map.entry("blmpop", generic(0, 2, 3)),
            Map.entry("bzmpop", generic(0, 2, 3)),
            Map.entry("lmpop", generic(0, 1, 2)),
            Map.entry("zmpop", generic(0, 1, 2)),
            Map.entry("sintercard", generic(0, 1, 2)),
            Map.entry("zdiff", generic(0, 1, 2)),
            Map.entry("zinter", generic(0, 1, 2)),
            Map.entry("zintercard", generic(0, 1, 2)),
            Map.entry("zunion", generic(0, 1, 2)),
            Map.entry("zdiffstore", generic(1, 2, 3)),
            Map.entry("zinterstore", generic(1, 2, 3)),
            Map.entry("zunionstore", generic(1, 2, 3)));

    /** The procedure of a command (full lower-case name), or null when it has none. */
    static Procedure of(String command) { return BY_COMMAND.get(command); }

    /** An argument equal to a keyword ignoring ASCII case, read as a C string (up to a NUL). */
    static boolean isWord(byte[] arg, String word) {
        int n = arg.length;
        for (int i = 0; i < arg.length; i++) {
            if (arg[i] == 0) {
                n = i;
                break;
            }
        }
        if (n != word.length()) return false;
        for (int i = 0; i < n; i++) {
            if (Character.toLowerCase((char) (arg[i] & 0xff)) != Character.toLowerCase(word.charAt(i))) return false;
        }
        return true;
    }

    /**
     * genericGetKeys: numkeys read with C's atoi at {@code countAt}, keys from {@code firstAt},
     * and a destination at {@code storeAt} (0 for none), which comes last.
     */
    private static Procedure generic(int storeAt, int countAt, int firstAt) {
        return argv -> {
            long num = atoi(argv.get(countAt));
            if (num < 1 || num > argv.size() - firstAt) return List.of();
            List<KeyRef> keys = new ArrayList<>();
            for (int i = 0; i < num; i++) keys.add(new KeyRef(firstAt + i, NO_FLAGS));
            if (storeAt != 0) keys.add(new KeyRef(storeAt, NO_FLAGS));
            return keys;
        };
    }

    /** C's atoi, as Redis's genericGetKeys reads numkeys: leading blanks, a sign, digits. */
    private static long atoi(byte[] s) {
        int i = 0;
        while (i < s.length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) i++;
        boolean negative = false;
        if (i < s.length && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
        long v = 0;
        while (i < s.length && s[i] >= '0' && s[i] <= '9' && v < Integer.MAX_VALUE) v = v * 10 + (s[i++] - '0');
        return (int) (negative ? -v : v);
    }

    /** SORT key ... STORE dest: the last STORE wins; LIMIT, GET and BY skip their arguments. */
    private static List<KeyRef> sort(List<byte[]> argv) {
        KeyRef store = null;
        for (int i = 2; i < argv.size(); i++) {
            byte[] arg = argv.get(i);
            if (isWord(arg, "limit")) i += 2;
            else if (isWord(arg, "store") && i + 1 < argv.size()) store = new KeyRef(i + 1, EnumSet.of(KeyFlag.OW, KeyFlag.UPDATE));
            else if (isWord(arg, "get") || isWord(arg, "by")) i += 1;
        }
        KeyRef source = new KeyRef(1, EnumSet.of(KeyFlag.RO, KeyFlag.ACCESS));
        return store == null ? List.of(source) : List.of(source, store);
    }

    /** MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw] [AUTH2 user pw] [KEYS key ...]. */
    private static List<KeyRef> migrate(List<byte[]> argv) {
        int first = 3;
        int num = 1;
        if (argv.size() > 6) {
            for (int i = 6; i < argv.size(); i++) {
                byte[] arg = argv.get(i);
                if (isWord(arg, "keys")) {
                    if (argv.get(3).length > 0) {
                        num = 0; // a syntax error, left for MIGRATE itself to report
                    } else {
                        first = i + 1;
                        num = argv.size() - first;
                    }
                    break;
                }
                if (isWord(arg, "auth")) i += 1;
                else if (isWord(arg, "auth2")) i += 2;
            }
        }
        Set<KeyFlag> flags = EnumSet.of(KeyFlag.RW, KeyFlag.ACCESS, KeyFlag.DELETE);
        List<KeyRef> keys = new ArrayList<>();
        for (int i = 0; i < num; i++) keys.add(new KeyRef(first + i, flags));
        return keys;
    }

    /** GEORADIUS(BYMEMBER) key ... [STORE key] [STOREDIST key]: the last destination wins. */
    private static List<KeyRef> georadius(List<byte[]> argv) {
        int stored = -1;
        for (int i = 5; i < argv.size(); i++) {
            byte[] arg = argv.get(i);
            if ((isWord(arg, "store") || isWord(arg, "storedist")) && i + 1 < argv.size()) {
                stored = i + 1;
                i++;
            }
        }
        KeyRef source = new KeyRef(1, NO_FLAGS);
        return stored < 0 ? List.of(source) : List.of(source, new KeyRef(stored, NO_FLAGS));
    }

    /** XREAD/XREADGROUP ... STREAMS key ... id ...: half of what follows STREAMS are keys. */
    private static List<KeyRef> xread(List<byte[]> argv) {
        int streams = -1;
        for (int i = 1; i < argv.size(); i++) {
            byte[] arg = argv.get(i);
            if (isWord(arg, "block") || isWord(arg, "count")) i++;
            else if (isWord(arg, "group")) i += 2;
            else if (isWord(arg, "noack")) continue;
            else if (isWord(arg, "streams")) {
                streams = i;
                break;
            } else break;
        }
        int num = streams < 0 ? 0 : argv.size() - streams - 1;
        if (streams < 0 || num == 0 || num % 2 != 0) return List.of();
        List<KeyRef> keys = new ArrayList<>();
        for (int i = streams + 1; i < argv.size() - num / 2; i++) keys.add(new KeyRef(i, NO_FLAGS));
        return keys;
    }

    /** SET key value ... [GET]: with GET the key is also read. */
    private static List<KeyRef> set(List<byte[]> argv) {
        for (int i = 3; i < argv.size(); i++) {
            if (isWord(argv.get(i), "get")) return List.of(new KeyRef(1, EnumSet.of(KeyFlag.RW, KeyFlag.ACCESS, KeyFlag.UPDATE)));
        }
        return List.of(new KeyRef(1, EnumSet.of(KeyFlag.OW, KeyFlag.UPDATE)));
    }

    /** BITFIELD key [GET ...] [SET ...] [INCRBY ...] [OVERFLOW ...]: read-only without SET/INCRBY. */
    private static List<KeyRef> bitfield(List<byte[]> argv) {
        boolean readOnly = true;
        for (int i = 2; i < argv.size(); i++) {
            int remaining = argv.size() - i - 1;
            byte[] arg = argv.get(i);
            if (isWord(arg, "get") && remaining >= 2) {
                i += 2;
            } else if ((isWord(arg, "set") || isWord(arg, "incrby")) && remaining >= 3) {
                readOnly = false;
                break;
            } else if (isWord(arg, "overflow") && remaining >= 1) {
                i += 1;
            } else {
                readOnly = false; // a syntax error: safer to assume a write
                break;
            }
        }
        return List.of(new KeyRef(1, readOnly ? EnumSet.of(KeyFlag.RO, KeyFlag.ACCESS)
                : EnumSet.of(KeyFlag.RW, KeyFlag.ACCESS, KeyFlag.UPDATE)));
    }
}
