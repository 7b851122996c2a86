package dev.txlab.lesson;

import dev.txlab.engine.Bytes;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.shell.Backend;
import dev.txlab.shell.ShellSession;
import dev.txlab.trace.Palette;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import dev.txlab.shell.TextWrap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a lesson in the shell. Each part starts on an empty database: its narration is shown,
 * then each step is typed in for the learner and runs on Enter, printing its reply and trace
 * exactly as the shell does. Between steps the learner may type anything the shell accepts
 * (Redis commands, {@code B> CMD}, {@code :keys} ...). In a task the engine checks the goal after
 * every command. The player talks to the database only through {@link Backend}, so it runs on
 * the in-process engine or on any other backend the shell has.
 */
public final class LessonPlayer {

    /** What the player reports as the learner moves on; the command saves it. */
    public interface Progress {
        /** The learner is now at this part (0-based). */
        void reached(int part) throws IOException;

        /** A task's goal was reached. */
        void solved(String taskId) throws IOException;

        /** The learner got to the end of the lesson. */
        void completed() throws IOException;
    }

    static final Pattern LABELLED = Pattern.compile("([A-Za-z0-9_-]+)> (.*)", Pattern.DOTALL);

    /** The player's own commands, for :help. */
    static final List<String[]> COMMANDS = List.of(
            new String[] {"Enter", "run the next step, or go on to the next part"},
            new String[] {":next", "skip to the next part"},
            new String[] {":back", "go back to the previous part"},
            new String[] {":reset", "start this part again, on an empty database"},
            new String[] {":hint", "a hint for the task in front of you"},
            new String[] {":solution", "a worked answer to the task"},
            new String[] {":where", "where you are in the lesson"},
            new String[] {":explore", "every order of this part's race (its ```race block); :explore NAME another"},
            new String[] {":quit", "leave; your progress is saved (Ctrl-D does too)"});

    private final Lesson lesson;
    private final ShellSession session;
    private final Backend backend;
    private final LessonInput input;
    /** Messages and narration, wrapped to the screen's width. */
    private final ShellSession.Output out;
    /** Replies and commands, printed as they are. */
    private final ShellSession.Output raw;
    private final IntSupplier width;
    private final Palette palette;
    private final Progress progress;
    private final String next;

    private int part = -1;
    private int step;
    private List<String> missing = List.of();
    private SqlDatabase sql;
    private GoalCheck goal;
    private boolean solved;
    private long historySeen;
    private boolean explainedSteps;
    private boolean finished;
    private boolean brokenSaid;

    /**
     * @param next what to suggest at the end ("Next: txlab lesson 5 (...)"), or null
     */
    public LessonPlayer(Lesson lesson, ShellSession session, LessonInput input, ShellSession.Output out, Palette palette,
                        Progress progress, String next) {
        this(lesson, session, input, out, palette, progress, next, () -> TextWrap.DEFAULT_WIDTH);
    }

    /**
     * @param width the screen's width in columns, asked before each part is shown (narration,
     *              messages and traces are wrapped to it at word boundaries)
     */
    public LessonPlayer(Lesson lesson, ShellSession session, LessonInput input, ShellSession.Output out, Palette palette,
                        Progress progress, String next, IntSupplier width) {
        this.lesson = lesson;
        this.session = session;
        this.backend = session.backend();
        this.input = input;
        this.raw = out;
        this.width = () -> TextWrap.usable(width.getAsInt());
        this.out = TextWrap.wrapping(out, this.width);
        session.wrapTo(this.width);
        this.palette = palette;
        this.progress = progress;
        this.next = next;
    }

    /** Plays from the given part until the end of the lesson, {@code :quit} or the end of input. */
    public void play(int fromPart) throws IOException {
        try {
            enter(Math.max(0, Math.min(fromPart, lesson.parts().size())));
            while (!finished) {
                String prefill = pendingStepText();
                String line = input.readLine(prompt(), prefill);
                if (line == null) {
                    say("Leaving the lesson; your progress is saved. Resume it with: txlab lesson " + lesson.number());
                    break;
                }
                try {
                    handle(line, prefill);
                } catch (IOException e) {
                    out.println("txlab: " + e.getMessage());
                }
            }
        } finally {
            closeSql();
        }
    }

    // ---- input ----------------------------------------------------------------------------------

    private void handle(String line, String prefill) throws IOException {
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        String typed = line.strip();
        if (typed.isEmpty() || (prefill != null && sameStep(typed, prefill))) {
            enterKey();
        } else if (typed.startsWith(":")) {
            meta(typed);
        } else {
            own(line);
        }
    }

