package dev.txlab.quiz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** A multiple choice, true/false or short-answer question, graded by comparing text. */
final class ConceptExercise implements Exercise {
    private final Card.Concept card;
    /** The options of a choice, in the order shown (shuffled per drill). */
    private final List<String> options;

    ConceptExercise(Card.Concept card, Random random) {
        this.card = card;
        if (card.kind() == Kind.CHOICE) {
            List<String> o = new ArrayList<>();
            o.add(card.right());
            o.addAll(card.wrong());
            Collections.shuffle(o, random);
            options = List.copyOf(o);
        } else {
            options = List.of();
        }
    }

    @Override public Card card() { return card; }

    @Override public Shape shape() { return Shape.LINE; }

    List<String> options() { return options; }

    @Override public List<String> prompt() {
        List<String> lines = new ArrayList<>(Prose.reflow(card.question()));
        switch (card.kind()) {
            case CHOICE -> {
                for (int i = 0; i < options.size(); i++) {
                    List<String> optionLines = options.get(i).lines().toList();
                    lines.add("  " + (i + 1) + ") " + optionLines.get(0));
                    for (int j = 1; j < optionLines.size(); j++) lines.add("     " + optionLines.get(j));
                }
                lines.add("Type the number of your choice.");
            }
            case TRUE_FALSE -> lines.add("True or false?");
            default -> lines.add("Type a short answer.");
        }
        return lines;
    }

    @Override public Grade grade(List<String> answer) {
        String typed = String.join(" ", answer).strip();
        boolean right = switch (card.kind()) {
            case CHOICE -> {
                int chosen = optionIndex(typed);
                yield chosen >= 0 && options.get(chosen).equals(card.right());
            }
            case TRUE_FALSE -> {
                Boolean said = truth(typed);
                yield said != null && said.equals(card.truth());
            }
            default -> {
                String t = normalise(typed);
                yield !t.isEmpty() && card.accepted().stream().anyMatch(a -> normalise(a).equals(t));
            }
        };
        return new Grade(right, correctShown(), List.of(), List.of(), List.of());
    }

    @Override public String notUnderstood(List<String> answer) {
        String typed = String.join(" ", answer).strip();
        if (card.kind() == Kind.CHOICE && optionIndex(typed) < 0) {
            return "Type a number from 1 to " + options.size() + ", or :skip.";
        }
        if (card.kind() == Kind.TRUE_FALSE && truth(typed) == null) return "Type true or false, or :skip.";
        return null;
    }

    /** The option chosen by its number, its letter (a, b ...) or its exact text; -1 when none. */
    int optionIndex(String typed) {
        String t = typed.strip();
        if (t.matches("\\d+")) {
            int n = Integer.parseInt(t);
            return n >= 1 && n <= options.size() ? n - 1 : -1;
        }
        if (t.length() == 1 && Character.isLetter(t.charAt(0))) {
            int n = Character.toLowerCase(t.charAt(0)) - 'a';
            return n >= 0 && n < options.size() ? n : -1;
        }
        String n = normalise(t);
        for (int i = 0; i < options.size(); i++) if (normalise(options.get(i)).equals(n)) return i;
        return -1;
    }

    static Boolean truth(String typed) {
        String t = typed.strip().toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}\\s]+$", "").replaceAll("^[\\p{Punct}\\s]+", "");
        return switch (t) {
            case "t", "true", "y", "yes", "right", "correct" -> Boolean.TRUE;
            case "f", "false", "n", "no", "wrong", "incorrect" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static final java.util.Set<String> ARTICLES = java.util.Set.of("a", "an", "the");

    /**
     * A short answer as compared: case, punctuation (quotes, backticks, brackets, a final
     * period), hyphens and underscores, repeated spaces, the articles a/an/the and plural
     * endings do not matter: "A single command." and "per-commands" read as "single command" and
     * "per command".
     */
    static String normalise(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[-_/]", " ").replaceAll("[\\p{Punct}&&[^+*$]]", " ").strip();
        StringBuilder out = new StringBuilder();
        for (String w : s.split("\\s+")) {
            if (w.isEmpty() || ARTICLES.contains(w)) continue;
            if (out.length() > 0) out.append(' ');
            out.append(singular(w));
        }
        return out.toString();
    }

    /** "commands" -> "command", "keys" -> "key", "watches" -> "watch"; "redis", "yes", "class" stay. */
    static String singular(String word) {
        if (word.length() <= 3 || !word.endsWith("s") || word.endsWith("ss") || word.endsWith("is") || word.endsWith("us")) return word;
        if (word.endsWith("ches") || word.endsWith("shes") || word.endsWith("xes")) return word.substring(0, word.length() - 2);
        return word.substring(0, word.length() - 1);
    }

    private List<String> correctShown() {
        return switch (card.kind()) {
            case CHOICE -> List.of((options.indexOf(card.right()) + 1) + ") " + card.right());
            case TRUE_FALSE -> List.of(card.truth() ? "true" : "false");
            default -> List.of(card.accepted().get(0));
        };
    }

    @Override public List<String> correctAnswer() {
        return switch (card.kind()) {
            case CHOICE -> List.of(Integer.toString(options.indexOf(card.right()) + 1));
            case TRUE_FALSE -> List.of(card.truth() ? "true" : "false");
            default -> List.of(card.accepted().get(0));
        };
    }
}
