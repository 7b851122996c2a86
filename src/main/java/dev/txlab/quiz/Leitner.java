package dev.txlab.quiz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A Leitner schedule: a missed card goes back to box 1 and is due at once; a card answered right
 * moves up one box and is due again after that box's interval (1, 3, 7, then 21 days). A drill
 * takes due cards first (box 1, i.e. the missed ones, before the others), then new cards in a
 * seeded random order, then, if the learner asked for more than is due, the cards due soonest.
 */
public final class Leitner {
    private Leitner() {}

    public static final int BOXES = 5;
    static final long DAY = 24L * 60 * 60 * 1000;
    /** Interval before a card in box b is due again; box 1 is due at once. */
    private static final long[] INTERVAL = {0, 0, DAY, 3 * DAY, 7 * DAY, 21 * DAY};

    public static long interval(int box) { return INTERVAL[box]; }

    /** The card's progress after an answer. {@code before} is null for a new card. */
    public static CardProgress answer(CardProgress before, boolean right, long now) {
        int box = before == null ? 1 : before.box();
        int r = before == null ? 0 : before.right();
        int w = before == null ? 0 : before.wrong();
        if (right) {
            int next = Math.min(box + 1, BOXES);
            return new CardProgress(next, saturatedAdd(now, INTERVAL[next]), plusOne(r), w, now, true);
        }
        return new CardProgress(1, now, r, plusOne(w), now, false);
    }

    /** A count one higher, stopping at Integer.MAX_VALUE: a count in an edited file must not wrap to negative. */
    static int plusOne(int count) { return count == Integer.MAX_VALUE ? count : count + 1; }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** Whether a seen card is due now. */
    public static boolean isDue(CardProgress p, long now) { return p.dueMillis() <= now; }

    /**
     * The cards of one drill, in the order to ask them: {@code count} of them, or every card of
     * the pool when {@code all}.
     */
    public static List<Card> select(List<Card> pool, Progress progress, long now, int count, boolean all, long seed) {
        List<Card> due = new ArrayList<>();
        List<Card> fresh = new ArrayList<>();
        List<Card> later = new ArrayList<>();
        for (Card c : pool) {
            CardProgress p = progress.get(c.id());
            if (p == null) fresh.add(c);
            else if (isDue(p, now)) due.add(c);
            else later.add(c);
        }
        Comparator<Card> byBoxThenDue = Comparator
                .comparingInt((Card c) -> progress.get(c.id()).box())
                .thenComparingLong(c -> progress.get(c.id()).dueMillis())
                .thenComparing(Comparator.comparingInt((Card c) -> progress.get(c.id()).wrong()).reversed())
                .thenComparing(Card::id);
        due.sort(byBoxThenDue);
        fresh.sort(Comparator.comparing(Card::id)); // a stable base, so the seed alone decides the order
        Collections.shuffle(fresh, new Random(seed));
        later.sort(Comparator.comparingLong((Card c) -> progress.get(c.id()).dueMillis()).thenComparing(Card::id));
        List<Card> order = new ArrayList<>(due);
        order.addAll(fresh);
        order.addAll(later);
        return all ? order : order.subList(0, Math.min(count, order.size()));
    }
}
