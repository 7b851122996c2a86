package dev.txlab.quiz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Predict the reply: the template's transcript runs on the engine with seeded keys and values;
 * the learner sees it with one reply hidden and types (or picks) that reply. The right answer is
 * whatever the engine printed.
 */
final class PredictExercise implements Exercise {
    private final Card.Predict card;
    private final Map<String, String> values;
    private final Card.Script script;
    private final List<EngineRun.Step> steps;
    private final int hidden;
    private final List<String> truth;
    /** Choices shown (the engine's reply among the distractors), or empty. */
    private final List<List<String>> options;

    PredictExercise(Card.Predict card, Random random) {
        this.card = card;
        this.values = card.variables().instantiate(random);
        this.script = card.variants().get(random.nextInt(card.variants().size()));
        try (EngineRun run = new EngineRun()) {
            this.steps = run.runAll(script.lines(), values);
        }
        this.hidden = script.hiddenIndex();
        this.truth = steps.get(hidden).reply();
        this.options = options(card.options(), random);
    }

    private List<List<String>> options(List<String> distractors, Random random) {
        if (distractors.isEmpty()) return List.of();
        List<List<String>> out = new ArrayList<>();
        out.add(truth);
        for (String d : distractors) {
            List<String> lines = Variables.expand(d, values).replace("\\n", "\n").lines().map(String::strip).toList();
            // A distractor that happens to be right for these values is not a distractor.
            if (ReplyMatcher.matches(truth, lines)) continue;
            boolean duplicate = false;
            for (List<String> o : out) if (ReplyMatcher.matches(o, lines)) duplicate = true;
            if (!duplicate) out.add(lines);
        }
        Collections.shuffle(out, random);
        return List.copyOf(out);
    }

    @Override public Card card() { return card; }

    @Override public Shape shape() { return Shape.REPLY; }

    Map<String, String> values() { return values; }

    List<String> truth() { return truth; }

    List<List<String>> options() { return options; }

    @Override public List<String> prompt() {
        List<String> lines = new ArrayList<>(Prose.reflow(Variables.expand(card.question(), values)));
        lines.add("");
        for (int i = 0; i < steps.size(); i++) {
            EngineRun.Step s = steps.get(i);
            if (i < hidden) {
                lines.add("  " + s.typed());
                for (String r : EngineRun.display(s.reply())) lines.add("  " + r);
            } else if (i == hidden) {
                lines.add("  " + s.typed());
                lines.add("  ???");
            } else {
                lines.add("  " + s.typed()); // later steps are shown for context; their replies would give it away
            }
        }
        lines.add("");
        if (!options.isEmpty()) {
            lines.add("Type the hidden reply as redis-cli prints it, or pick one:");
            for (int i = 0; i < options.size(); i++) {
                List<String> o = EngineRun.display(options.get(i));
                String n = (i + 1) + ". ";
                lines.add("  " + n + o.get(0));
                for (int j = 1; j < o.size(); j++) lines.add("  " + " ".repeat(n.length()) + o.get(j));
            }
        } else {
            lines.add("Type the hidden reply as redis-cli prints it.");
        }
        lines.add("(As redis-cli prints it: OK, (integer) 5, \"text\", (nil), (error) ..., or an array, one element per line");
        lines.add("\"1) ...\", then an empty line.)");
        return lines;
    }

    @Override public String notUnderstood(List<String> answer) {
        List<String> nonBlank = answer.stream().filter(l -> !l.isBlank()).toList();
        // A bare number without options is graded as a reply (its value may be right, the
        // notation is then explained); with options it picks one.
        if (nonBlank.size() == 1 && nonBlank.get(0).strip().matches("\\d+") && !options.isEmpty()) {
            int n = Integer.parseInt(nonBlank.get(0).strip());
            if (n < 1 || n > options.size()) return "Type the reply, or a number from 1 to " + options.size() + ", or :skip.";
        }
        return null;
    }

    @Override public Grade grade(List<String> answer) {
        List<String> typed = answer;
        List<String> nonBlank = answer.stream().filter(l -> !l.isBlank()).toList();
        boolean picked = false;
        if (nonBlank.size() == 1 && nonBlank.get(0).strip().matches("\\d+") && !options.isEmpty()) {
            int n = Integer.parseInt(nonBlank.get(0).strip());
            typed = n >= 1 && n <= options.size() ? options.get(n - 1) : List.of();
            picked = true;
        }
        boolean right = ReplyMatcher.matches(truth, typed);
        // A picked option is exactly what it says: a "5" offered next to (integer) 5 is a choice of notation.
        String close = right || picked ? null : ReplyMatcher.close(truth, typed).orElse(null);
        List<String> run = new ArrayList<>();
        for (EngineRun.Step s : steps) {
            run.add(s.typed());
            run.addAll(EngineRun.display(s.reply()));
        }
        return new Grade(right || close != null, EngineRun.display(truth), TraceNotes.of(steps.subList(0, hidden + 1)), run,
                List.of(), close);
    }

    @Override public String explanation() { return Variables.expand(card.header().explanation(), values); }

    @Override public List<String> correctAnswer() { return truth; }
}
