package dev.txlab.lesson;

import dev.txlab.transcript.Transcript;
import java.util.List;

/**
 * One lesson file ({@code lessons/NN-name.md}): Markdown narration split into the parts the
 * player walks through. Every part starts on an empty database and carries the narration that
 * comes before it in the file.
 *
 * @param source the file, as named to the user
 * @param number from the file name, which the title repeats ({@code # Lesson 4: ...})
 * @param name   the rest of the file name ({@code no-rollback}), for {@code txlab lesson NAME}
 * @param title  the title after {@code # Lesson N: }
 */
public record Lesson(String source, int number, String name, String title, List<Part> parts, List<Race> races) {
    public Lesson {
        parts = List.copyOf(parts);
        races = List.copyOf(races);
    }

    public Lesson(String source, int number, String name, String title, List<Part> parts) {
        this(source, number, name, title, parts, List.of());
    }

    /**
     * A {@code ```race} block: client programs whose every interleaving {@code :explore} runs
     * (dev.txlab.explore). Shown as narration of the part it precedes, {@code part}.
     */
    public record Race(int line, int part, dev.txlab.explore.RaceProgram program) {}

    /** The race of this part, or else of the nearest part before it that has one. */
    public java.util.Optional<Race> raceFor(int part) {
        Race found = null;
        for (Race r : races) if (r.part() <= part && (found == null || r.part() >= found.part())) found = r;
        return java.util.Optional.ofNullable(found);
    }

    /** What the player stops at. Line numbers are 1-based lines of the file. */
    public sealed interface Part permits Steps, Task, Closing {
        /** Where the part starts in the file: its block's opening fence or its heading. */
        int line();

        /** The narration shown before the part (Markdown lines, UTF-8). */
        List<String> intro();
    }

    /** Which system a block of steps runs on. */
    public enum Language {
        /** {@code ```tx}: Redis commands, in the .tx transcript syntax. */
        REDIS,
        /** {@code ```sql}: SQL statements on an in-memory H2 database, same syntax. */
        SQL
    }

    /**
     * A fenced block of steps: {@code LABEL> command} lines, each followed by the reply it gives.
     *
     * @param line    the opening fence
     * @param endLine the closing fence
     */
    public record Steps(int line, int endLine, List<String> intro, Language language, Transcript transcript) implements Part {
        public Steps {
            intro = List.copyOf(intro);
        }

        public List<Transcript.Step> steps() { return transcript.steps(); }
    }

    /**
     * A "Your turn" section: an optional setup block, a goal the learner must reach by typing
     * commands, a hint, and a solution (a block that reaches the goal, checked like any other).
     *
     * @param id       the title as a slug, what progress records a solved task under
     * @param lead     narration between the heading and the setup block
     * @param text     narration after the setup (shown once the setup has run)
     * @param hint     the hint's Markdown lines
     * @param solution the worked answer: narration lines and its block
     * @param wrong    plausible attempts that must not reach the goal (the checker proves they do not)
     */
    public record Task(int line, List<String> intro, String id, String title, List<String> lead, Steps setup,
                       List<String> text, Goal goal, List<String> hint, List<String> solutionText, Steps solution,
                       List<Attempt> wrong)
            implements Part {
        public Task {
            wrong = List.copyOf(wrong);
            intro = List.copyOf(intro);
            lead = List.copyOf(lead);
            text = List.copyOf(text);
            hint = List.copyOf(hint);
            solutionText = List.copyOf(solutionText);
        }
    }

    /**
     * A wrong attempt at a task: why it is wrong, and its block (which continues from the setup).
     *
     * @param line the attempt's opening fence
     */
    public record Attempt(int line, List<String> why, Steps steps) {
        public Attempt {
            why = List.copyOf(why);
        }
    }

    /** Narration after the last block: the lesson's closing words. */
    public record Closing(int line, List<String> intro) implements Part {
        public Closing {
            intro = List.copyOf(intro);
        }
    }

    /** How many "Your turn" tasks the lesson has. */
    public int taskCount() {
        int n = 0;
        for (Part p : parts) if (p instanceof Task) n++;
        return n;
    }

    /** "lesson 4 (7.4 No rollback)". */
    @Override public String toString() { return "lesson " + number + " (" + title + ")"; }
}
