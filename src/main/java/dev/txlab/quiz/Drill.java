package dev.txlab.quiz;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One quiz drill: asks the chosen cards in order, grades each answer, shows why, records the
 * answer in the Leitner schedule (saved after every answer, so an interrupted drill keeps what
 * was done) and ends with a machine-readable {@code score: R/N} line.
 */
public final class Drill {
    private final Bank bank;
    private final Progress progress;
    private final ProgressStore store;
    private final LongSupplier clock;
    private final AnswerInput in;
    private PrintWriter out;
    private final PrintWriter rawOut;
    private final PrintWriter err;
    private boolean saveFailed;

    /** How the drill went. {@code asked} counts answered questions; {@code missed} their card ids. */
    public record Result(int right, int asked, int planned, List<String> missed, boolean inputEnded) {
        public String scoreLine() { return "score: " + right + "/" + asked; }
    }

    public Drill(Bank bank, Progress progress, ProgressStore store, LongSupplier clock, AnswerInput in,
                 PrintWriter out, PrintWriter err) {
        this.bank = bank;
        this.progress = progress;
        this.store = store;
        this.clock = clock;
        this.in = in;
        this.rawOut = out;
        this.out = wrapping(out, () -> dev.txlab.shell.TextWrap.DEFAULT_WIDTH);
        this.err = err;
    }

    public Result run(List<Card> cards, long seed) throws IOException {
        int right = 0;
        int asked = 0;
        List<String> missed = new ArrayList<>();
        boolean ended = false;
        for (int i = 0; i < cards.size(); i++) {
            Card card = cards.get(i);
            Exercise exercise;
            try {
                exercise = Exercises.create(card, Exercises.seedFor(seed, card.id()));
            } catch (RuntimeException e) {
                // A bug in a template or the engine: say so in one line and go on with the drill.
                err.println("txlab quiz: could not prepare card " + card.id() + " (" + e + "); skipping it");
                err.flush();
                continue;
            }
            out.println();
            out.println("Question " + (i + 1) + " of " + cards.size() + ": " + card.id() + "  [" + card.topic() + ", "
                    + describe(card.kind()) + ", " + status(card) + "]");
            for (String line : exercise.prompt()) out.println(line);
            out.flush();
            List<String> answer = readAnswer(exercise.shape());
            while (answer != null && in.interactive() && !isSkipped(answer) && exercise.notUnderstood(answer) != null) {
                out.println("  " + exercise.notUnderstood(answer));
                out.flush();
                answer = readAnswer(exercise.shape());
            }
            if (answer == null) {
                ended = true;
                break;
            }
            boolean skipped = isSkipped(answer);
            Exercise.Grade grade = exercise.grade(skipped ? List.of() : answer);
            if (skipped) grade = new Exercise.Grade(false, grade.correct(), grade.whatHappened(), grade.run(), List.of());
            asked++;
            if (grade.right()) right++;
            else missed.add(card.id());
            // Saved before it is shown: a drill killed while the learner reads the answer keeps it.
            record(card.id(), grade.right());
            report(card, exercise, grade, skipped);
        }
        Result result = new Result(right, asked, cards.size(), missed, ended);
        out.println();
        if (ended && asked < cards.size()) out.println("The drill ended after " + asked + " of " + cards.size() + " questions.");
        if (!missed.isEmpty()) out.println("Missed: " + String.join(", ", missed) + " (they come first in the next drill)");
        out.println(result.scoreLine());
        out.flush();
        return result;
    }

    static String describe(Kind kind) {
        return switch (kind) {
            case CHOICE -> "multiple choice";
            case TRUE_FALSE -> "true or false";
            case SHORT -> "short answer";
            case PREDICT -> "predict the reply";
            case FIX_IT -> "fix it";
        };
    }

    private String status(Card card) {
        CardProgress p = progress.get(card.id());
        if (p == null) return "new";
        if (!p.lastRight()) return "missed last time";
        return "box " + p.box() + " of " + Leitner.BOXES;
    }

