package dev.txlab.explore;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.explore.RaceProgram.Assertion;
import dev.txlab.explore.RaceProgram.Step;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.timeline.Timeline;
import dev.txlab.timeline.TimelineRecorder;
import dev.txlab.trace.Tracer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every interleaving of a race file's client programs, each on a fresh engine, and groups
 * them by outcome (the data at the end, who gave up retrying, which assertions failed).
 *
 * <p>The unit being interleaved is one command that touches shared state. MULTI and the commands
 * queued after it touch nothing until EXEC runs them, so they travel with the client's next
 * such command: where they were typed cannot change the outcome, and counting them would only
 * multiply every count by the same factor. Reads are units: GET before or after another client's
 * SET is the whole story of a lost update.
 */
public final class RaceExplorer {
    /** Past this many distinct states the explorer stops and says so. */
    public static final long DEFAULT_LIMIT = 200_000;
    private static final long START = 1_700_000_000_000L;

    private final RaceProgram program;
    private final List<String> labels;
    private final long limit;

    public RaceExplorer(RaceProgram program) { this(program, DEFAULT_LIMIT); }

    public RaceExplorer(RaceProgram program, long limit) {
        this.program = program;
        this.labels = List.copyOf(program.clients().keySet());
        this.limit = limit;
    }

    /** A program that cannot run (a variable that is not a number, a command that does not split). */
    public static final class Failure extends RuntimeException {
        Failure(String message) { super(message); }
    }

    /** One outcome: how many interleavings reach it, and the shortest of them (client indexes, one per unit). */
    public record Outcome(String state, List<String> gaveUp, List<Assertion> failed, long count, long retried,
                          List<Integer> shortest, int shortestCommands) {
        public boolean bad() { return !failed.isEmpty() || !gaveUp.isEmpty(); }
    }

    public record Result(RaceProgram program, List<Outcome> outcomes, long interleavings, boolean complete) {}

    /** Explores every interleaving (up to the limit of distinct states). */
    public Result explore() {
        Map<String, Map<String, Outcome>> memo = new HashMap<>();
        boolean[] complete = {true};
        Map<String, Outcome> outcomes = dfs(new ArrayList<>(), new World(false), memo, complete);
        long total = 0;
        for (Outcome o : outcomes.values()) total = saturatedAdd(total, o.count());
        return new Result(program, List.copyOf(outcomes.values()), total, complete[0]);
    }

