package dev.txlab.engine;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * MONITOR, as Redis's replicationFeedMonitors: every command the server calls (one sent by a
 * client, each command an EXEC runs, each redis.call of a script, which shows {@code [db lua]})
 * goes to the monitoring clients as one status line,
 * {@code +1339518083.107412 [0 127.0.0.1:60866] "keys" "*"}, after it ran (so EXEC comes after
 * the commands it ran); a script shows itself before its commands. Administrative commands (CONFIG, DEBUG, MONITOR ...) and those flagged
 * skip_monitor are never shown; passwords (AUTH, HELLO ... AUTH) show as "(redacted)".
 */
public final class Monitors {
    private final Engine engine;
    private final List<ClientSession> monitors = new ArrayList<>();
    /** Where each client connects from ("127.0.0.1:60866"), for the line; a shell label otherwise. */
    private final Map<ClientSession, String> peers = new WeakHashMap<>();

    Monitors(Engine engine) { this.engine = engine; }

    /** The front end tells where a client connects from. */
    public void peer(ClientSession session, String address) { peers.put(session, address); }

    /** Whether anyone monitors (callers skip the work otherwise). */
    public boolean any() { return !monitors.isEmpty(); }

    /** MONITOR: the client becomes a monitor (a second MONITOR changes nothing). */
    public void add(ClientSession session) {
        if (!monitors.contains(session)) monitors.add(session);
    }

    public boolean isMonitor(ClientSession session) { return monitors.contains(session); }

    /** RESET: the client leaves MONITOR mode (clearClientConnectionState). */
    public void stop(ClientSession session) { monitors.remove(session); }

    void remove(ClientSession session) {
        monitors.remove(session);
        peers.remove(session);
    }

    /** A command was called: tell the monitors, unless it is one Redis keeps from them. */
    void called(ClientSession session, CommandSpec spec, List<byte[]> argv, boolean script) {
        if (monitors.isEmpty() || spec.has(Flag.ADMIN) || spec.has(Flag.SKIP_MONITOR)) return;
        send(session, argv, script);
    }

    /**
     * replicationFeedMonitors called by a command itself: EVAL, EVALSHA and FCALL are flagged
     * skip_monitor and show themselves before they run, so that their scripts' commands follow.
     */
    public void feed(ClientSession session, List<byte[]> argv) {
        if (!monitors.isEmpty()) send(session, argv, false);
    }

    private void send(ClientSession session, List<byte[]> argv, boolean script) {
        long micros = engine.clockMillis() * 1000;
        StringBuilder line = new StringBuilder();
        line.append(micros / 1_000_000).append('.').append(String.format("%06d", micros % 1_000_000)).append(" [")
                .append(session.db()).append(' ');
        if (script) line.append("lua");
        else line.append(peers.getOrDefault(session, session.label()));
        line.append(']');
        boolean[] redacted = redacted(argv);
        for (int j = 0; j < argv.size(); j++) {
            line.append(' ').append(redacted[j] ? "\"(redacted)\"" : ReplyFormatter.repr(argv.get(j)));
        }
        Reply message = new Reply.Simple(line.toString());
        for (ClientSession m : new ArrayList<>(monitors)) engine.deliver(m, message);
    }

    /** The arguments AUTH and HELLO hide (redactClientCommandArgument), as far as they parse them. */
    private static boolean[] redacted(List<byte[]> argv) {
        boolean[] out = new boolean[argv.size()];
        String name = lower(argv.get(0));
        if (name.equals("auth") && argv.size() <= 3) {
            for (int j = 1; j < argv.size(); j++) out[j] = true;
        } else if (name.equals("hello") && argv.size() >= 2) {
            String ver = new String(argv.get(1), StandardCharsets.US_ASCII);
            if (!ver.equals("2") && !ver.equals("3")) return out; // a bad version stops HELLO before it reads on
            for (int j = 2; j < argv.size(); j++) {
                int more = argv.size() - 1 - j;
                String opt = lower(argv.get(j));
                if (opt.equals("auth") && more >= 2) {
                    out[j + 1] = true;
                    out[j + 2] = true;
                    j += 2;
                } else if (opt.equals("setname") && more >= 1) {
                    j++;
                } else {
                    break;
                }
            }
        }
        return out;
    }

    private static String lower(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    }
}
