package dev.txlab.lesson;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** How far the learner got in each lesson, by lesson name (names survive renumbering). */
public final class LessonProgress {

    /**
     * One lesson's progress.
     *
     * @param part    the part to resume at (0-based)
     * @param parts   how many parts the lesson had then
     * @param done    the learner reached the end at least once
     * @param solved  the ids of the tasks solved
     * @param updated when this last changed (epoch milliseconds)
     */
    public record Entry(int part, int parts, boolean done, Set<String> solved, long updated) {
        public Entry {
            if (part < 0 || parts < 0) throw new IllegalArgumentException("part and parts must not be negative");
            solved = Collections.unmodifiableSet(new TreeSet<>(solved));
        }

        static Entry fresh(int parts) { return new Entry(0, parts, false, Set.of(), 0); }
    }

    private final Map<String, Entry> entries = new TreeMap<>();

    public Entry get(String lesson) { return entries.get(lesson); }

    public void put(String lesson, Entry entry) { entries.put(lesson, entry); }

    public Map<String, Entry> all() { return Collections.unmodifiableMap(entries); }
}
