package dev.txlab.shell;

import dev.txlab.store.InputFiles;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** The two ways to feed a {@link ShellSession}: JLine on a terminal, or plain lines from a pipe. */
public final class Shells {
    private Shells() {}

    /** Lines longer than this are not run (a runaway paste or a file without newlines). */
    public static final int MAX_LINE = 16 * 1024 * 1024;
    /** History keeps this many lines, in memory and in the file. */
    static final int HISTORY_LINES = 1000;
    /** Lines longer than this are not kept in the history. */
    static final int MAX_HISTORY_LINE = 4096;
    /** {@link #HISTORY_LINES} lines of {@link #MAX_HISTORY_LINE} characters with their time stamps, and room to spare. */
    static final long MAX_HISTORY_FILE_BYTES = 32L << 20;

    /**
     * Without a terminal: reads lines until end of input and prints replies and traces, with no
     * prompt and no colour, exactly as {@code txlab replay} prints them. Returns the exit code.
     */
    public static int runPlain(Backend backend, InputStream in, PrintStream out, ExplainLevel level) throws IOException {
        ShellSession session = new ShellSession(backend, out::println, Palette.PLAIN, level, false);
        BoundedLines lines = new BoundedLines(new InputStreamReader(in, StandardCharsets.UTF_8), MAX_LINE);
        for (BoundedLines.Line line; (line = lines.next()) != null; ) {
            if (line.tooLong()) {
                out.println("txlab: line " + line.number() + " is longer than " + (MAX_LINE >> 20) + " MB; skipped.");
                continue;
            }
            if (!session.handle(line.text())) break;
        }
        out.flush();
        return 0;
    }