    /**
     * The outcomes reachable from the world at the end of {@code path}, each with its count and
     * shortest continuation. Two paths that reach the same state (data, each client's progress,
     * variables, retries and MULTI/WATCH state) have the same futures, so each state is explored
     * once: that is what makes two clients of ten commands (184,756 orders) take well under a second.
     */
    private Map<String, Outcome> dfs(List<Integer> path, World world, Map<String, Map<String, Outcome>> memo, boolean[] complete) {
        List<Integer> enabled = world.enabled();
        if (enabled.isEmpty()) return world.outcome();
        Map<String, Outcome> merged = new LinkedHashMap<>();
        for (int i = 0; i < enabled.size(); i++) {
            if (memo.size() >= limit) {
                complete[0] = false;
                break;
            }
            // the last choice continues on this engine; the others start again from the prefix
            World w = i == enabled.size() - 1 ? world : replay(path, false);
            int client = enabled.get(i);
            int before = w.commands;
            w.runUnit(client);
            int unit = w.commands - before;
            String state = w.stateKey();
            Map<String, Outcome> below = memo.get(state);
            if (below == null) {
                path.add(client);
                below = dfs(path, w, memo, complete);
                path.remove(path.size() - 1);
                memo.put(state, below);
            }
            for (var e : below.entrySet()) {
                Outcome o = e.getValue();
                List<Integer> through = new ArrayList<>(o.shortest().size() + 1);
                through.add(client);
                through.addAll(o.shortest());
                Outcome viaThis = new Outcome(o.state(), o.gaveUp(), o.failed(), o.count(), o.retried(), through,
                        o.shortestCommands() + unit);
                merged.merge(e.getKey(), viaThis, (a, b) -> new Outcome(a.state(), a.gaveUp(), a.failed(),
                        saturatedAdd(a.count(), b.count()), saturatedAdd(a.retried(), b.retried()),
                        b.shortestCommands() < a.shortestCommands() ? b.shortest() : a.shortest(),
                        Math.min(a.shortestCommands(), b.shortestCommands())));
            }
        }
        return merged;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private World replay(List<Integer> path, boolean record) {
        World w = new World(record);
        for (int c : path) w.runUnit(c);
        return w;
    }

    /** The timeline of one interleaving, as the shell would draw it. */
    public Timeline timelineOf(List<Integer> path) {
        World w = replay(path, true);
        return w.timeline.timeline();
    }

    /**
     * One interleaving as a {@code .tx} transcript: the setup, every command in the order it ran
     * with its reply, and the assertions' commands on a client of their own. Run on a real
     * redis-server it must give the same replies.
     */
    public List<String> transcriptOf(List<Integer> path) {
        World w = replay(path, false);
        List<String> out = new ArrayList<>(w.transcript);
        ClientSession check = w.engine.connect("check");
        for (Assertion a : program.assertions()) {
            out.add("check> " + a.command());
            out.addAll(ReplyFormatter.lines(w.run(check, "check", a.command(), -1)));
        }
        return out;
    }

    /** The engine, the clients and their progress along one interleaving. */
    private final class World {
        final Engine engine = new Engine(new Clock.ManualClock(START));
        final List<ClientRun> clients = new ArrayList<>();
        final List<String> transcript = new ArrayList<>();
        final Tracer.Recorder events;
        final TimelineRecorder timeline;
        int commands;

        World(boolean record) {
            events = record ? new Tracer.Recorder() : null;
            timeline = record ? new TimelineRecorder(Integer.MAX_VALUE) : null;
            ClientSession setup = engine.connect("setup");
            for (String line : program.setup()) {
                transcript.add("setup> " + line);
                transcript.addAll(ReplyFormatter.lines(run(setup, "setup", line, -1)));
            }
            engine.disconnect(setup);
            if (record) engine.setTracer(events);
            for (String label : labels) clients.add(new ClientRun(label, program.clients().get(label), engine.connect(label)));
        }

        List<Integer> enabled() {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) if (!clients.get(i).done()) out.add(i);
            return out;
        }

        /** The client's commands up to and including the next one that touches shared state. */
        void runUnit(int index) {
            ClientRun c = clients.get(index);
            while (!c.done()) {
                Step step = c.steps.get(c.pc);
                boolean local = step.firstWord().equalsIgnoreCase("multi")
                        || (c.session.transaction().inMulti() && !step.firstWord().equalsIgnoreCase("exec"));
                String command = c.substitute(step);
                transcript.add(c.label + "> " + command);
                Reply reply = run(c.session, c.label, command, step.line());
                transcript.addAll(ReplyFormatter.lines(reply));
                commands++;
                c.after(step, reply);
                if (!local) return;
            }
        }

        Reply run(ClientSession session, String label, String command, int line) {
            List<byte[]> argv = ArgSplitter.split(command).orElseThrow(() -> new Failure(
                    (line > 0 ? "line " + line + ": " : "") + "the command does not split into arguments: " + command));
            if (argv.isEmpty()) throw new Failure("line " + line + ": an empty command");
            Reply reply = engine.execute(session, argv);
            if (timeline != null && !label.equals("setup")) timeline.add(label, argv, reply, events.drain());
            return reply;
        }

        /** Everything that decides what can still happen: the data and each client's state. */
        String stateKey() {
            StringBuilder key = new StringBuilder();
            ClientSession check = engine.connect("check");
            Reply digest = engine.execute(check, words("DEBUG", "DIGEST"));
            engine.disconnect(check);
            key.append(ReplyFormatter.format(digest));
            for (ClientRun c : clients) {
                var tx = c.session.transaction();
                key.append('|').append(c.pc).append(',').append(c.lastWatch).append(',').append(c.retries).append(',')
                        .append(c.gaveUp).append(',').append(tx.inMulti()).append(',').append(tx.dirtyCas()).append(',')
                        .append(tx.dirtyExec()).append(',').append(tx.watchedKeys());
                for (var q : tx.queue()) for (byte[] a : q.argv()) key.append(' ').append(ReplyFormatter.repr(a));
                for (var v : new java.util.TreeMap<>(c.vars).entrySet()) {
                    key.append(' ').append(v.getKey()).append('=').append(v.getValue() == null ? "nil" : ReplyFormatter.repr(v.getValue()));
                }
            }
            return key.toString();
        }

        /** The one outcome of a finished interleaving, keyed as outcomes are grouped. */
        Map<String, Outcome> outcome() {
            ClientSession check = engine.connect("check");
            String state = describeData(check);
            List<String> gaveUp = new ArrayList<>();
            for (ClientRun c : clients) if (c.gaveUp) gaveUp.add(c.label);
            List<Assertion> failed = new ArrayList<>();
            for (Assertion a : program.assertions()) {
                Reply reply = engine.execute(check, ArgSplitter.split(a.command()).orElseThrow(
                        () -> new Failure("the assertion's command does not split into arguments: " + a.command())));
                if (!holds(reply, a.expected())) failed.add(a);
            }
            engine.disconnect(check);
            String key = state + "|" + gaveUp + "|" + failed;
            int retried = clients.stream().anyMatch(c -> c.retries > 0) ? 1 : 0;
            Map<String, Outcome> one = new LinkedHashMap<>();
            one.put(key, new Outcome(state, gaveUp, failed, 1, retried, List.of(), 0));
            return one;
        }

        /** Every key of db 0 with its value, in key order: the outcome's data. */
        private String describeData(ClientSession check) {
            Reply keys = engine.execute(check, words("KEYS", "*"));
            List<String> names = new ArrayList<>();
            for (Reply k : ((Reply.Array) keys).elements()) names.add(new String(((Reply.Bulk) k).bytes(), StandardCharsets.ISO_8859_1));
            names.sort(null);
            List<String> parts = new ArrayList<>();
            for (String name : names) {
                String type = ((Reply.Simple) engine.execute(check, words("TYPE", name))).text();
                List<byte[]> read = switch (type) {
                    case "string" -> words("GET", name);
                    case "list" -> words("LRANGE", name, "0", "-1");
                    case "hash" -> words("HGETALL", name);
                    case "set" -> words("SORT", name, "ALPHA");
                    case "zset" -> words("ZRANGE", name, "0", "-1", "WITHSCORES");
                    default -> words("TYPE", name);
                };
                Reply value = engine.execute(check, read);
                parts.add(name + "=" + String.join(" ", flat(value)));
            }
            return parts.isEmpty() ? "(no keys)" : String.join(" ", parts);
        }
    }

