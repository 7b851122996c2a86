package dev.txlab.quiz;

import java.util.Random;

/** Makes a card ready to ask: the seed picks options' order, a template's values and interleaving. */
public final class Exercises {
    private Exercises() {}

    public static Exercise create(Card card, long seed) {
        Random random = new Random(seed);
        if (card instanceof Card.Concept c) return new ConceptExercise(c, random);
        if (card instanceof Card.Predict p) return new PredictExercise(p, random);
        if (card instanceof Card.FixIt f) return new FixItExercise(f, random);
        throw new IllegalArgumentException("unknown card type " + card);
    }

    /** The seed for one card in one drill: same drill seed and card, same exercise. */
    public static long seedFor(long drillSeed, String cardId) {
        long h = drillSeed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < cardId.length(); i++) h = (h ^ cardId.charAt(i)) * 0x100000001B3L;
        return h ^ (h >>> 31);
    }
}
