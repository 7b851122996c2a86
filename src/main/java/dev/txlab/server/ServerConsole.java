package dev.txlab.server;

import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.TraceRenderer;
import dev.txlab.trace.Tracer;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The server's console: connections, every command with the client that sent it, and what the
 * engine's trace says happened (queued, EXEC, watches touched, connections dropping their
 * transactions). Written by the server thread only, buffered, and flushed each time the event
 * loop goes idle, so logging costs one write per burst rather than one per command.
 */
public final class ServerConsole implements Tracer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;
    private final boolean commands;

    private ServerConsole(OutputStream sink, boolean commands) {
        this.out = sink == null ? null
                : new PrintStream(new BufferedOutputStream(sink, 64 * 1024), false, StandardCharsets.UTF_8);
        this.commands = commands;
    }

    /** Prints notices, and with {@code commands} every command and its trace, to {@code sink}. */
    public static ServerConsole printing(OutputStream sink, boolean commands) {
        return new ServerConsole(sink, commands);
    }

    /** Prints nothing (tests). */
    public static ServerConsole silent() { return new ServerConsole(null, false); }

    /** Whether commands and traces are printed: the engine builds trace events only then. */
    @Override public boolean enabled() { return out != null && commands; }

    /** A line that is always printed: startup, errors. */
    void notice(String text) {
        if (out != null) out.println(TIME.format(LocalTime.now()) + " " + text);
    }

    void connected(String client, String address) {
        if (enabled()) notice(client + " connected from " + address);
    }

    /** A connection went away; ordinary goodbyes are printed with the commands, drops always. */
    void disconnected(String client, String why) {
        if (enabled() || why.startsWith("dropped")) notice(client + " " + why);
    }

    void command(String client, List<byte[]> argv) {
        if (enabled()) notice(client + "> " + words(argv));
    }

    /** The event loop is about to wait: what was printed goes out now. */
    void flush() {
        if (out != null) out.flush();
    }

    @Override public void emit(TraceEvent event) {
        if (!enabled()) return;
        for (String line : describe(event)) out.println(INDENT + line);
    }

    /** Trace lines sit under the command line that caused them. */
    static final String INDENT = "    ";

    private static final TraceRenderer RENDERER = new TraceRenderer(Palette.PLAIN);

    /**
     * What the shell's trace says about an event, in brief. The console prints no replies, so a
     * refusal the shell leaves to its reply is spelled out, and a goodbye that took nothing with
     * it is not repeated under the line that already says the client left.
     */
    static List<String> describe(TraceEvent event) {
        if (event instanceof TraceEvent.ClientClosed c && c.discardedQueue() == 0 && c.droppedWatches().isEmpty()) {
            return List.of();
        }
        List<String> lines = RENDERER.render(List.of(event), ExplainLevel.BRIEF);
        if (lines.isEmpty() && event instanceof TraceEvent.CommandRejected) {
            lines = RENDERER.render(List.of(event), ExplainLevel.FULL);
        }
        return lines;
    }

    /** A command line as it could be typed back into redis-cli. */
    static String words(List<byte[]> argv) {
        StringBuilder line = new StringBuilder();
        int shown = Math.min(argv.size(), MAX_WORDS);
        int secretFrom = secretsFrom(argv);
        for (int i = 0; i < shown; i++) {
            if (i > 0) line.append(' ');
            line.append(i >= secretFrom ? "(redacted)" : display(argv.get(i)));
        }
        if (shown < argv.size()) line.append(" ... (").append(argv.size() - shown).append(" more arguments)");
        return line.toString();
    }

    /**
     * Where the passwords of a command line start (its length when it has none): the console does
     * not print them, as Redis keeps them out of MONITOR and SLOWLOG (AUTH, HELLO ... AUTH, ACL
     * SETUSER, CONFIG SET requirepass).
     */
    static int secretsFrom(List<byte[]> argv) {
        int argc = argv.size();
        String name = lower(argv.get(0));
        if (name.equals("auth")) return 1;
        if (name.equals("acl") && argc > 1 && lower(argv.get(1)).equals("setuser")) return 3;
        if (name.equals("config") && argc > 2 && lower(argv.get(1)).equals("set")) {
            for (int j = 2; j < argc; j += 2) {
                String p = lower(argv.get(j));
                if (p.equals("requirepass") || p.equals("masterauth") || p.equals("masteruser")) return 3;
            }
        }
        if (name.equals("hello")) {
            for (int j = 2; j < argc; j++) if (lower(argv.get(j)).equals("auth")) return j + 1;
        }
        return argc;
    }

    private static String lower(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    }

    /** A console line stays readable whatever a client sends. */
    private static final int MAX_WORDS = 32;

    /** An argument bare when it is plain printable ASCII, otherwise quoted and escaped as redis-cli shows strings. */
    static String display(byte[] arg) {
        if (arg.length == 0 || arg.length > 200) {
            if (arg.length > 200) return ReplyFormatter.repr(java.util.Arrays.copyOf(arg, 200)) + "...(" + arg.length + " bytes)";
            return "\"\"";
        }
        for (byte b : arg) {
            if (b <= ' ' || b >= 127 || b == '"' || b == '\'' || b == '\\') return ReplyFormatter.repr(arg);
        }
        return new String(arg, StandardCharsets.US_ASCII);
    }
}