    private static List<String> flat(Reply reply) {
        List<String> out = new ArrayList<>();
        List<Reply> elements = reply instanceof Reply.Array a ? a.elements() : reply instanceof Reply.Map m ? m.flat() : null;
        if (elements == null) {
            out.add(ReplyFormatter.format(reply).strip());
            return out;
        }
        out.add("[" + String.join(", ", elements.stream().map(e -> ReplyFormatter.format(e).strip()).toList()) + "]");
        return out;
    }

    /** An assertion holds when the reply prints as expected; quotes and "(integer)" may be left out. */
    static boolean holds(Reply reply, String expected) {
        String printed = String.join("\n", ReplyFormatter.lines(reply));
        if (printed.equals(expected)) return true;
        if (printed.startsWith("(integer) ") && printed.substring(10).equals(expected)) return true;
        return printed.length() >= 2 && printed.startsWith("\"") && printed.endsWith("\"")
                && printed.substring(1, printed.length() - 1).equals(expected);
    }

    private static List<byte[]> words(String... w) {
        List<byte[]> out = new ArrayList<>();
        for (String s : w) out.add(s.getBytes(StandardCharsets.ISO_8859_1));
        return out;
    }

    /** One client's program counter, variables and retries. */
    private final class ClientRun {
        final String label;
        final List<Step> steps;
        final ClientSession session;
        final Map<String, byte[]> vars = new HashMap<>();
        int pc;
        int lastWatch = -1;
        int retries;
        boolean gaveUp;

