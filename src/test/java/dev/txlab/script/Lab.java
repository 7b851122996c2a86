package dev.txlab.script;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.trace.Tracer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An engine with named clients, commands typed as in redis-cli, and a trace recorder. */
final class Lab {
    final Clock.ManualClock clock = new Clock.ManualClock(1_700_000_000_000L);
    final Engine engine = new Engine(clock);
    final Tracer.Recorder trace = new Tracer.Recorder();
    private final Map<String, ClientSession> clients = new HashMap<>();

    Lab() { engine.setTracer(trace); }

    ClientSession client(String label) { return clients.computeIfAbsent(label, engine::connect); }

    /** Runs a command line (redis-cli quoting) as client A. */
    Reply run(String line) { return run("A", line); }

    Reply run(String label, String line) {
        List<byte[]> argv = ArgSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1)).orElseThrow();
        return engine.execute(client(label), argv);
    }

    /** What redis-cli would print for the command's reply, lines joined with newlines. */
    String show(String line) { return String.join("\n", ReplyFormatter.lines(run(line))); }

    /** The SHA1 Redis names a script by, as in the " script: <sha>" suffix of its errors. */
    static String sha1(String body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder hex = new StringBuilder();
            for (byte b : d) hex.append(String.format("%02x", b));
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
