package dev.txlab.quiz;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lessons a card can send the learner back to, by number, from {@code quiz/lessons.txt}
 * ({@code 4 | 7.4 no rollback}). Kept as data so it follows the lessons as they are written.
 */
public final class Lessons {
    private final Map<Integer, String> titles;

    public Lessons(Map<Integer, String> titles) { this.titles = Collections.unmodifiableMap(new TreeMap<>(titles)); }

    public static Lessons parse(String source, String text) throws BankException {
        Map<Integer, String> titles = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int bar = line.indexOf('|');
            if (bar < 0) throw new BankException(source, i + 1, "a lesson line looks like '4 | 7.4 no rollback'");
            int number;
            try {
                number = Integer.parseInt(line.substring(0, bar).strip());
            } catch (NumberFormatException e) {
                throw new BankException(source, i + 1, "lesson number '" + line.substring(0, bar).strip() + "' is not a number");
            }
            String title = line.substring(bar + 1).strip();
            if (title.isEmpty()) throw new BankException(source, i + 1, "lesson " + number + " has no title");
            if (titles.put(number, title) != null) throw new BankException(source, i + 1, "lesson " + number + " listed twice");
        }
        return new Lessons(titles);
    }

    public boolean has(int number) { return titles.containsKey(number); }

    public Map<Integer, String> all() { return titles; }

    /** "lesson 4 (7.4 no rollback)". */
    public String reference(int number) {
        String title = titles.get(number);
        return title == null ? "lesson " + number : "lesson " + number + " (" + title + ")";
    }
}