    private static boolean isSkipped(List<String> answer) {
        return answer.size() == 1 && isSkip(answer.get(0));
    }

    static boolean isSkip(String line) {
        String l = line.strip().toLowerCase(Locale.ROOT);
        return l.equals("?") || l.equals(":skip");
    }

    static boolean isQuit(String line) {
        String l = line.strip().toLowerCase(Locale.ROOT);
        return l.equals(":q") || l.equals(":quit");
    }

    /**
     * Reads one answer; null when the input ends or the learner quits. Blank lines before an
     * answer are skipped. A reply that starts an array ("1) ...") and a list of commands go on
     * until an empty line.
     */
    List<String> readAnswer(Exercise.Shape shape) throws IOException {
        String first;
        do {
            first = in.readLine(shape == Exercise.Shape.COMMANDS ? "command> " : "answer> ");
            if (first == null || isQuit(first)) return null;
        } while (first.isBlank());
        if (isSkip(first)) return List.of(first);
        List<String> lines = new ArrayList<>();
        lines.add(first);
        boolean more = shape == Exercise.Shape.COMMANDS
                || (shape == Exercise.Shape.REPLY && first.strip().startsWith("1)"));
        while (more) {
            String next = in.readLine(shape == Exercise.Shape.COMMANDS ? "command> " : "     ...> ");
            if (next == null || next.isBlank()) break;
            lines.add(next);
        }
        return lines;
    }

    private void report(Card card, Exercise exercise, Exercise.Grade grade, boolean skipped) {
        if (grade.isClose()) {
            out.println("CLOSE: the value is right, only the notation differs (counts as right)");
            out.println("  - " + grade.close());
        } else {
            out.println(grade.right() ? "RIGHT" : skipped ? "SKIPPED (counts as missed)" : "WRONG");
        }
        for (String p : grade.problems()) out.println("  - " + p);
        if (card.kind() == Kind.FIX_IT) {
            out.println(grade.right() ? "A model solution:" : "One way to do it:");
        } else {
            out.println("The answer:");
        }
        for (String c : grade.correct()) out.println("  " + c);
        out.println("Why:");
        for (String line : Prose.reflow(exercise.explanation())) out.println("  " + line);
        if (!grade.whatHappened().isEmpty()) {
            out.println("What happened:");
            for (String n : grade.whatHappened()) out.println("  - " + n);
        }
        if (!grade.run().isEmpty()) {
            out.println(card.kind() == Kind.FIX_IT ? "Your commands, as they ran:" : "The whole run:");
            for (String r : grade.run()) out.println("  " + r);
        }
        out.println("Revisit: " + bank.lessons().reference(card.header().lesson()));
        out.flush();
    }

    private void record(String id, boolean right) {
        progress.put(id, Leitner.answer(progress.get(id), right, clock.getAsLong()));
        if (store == null || saveFailed) return;
        try {
            store.save(progress);
        } catch (IOException | RuntimeException e) {
            saveFailed = true;
            err.println("txlab quiz: cannot save progress to " + store.file() + " (" + dev.txlab.store.DataFile.reason(e)
                    + "); this drill goes on without saving");
            err.flush();
        }
    }

    /** From now on the drill's lines are wrapped at word boundaries to {@code width} columns (0: the default, 80). */
    public Drill wrapTo(java.util.function.IntSupplier width) {
        this.out = wrapping(rawOut, () -> dev.txlab.shell.TextWrap.usable(width.getAsInt()));
        return this;
    }

    private static PrintWriter wrapping(PrintWriter out, java.util.function.IntSupplier width) {
        return new PrintWriter(out) {
            @Override public void println(String line) {
                for (String l : dev.txlab.shell.TextWrap.wrap(line, width.getAsInt())) super.println(l);
            }
        };
    }
}
