package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The spaced-repetition schedule. */
class LeitnerTest {
    static final long NOW = 1_800_000_000_000L;
    static final long DAY = Leitner.DAY;

    static List<Card> cards(String... ids) {
        List<Card> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new Card.Concept(new Card.Header(id, Kind.TRUE_FALSE, "multi", 1, Set.of(), Set.of(), "x", "test"),
                    "q", null, List.of(), true, List.of()));
        }
        return out;
    }

    static List<String> ids(List<Card> cards) { return cards.stream().map(Card::id).toList(); }

    @Test
    void aRightAnswerMovesTheCardUpOneBoxAndPutsItOffByThatBoxsInterval() {
        CardProgress p = Leitner.answer(null, true, NOW);
        assertEquals(2, p.box());
        assertEquals(NOW + DAY, p.dueMillis());
        p = Leitner.answer(p, true, NOW);
        assertEquals(3, p.box());
        assertEquals(NOW + 3 * DAY, p.dueMillis());
        p = Leitner.answer(Leitner.answer(Leitner.answer(p, true, NOW), true, NOW), true, NOW);
        assertEquals(Leitner.BOXES, p.box(), "the top box is the last");
        assertEquals(NOW + 21 * DAY, p.dueMillis());
        assertEquals(5, p.right());
    }

    @Test
    void aWrongAnswerSendsTheCardBackToBoxOneDueAtOnce() {
        CardProgress high = new CardProgress(4, NOW + 7 * DAY, 3, 0, NOW - DAY, true);
        CardProgress p = Leitner.answer(high, false, NOW);
        assertEquals(1, p.box());
        assertEquals(NOW, p.dueMillis());
        assertEquals(1, p.wrong());
        assertEquals(3, p.right());
        assertFalse(p.lastRight());
    }

    @Test
    void missedCardsComeFirstThenOtherDueCardsThenNewOnesThenTheSoonestDue() {
        Progress progress = new Progress();
        progress.put("due-box3", new CardProgress(3, NOW - DAY, 2, 0, NOW - 4 * DAY, true));
        progress.put("missed", new CardProgress(1, NOW - 10, 0, 1, NOW - 10, false));
        progress.put("later-far", new CardProgress(5, NOW + 20 * DAY, 4, 0, NOW, true));
        progress.put("later-near", new CardProgress(2, NOW + DAY, 1, 0, NOW, true));
        List<Card> pool = cards("new-1", "later-far", "due-box3", "missed", "later-near", "new-2");
        List<String> order = ids(Leitner.select(pool, progress, NOW, 10, false, 5));
        assertEquals(List.of("missed", "due-box3"), order.subList(0, 2));
        assertEquals(Set.of("new-1", "new-2"), Set.copyOf(order.subList(2, 4)));
        assertEquals(List.of("later-near", "later-far"), order.subList(4, 6));
    }

    @Test
    void aDrillTakesCountCardsAndAllTakesEveryOne() {
        List<Card> pool = cards("a", "b", "c", "d", "e");
        assertEquals(3, Leitner.select(pool, new Progress(), NOW, 3, false, 1).size());
        assertEquals(5, Leitner.select(pool, new Progress(), NOW, 3, true, 1).size());
        assertEquals(5, Leitner.select(pool, new Progress(), NOW, 50, false, 1).size());
    }

    @Test
    void theSeedAloneDecidesTheOrderOfNewCards() {
        List<Card> pool = cards("a", "b", "c", "d", "e", "f", "g", "h");
        List<Card> reversed = new ArrayList<>(pool);
        java.util.Collections.reverse(reversed);
        assertEquals(ids(Leitner.select(pool, new Progress(), NOW, 8, false, 9)),
                ids(Leitner.select(reversed, new Progress(), NOW, 8, false, 9)));
        assertNotEquals(ids(Leitner.select(pool, new Progress(), NOW, 8, false, 9)),
                ids(Leitner.select(pool, new Progress(), NOW, 8, false, 10)));
    }

    @Test
    void aCardIsDueWhenItsTimeHasCome() {
        assertTrue(Leitner.isDue(new CardProgress(2, NOW, 1, 0, NOW - DAY, true), NOW));
        assertFalse(Leitner.isDue(new CardProgress(2, NOW + 1, 1, 0, NOW - DAY, true), NOW));
    }
}
