package dev.txlab.lesson;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.store.InputFiles;
import dev.txlab.transcript.Transcript;
import dev.txlab.transcript.TranscriptException;
import dev.txlab.transcript.TranscriptParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a lesson file (the format is described in {@code lessons/README.md}). Any problem is a
 * {@link LessonException} whose one-line message names the file and the line.
 */
public final class LessonParser {
    private LessonParser() {}

    /** {@code 04-no-rollback.md}: the number, then the name. */
    static final Pattern FILE_NAME = Pattern.compile("(\\d{1,3})-([a-z0-9][a-z0-9-]*)\\.md");
    static final Pattern TITLE = Pattern.compile("# Lesson (\\d+): (\\S.*)");
    static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.*)");
    static final Pattern YOUR_TURN = Pattern.compile("(?i)your turn\\s*[:.\\-\u2013\u2014]?\\s*(.*)");
    /** A fence opens with three backticks and an optional language word (anything after it is ignored). */
    static final Pattern FENCE = Pattern.compile("```\\s*([A-Za-z0-9_+-]*).*");
    static final Pattern DETAILS = Pattern.compile("(?i)<details>\\s*<summary>\\s*(?:<b>)?\\s*(hint|solution|wrong attempts?)\\s*(?:</b>)?\\s*</summary>\\s*");
    static final Pattern DETAILS_END = Pattern.compile("(?i)</details>\\s*");
    static final Pattern GOAL_LINE = Pattern.compile("(replied|watching|inside|exec|ended|rerun|watched|changed|never|once|untouched|scripted|closed|state)>(?: (.*)|\\s*)", Pattern.DOTALL);
    static final Pattern LABELLED = Pattern.compile("([A-Za-z0-9_-]+(?:@[0-9]{1,5})?)> (.*)", Pattern.DOTALL);
    /** Past this a file is not a lesson someone wrote (the longest shipped one is a few dozen KB). */
    public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    public static Lesson parse(Path file) throws LessonException {
        return parse(file.toString(), file.getFileName().toString(), read(file));
    }

    /**
     * A lesson file's bytes, read as every input file is (see {@link InputFiles}): at most
     * {@link #MAX_FILE_BYTES}, and never from a FIFO, a device or a directory.
     */
    public static byte[] read(Path file) throws LessonException {
        try {
            return InputFiles.read(file, MAX_FILE_BYTES);
        } catch (IOException e) {
            throw new LessonException(file.toString(), 0, "cannot read: " + InputFiles.reason(e));
        }
    }

    /** Parses a lesson's bytes; {@code fileName} (e.g. {@code 04-no-rollback.md}) gives its number and name. */
    public static Lesson parse(String source, String fileName, byte[] content) throws LessonException {
        Matcher name = FILE_NAME.matcher(fileName);
        if (!name.matches()) {
            throw new LessonException(source, 0, "a lesson file is named NN-name.md (digits, '-', then lower-case letters,"
                    + " digits and '-'), e.g. 04-no-rollback.md");
        }
        return new Reader(source, Integer.parseInt(name.group(1)), name.group(2), content).read();
    }

    /** The parser's state while it walks the file's lines. */
    private static final class Reader {
        private final String source;
        private final int number;
        private final String name;
        /** Each line as a Latin-1 byte string (one char per byte), without its line break. */
        private final List<String> raw = new ArrayList<>();
        private final List<Lesson.Part> parts = new ArrayList<>();
        private List<String> pending = new ArrayList<>();
        private TaskBuilder task;
        private final Set<String> taskIds = new HashSet<>();
        private String title;

        Reader(String source, int number, String name, byte[] content) {
            this.source = source;
            this.number = number;
            this.name = name;
            String text = new String(content, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\n", -1);
            int n = lines.length;
            if (n > 0 && lines[n - 1].isEmpty()) n--; // the final newline
            for (int i = 0; i < n; i++) {
                String l = lines[i];
                raw.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
            }
        }

        private LessonException error(int line, String problem) { return new LessonException(source, line, problem); }

        Lesson read() throws LessonException {
            int i = 0;
            while (i < raw.size() && raw.get(i).isBlank()) i++;
            if (i == raw.size()) throw error(0, "the file is empty; a lesson starts with '# Lesson " + number + ": TITLE'");
            Matcher t = TITLE.matcher(utf8(raw.get(i)).strip());
            if (!t.matches()) throw error(i + 1, "the first line must be the title, '# Lesson " + number + ": TITLE'");
            // Compared as digits: a number too big for an int is simply not this file's number.
            String titleNumber = t.group(1).replaceFirst("^0+(?=\\d)", "");
            if (!titleNumber.equals(String.valueOf(number))) {
                String shown = titleNumber.length() > 30 ? titleNumber.substring(0, 30) + "..." : titleNumber;
                throw error(i + 1, "the title says lesson " + shown + " but the file name says " + number);
            }
            title = t.group(2).strip();
            for (i = i + 1; i < raw.size(); i++) {
                String line = raw.get(i);
                Matcher fence = FENCE.matcher(line.strip());
                if (line.startsWith("```") && fence.matches()) {
                    i = block(i, fence.group(1).toLowerCase(Locale.ROOT));
                    continue;
                }
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    int level = heading.group(1).length();
                    if (task != null && task.details != null) {
                        throw error(i + 1, "heading inside the task's <details> section opened at line " + task.detailsLine
                                + " (close it with </details> first)");
                    }
                    if (task != null && level <= task.level) finishTask();
                    Matcher turn = YOUR_TURN.matcher(utf8(heading.group(2)).strip());
                    if (turn.matches()) {
                        if (task != null) throw error(i + 1, "a 'Your turn' section inside another (line " + task.line + ")");
                        startTask(i + 1, level, turn.group(1).strip());
                        continue;
                    }
                }
                if (task != null && DETAILS.matcher(line.strip()).matches()) {
                    if (task.details != null) throw error(i + 1, "<details> inside <details> (opened at line " + task.detailsLine + ")");
                    Matcher d = DETAILS.matcher(line.strip());
                    d.matches();
                    task.details = d.group(1).toLowerCase(Locale.ROOT).startsWith("wrong") ? "wrong" : d.group(1).toLowerCase(Locale.ROOT);
                    task.detailsLine = i + 1;
                    if (task.details.equals("wrong")) {
                        if (task.wrongLine > 0) throw error(i + 1, "a second Wrong attempts section (the first is at line " + task.wrongLine + ")");
                        task.wrongLine = i + 1;
                        continue;
                    }
                    if (task.details.equals("hint") && task.hintLine > 0) throw error(i + 1, "a second Hint (the first is at line " + task.hintLine + ")");
                    if (task.details.equals("solution") && task.solutionLine > 0) {
                        throw error(i + 1, "a second Solution (the first is at line " + task.solutionLine + ")");
                    }
                    if (task.details.equals("hint")) task.hintLine = i + 1;
                    else task.solutionLine = i + 1;
                    continue;
                }
                if (task != null && task.details != null && DETAILS_END.matcher(line.strip()).matches()) {
                    task.details = null;
                    continue;
                }
                narrate(i + 1, line);
            }
            if (task != null) {
                if (task.details != null) throw error(task.detailsLine, "<details> is never closed with </details>");
                finishTask();
            }
            if (!trim(pending).isEmpty()) parts.add(new Lesson.Closing(pendingLine, trim(pending)));
            boolean any = false;
            for (Lesson.Part p : parts) if (!(p instanceof Lesson.Closing)) any = true;
            if (!any) throw error(0, "no ```tx, ```sql or 'Your turn' section: a lesson needs something to run");
            return new Lesson(source, number, name, title, parts, races);
        }

        /** Where the narration not yet given to a part starts (its first non-blank line). */
        private int pendingLine;

        /** Adds a line of narration (or of a hint or solution) from file line {@code number}. */
        private void narrate(int number, String latin1) {
            List<String> sink = sink();
            if (sink == pending && pendingLine == 0 && !latin1.isBlank()) pendingLine = number;
            sink.add(utf8(latin1));
        }

        private void takePending() {
            pending = new ArrayList<>();
            pendingLine = 0;
        }

        /** Where narration goes now. */
        private List<String> sink() {
            if (task == null) return pending;
            if ("hint".equals(task.details)) return task.hint;
            if ("solution".equals(task.details)) return task.solutionText;
            if ("wrong".equals(task.details)) return task.wrongText;
            if (task.setup == null && task.goal == null) return task.lead;
            return task.text;
        }

        /** Reads the fenced block opening at index {@code open}; returns the index of its closing fence. */
        private int block(int open, String language) throws LessonException {
            int close = -1;
            for (int j = open + 1; j < raw.size(); j++) {
                if (raw.get(j).strip().equals("```")) {
                    close = j;
                    break;
                }
            }
            if (close < 0) throw error(open + 1, "this ``` block is never closed (a line of three backticks ends it)");
            switch (language) {
                case "tx" -> steps(open, close, Lesson.Language.REDIS);
                case "sql" -> steps(open, close, Lesson.Language.SQL);
                case "goal" -> goal(open, close);
                case "race" -> race(open, close);
                default -> {
                    // Any other code block is narration (shell examples, pseudo-code): shown, not run.
                    for (int j = open; j <= close; j++) narrate(j + 1, raw.get(j));
                }
            }
            return close;
        }

        /** The races read so far; each belongs to the part its narration goes to. */
        private final List<Lesson.Race> races = new ArrayList<>();

        /** A ```race block: shown as it is, and parsed so that :explore can run it. */
        private void race(int open, int close) throws LessonException {
            dev.txlab.explore.RaceProgram program;
            try {
                program = dev.txlab.explore.RaceProgram.parse(name + " (lesson " + number + ")",
                        new String(content(open, close), StandardCharsets.UTF_8));
            } catch (dev.txlab.explore.RaceProgram.Invalid e) {
                throw error(open + 1, "in this ```race block, " + e.getMessage());
            }
            for (int j = open; j <= close; j++) narrate(j + 1, raw.get(j));
            races.add(new Lesson.Race(open + 1, parts.size(), program));
        }

        private void steps(int open, int close, Lesson.Language language) throws LessonException {
            Transcript transcript;
            try {
                transcript = TranscriptParser.parse(source, content(open, close), open + 2);
            } catch (TranscriptException e) {
                throw new LessonException(e.getMessage());
            }
            String what = language == Lesson.Language.SQL ? "```sql" : "```tx";
            if (transcript.steps().isEmpty()) {
                throw error(open + 1, "this " + what + " block has no steps (a step is a line like 'A> " + (language == Lesson.Language.SQL
                        ? "SELECT 1" : "SET k v") + "', followed by its reply)");
            }
            for (Transcript.Step s : transcript.steps()) {
                if (language == Lesson.Language.REDIS && split(s.command()).isEmpty()) {
                    throw error(s.line(), "this command cannot be split into arguments (check its quotes)");
                }
            }
            if (task == null) {
                parts.add(new Lesson.Steps(open + 1, close + 1, trim(pending), language, transcript));
                takePending();
                return;
            }
            if (language == Lesson.Language.SQL) {
                throw error(open + 1, "a 'Your turn' task runs on Redis: put ```sql blocks outside it");
            }
            Lesson.Steps steps = new Lesson.Steps(open + 1, close + 1, List.of(), language, transcript);
            if ("hint".equals(task.details)) {
                throw error(open + 1, "a ```tx block in a Hint is never checked; put runnable steps in the Solution");
            } else if ("wrong".equals(task.details)) {
                task.wrong.add(new Lesson.Attempt(open + 1, trim(task.wrongText), steps));
                task.wrongText.clear();
            } else if ("solution".equals(task.details)) {
                if (task.solution != null) throw error(open + 1, "a Solution holds one ```tx block (the first is at line " + task.solution.line() + ")");
                task.solution = steps;
            } else {
                if (task.goal != null) throw error(open + 1, "a task's setup block comes before its ```goal block (line " + task.goal.line() + ")");
                if (task.setup != null) throw error(open + 1, "a task has at most one setup block (the first is at line " + task.setup.line() + ")");
                task.setup = steps;
            }
        }

        private void goal(int open, int close) throws LessonException {
            if (task == null) throw error(open + 1, "a ```goal block belongs in a '## Your turn: ...' section");
            if (task.details != null) throw error(open + 1, "the ```goal block goes in the task itself, not in its " + task.details);
            if (task.goal != null) throw error(open + 1, "a task has one ```goal block (the first is at line " + task.goal.line() + ")");
            List<Goal.Condition> conditions = new ArrayList<>();
            Goal.Kind kind = null;
            String label = null;
            String command = null;
            List<byte[]> argv = null;
            int at = 0;
            int stage = 0;
            boolean stageHasEvent = false;
            List<String> expected = new ArrayList<>();
            for (int j = open + 1; j < close; j++) {
                String line = raw.get(j);
                if (line.isBlank() || line.startsWith("#")) continue;
                if (line.strip().equals("then")) {
                    if (kind != null) conditions.add(condition(kind, at, stage, label, command, argv, expected));
                    kind = null;
                    if (!stageHasEvent) {
                        throw error(j + 1, "'then' orders commands: it needs a command condition (replied>, watching>, inside>, exec>,"
                                + " ended>, rerun>) before it, since the last 'then' or the start");
                    }
                    stage++;
                    stageHasEvent = false;
                    continue;
                }
                Matcher m = GOAL_LINE.matcher(line);
                if (m.matches()) {
                    if (kind != null) conditions.add(condition(kind, at, stage, label, command, argv, expected));
                    kind = Goal.Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
                    at = j + 1;
                    label = null;
                    command = m.group(2) == null ? "" : m.group(2).strip();
                    expected = new ArrayList<>();
                    Matcher l = LABELLED.matcher(command);
                    boolean labelled = kind != Goal.Kind.STATE && kind != Goal.Kind.SCRIPTED && kind != Goal.Kind.WATCHED;
                    if (labelled && l.matches()) {
                        label = l.group(1);
                        command = l.group(2).strip();
                    } else if (labelled && command.matches("[A-Za-z0-9_-]+>")) {
                        label = command.substring(0, command.length() - 1);
                        command = "";
                    }
                    if (kind == Goal.Kind.RERUN) {
                        if (!command.isEmpty()) throw error(j + 1, "'rerun>' takes no command: it repeats the one of the condition above ('rerun>' or 'rerun> B>')");
                        if (conditions.isEmpty() || !conditions.get(conditions.size() - 1).kind().event) {
                            throw error(j + 1, "'rerun>' repeats the command of the condition right above it, which must name one (replied>, exec> ...)");
                        }
                        argv = List.of();
                    } else if (kind == Goal.Kind.CLOSED) {
                        if (!command.isEmpty()) throw error(j + 1, "'closed>' takes no command, at most a client: 'closed>' or 'closed> A>'");
                        argv = List.of();
                    } else if (kind.namesKey()) {
                        if (command.isEmpty() || command.contains(" ")) throw error(j + 1, "'" + kind.word() + ">' names one key");
                        argv = List.of(command.getBytes(StandardCharsets.ISO_8859_1));
                    } else {
                        Optional<List<byte[]>> split = split(command);
                        if (split.isEmpty() || split.get().isEmpty()) throw error(j + 1, "no command after '" + kind.word() + "> ' (or its quotes do not balance)");
                        argv = split.get();
                    }
                    if (kind.event) stageHasEvent = true;
                } else if (kind == null) {
                    throw error(j + 1, "a goal line is 'KIND> ...' (replied, watching, inside, exec, ended, rerun, watched, changed, never, once,"
                            + " untouched, scripted, closed, state), 'then', or a reply line under one of them");
                } else {
                    expected.add(line);
                }
            }
            if (kind != null) conditions.add(condition(kind, at, stage, label, command, argv, expected));
            if (conditions.isEmpty()) throw error(open + 1, "this ```goal block has no 'replied> ...' or 'state> ...' line");
            if (stage > 0 && !stageHasEvent) throw error(close, "the goal ends with 'then' and no command condition after it");
            task.goal = new Goal(open + 1, close + 1, conditions);
        }

        private Goal.Condition condition(Goal.Kind kind, int line, int stage, String label, String command, List<byte[]> argv,
                                         List<String> expected) throws LessonException {
            if ((kind.namesKey() || kind == Goal.Kind.CLOSED) && !expected.isEmpty()) {
                if (kind == Goal.Kind.CLOSED) throw error(line, "'closed>' takes no reply lines under it");
                throw error(line, "'" + kind.word() + ">' names a key and takes no reply lines under it");
            }
            if (kind == Goal.Kind.INSIDE && expected.isEmpty()) expected = List.of("QUEUED");
            if (kind == Goal.Kind.ENDED) {
                String name = new String(argv.get(0), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                if (!name.equals("exec") && !name.equals("discard")) throw error(line, "'ended>' is EXEC or DISCARD: how the transaction ended");
            }
            if (kind == Goal.Kind.STATE) {
                if (expected.isEmpty()) throw error(line, "'state>' needs the reply it must give on the lines under it");
                CommandSpec spec = CommandTable.standard().lookup(argv).spec();
                if (spec != null && !spec.has(Flag.READONLY)) {
                    throw error(line, "'state>' checks only read (GET, EXISTS, LRANGE ...): " + spec.displayName() + " is not a read-only command");
                }
            }
            return new Goal.Condition(kind, line, kind.event ? stage : 0, label, command, argv, expected);
        }

        private void startTask(int line, int level, String taskTitle) throws LessonException {
            if (taskTitle.isEmpty()) throw error(line, "a 'Your turn' heading needs a title: '## Your turn: make EXEC answer (nil)'");
            String id = slug(taskTitle);
            if (!taskIds.add(id)) throw error(line, "two tasks are called '" + taskTitle + "'; progress tells them apart by title");
            task = new TaskBuilder(line, level, taskTitle, id, trim(pending));
            takePending();
        }

        private void finishTask() throws LessonException {
            TaskBuilder b = task;
            task = null;
            if (b.goal == null) throw error(b.line, "the task '" + b.title + "' has no ```goal block");
            if (b.hintLine == 0) throw error(b.line, "the task '" + b.title + "' has no <details><summary>Hint</summary> section");
            if (b.solution == null) {
                throw error(b.solutionLine > 0 ? b.solutionLine : b.line, "the task '" + b.title
                        + "' needs a Solution holding a ```tx block, so the checker can prove the goal is reachable");
            }
            if (b.wrongLine > 0 && b.wrong.isEmpty()) {
                throw error(b.wrongLine, "the Wrong attempts section of '" + b.title + "' holds no ```tx block (one per attempt)");
            }
            parts.add(new Lesson.Task(b.line, b.intro, b.id, b.title, trim(b.lead), b.setup, trim(b.text), b.goal,
                    trim(b.hint), trim(b.solutionText), b.solution, b.wrong));
        }

        /** The bytes between two fences, for the transcript parser. */
        private byte[] content(int open, int close) {
            StringBuilder b = new StringBuilder();
            for (int j = open + 1; j < close; j++) b.append(raw.get(j)).append('\n');
            return b.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** The builder of a task while its section is read. */
    private static final class TaskBuilder {
        final int line;
        final int level;
        final String title;
        final String id;
        final List<String> intro;
        final List<String> lead = new ArrayList<>();
        final List<String> text = new ArrayList<>();
        final List<String> hint = new ArrayList<>();
        final List<String> solutionText = new ArrayList<>();
        final List<String> wrongText = new ArrayList<>();
        final List<Lesson.Attempt> wrong = new ArrayList<>();
        Lesson.Steps setup;
        Lesson.Steps solution;
        Goal goal;
        String details;
        int detailsLine;
        int hintLine;
        int solutionLine;
        int wrongLine;

        TaskBuilder(int line, int level, String title, String id, List<String> intro) {
            this.line = line;
            this.level = level;
            this.title = title;
            this.id = id;
            this.intro = intro;
        }
    }

    static Optional<List<byte[]>> split(String latin1) {
        return ArgSplitter.split(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A Latin-1 byte string decoded as the UTF-8 it holds. */
    static String utf8(String latin1) {
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) > 127) return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
        return latin1;
    }

    /** Without leading and trailing blank lines. */
    static List<String> trim(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) from++;
        while (to > from && lines.get(to - 1).isBlank()) to--;
        return List.copyOf(lines.subList(from, to));
    }

    /** "Make EXEC answer (nil)" -> "make-exec-answer-nil". */
    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        s = s.replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "task" : s;
    }
}
