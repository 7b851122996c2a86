package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes on serve's socket, seeded and bounded: well-formed requests of random commands
 * with random arguments, mutated (bytes flipped, lengths lied about, cut short, inline and
 * multibulk mixed), pipelined. After every case the connection is closed; serve must never log
 * an internal error, must answer a fresh client's PING, and must end with no client left.
 *
 * <p>{@code -Dtxlab.fuzz.serve=N} runs N cases (default 1500, a few seconds);
 * {@code -Dtxlab.fuzz.seed=S} picks another seed.
 */
class ServeFuzzTest {
    static final int CASES = Integer.getInteger("txlab.fuzz.serve", 1500);
    static final long SEED = Long.getLong("txlab.fuzz.seed", 20261204L);

    /** Commands that would only make the run slow (they wait or sleep by design) or end it. */
    static final Set<String> SLOW = Set.of("debug", "wait", "blpop", "brpop", "brpoplpush", "blmove", "blmpop",
            "bzpopmin", "bzpopmax", "bzmpop", "shutdown", "monitor", "subscribe", "psubscribe", "ssubscribe");

    @Test
    void hostileBytesNeverBreakServe() throws Exception {
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : CommandTable.standard().all()) if (!SLOW.contains(spec.name())) names.add(spec.name());
        Random random = new Random(SEED);
        try (ServedEngine served = ServedEngine.start(new Engine(Clock.SYSTEM))) {
            for (int i = 0; i < CASES; i++) {
                byte[] bytes = hostile(random, names);
                try (RawSocket s = new RawSocket(served.port())) {
                    s.send(bytes);
                    s.finishSending();
                    s.readUntilClosed();
                } catch (java.net.SocketException resetByServer) {
                    // a protocol error closes the connection, possibly with our bytes unread: fine
                }
                if (i % 100 == 99) assertAlive(served, i);
            }
            assertAlive(served, CASES);
            System.err.println("Serve fuzz: " + CASES + " hostile connections (seed " + SEED + "), serve still answers");
            String console = served.console();
            assertFalse(console.contains("internal error"), console.lines().filter(l -> l.contains("internal error")).findFirst().orElse(""));
            long deadline = System.currentTimeMillis() + 10_000;
            while (served.server.<Integer>onServerThread(e -> e.clients().size()) > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, (int) served.server.<Integer>onServerThread(e -> e.clients().size()), "every client is gone");
        }
    }

    private static void assertAlive(ServedEngine served, int after) throws Exception {
        try (RawSocket s = new RawSocket(served.port())) {
            s.send("*1\r\n$4\r\nPING\r\n");
            assertEquals("+PONG\r\n", s.reply("+PONG\r\n"), "after case " + after);
        }
    }

    /** A few requests, some mutated. */
    static byte[] hostile(Random random, List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int requests = 1 + random.nextInt(4);
        for (int r = 0; r < requests; r++) {
            List<byte[]> argv = new ArrayList<>();
            String name = names.get(random.nextInt(names.size()));
            argv.add(name.substring(0, name.indexOf('|') < 0 ? name.length() : name.indexOf('|')).getBytes(StandardCharsets.US_ASCII));
            if (name.contains("|")) argv.add(name.substring(name.indexOf('|') + 1).getBytes(StandardCharsets.US_ASCII));
            int args = random.nextInt(6);
            for (int a = 0; a < args; a++) argv.add(argument(random));
            byte[] request = random.nextInt(4) == 0 ? inline(argv) : multibulk(argv);
            out.writeBytes(random.nextInt(3) == 0 ? mutate(random, request) : request);
        }
        return out.toByteArray();
    }

    private static byte[] argument(Random random) {
        switch (random.nextInt(10)) {
            case 0: return Long.toString(random.nextLong()).getBytes(StandardCharsets.US_ASCII);
            case 1: return Integer.toString(random.nextInt(20) - 5).getBytes(StandardCharsets.US_ASCII);
            case 2: return new byte[0];
            case 3: {
                byte[] b = new byte[random.nextInt(40)];
                random.nextBytes(b);
                return b;
            }
            case 4: return "*".repeat(1 + random.nextInt(30)).getBytes(StandardCharsets.US_ASCII);
            case 5: return ("k" + random.nextInt(5)).getBytes(StandardCharsets.US_ASCII);
            case 6: return new String[] {"inf", "-inf", "nan", "1e308", "-0", "0x10", "+1", " 1"}[random.nextInt(8)].getBytes(StandardCharsets.US_ASCII);
            case 7: return new String[] {"WITHSCORES", "LIMIT", "EX", "PX", "NX", "XX", "GET", "STORE", "BY", "COUNT", "MATCH"}
                    [random.nextInt(11)].getBytes(StandardCharsets.US_ASCII);
            case 8: return "x".repeat(random.nextInt(70_000)).getBytes(StandardCharsets.US_ASCII);
            default: return ("v" + random.nextInt(100)).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static byte[] multibulk(List<byte[]> argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + argv.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static byte[] inline(List<byte[]> argv) {
        StringBuilder line = new StringBuilder();
        for (byte[] a : argv) {
            if (line.length() > 0) line.append(' ');
            line.append('"');
            for (byte b : a) {
                int c = b & 0xff;
                if (c == '"' || c == '\\') line.append('\\').append((char) c);
                else if (c >= 32 && c < 127) line.append((char) c);
                else line.append(String.format("\\x%02x", c));
            }
            line.append('"');
        }
        return (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Flips, inserts or drops bytes, or lies about a length. */
    private static byte[] mutate(Random random, byte[] request) {
        byte[] b = request.clone();
        switch (random.nextInt(5)) {
            case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length)); // cut short
            case 2 -> {
                String s = new String(b, StandardCharsets.ISO_8859_1);
                s = s.replaceFirst("\\$\\d+", "\\$" + (random.nextBoolean() ? "-5" : Integer.toString(random.nextInt(600_000_000))));
                b = s.getBytes(StandardCharsets.ISO_8859_1);
            }
            case 3 -> {
                String s = new String(b, StandardCharsets.ISO_8859_1);
                s = s.replaceFirst("\\*\\d+", "*" + (random.nextBoolean() ? "-1" : Integer.toString(random.nextInt(2_000_000))));
                b = s.getBytes(StandardCharsets.ISO_8859_1);
            }
            default -> {
                byte[] garbage = new byte[1 + random.nextInt(16)];
                random.nextBytes(garbage);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int at = random.nextInt(b.length);
                out.write(b, 0, at);
                out.writeBytes(garbage);
                out.write(b, at, b.length - at);
                b = out.toByteArray();
            }
        }
        return b;
    }

    @Test
    void theGeneratorMakesVariedInput() {
        Random random = new Random(1);
        List<String> names = List.of("set", "get", "config|get");
        int mutatedOrInline = 0;
        for (int i = 0; i < 200; i++) {
            byte[] b = hostile(random, names);
            assertTrue(b.length > 0);
            if (b[0] != '*') mutatedOrInline++;
        }
        assertTrue(mutatedOrInline > 20, "too uniform: " + mutatedOrInline);
    }
}
