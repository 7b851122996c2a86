package dev.txlab.trace;

import dev.txlab.protocol.Key;

/** A key's value before and after a command ran; either side is null when the key was missing. */
public record KeyChange(int db, Key key, ValueSnapshot before, ValueSnapshot after) {
    public boolean changed() {
        if (before == null || after == null) return before != after;
        return !before.type().equals(after.type())
                || !java.util.Arrays.equals(before.string(), after.string())
                || before.size() != after.size()
                || !sameSample(before, after)
                || before.ttlMillis() != after.ttlMillis();
    }

    private static boolean sameSample(ValueSnapshot a, ValueSnapshot b) {
        if (a.sample().size() != b.sample().size()) return false;
        for (int i = 0; i < a.sample().size(); i++) {
            if (!java.util.Arrays.equals(a.sample().get(i), b.sample().get(i))) return false;
        }
        return true;
    }
}