    /** The step as typed in, with or without its label. */
    private boolean sameStep(String typed, String prefill) {
        Transcript.Step s = currentSteps().get(step);
        String full = s.label() + "> " + utf8(s.command());
        return typed.equals(prefill.strip()) || typed.equals(full.strip());
    }

    private void enterKey() throws IOException {
        Lesson.Part p = lesson.parts().get(part);
        if (p instanceof Lesson.Steps s && step < s.steps().size()) {
            runStep();
        } else if (p instanceof Lesson.Task t && !solved && missing.isEmpty()) {
            remind();
        } else {
            enter(part + 1);
        }
    }

    private void meta(String typed) throws IOException {
        String name = typed.split("\\s+")[0].toLowerCase(Locale.ROOT);
        String arg = typed.substring(name.length()).strip();
        switch (name) {
            case ":next", ":n" -> enter(part + 1);
            case ":back", ":b" -> enter(Math.max(0, part - 1));
            case ":reset" -> enter(part);
            case ":hint" -> hint();
            case ":solution" -> solution();
            case ":where" -> where();
            case ":explore" -> {
                var race = arg.isEmpty() ? lesson.raceFor(part) : java.util.Optional.<Lesson.Race>empty();
                if (race.isPresent()) session.explore(race.get().program());
                else session.handle(typed); // a named race, or the list of them
            }
            case ":quit", ":q", ":exit" -> {
                say("Leaving the lesson; your progress is saved. Resume it with: txlab lesson " + lesson.number());
                finished = true;
            }
            case ":help", ":h", ":?" -> {
                if (arg.isEmpty()) help();
                else session.handle(typed);
            }
            default -> session.handle(typed); // the shell's own: :clients, :keys, :explain, :why, :client, :save
        }
    }

    /** The learner's own line: Redis (or SQL in a SQL part), as the shell runs it. */
    private void own(String line) throws IOException {
        if (currentPart() instanceof Lesson.Steps s && s.language() == Lesson.Language.SQL) {
            String label = session.currentClient();
            String statement = line.strip();
            Matcher m = LABELLED.matcher(statement);
            if (m.matches()) {
                label = m.group(1);
                statement = m.group(2);
            }
            for (String l : sql.run(label, statement)) out.println(l);
            return;
        }
        long before = session.commandsRun();
        session.handle(line);
        checkGoal(before);
    }

    // ---- parts ----------------------------------------------------------------------------------

    private Lesson.Part currentPart() { return part < lesson.parts().size() ? lesson.parts().get(part) : null; }

    private List<Transcript.Step> currentSteps() {
        return currentPart() instanceof Lesson.Steps s ? s.steps() : List.of();
    }

    /** The next step as it is typed in: without a label when it is the current client's. */
    private String pendingStepText() {
        List<Transcript.Step> steps = currentSteps();
        if (finished || step >= steps.size()) return null;
        Transcript.Step s = steps.get(step);
        String command = utf8(s.command());
        return s.label().equals(session.currentClient()) ? command : s.label() + "> " + command;
    }

    private String prompt() {
        if (currentPart() instanceof Lesson.Steps s && s.language() == Lesson.Language.SQL) {
            return "sql " + session.currentClient() + "> ";
        }
        return session.prompt();
    }

    private void enter(int index) throws IOException {
        closeSql();
        goal = null;
        solved = false;
        step = 0;
        missing = List.of();
        if (index >= lesson.parts().size()) {
            part = lesson.parts().size();
            finish();
            return;
        }
        part = index;
        progress.reached(index);
        backend.reset();
        session.clearTimeline();
        Lesson.Part p = lesson.parts().get(index);
        blank();
        for (String l : narration(p.intro(), palette)) raw.println(l);
        if (p instanceof Lesson.Steps s) {
            enterSteps(s);
        } else if (p instanceof Lesson.Task t) {
            enterTask(t);
        } else {
            finish();
        }
    }

    private void enterSteps(Lesson.Steps s) {
        int n = s.steps().size();
        if (!s.intro().isEmpty()) blank();
        if (s.language() == Lesson.Language.SQL) {
            sql = new SqlDatabase();
            rule(n + (n == 1 ? " SQL statement" : " SQL statements") + " on a fresh H2 database (in memory). Enter runs each;"
                    + " lines you type here are SQL too.");
            return;
        }
        missing = Needs.missing(s, Needs.table(backend.commands()));
        if (!missing.isEmpty()) {
            String names = String.join(" and ", missing);
            rule(n + (n == 1 ? " step" : " steps") + ". This engine has no " + names + " yet, so Enter shows each step with the"
                    + " reply redis-server 7.0.15 gave (recorded). The block runs here for real once txlab has " + names + ".");
            return;
        }
        if (!explainedSteps) {
            explainedSteps = true;
            rule(n + (n == 1 ? " step" : " steps") + ", on an empty database. Enter runs each one; type your own commands in"
                    + " between (B> CMD runs one as client B).");
        } else {
            rule(n + (n == 1 ? " step" : " steps") + ", on an empty database.");
        }
    }

