package dev.txlab.quiz;

/**
 * What the learner has done with one card: its Leitner box (1 = just missed ... 5 = known well),
 * when it is next due, how often it was answered right and wrong, and the last answer.
 */
public record CardProgress(int box, long dueMillis, int right, int wrong, long lastAnsweredMillis, boolean lastRight) {
    public CardProgress {
        if (box < 1 || box > Leitner.BOXES) throw new IllegalArgumentException("box " + box + " is not 1.." + Leitner.BOXES);
        if (right < 0 || wrong < 0) throw new IllegalArgumentException("negative count");
    }

    /** Answers in all; a long, as two counts near Integer.MAX_VALUE add up to more than an int holds. */
    public long seen() { return (long) right + wrong; }
}
