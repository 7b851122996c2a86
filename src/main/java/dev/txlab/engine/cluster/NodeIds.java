package dev.txlab.engine.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real cluster's node ids are random, so a transcript recorded on one names nodes with ids
 * another cluster does not have. Where a printed line equals the transcript's but for node ids,
 * and each id of ours stands for one id of the transcript's (and the other way round), it is
 * taken as that id: the transcript's later commands naming it (CLUSTER SETSLOT ... NODE id) reach
 * our node. The ids are learned from replies that name them (CLUSTER MYID, SLOTS, NODES ...).
 */
public final class NodeIds {
    private static final Pattern NODE_ID = Pattern.compile("\\b[0-9a-f]{40}\\b");

    /** Whether an id is one of the target's own nodes'. */
    private final Predicate<String> ours;
    /** The transcript's id -> ours. */
    private final Map<String, String> learned = new LinkedHashMap<>();

    public NodeIds(Predicate<String> ours) { this.ours = ours; }

    /** The command with the transcript's ids, once learned, as ours. */
    public List<byte[]> command(List<byte[]> argv) {
        if (learned.isEmpty()) return argv;
        List<byte[]> out = null;
        for (int i = 1; i < argv.size(); i++) {
            String mine = learned.get(new String(argv.get(i), StandardCharsets.ISO_8859_1));
            if (mine == null) continue;
            if (out == null) out = new ArrayList<>(argv);
            out.set(i, mine.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out == null ? argv : out;
    }

    /** The printed lines, each naming the transcript's ids where it differs from them only so. */
    public List<String> printed(List<String> expected, List<String> actual) {
        if (expected.size() != actual.size()) return actual;
        List<String> out = new ArrayList<>(actual);
        for (int i = 0; i < actual.size(); i++) {
            String want = expected.get(i);
            String got = actual.get(i);
            if (want.equals(got)) continue;
            List<String> theirs = tokens(want);
            List<String> mine = tokens(got);
            if (theirs.isEmpty() || theirs.size() != mine.size()
                    || !NODE_ID.matcher(want).replaceAll("ID").equals(NODE_ID.matcher(got).replaceAll("ID"))) continue;
            Map<String, String> next = new LinkedHashMap<>(learned);
            boolean consistent = true;
            for (int t = 0; t < theirs.size() && consistent; t++) {
                String their = theirs.get(t);
                String my = mine.get(t);
                if (their.equals(my) && !next.containsKey(their) && !next.containsValue(my)) continue;
                if (!ours.test(my)) consistent = their.equals(my);
                else if (next.containsKey(their)) consistent = next.get(their).equals(my);
                else if (next.containsValue(my) || ours.test(their)) consistent = false;
                else next.put(their, my);
            }
            if (!consistent) continue;
            learned.clear();
            learned.putAll(next);
            out.set(i, want);
        }
        return out;
    }

    /** The printed lines with the ids learned so far named as the transcript names them (nothing learned here). */
    public List<String> renamed(List<String> actual) {
        if (learned.isEmpty()) return actual;
        Map<String, String> back = new LinkedHashMap<>();
        learned.forEach((their, mine) -> back.put(mine, their));
        List<String> out = new ArrayList<>(actual.size());
        for (String line : actual) {
            Matcher m = NODE_ID.matcher(line);
            StringBuilder b = new StringBuilder();
            while (m.find()) m.appendReplacement(b, back.getOrDefault(m.group(), m.group()));
            m.appendTail(b);
            out.add(b.toString());
        }
        return out;
    }

    private static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = NODE_ID.matcher(line);
        while (m.find()) out.add(m.group());
        return out;
    }
}
