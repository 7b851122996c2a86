package dev.txlab.engine.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLUSTER SHARDS lists the shards in the order of the node table, a hash table whose order
 * Redis does not define (each process seeds its hash): a transcript recorded on one cluster
 * holds the shards in some order, another cluster prints them in another. Printed replies of
 * such a command match when they hold the same top-level elements, in any order.
 */
public final class UnorderedReplies {
    private UnorderedReplies() {}

    private static final Pattern TOP = Pattern.compile(" *\\d+\\) ");

    /** Whether the command's top-level elements come in an undefined order. */
    public static boolean unordered(List<byte[]> argv) {
        return argv != null && argv.size() == 2 && word(argv.get(0)).equals("cluster") && word(argv.get(1)).equals("shards");
    }

    private static String word(byte[] arg) { return new String(arg, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT); }

    /** The expected lines when the actual ones hold the same elements in another order; else the actual ones. */
    public static List<String> inExpectedOrder(List<String> expected, List<String> actual) {
        if (expected.equals(actual) || expected.size() != actual.size() || expected.isEmpty()) return actual;
        List<String> want = elements(expected);
        List<String> got = elements(actual);
        if (want == null || got == null) return actual;
        want.sort(null);
        got.sort(null);
        return want.equals(got) ? expected : actual;
    }

    /** Each top-level element's lines (without its index), or null when the lines are no array. */
    private static List<String> elements(List<String> lines) {
        Matcher first = TOP.matcher(lines.get(0));
        if (!first.lookingAt()) return null;
        int width = first.end();
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            Matcher m = TOP.matcher(line);
            if (m.lookingAt() && m.end() == width) {
                if (current != null) out.add(current.toString());
                current = new StringBuilder(line.substring(width));
            } else {
                current.append('\n').append(line);
            }
        }
        out.add(current.toString());
        return out;
    }
}