    private void enterTask(Lesson.Task t) throws IOException {
        if (!t.intro().isEmpty()) blank();
        rule("Your turn: " + t.title());
        for (String l : narration(t.lead(), palette)) raw.println(l);
        missing = Needs.missing(t, Needs.table(backend.commands()));
        long beforeSetup = session.commandsRun();
        if (t.setup() != null && Needs.missing(t.setup(), Needs.table(backend.commands())).isEmpty()) {
            if (!t.lead().isEmpty()) blank();
            for (Transcript.Step s : t.setup().steps()) {
                raw.println(s.label() + "> " + utf8(s.command()));
                runRedisStep(s);
            }
        }
        if (!t.text().isEmpty()) {
            blank();
            for (String l : narration(t.text(), palette)) raw.println(l);
        }
        blank();
        for (String l : t.goal().describe()) out.println(palette.command(l));
        goal = new GoalCheck(t.goal());
        for (TranscriptWriter.Entry e : session.historySince(beforeSetup)) goal.setup(new GoalCheck.Ran(e.label(), e.argv(), e.reply()));
        historySeen = session.commandsRun();
        brokenSaid = false;
        if (!missing.isEmpty()) {
            say("This task " + Needs.sentence(missing) + ": :solution shows a worked answer (recorded on redis-server 7.0.15),"
                    + " and Enter moves on.");
        } else {
            say("Type commands until the goal holds. :hint helps, :solution shows an answer, :next skips the task.");
        }
    }

    private void finish() throws IOException {
        finished = true;
        progress.completed();
        blank();
        say("That is the end of lesson " + lesson.number() + " (" + lesson.title() + ").");
        if (next != null) say(next);
    }

    // ---- steps ----------------------------------------------------------------------------------

    private void runStep() {
        Lesson.Steps s = (Lesson.Steps) currentPart();
        Transcript.Step st = s.steps().get(step++);
        if (s.language() == Lesson.Language.SQL) {
            List<String> actual = sql.runStep(st.label(), st.command());
            for (String l : actual) raw.println(ReplyFormatter.forDisplay(l));
            if (!actual.equals(st.expected())) differs(st.expected());
        } else if (!missing.isEmpty()) {
            for (String l : st.expected()) raw.println(ReplyFormatter.forDisplay(l));
        } else {
            runRedisStep(st);
        }
        if (step == s.steps().size()) {
            rule("End of this block. Enter goes on; your own commands still run here first, if you like.");
        }
    }

    /** Runs a Redis step through the shell (reply and trace as the shell prints them) and compares the reply. */
    private void runRedisStep(Transcript.Step st) {
        long before = session.commandsRun();
        session.handle(st.label() + "> " + utf8(st.command()));
        if (session.commandsRun() > before && !session.lastEntry().orElseThrow().reply().equals(st.expected())) differs(st.expected());
    }

    private void differs(List<String> expected) {
        out.println(palette.quiet("# ") + palette.bad("The lesson shows a different reply here:"));
        for (String l : expected) raw.println(palette.quiet("#   ") + ReplyFormatter.forDisplay(l));
        out.println(palette.quiet("# ") + "Commands of your own may have changed the state; :reset runs this part again from an empty database.");
    }

    // ---- tasks ----------------------------------------------------------------------------------