        ClientRun(String label, List<Step> steps, ClientSession session) {
            this.label = label;
            this.steps = steps;
            this.session = session;
        }

        boolean done() { return pc >= steps.size(); }

        void after(Step step, Reply reply) {
            if (step.isWatch()) lastWatch = pc;
            if (step.bind() != null) vars.put(step.bind(), valueOf(reply));
            if (step.retry() && reply instanceof Reply.NullArray) {
                if (retries < program.retries()) {
                    retries++;
                    pc = lastWatch;
                    return;
                }
                gaveUp = true;
                pc = steps.size();
                return;
            }
            pc++;
        }

        private static final Pattern EXPRESSION = Pattern.compile("\\{([^{}]*)\\}");

        /** The step's command with each {expression} replaced by its value now. */
        String substitute(Step step) {
            Matcher m = EXPRESSION.matcher(step.template());
            StringBuilder out = new StringBuilder();
            while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(evaluate(m.group(1).strip(), step)));
            m.appendTail(out);
            return out.toString();
        }

        private String evaluate(String expression, Step step) {
            String[] tokens = expression.split("\\s*(?=[-+*])|(?<=[-+*])\\s*");
            if (tokens.length == 1 && !tokens[0].matches("-?\\d+")) {
                byte[] raw = vars.get(tokens[0]);
                if (!vars.containsKey(tokens[0]) && !program.clients().get(label).stream().anyMatch(s -> tokens[0].equals(s.bind()))) {
                    throw new Failure("line " + step.line() + ": " + label + " has no variable " + tokens[0]);
                }
                return raw == null ? "\"\"" : ReplyFormatter.repr(raw);
            }
            long value = 0;
            char op = '+';
            for (String token : tokens) {
                if (token.isEmpty()) continue;
                if (token.length() == 1 && "+-*".indexOf(token.charAt(0)) >= 0) {
                    op = token.charAt(0);
                    continue;
                }
                long operand = number(token, step);
                value = switch (op) {
                    case '-' -> value - operand;
                    case '*' -> value * operand;
                    default -> value + operand;
                };
            }
            return Long.toString(value);
        }

        private long number(String token, Step step) {
            if (token.matches("\\d+")) return Long.parseLong(token);
            byte[] raw = vars.get(token);
            if (raw == null) return 0; // nil reads as 0, as a client's "int(v or 0)"
            Long n = dev.txlab.engine.Numbers.parseLong(raw);
            if (n == null) {
                throw new Failure("line " + step.line() + ": " + label + "'s " + token + " is "
                        + ReplyFormatter.repr(raw) + ", not a number");
            }
            return n;
        }
    }

    private static byte[] valueOf(Reply reply) {
        if (reply instanceof Reply.Bulk b) return b.bytes();
        if (reply instanceof Reply.Int i) return Bytes.ascii(i.value());
        if (reply instanceof Reply.Simple s) return s.text().getBytes(StandardCharsets.UTF_8);
        if (reply instanceof Reply.NullBulk || reply instanceof Reply.NullArray) return null;
        return String.join("\n", ReplyFormatter.lines(reply)).getBytes(StandardCharsets.UTF_8);
    }
}
