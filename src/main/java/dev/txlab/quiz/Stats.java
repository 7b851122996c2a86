package dev.txlab.quiz;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code txlab quiz --stats}: progress per topic and the cards most often missed. */
public final class Stats {
    private Stats() {}

    static final int MOST_MISSED = 5;

    public static void print(Bank bank, List<Card> available, Progress progress, long now, PrintWriter out) {
        Map<String, long[]> byTopic = new TreeMap<>();
        // columns: cards, seen, right answers, wrong answers, due now, known (box 4-5)
        for (Card c : available) {
            long[] row = byTopic.computeIfAbsent(c.topic(), t -> new long[6]);
            row[0]++;
            CardProgress p = progress.get(c.id());
            if (p == null) continue;
            row[1]++;
            row[2] += p.right();
            row[3] += p.wrong();
            if (Leitner.isDue(p, now)) row[4]++;
            if (p.box() >= 4) row[5]++;
        }
        out.println(String.format("%-12s %5s %5s %6s %6s %6s %6s", "topic", "cards", "seen", "right", "wrong", "due", "known"));
        long[] total = new long[6];
        for (Map.Entry<String, long[]> e : byTopic.entrySet()) {
            long[] r = e.getValue();
            for (int i = 0; i < total.length; i++) total[i] += r[i];
            out.println(String.format("%-12s %5d %5d %6d %6d %6d %6d", e.getKey(), r[0], r[1], r[2], r[3], r[4], r[5]));
        }
        out.println(String.format("%-12s %5d %5d %6d %6d %6d %6d", "all", total[0], total[1], total[2], total[3], total[4], total[5]));
        out.println("(due: seen cards due for review now; known: cards in box 4 or 5 of " + Leitner.BOXES + ")");

        List<Card> missed = new ArrayList<>();
        for (Card c : available) {
            CardProgress p = progress.get(c.id());
            if (p != null && p.wrong() > 0) missed.add(c);
        }
        missed.sort(Comparator.comparingInt((Card c) -> progress.get(c.id()).wrong()).reversed()
                .thenComparing(Comparator.comparingLong((Card c) -> progress.get(c.id()).lastAnsweredMillis()).reversed())
                .thenComparing(Card::id));
        out.println();
        if (missed.isEmpty()) {
            out.println(progress.isEmpty() ? "No answers yet: run 'txlab quiz' for a drill." : "No card missed so far.");
        } else {
            out.println("Most often missed:");
            for (Card c : missed.subList(0, Math.min(MOST_MISSED, missed.size()))) {
                CardProgress p = progress.get(c.id());
                out.println(String.format("  %2dx  %-28s %s; %s", p.wrong(), c.id(),
                        c.topic() + (p.lastRight() ? ", right last time" : ", missed last time"),
                        bank.lessons().reference(c.header().lesson())));
            }
        }
        int waiting = bank.cards().size() - available.size();
        if (waiting > 0) {
            out.println();
            out.println(waiting + " card" + (waiting == 1 ? "" : "s") + " wait for commands the engine does not have yet (EVAL: Lua).");
        }
        out.flush();
    }
}
