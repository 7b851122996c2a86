package dev.txlab.explore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A race file ({@code .race}): one small program per client, in the {@code .tx} syntax plus what a
 * client program needs. Lines:
 *
 * <pre>
 * # a comment
 * setup&gt; SET counter 0          run once, before the clients, by a client of its own
 * A&gt; GET counter -&gt; v           client A's next command; "-&gt; v" binds its reply to v
 * A&gt; SET counter {v+1}          {...}: a variable, a number, + - * between them (nil is 0)
 * A&gt; EXEC retry                 when EXEC answers (nil), start again from A's last WATCH
 * retries 3                     how many times a client may retry before it gives up (default 3)
 * assert GET counter == 2       what must hold when every client is done
 * </pre>
 *
 * The order of one client's lines is its program; the order between clients is what the
 * explorer varies.
 */
public record RaceProgram(String name, List<String> setup, Map<String, List<Step>> clients, int retries,
                          List<Assertion> assertions) {

    /** One command of a client's program. */
    public record Step(String template, String bind, boolean retry, int line) {
        boolean isWatch() { return firstWord().equalsIgnoreCase("watch"); }

        String firstWord() {
            String t = template.strip();
            int space = t.indexOf(' ');
            return space < 0 ? t : t.substring(0, space);
        }
    }

    /** {@code assert COMMAND == TEXT}: the command's reply, printed as redis-cli prints it, must be TEXT. */
    public record Assertion(String command, String expected) {
        @Override public String toString() { return command + " == " + expected; }
    }

    /** A line of a race file that cannot be read; its message names the line. */
    public static final class Invalid extends Exception {
        public Invalid(String message) { super(message); }
    }

    private static final Pattern COMMAND = Pattern.compile("([A-Za-z0-9_-]+)> (.*)");
    private static final Pattern BIND = Pattern.compile("(.*\\S)\\s+->\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*");
    private static final int MAX_RETRIES = 20;

    public static RaceProgram load(Path file) throws IOException, Invalid {
        String name = file.getFileName().toString().replaceFirst("\\.race$", "");
        return parse(name, Files.readString(file, StandardCharsets.UTF_8));
    }

    public static RaceProgram parse(String name, String text) throws Invalid {
        List<String> setup = new ArrayList<>();
        Map<String, List<Step>> clients = new LinkedHashMap<>();
        List<Assertion> assertions = new ArrayList<>();
        int retries = 3;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            if (t.startsWith("retries ")) {
                try {
                    retries = Integer.parseInt(t.substring(8).strip());
                } catch (NumberFormatException e) {
                    retries = -1;
                }
                if (retries < 0 || retries > MAX_RETRIES) {
                    throw new Invalid("line " + number + ": retries takes a number from 0 to " + MAX_RETRIES);
                }
                continue;
            }
            if (t.startsWith("assert ")) {
                int eq = t.lastIndexOf(" == ");
                if (eq < 0) throw new Invalid("line " + number + ": write an assertion as: assert COMMAND == REPLY");
                assertions.add(new Assertion(t.substring(7, eq).strip(), t.substring(eq + 4).strip()));
                continue;
            }
            Matcher m = COMMAND.matcher(t);
            if (!m.matches() || m.group(2).isBlank()) {
                throw new Invalid("line " + number + ": expected CLIENT> COMMAND, setup> COMMAND, retries N or assert ...: " + t);
            }
            String label = m.group(1);
            String command = m.group(2);
            if (label.equals("setup")) {
                setup.add(command);
                continue;
            }
            String bind = null;
            Matcher b = BIND.matcher(command);
            if (b.matches()) {
                command = b.group(1);
                bind = b.group(2);
            }
            boolean retry = false;
            if (command.matches("(?i)exec\\s+retry")) {
                command = "EXEC";
                retry = true;
            }
            clients.computeIfAbsent(label, k -> new ArrayList<>()).add(new Step(command, bind, retry, number));
        }
        if (clients.isEmpty()) throw new Invalid("no client program: write lines such as A> INCR counter");
        for (var e : clients.entrySet()) {
            boolean watched = false;
            for (Step s : e.getValue()) {
                watched |= s.isWatch();
                if (s.retry() && !watched) {
                    throw new Invalid("line " + s.line() + ": EXEC retry goes back to the client's last WATCH, and "
                            + e.getKey() + " has none before it");
                }
            }
        }
        return new RaceProgram(name, List.copyOf(setup), clients, retries, List.copyOf(assertions));
    }
}
