package dev.txlab.engine.table;

import dev.txlab.protocol.Key;
import java.util.ArrayList;
import java.util.List;

/**
 * Which arguments are key names: Redis's legacy (first, last, step) triple, where a negative last
 * counts from the end. Traces use it to show the values a queued command will change.
 */
public record KeySpec(int first, int last, int step) {
    public static final KeySpec NONE = new KeySpec(0, 0, 0);

    public static KeySpec one() { return new KeySpec(1, 1, 1); }

    public static KeySpec all() { return new KeySpec(1, -1, 1); }

    public List<Key> keys(List<byte[]> argv) {
        List<Key> keys = new ArrayList<>();
        if (first == 0) return keys;
        int lastIndex = last < 0 ? argv.size() + last : last;
        for (int i = first; i <= lastIndex && i < argv.size(); i += step) keys.add(Key.of(argv.get(i)));
        return keys;
    }
}
