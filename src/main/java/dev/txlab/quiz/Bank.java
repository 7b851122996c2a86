package dev.txlab.quiz;

import dev.txlab.engine.table.CommandTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Every card of the question bank, and the lessons they point to. */
public final class Bank {
    private final List<Card> cards;
    private final Lessons lessons;

    public Bank(List<Card> cards, Lessons lessons) {
        this.cards = List.copyOf(cards);
        this.lessons = lessons;
    }

    public List<Card> cards() { return cards; }

    public Lessons lessons() { return lessons; }

    /** The card with this id, or null. */
    public Card card(String id) {
        for (Card c : cards) if (c.id().equals(id)) return c;
        return null;
    }

    /** Every topic, sorted. */
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (Card c : cards) topics.add(c.topic());
        return topics;
    }

    /** Whether the engine knows a command, by lower-case name (the standard table by default). */
    public static Predicate<String> engineKnows(CommandTable table) {
        return name -> table.get(name) != null;
    }

    /**
     * The cards a learner may be shown: those whose required commands the engine knows. Lua
     * templates declare {@code requires: eval} and stay hidden until the engine has EVAL.
     */
    public List<Card> available(Predicate<String> engineKnows) {
        List<Card> out = new ArrayList<>();
        for (Card c : cards) if (isAvailable(c, engineKnows)) out.add(c);
        return out;
    }

    public static boolean isAvailable(Card card, Predicate<String> engineKnows) {
        for (String command : card.header().requires()) if (!engineKnows.test(command)) return false;
        return true;
    }
}