    /** Commands after which an attempt is over, so the player says what is missing without waiting for Enter. */
    private static final Set<String> ENDS_ATTEMPT = Set.of("exec", "discard", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro");

    private void checkGoal(long historyBefore) throws IOException {
        if (goal == null || solved || !missing.isEmpty()) return;
        List<TranscriptWriter.Entry> ran = session.historySince(Math.max(historyBefore, historySeen));
        for (TranscriptWriter.Entry e : ran) goal.saw(new GoalCheck.Ran(e.label(), e.argv(), e.reply()));
        historySeen = session.commandsRun();
        if (session.commandsRun() == historyBefore) return; // nothing ran (a meta command, a bad line)
        GoalCheck.Verdict verdict = goal.verdict(this::probe);
        Lesson.Task t = (Lesson.Task) currentPart();
        if (verdict.reached()) {
            solved = true;
            progress.solved(t.id());
            blank();
            out.println(palette.good("Goal reached: " + t.title() + "."));
            if (lesson.races().stream().anyMatch(r -> r.part() == part)) {
                say("Yours was one order of many: :explore runs them all, :timeline draws yours.");
            }
            say("Enter goes on (your progress is saved).");
            return;
        }
        Goal.Condition unmet = verdict.unmet().orElseThrow();
        if (verdict.broken()) {
            if (!brokenSaid) {
                brokenSaid = true;
                out.println(palette.bad("This attempt can no longer reach the goal:") + " the goal says " + unmet.describe()
                        + ". :reset starts the task again from its setup.");
            }
            return;
        }
        boolean endsAttempt = false;
        for (TranscriptWriter.Entry e : ran) {
            if (!e.argv().isEmpty() && endsAttempt(t.goal(), Bytes.lowerAscii(e.argv().get(0)))) endsAttempt = true;
        }
        if (endsAttempt) {
            say("Not there yet: " + unmet.describe() + ". Go on, or :reset to start the task again from its setup.");
        }
    }

    /** EXEC, DISCARD, a script, or the command of the goal's last step: an attempt may have just ended. */
    static boolean endsAttempt(Goal goal, String name) {
        if (ENDS_ATTEMPT.contains(name)) return true;
        int last = -1;
        for (Goal.Condition c : goal.conditions()) if (c.kind().event) last = Math.max(last, c.stage());
        for (Goal.Condition c : goal.conditions()) {
            if (c.kind().event && c.stage() == last && !c.argv().isEmpty() && Bytes.lowerAscii(c.argv().get(0)).equals(name)) return true;
        }
        return false;
    }

    /** A state check on a connection of its own, closed again so that it never shows in :clients. */
    private List<String> probe(List<byte[]> argv) throws IOException {
        List<String> lines = ReplyFormatter.lines(backend.send(GoalCheck.PROBE_LABEL, argv).reply());
        backend.send(GoalCheck.PROBE_LABEL, List.of(Bytes.utf8("QUIT")));
        return lines;
    }

    private void remind() throws IOException {
        GoalCheck.Verdict verdict = goal.verdict(this::probe);
        if (verdict.reached()) { // reached by the setup alone cannot happen (the checker forbids it); be kind anyway
            solved = true;
            return;
        }
        if (verdict.broken()) {
            say("This attempt can no longer reach the goal: the goal says " + verdict.unmet().get().describe()
                    + ". :reset starts the task again from its setup.");
            return;
        }
        say("Not there yet: " + verdict.unmet().get().describe() + ". Type commands; :hint, :solution, or :next to skip the task.");
    }

    private void hint() {
        if (!(currentPart() instanceof Lesson.Task t)) {
            say("There is no task here: :hint helps in a \"Your turn\" part.");
            return;
        }
        out.println(palette.command("Hint:"));
        for (String l : narration(t.hint(), palette)) raw.println(l);
    }

    private void solution() {
        if (!(currentPart() instanceof Lesson.Task t)) {
            say("There is no task here: :solution helps in a \"Your turn\" part.");
            return;
        }
        out.println(palette.command("A solution:"));
        for (String l : narration(t.solutionText(), palette)) raw.println(l);
        for (Transcript.Step s : t.solution().steps()) {
            raw.println("  " + s.label() + "> " + utf8(s.command()));
            for (String l : s.expected()) raw.println("  " + ReplyFormatter.forDisplay(l));
        }
        if (missing.isEmpty()) say("Type it yourself to reach the goal (:reset starts the task again from its setup).");
    }

    private void where() {
        Lesson.Part p = currentPart();
        String what = p instanceof Lesson.Task t ? "the task \"" + t.title() + "\"" + (solved ? " (solved)" : "")
                : p instanceof Lesson.Steps s ? "a block of " + s.steps().size() + " steps, " + step + " run so far" : "the end";
        say("Lesson " + lesson.number() + " (" + lesson.title() + "), part " + (part + 1) + " of " + lesson.parts().size()
                + ": " + what + ". From " + lesson.source() + ":" + (p == null ? 1 : p.line()) + ".");
    }

    private void help() {
        say("In a lesson:");
        for (String[] c : COMMANDS) out.println("  " + c[0] + " ".repeat(Math.max(1, 11 - c[0].length())) + c[1]);
        say("Anything else runs as in the shell: Redis commands, B> CMD as client B, :clients, :keys, :why,"
                + " :explain off|brief|full, :help @group or :help COMMAND.");
    }

    // ---- output ---------------------------------------------------------------------------------

    private void say(String text) { out.println(text); }

    private List<String> narration(List<String> markdown, Palette palette) {
        return Narration.render(markdown, palette, width.getAsInt());
    }

    private void blank() { out.println(""); }

    private void rule(String text) { out.println(palette.quiet("-- ") + text); }

    private void closeSql() {
        if (sql != null) {
            sql.close();
            sql = null;
        }
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
