package dev.txlab.shell;

import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.store.InputFiles;
import dev.txlab.trace.Describe;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.TraceRenderer;
import dev.txlab.transcript.TranscriptWriter;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the shell does with one input line, whatever reads the lines (JLine on a terminal, a
 * plain reader on a pipe): a Redis command for the current client or for {@code B> ...}, or a
 * meta command such as {@code :clients}. Prints the reply as redis-cli would and the trace
 * under it. Never throws for bad input: every problem is one line of output.
 */
public final class ShellSession {

    /** Where the session prints; one call per line, without the line break. */
    public interface Output {
        void println(String line);
    }

    /** "LABEL> command", as in transcripts: the command runs as that client. */
    static final Pattern LABELLED = Pattern.compile("([A-Za-z0-9_-]+)> (.*)", Pattern.DOTALL);
    static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]+");
    /** How many keys :keys lists. */
    static final int KEYS_SHOWN = 100;

    private final Backend backend;
    /** Where replies go, as redis-cli prints them: never wrapped. */
    private final Output raw;
    /** Where everything else goes (traces, messages): wrapped to the screen once {@link #wrapTo} is called. */
    private Output out;
    private final Palette palette;
    private final TraceRenderer renderer;
    /** On a terminal, control bytes in replies are shown escaped rather than sent raw. */
    private final boolean terminal;
    private String current = "A";
    private ExplainLevel level;
    private String lastLabel;
    private String lastCommand;
    private List<TraceEvent> lastEvents;
    /**
     * The commands kept for {@code :save}: the most recent ones, at most {@link #KEPT_COMMANDS}
     * and about {@link #KEPT_BYTES}, so that a session fed a million piped commands does not keep
     * a million commands and their replies. {@code :save} says when older ones were dropped.
     */
    static final int KEPT_COMMANDS = 100_000;
    static final long KEPT_BYTES = 64L << 20;

    /** A kept command and roughly what it costs on the heap. */
    private record Kept(TranscriptWriter.Entry entry, long bytes) {}

    private final ArrayDeque<Kept> history = new ArrayDeque<>();
    private long historyBytes;
    private int keptCommands = KEPT_COMMANDS;
    private long keptBytes = KEPT_BYTES;
    /** Commands dropped from {@link #history} since the session started or was reset. */
    private long dropped;
    private long commandsRun;
    private LocalDateTime startedAt = LocalDateTime.now();
    /** What :timeline draws and :save FILE.svg writes (see dev.txlab.timeline). */
    private final dev.txlab.timeline.TimelineRecorder timeline = new dev.txlab.timeline.TimelineRecorder();
    private java.util.function.IntSupplier width = () -> TextWrap.DEFAULT_WIDTH;

    public ShellSession(Backend backend, Output out, Palette palette, ExplainLevel level, boolean terminal) {
        this.backend = backend;
        this.raw = out;
        this.out = out;
        this.palette = palette;
        this.renderer = new TraceRenderer(palette);
        this.level = level;
        this.terminal = terminal;
    }

    public Backend backend() { return backend; }

    /**
     * From now on, traces and messages are wrapped at word boundaries to {@code width} columns
     * (asked again for every line, so a resized terminal is followed). Replies are not: they are
     * printed exactly as redis-cli prints them.
     */
    public void wrapTo(java.util.function.IntSupplier width) {
        this.out = TextWrap.wrapping(raw, width);
        this.width = width;
    }

    /** The timeline so far (:timeline), for front ends and tests. */
    public dev.txlab.timeline.Timeline timeline() { return timeline.timeline(); }

    /** Starts the timeline afresh (a lesson's part starts on an empty database). */
    public void clearTimeline() { timeline.clear(); }

    /** The label commands without "LABEL> " run as. */
    public String currentClient() { return current; }

    public ExplainLevel explainLevel() { return level; }

    /**
     * Handles one input line. Returns false when the user asked to leave ({@code :quit}).
     * Blank lines and {@code #} comments do nothing, as in transcripts.
     */
    public synchronized boolean handle(String line) {
        try {
            return dispatch(line);
        } catch (RuntimeException e) {
            // A bug, not a user mistake: one line, and the shell goes on.
            out.println("txlab: internal error: " + e + " (please report it; TXLAB_DEBUG=1 shows the stack trace)");
            if (System.getenv("TXLAB_DEBUG") != null) e.printStackTrace();
            return true;
        }
    }

    private boolean dispatch(String line) {
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        if (line.isBlank() || line.startsWith("#")) return true;
        String label = current;
        String command = line;
        Matcher m = LABELLED.matcher(line);
        if (m.matches()) {
            label = m.group(1);
            command = m.group(2);
            if (command.isBlank()) return true;
        } else {
            String trimmed = line.strip();
            if (trimmed.startsWith(":")) return meta(trimmed);
            if (isRedisCliHelp(trimmed)) return meta(":" + trimmed);
        }
        runCommand(label, command);
        return true;
    }

    /** redis-cli answers "help ..." itself instead of sending it; so does the shell. */
    private static boolean isRedisCliHelp(String line) {
        return line.equalsIgnoreCase("help") || line.regionMatches(true, 0, "help ", 0, 5);
    }

    // ---- Redis commands ---------------------------------------------------------------------

    private void runCommand(String label, String command) {
        Optional<List<byte[]>> split = ArgSplitter.split(command);
        if (split.isEmpty()) {
            out.println(ArgSplitter.INVALID);
            return;
        }
        List<byte[]> argv = split.get();
        if (argv.isEmpty()) return;
        Optional<Backend.ClientState> state = backend.client(label);
        if (state.isPresent() && state.get().blocked()) {
            // Redis would keep this command in the connection until the blocked one is answered
            out.println(label + " is blocked, waiting for its earlier command: in Redis this command would wait behind it."
                    + " Push to the key as another client (B> RPUSH ...), or wait for the timeout.");
            return;
        }
        Backend.Result result;
        try {
            result = backend.send(label, argv);
        } catch (IOException e) {
            out.println("txlab: " + label + " could not run the command: " + e.getMessage());
            return;
        }
        List<String> replyLines = result.blocked() ? List.of() : ReplyFormatter.lines(result.reply(), result.protocol(), argv);
        for (String l : replyLines) raw.println(display(l));
        for (String l : renderer.render(result.events(), level)) out.println(l);
        printAnswers(result, raw, out);
        lastLabel = label;
        lastCommand = command;
        lastEvents = result.events();
        timeline.add(label, argv, result.reply(), result.events());
        remember(new TranscriptWriter.Entry(label, command, argv, replyLines));
    }

    /** The replies blocked clients got (served by this command, or timed out), each under its label. */
    private void printAnswers(Backend.Result result, Output replies, Output traces) {
        for (Backend.Answer a : result.answers()) {
            replies.println(a.label() + "'s answer:");
            for (String l : ReplyFormatter.lines(a.reply(), a.protocol())) replies.println(display(l));
        }
    }

    /**
     * Reports blocked clients whose timeout passed while the user was typing; the interactive
     * shell calls it from a timer and prints above the prompt.
     */
    public synchronized void pollTimeouts(Output above) {
        Backend.Result result = backend.timeouts();
        if (result.answers().isEmpty() && result.events().isEmpty()) return;
        for (String l : renderer.render(result.events(), level)) above.println(l);
        printAnswers(result, above, above);
    }

    /** A reply line for the screen: UTF-8 decoded, and on a terminal no raw control bytes. */
    private String display(String byteLine) {
        String text = ReplyFormatter.forDisplay(byteLine);
        if (!terminal) return text;
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 32 || c == 127 || (c >= 0x80 && c < 0xa0);
            if (control && safe == null) safe = new StringBuilder(text.substring(0, i));
            if (safe != null) {
                if (control) safe.append(String.format("\\x%02x", (int) c));
                else safe.append(c);
            }
        }
        return safe == null ? text : safe.toString();
    }

    // ---- meta commands ----------------------------------------------------------------------

    /** A shell command of its own (not sent to Redis): its name, its arguments and what it does. */
    record MetaCommand(String name, String usage, String summary) {}

    /** The meta commands, for :help, completion, hints and highlighting. */
    static final List<MetaCommand> META = List.of(
            new MetaCommand(":help", "[@group|command]", "this help; the commands of a group; one command's syntax"),
            new MetaCommand(":client", "LABEL", "make LABEL the current client (B> CMD runs one command as B)"),
            new MetaCommand(":clients", "", "every client: in MULTI or not, queued commands, watched keys, doomed or not"),
            new MetaCommand(":explain", "[off|brief|full]", "how much the traces under replies say"),
            new MetaCommand(":why", "", "explain the last reply again, in full"),
            new MetaCommand(":keys", "", "the keys of the current client's database, with values and TTLs"),
            new MetaCommand(":replica", "", "what a replica (and the AOF) received for the last command: EXEC and scripts as their effects"),
            new MetaCommand(":reset", "", "start over: no keys, no clients (with --against: FLUSHDB, see --flush)"),
            new MetaCommand(":save", "FILE", "write the session so far (its last 100,000 commands) as a .tx transcript;"
                    + " FILE.svg or FILE.html: its timeline as a picture"),
            new MetaCommand(":timeline", "", "draw the session as swim lanes: who ran what, when; EXEC and scripts as atomic boxes"),
            new MetaCommand(":explore", "[RACE]", "run every order of a race file's client programs (txlab explore); no RACE: list them"),
            new MetaCommand(":quit", "", "leave the shell (Ctrl-D does too)"));

    private boolean meta(String line) {
        String[] words = line.split("\\s+");
        String name = words[0].toLowerCase(java.util.Locale.ROOT);
        String arg = line.substring(words[0].length()).strip();
        switch (name) {
            case ":quit", ":exit", ":q" -> { return false; }
            case ":help", ":h", ":?" -> HelpText.print(out, backend.commands(), arg);
            case ":client" -> switchClient(arg);
            case ":clients" -> listClients();
            case ":explain" -> explain(arg);
            case ":why" -> why();
            case ":keys" -> listKeys();
            case ":replica", ":aof" -> replicated();
            case ":reset" -> reset();
            case ":save" -> save(arg);
            case ":timeline", ":t" -> {
                for (String l : new dev.txlab.timeline.TimelineText(palette, palette != Palette.PLAIN)
                        .render(timeline.timeline(), width.getAsInt())) raw.println(l);
            }
            case ":explore" -> explore(arg);
            default -> out.println("Unknown shell command '" + Describe.cut(printable(words[0]), 40)
                    + "'. Type :help for the list.");
        }
        return true;
    }

    /** :explore RACE: a shipped race by name, or a .race file. */
    private void explore(String name) {
        if (name.isEmpty()) {
            List<String> names = dev.txlab.explore.RaceFiles.shipped();
            out.println(names.isEmpty() ? "No race files found next to the lessons."
                    : "Races: " + String.join(", ", names) + ". Run one with :explore NAME (or a .race file).");
            return;
        }
        var file = dev.txlab.explore.RaceFiles.resolve(name);
        if (file.isEmpty()) {
            out.println("No race file " + Describe.cut(printable(name), 60) + "; :explore alone lists the shipped ones.");
            return;
        }
        try {
            explore(dev.txlab.explore.RaceProgram.load(file.get()));
        } catch (java.io.IOException e) {
            out.println("Cannot read " + file.get() + ": " + e.getMessage());
        } catch (dev.txlab.explore.RaceProgram.Invalid e) {
            out.println(file.get() + ": " + e.getMessage());
        }
    }

    /** Runs every interleaving of a race and prints the report (a lesson's :explore passes its own race). */
    public void explore(dev.txlab.explore.RaceProgram race) {
        for (String l : dev.txlab.explore.RaceFiles.exploreAndRender(race, dev.txlab.explore.RaceExplorer.DEFAULT_LIMIT,
                width.getAsInt(), palette, palette != Palette.PLAIN)) raw.println(l);
    }

    private void switchClient(String label) {
        if (label.isEmpty()) {
            out.println("The current client is " + current + ". Use :client LABEL to switch.");
        } else if (!LABEL.matcher(label).matches()) {
            out.println("A client label is letters, digits, '_' and '-', e.g. :client B");
        } else {
            current = label;
            out.println("Commands now run as client " + label
                    + (backend.client(label).isPresent() ? "." : " (a new connection opens at its first command)."));
        }
    }

    /** One line per client; the states come from the backend in one pass (a look-up per client was quadratic). */
    private void listClients() {
        List<Backend.ClientState> states = backend.clientStates();
        boolean currentConnected = false;
        int width = current.length();
        for (Backend.ClientState s : states) {
            width = Math.max(width, s.label().length());
            if (s.label().equals(current)) currentConnected = true;
        }
        boolean seesTouches = backend.seesWatchTouches();
        for (Backend.ClientState s : states) out.println(clientHead(s.label(), width) + describe(s, seesTouches));
        if (!currentConnected) out.println(clientHead(current, width) + "not connected yet (connects at its first command)");
    }

    private String clientHead(String label, int width) {
        return (label.equals(current) ? "* " : "  ") + label + " ".repeat(width - label.length()) + "  ";
    }

    static String describe(Backend.ClientState s, boolean seesWatchTouches) {
        List<String> parts = new ArrayList<>();
        if (s.db() != 0) parts.add("db " + s.db());
        if (s.inMulti()) {
            parts.add("in MULTI, " + Describe.count(s.queued(), "command", "commands") + " answered QUEUED");
            if (s.doomed()) {
                parts.add("doomed by " + (s.doomedCommand() == null ? "a rejected command" : Describe.command(s.doomedCommand()))
                        + " (EXEC will answer EXECABORT)");
            }
        } else {
            parts.add("not in MULTI");
        }
        if (s.watchBroken()) {
            parts.add("a watched key was touched (EXEC will answer (nil))");
        } else if (!s.watching().isEmpty()) {
            List<String> keys = new ArrayList<>();
            for (var k : s.watching()) keys.add(Describe.key(k));
            parts.add("watching " + String.join(" ", keys) + (seesWatchTouches ? ""
                    : " (whether another client touched them cannot be seen from here: EXEC will tell)"));
        } else {
            parts.add("watching nothing");
        }
        return String.join("; ", parts);
    }

    private void explain(String arg) {
        if (arg.isEmpty()) {
            out.println("Traces are " + level + ". Use :explain off, :explain brief or :explain full.");
            return;
        }
        Optional<ExplainLevel> parsed = ExplainLevel.parse(arg);
        if (parsed.isEmpty()) {
            out.println("Use :explain off, :explain brief or :explain full.");
            return;
        }
        level = parsed.get();
        out.println("Traces are " + level + " now.");
    }

    private void why() {
        if (lastEvents == null) {
            out.println("Nothing to explain yet: run a command first.");
            return;
        }
        List<String> lines = renderer.render(lastEvents, ExplainLevel.FULL);
        out.println(palette.quiet(TraceRenderer.PREFIX) + "Why " + lastLabel + "> " + Describe.cut(printable(lastCommand), 100)
                + " answered as it did:");
        if (lines.isEmpty()) {
            out.println(palette.quiet(TraceRenderer.PREFIX) + "It left no trace: nothing happened beyond its reply.");
        }
        for (String l : lines) out.println(l);
    }

    private void listKeys() {
        int db = backend.client(current).map(Backend.ClientState::db).orElse(backend.initialDb());
        List<Backend.KeyEntry> keys;
        try {
            keys = backend.keys(db, KEYS_SHOWN + 1);
        } catch (IOException e) {
            out.println("txlab: cannot list the keys: " + e.getMessage());
            return;
        }
        if (keys.isEmpty()) {
            out.println("Database " + db + " is empty.");
            return;
        }
        int width = 0;
        for (Backend.KeyEntry k : keys) width = Math.max(width, Math.min(30, Describe.key(k.key()).length()));
        for (int i = 0; i < Math.min(keys.size(), KEYS_SHOWN); i++) {
            Backend.KeyEntry k = keys.get(i);
            String name = Describe.key(k.key());
            out.println("  " + palette.key(name) + " ".repeat(Math.max(0, width - name.length())) + "  " + Describe.value(k.value()));
        }
        if (keys.size() > KEYS_SHOWN) out.println("  ... (only the first " + KEYS_SHOWN + " are shown; KEYS pattern finds others)");
    }

    /** The last command's unit of the replication stream, as redis-cli --replica would print it. */
    private void replicated() {
        List<List<byte[]>> unit = backend.lastReplicated();
        if (unit == null) {
            out.println("With --against the shell cannot see the replication stream (redis-cli --replica shows it).");
        } else if (unit.isEmpty()) {
            out.println("The last command sent nothing to replicas: it changed no data (reads, no-ops and errors never go).");
        } else {
            out.println("A replica received for the last command:");
            for (List<byte[]> argv : unit) {
                StringBuilder line = new StringBuilder();
                for (byte[] a : argv) line.append(line.length() == 0 ? "" : " ").append(Describe.quoted(a));
                out.println("  " + line);
            }
        }
    }

    private void reset() {
        try {
            backend.reset();
            renderer.forget();
        } catch (IOException e) {
            out.println("txlab: cannot reset: " + e.getMessage());
            return;
        }
        history.clear();
        timeline.clear();
        historyBytes = 0;
        dropped = 0;
        lastEvents = null;
        startedAt = LocalDateTime.now();
        out.println("Started over: no keys, no clients. Commands run as client " + current + ".");
    }

    private void save(String file) {
        if (file.isEmpty()) {
            out.println("Usage: :save FILE (the session so far as a .tx transcript)");
            return;
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            out.println("txlab: not a file name: " + Describe.cut(printable(file), 60));
            return;
        }
        Path folder = path.toAbsolutePath().getParent();
        if (folder != null && !java.nio.file.Files.isDirectory(folder)) {
            boolean exists = java.nio.file.Files.exists(folder);
            out.println("txlab: cannot write " + Describe.cut(printable(file), 200) + ": the folder "
                    + Describe.cut(printable(folder.toString()), 200) + (exists ? " is not a folder" : " does not exist")
                    + " (create it first, or give another path)");
            return;
        }
        try {
            InputFiles.checkWritable(path);
        } catch (InputFiles.Unreadable e) {
            out.println("txlab: cannot write " + Describe.cut(printable(file), 200) + ": " + e.reason());
            return;
        }
        if (dev.txlab.timeline.TimelineFiles.isPicture(file)) {
            try {
                out.println(dev.txlab.timeline.TimelineFiles.save(timeline.timeline(), path, "txlab session of "
                        + startedAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))));
            } catch (IOException | RuntimeException e) {
                out.println("txlab: cannot write " + Describe.cut(printable(file), 200) + ": " + InputFiles.reason(e));
            }
            return;
        }
        List<String> header = new ArrayList<>(List.of(
                "txlab shell session of " + startedAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                "Check it with: txlab replay --check " + file,
                "(Replies that depend on time, such as TTL, may differ when replayed.)"));
        String notKept = dropped == 0 ? null
                : "the first " + dropped + (dropped == 1 ? " command" : " commands") + " of this session were not kept";
        if (notKept != null) {
            header.add("T" + notKept.substring(1) + " (" + keptRule() + "),");
            header.add("so the replies below may differ when this file is replayed on an empty database.");
        }
        List<TranscriptWriter.Entry> entries = history();
        try {
            TranscriptWriter.write(path, header, entries);
        } catch (IOException | RuntimeException e) {
            out.println("txlab: cannot write " + Describe.cut(printable(file), 200) + ": " + InputFiles.reason(e));
            return;
        }
        out.println("Saved " + Describe.count(entries.size(), "command", "commands") + " to " + file
                + (notKept == null ? "." : "; " + notKept + " (" + keptRule() + ")."));
    }

    private String keptRule() {
        return "the shell keeps the last " + keptCommands + " commands"
                + (keptBytes == Long.MAX_VALUE ? "" : ", at most " + InputFiles.size(keptBytes) + " of them,") + " for :save";
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c < 32 || c == 127) out.append(String.format("\\x%02x", (int) c));
            else out.append(c);
        }
        return out.toString();
    }

    /** The prompt redis-cli would show for the current client: A> , A[1]> , A(TX)> , plus watch marks. */
    public String prompt() {
        StringBuilder p = new StringBuilder(current);
        Optional<Backend.ClientState> state = backend.client(current);
        if (state.isEmpty() && backend.initialDb() != 0) p.append('[').append(backend.initialDb()).append(']');
        if (state.isPresent()) {
            Backend.ClientState s = state.get();
            if (s.db() != 0) p.append('[').append(s.db()).append(']');
            if (s.watchBroken()) p.append("(W!)");
            else if (!s.watching().isEmpty()) p.append("(W)");
            if (s.inMulti()) p.append("(TX)");
            if (s.blocked()) p.append("(blocked)");
        }
        return p.append("> ").toString();
    }

    /** The commands kept for :save (the most recent ones, see {@link #KEPT_COMMANDS}), oldest first. */
    public List<TranscriptWriter.Entry> history() {
        List<TranscriptWriter.Entry> out = new ArrayList<>(history.size());
        for (Kept k : history) out.add(k.entry());
        return Collections.unmodifiableList(out);
    }

    /**
     * How many commands this session has run, kept or not; it goes on counting across
     * {@code :reset}. With {@link #historySince} it tells what a line just typed ran.
     */
    public long commandsRun() { return commandsRun; }

    /** The kept commands among those run after the first {@code count} (see {@link #commandsRun()}), oldest first. */
    public List<TranscriptWriter.Entry> historySince(long count) {
        long wanted = Math.min(commandsRun - count, history.size());
        if (wanted <= 0) return List.of();
        List<TranscriptWriter.Entry> out = new ArrayList<>((int) wanted);
        Iterator<Kept> newest = history.descendingIterator();
        for (long i = 0; i < wanted; i++) out.add(newest.next().entry());
        Collections.reverse(out);
        return out;
    }

    /** The last command kept, if any. */
    public Optional<TranscriptWriter.Entry> lastEntry() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.peekLast().entry());
    }

    /** Changes the bounds of {@link #history} (tests use small ones); what is kept now is trimmed at once. */
    void keepAtMost(int commands, long bytes) {
        keptCommands = commands;
        keptBytes = bytes;
        trimHistory();
    }

    private void remember(TranscriptWriter.Entry entry) {
        Kept kept = new Kept(entry, estimateBytes(entry));
        history.addLast(kept);
        historyBytes += kept.bytes();
        commandsRun++;
        trimHistory();
    }

    /** Drops the oldest commands while over either bound; the newest command always stays. */
    private void trimHistory() {
        while (history.size() > 1 && (history.size() > keptCommands || historyBytes > keptBytes)) {
            historyBytes -= history.removeFirst().bytes();
            dropped++;
        }
    }

    /** Roughly what an entry costs on the heap: its text and bytes plus the objects holding them. */
    static long estimateBytes(TranscriptWriter.Entry e) {
        long bytes = 160 + e.label().length() + 2L * e.command().length();
        for (byte[] arg : e.argv()) bytes += 24 + arg.length;
        for (String line : e.reply()) bytes += 48 + 2L * line.length();
        return bytes;
    }
}