    /** On a terminal: JLine with history, completion, hints and highlighting. Returns the exit code. */
    public static int runInteractive(Backend backend, Terminal terminal, Path historyFile, ExplainLevel level, boolean color) {
        var writer = terminal.writer();
        ShellSession session = new ShellSession(backend, line -> writer.println(line),
                color ? Palette.ANSI : Palette.PLAIN, level, true);
        // Traces and messages wrap at word boundaries to the terminal's width, resized or not.
        session.wrapTo(() -> TextWrap.usable(terminal.getWidth()));
        LineReader reader = lineReader(terminal, session, historyFile, color);

        // Ctrl-C while a command runs (a runaway script, DEBUG SLEEP) stops it, not the shell;
        // while a line is being typed, the line reader handles Ctrl-C itself.
        terminal.handle(Terminal.Signal.INT, signal -> backend.interrupt());
        // A label's BLPOP really waits here; its timeout is reported above the prompt as it passes.
        java.util.concurrent.ScheduledExecutorService timer = null;
        if (backend instanceof EngineBackend engineBackend) {
            engineBackend.enableBlocking();
            timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "txlab-shell-timeouts");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> {
                try {
                    session.pollTimeouts(line -> {
                        if (reader instanceof org.jline.reader.impl.LineReaderImpl impl) {
                            impl.setPrompt(prompt(session, color, terminal)); // no longer "(blocked)"
                        }
                        reader.printAbove(line);
                    });
                } catch (RuntimeException e) {
                    if (System.getenv("TXLAB_DEBUG") != null) e.printStackTrace();
                }
            }, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        for (String l : TextWrap.wrap("txlab shell on " + backend.description() + ". Traces: " + level
                + ". Type :help for help, :quit or Ctrl-D to leave.", TextWrap.usable(terminal.getWidth()))) writer.println(l);
        writer.flush();
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt(session, color, terminal));
            } catch (UserInterruptException e) {
                continue; // Ctrl-C: the line is dropped, the shell stays
            } catch (EndOfFileException e) {
                break; // Ctrl-D on an empty line
            }
            boolean goOn = session.handle(line);
            writer.flush();
            if (!goOn) break;
        }
        if (timer != null) timer.shutdownNow();
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            writer.println("txlab: could not save the history: " + e.getMessage());
        }
        writer.flush();
        return 0;
    }

    /**
     * The shell's line reader (completion, argument hints, highlighting, history) for a session
     * on a terminal; other front ends that run a {@link ShellSession}, such as the lesson player,
     * read their lines with it too.
     */
    public static LineReader lineReader(Terminal terminal, ShellSession session, Path historyFile, boolean color) {
        Backend backend = session.backend();
        HintingLineReader reader = new HintingLineReader(terminal, new ArgumentHints(() -> backend.commands()));
        reader.setParser(new RedisLineParser());
        reader.setCompleter(new ShellCompleter(session));
        if (color) reader.setHighlighter(new ShellHighlighter(session));
        else reader.option(LineReader.Option.DISABLE_HIGHLIGHTER, true);
        reader.setHistory(new CappedHistory());
        Path usable = usableHistoryFile(historyFile, terminal);
        if (usable != null) reader.setVariable(LineReader.HISTORY_FILE, usable);
        reader.setVariable(LineReader.HISTORY_SIZE, HISTORY_LINES);
        reader.setVariable(LineReader.HISTORY_FILE_SIZE, HISTORY_LINES);
        reader.setVariable(LineReader.BLINK_MATCHING_PAREN, 0);
        // "!" and "^" are ordinary bytes in Redis values, not history expansions.
        reader.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        reader.option(LineReader.Option.CASE_INSENSITIVE, true);
        reader.option(LineReader.Option.HISTORY_IGNORE_DUPS, true);
        return reader;
    }

    /**
     * The history file, if JLine can safely load it: absent (it is created at the end), or a
     * regular file of UTF-8 text of at most {@link #MAX_HISTORY_FILE_BYTES}. A FIFO would hang the
     * start, a link to /dev/zero or a huge file would exhaust the heap, bytes that are not UTF-8
     * make JLine's loader throw out of readLine; such a file is left alone, the shell says so in
     * one line and keeps its history in memory only.
     */
    static Path usableHistoryFile(Path file, Terminal terminal) {
        if (file == null) return null;
        String problem;
        try {
            InputFiles.readUtf8(file, MAX_HISTORY_FILE_BYTES);
            return file;
        } catch (NoSuchFileException e) {
            return file;
        } catch (CharacterCodingException e) {
            problem = "it is not UTF-8 text"; // JLine's loader would throw an UncheckedIOException out of readLine
        } catch (IOException e) {
            problem = InputFiles.reason(e);
        }
        terminal.writer().println("txlab: not using the history file " + file + ": " + problem + "; this session's history is not saved");
        terminal.writer().flush();
        return null;
    }

    private static String prompt(ShellSession session, boolean color, Terminal terminal) {
        String text = session.prompt();
        if (!color) return text;
        return new AttributedStringBuilder().styled(AttributedStyle.BOLD, text).toAnsi(terminal);
    }

    /** JLine's history without very long lines (a pasted megabyte should not be recalled). */
    static final class CappedHistory extends DefaultHistory {
        @Override public void add(Instant time, String line) {
            if (line.length() <= MAX_HISTORY_LINE && !isSensitive(line)) super.add(time, line);
        }
    }

    /**
     * redis-cli's isSensitiveCommand: lines that carry a password (AUTH, ACL SETUSER, CONFIG SET
     * requirepass/masterauth/masteruser, HELLO ... AUTH, MIGRATE ... AUTH/AUTH2) stay out of the
     * history file. A "LABEL> " in front is looked past.
     */
    static boolean isSensitive(String line) {
        java.util.regex.Matcher labelled = ShellSession.LABELLED.matcher(line);
        String command = labelled.matches() ? labelled.group(2) : line;
        java.util.List<byte[]> argv = dev.txlab.protocol.ArgSplitter.split(command).orElse(java.util.List.of());
        String[] a = new String[argv.size()];
        for (int i = 0; i < a.length; i++) a[i] = new String(argv.get(i), java.nio.charset.StandardCharsets.ISO_8859_1);
        int argc = a.length;
        if (argc == 0) return false;
        if (a[0].equalsIgnoreCase("auth")) return true;
        if (argc > 1 && a[0].equalsIgnoreCase("acl") && a[1].equalsIgnoreCase("setuser")) return true;
        if (argc > 2 && a[0].equalsIgnoreCase("config") && a[1].equalsIgnoreCase("set")
                && (a[2].equalsIgnoreCase("masterauth") || a[2].equalsIgnoreCase("masteruser") || a[2].equalsIgnoreCase("requirepass"))) {
            return true;
        }
        if (argc > 4 && a[0].equalsIgnoreCase("hello")) {
            for (int j = 2; j < argc; j++) {
                int more = argc - 1 - j;
                if (a[j].equalsIgnoreCase("auth") && more >= 2) return true;
                if (a[j].equalsIgnoreCase("setname") && more >= 1) j++;
                else return false;
            }
        } else if (argc > 7 && a[0].equalsIgnoreCase("migrate")) {
            for (int j = 6; j < argc; j++) {
                int more = argc - 1 - j;
                if (a[j].equalsIgnoreCase("auth") && more >= 1) return true;
                if (a[j].equalsIgnoreCase("auth2") && more >= 2) return true;
                if (a[j].equalsIgnoreCase("keys") && more >= 1) return false;
            }
        }
        return false;
    }

    /** Lines from a reader, each at most {@code max} characters; longer ones are reported, not kept. */
    static final class BoundedLines {
        record Line(long number, String text, boolean tooLong) {}

        private final Reader in;
        private final int max;
        private final char[] buffer = new char[8192];
        private int pos;
        private int limit;
        private long number;

        BoundedLines(Reader in, int max) {
            this.in = in;
            this.max = max;
        }

        /** The next line without its line break, or null at the end of input. */
        Line next() throws IOException {
            StringBuilder line = new StringBuilder();
            boolean tooLong = false;
            boolean any = false;
            while (true) {
                if (pos == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (!any) return null;
                        return new Line(++number, tooLong ? "" : line.toString(), tooLong);
                    }
                }
                any = true;
                int start = pos;
                while (pos < limit && buffer[pos] != '\n') pos++;
                if (!tooLong) {
                    if (line.length() + (pos - start) > max) {
                        tooLong = true;
                        line = new StringBuilder();
                    } else {
                        line.append(buffer, start, pos - start);
                    }
                }
                if (pos < limit) { // found the newline
                    pos++;
                    return new Line(++number, tooLong ? "" : line.toString(), tooLong);
                }
            }
        }
    }
}
