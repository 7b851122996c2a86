package dev.txlab.quiz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fix it: a broken transaction or script is shown with the replies it got; the learner types
 * commands that reach the goal. Graded on two fresh engines: setup + the learner's commands, and
 * setup + the template's solution; the {@code check} commands must print the same on both, and
 * the conditions ({@code must-use}, {@code exec-ok}, {@code no-errors}) must hold.
 */
final class FixItExercise implements Exercise {
    /** More than this is not a fix, it is a session; the rest is ignored. */
    static final int MAX_COMMANDS = 40;
    static final String CHECK_CLIENT = "check";
    private static final Pattern LABELLED = Pattern.compile("([A-Za-z0-9_-]+)> (.*)");

    private final Card.FixIt card;
    private final Map<String, String> values;
    private final List<EngineRun.Step> brokenRun;
    private final List<String> solution;

    FixItExercise(Card.FixIt card, Random random) {
        this.card = card;
        this.values = card.variables().instantiate(random);
        try (EngineRun run = new EngineRun()) {
            run.runAll(card.setup().lines(), values);
            this.brokenRun = run.runAll(card.broken().lines(), values);
        }
        List<String> s = new ArrayList<>();
        for (Card.Line l : card.solution().lines()) {
            String command = Variables.expand(l.command(), values);
            s.add(l.label().equals("A") ? command : l.label() + "> " + command);
        }
        this.solution = List.copyOf(s);
    }

    @Override public Card card() { return card; }

    @Override public Shape shape() { return Shape.COMMANDS; }

    Map<String, String> values() { return values; }

    @Override public List<String> prompt() {
        List<String> lines = new ArrayList<>();
        lines.add("Goal: " + Variables.expand(card.goal(), values).lines().findFirst().orElse(""));
        Variables.expand(card.goal(), values).lines().skip(1).forEach(l -> lines.add("      " + l));
        if (!card.setup().lines().isEmpty()) {
            lines.add("");
            lines.add("Already done (the database starts like this):");
            for (Card.Line l : card.setup().lines()) lines.add("  " + l.label() + "> " + Variables.expand(l.command(), values));
        }
        lines.add("");
        lines.add("This attempt does not reach the goal:");
        for (EngineRun.Step s : brokenRun) {
            lines.add("  " + s.typed());
            for (String r : EngineRun.display(s.reply())) lines.add("  " + r);
        }
        lines.add("");
        lines.add("Type the commands that do it, one per line (\"B> ...\" to type as client B);");
        lines.add("an empty line runs them. They start from the setup above, not after the attempt.");
        return lines;
    }

    /** The learner's lines as (label, command); blank lines and a leading "A> " are allowed. */
    static List<Card.Line> parse(List<String> answer) {
        List<Card.Line> lines = new ArrayList<>();
        for (String raw : answer) {
            String l = raw.strip();
            if (l.isEmpty()) continue;
            if (lines.size() == MAX_COMMANDS) break;
            Matcher m = LABELLED.matcher(l);
            if (m.matches()) lines.add(new Card.Line(m.group(1), m.group(2), false, 0));
            else lines.add(new Card.Line("A", l, false, 0));
        }
        return lines;
    }

    @Override public Grade grade(List<String> answer) {
        List<Card.Line> typed = parse(answer);
        List<String> problems = new ArrayList<>();
        List<EngineRun.Step> yours;
        List<EngineRun.Step> yourChecks;
        List<EngineRun.Step> goalChecks;
        try (EngineRun learner = new EngineRun(); EngineRun reference = new EngineRun()) {
            learner.runAll(card.setup().lines(), values);
            yours = learner.runAll(typed, Map.of()); // the learner's text is sent as typed
            yourChecks = checks(learner);
            reference.runAll(card.setup().lines(), values);
            reference.runAll(card.solution().lines(), values);
            goalChecks = checks(reference);
        }
        if (typed.isEmpty()) problems.add("no commands were typed");
        for (String needed : card.mustUse()) {
            boolean used = typed.stream().anyMatch(l -> firstWord(l.command()).equals(needed));
            if (!used) problems.add("the goal asks for " + needed + ", and it was not used");
        }
        if (card.conditions().contains("exec-ok")) {
            EngineRun.Step lastExec = null;
            for (EngineRun.Step s : yours) if (firstWord(s.command()).equals("EXEC")) lastExec = s;
            if (lastExec == null) problems.add("no EXEC was sent");
            else if (!lastExec.reply().get(0).strip().startsWith("1) ") && !lastExec.reply().get(0).equals("(empty array)")) {
                problems.add("the last EXEC answered " + String.join(" ", lastExec.reply()) + ", not an array of replies");
            }
        }
        if (card.conditions().contains("no-errors")) {
            for (EngineRun.Step s : yours) {
                for (String r : s.reply()) {
                    if (r.contains("(error) ")) {
                        problems.add(s.typed() + " answered " + r.strip());
                        break;
                    }
                }
            }
        }
        for (int i = 0; i < goalChecks.size(); i++) {
            List<String> want = goalChecks.get(i).reply();
            List<String> got = yourChecks.get(i).reply();
            if (!want.equals(got)) {
                problems.add(goalChecks.get(i).command() + " gives " + String.join(" ", EngineRun.display(got))
                        + ", the goal needs " + String.join(" ", EngineRun.display(want)));
            }
        }
        List<String> run = new ArrayList<>();
        for (EngineRun.Step s : yours) {
            run.add(s.typed());
            run.addAll(EngineRun.display(s.reply()));
        }
        List<String> correct = new ArrayList<>(solution);
        return new Grade(problems.isEmpty(), correct, TraceNotes.of(yours), run, problems);
    }

    private List<EngineRun.Step> checks(EngineRun run) {
        List<EngineRun.Step> out = new ArrayList<>();
        for (String c : card.check()) out.add(run.run(CHECK_CLIENT, Variables.expand(c, values)));
        return out;
    }

    private static String firstWord(String command) {
        String[] words = command.strip().split("\\s+", 2);
        return words[0].replace("\"", "").replace("'", "").toUpperCase(Locale.ROOT);
    }

    @Override public String explanation() { return Variables.expand(card.header().explanation(), values); }

    @Override public List<String> correctAnswer() { return solution; }
}
