package dev.txlab.engine.table;

import dev.txlab.engine.Numbers;
import dev.txlab.engine.table.KeySpec.KeyFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the key arguments of a command line from its key specs, as Redis's
 * getKeysFromCommandWithSpecs does: the specs first, and the command's own key procedure (Redis's
 * getkeys_proc, see {@link KeyProcedures}) where a spec cannot say (SORT's STORE) or its flags
 * depend on the arguments (SET ... GET). Traces, WATCH bookkeeping, COMMAND GETKEYS and the
 * shell's completion all ask here.
 */
public final class KeyFinder {
    private KeyFinder() {}

    /** A key argument: its index in argv (the command name is 0) and how the command uses it. */
    public record KeyRef(int position, Set<KeyFlag> flags) {}

    /** The keys of {@code argv}, a command line of {@code spec}; empty when it names none. */
    public static List<KeyRef> find(CommandSpec spec, List<byte[]> argv) {
        boolean hasKeySpec = false;
        boolean variableFlags = false;
        for (KeySpec ks : spec.keySpecs()) {
            if (!ks.has(KeyFlag.NOT_KEY)) hasKeySpec = true;
            if (ks.has(KeyFlag.VARIABLE_FLAGS)) variableFlags = true;
        }
        if (hasKeySpec && !variableFlags) {
            List<KeyRef> keys = usingKeySpecs(spec, argv, false);
            if (keys != null) return keys;
        }
        KeyProcedures.Procedure procedure = KeyProcedures.of(spec.name());
        return procedure == null ? List.of() : procedure.keys(argv);
    }

    /**
     * Redis's getKeysFromCommand, which cluster routing (getNodeByQuery) uses: the command's key
     * procedure if it has one, else COMMAND INFO's legacy range (first, last, step), which also
     * counts what a spec flags NOT_KEY (SSUBSCRIBE's channels). No keys when the range does not fit.
     */
    public static List<Integer> legacyPositions(CommandSpec spec, List<byte[]> argv) {
        KeyProcedures.Procedure procedure = KeyProcedures.of(spec.name());
        List<Integer> out = new ArrayList<>();
        if (procedure != null) {
            for (KeyRef ref : procedure.keys(argv)) out.add(ref.position());
            return out;
        }
        int first = spec.firstKey();
        if (first <= 0) return out;
        int argc = argv.size();
        int last = spec.lastKey() >= 0 ? spec.lastKey() : argc + spec.lastKey();
        int step = Math.max(1, spec.keyStep());
        for (int j = first; j <= last; j += step) {
            if (j >= argc) return List.of();
            out.add(j);
        }
        return out;
    }

    /** Whether a command can have keys at all (Redis's doesCommandHaveKeys). */
    public static boolean mayHaveKeys(CommandSpec spec) {
        if (KeyProcedures.of(spec.name()) != null) return true;
        for (KeySpec ks : spec.keySpecs()) if (!ks.has(KeyFlag.NOT_KEY)) return true;
        return false;
    }

    /**
     * Redis's getKeysUsingKeySpecs: the keys every spec finds, or null when a spec cannot be
     * followed (unknown, incomplete, or the arguments do not fit it), unless {@code partial}, in
     * which case such specs are skipped.
     */
    static List<KeyRef> usingKeySpecs(CommandSpec spec, List<byte[]> argv, boolean partial) {
        int argc = argv.size();
        List<KeyRef> keys = new ArrayList<>();
        for (KeySpec ks : spec.keySpecs()) {
            if (ks.has(KeyFlag.NOT_KEY)) continue;
            int first = firstIndex(ks.begin(), argv);
            if (first == 0) continue; // the keyword is not there: this spec names no key
            int last;
            int step;
            boolean valid = first > 0;
            if (!valid) {
                last = step = 0;
            } else if (ks.find() instanceof KeySpec.Range r) {
                step = r.keyStep();
                if (r.lastKey() >= 0) last = first + r.lastKey();
                else if (r.limit() == 0) last = argc + r.lastKey();
                else last = first + ((argc - first) / r.limit() + r.lastKey());
            } else if (ks.find() instanceof KeySpec.KeyNum k && k.keyNumIdx() < argc && first + k.keyNumIdx() < argc) {
                step = k.keyStep();
                Long numKeys = Numbers.parseLong(argv.get(first + k.keyNumIdx()));
                if (numKeys == null || numKeys < 0 || numKeys > argc) {
                    valid = false;
                    last = 0;
                } else {
                    first += k.firstKey();
                    last = first + numKeys.intValue() - 1;
                }
            } else {
                valid = false;
                last = step = 0;
            }
            if (valid && (last >= argc || last < first || first >= argc)) valid = false;
            if (valid) {
                for (int i = first; i <= last; i += step) keys.add(new KeyRef(i, ks.flags()));
                if (ks.has(KeyFlag.INCOMPLETE)) valid = false; // its keys count only as partial
            }
            if (!valid && !partial) return null;
        }
        return keys;
    }

    /** Where a spec's search begins: an index, 0 when its keyword is absent, -1 when unknown. */
    private static int firstIndex(KeySpec.BeginSearch begin, List<byte[]> argv) {
        if (begin instanceof KeySpec.Index index) return index.pos();
        if (!(begin instanceof KeySpec.Keyword kw)) return -1;
        int argc = argv.size();
        int start = kw.startFrom() > 0 ? kw.startFrom() : argc + kw.startFrom();
        int end = kw.startFrom() > 0 ? argc - 1 : 1;
        for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
            if (i >= argc || i < 1) break;
            if (KeyProcedures.isWord(argv.get(i), kw.keyword())) return i + 1;
        }
        return 0;
    }
}
