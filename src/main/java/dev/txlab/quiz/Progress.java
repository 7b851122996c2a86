package dev.txlab.quiz;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learner's progress, by card id. Ids no longer in the bank are kept (and saved again), so a
 * card renamed back or a bank from another version loses nothing.
 */
public final class Progress {
    private final Map<String, CardProgress> cards = new TreeMap<>();

    public CardProgress get(String id) { return cards.get(id); }

    public void put(String id, CardProgress progress) { cards.put(id, progress); }

    public Map<String, CardProgress> all() { return Collections.unmodifiableMap(cards); }

    public boolean isEmpty() { return cards.isEmpty(); }
}
