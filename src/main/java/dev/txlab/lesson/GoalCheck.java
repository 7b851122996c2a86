package dev.txlab.lesson;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.engine.table.Flag;
import dev.txlab.engine.table.KeyFinder;
import dev.txlab.engine.table.KeySpec.KeyFlag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows one attempt at a task. The setup's commands ({@link #setup}) and then every command the
 * learner runs ({@link #saw}) are kept with their replies; from the replies alone (so that it
 * works the same on a real server) it follows each client's transaction and watches, and turns
 * an EXEC's array back into the replies of the commands it ran. {@link #verdict} then matches the
 * goal's conditions against that history: commands in the order the goal's stages ask, the
 * transaction conditions all about one transaction, and the state asked afresh.
 */
public final class GoalCheck {

    /** A command the learner ran and the reply lines it printed. */
    public record Ran(String label, List<byte[]> argv, List<String> reply) {}

    /** Asks the database something on a separate connection; returns the reply lines. */
    public interface Probe {
        List<String> ask(List<byte[]> argv) throws IOException;
    }

    /**
     * Where an attempt stands.
     *
     * @param unmet  the first condition that does not hold, or empty when the goal is reached
     * @param broken true when {@code unmet} can no longer be met, whatever comes next (only
     *               {@code :reset} helps)
     */
    public record Verdict(Optional<Goal.Condition> unmet, boolean broken) {
        public boolean reached() { return unmet.isEmpty(); }
    }

    /** The label the probe's own connection uses; it closes again after each question. */
    public static final String PROBE_LABEL = "txlab-goal";

    /** Past this many steps the search for a match gives up (a history of hundreds of look-alike commands). */
    static final int SEARCH_BUDGET = 200_000;

    private final Goal goal;
    private final List<Ran> setup = new ArrayList<>();
    private final List<Ran> history = new ArrayList<>();

    public GoalCheck(Goal goal) {
        this.goal = goal;
    }

    /** Records a command of the task's setup: it opens transactions and watches, but meets nothing. */
    public void setup(Ran ran) { setup.add(ran); }

    /** Records a command the learner ran. */
    public void saw(Ran ran) { history.add(ran); }

    /** The first condition that does not hold yet, or empty when the goal is reached. */
    public Optional<Goal.Condition> firstUnmet(Probe probe) throws IOException {
        return verdict(probe).unmet();
    }

    /** Whether the goal holds now, and if not, the first part missing and whether it can still be reached. */
    public Verdict verdict(Probe probe) throws IOException {
        Timeline t = new Timeline(setup, history);
        List<Goal.Condition> conditions = goal.conditions();
        // Broken for good first: no command can undo a write that was not allowed.
        for (Goal.Condition c : conditions) {
            if (c.kind().permanent() && violated(c, t)) return new Verdict(Optional.of(c), true);
        }
        Optional<Goal.Condition> order = new Search(conditions, t).firstUnmet();
        if (order.isPresent()) return new Verdict(order, false);
        for (Goal.Condition c : conditions) {
            if (c.kind() == Goal.Kind.ONCE && count(c, t) == 0) return new Verdict(Optional.of(c), false);
            if (c.kind() == Goal.Kind.SCRIPTED && !scriptNamed(c, t)) return new Verdict(Optional.of(c), false);
            if (c.kind() == Goal.Kind.CLOSED && t.leftOpen(c.label())) return new Verdict(Optional.of(c), false);
        }
        for (Goal.Condition c : conditions) {
            if (c.kind() == Goal.Kind.STATE && !replyMatches(c.expected(), probe.ask(c.argv()))) {
                return new Verdict(Optional.of(c), false);
            }
        }
        return new Verdict(Optional.empty(), false);
    }

    // ---- the history, as events ---------------------------------------------------------------

    /**
     * One command as the goal sees it: either what the client sent and saw answered
     * ({@code entry == false}), or one command of a transaction as EXEC ran it ({@code entry}),
     * with its entry of EXEC's array as its reply. {@code order} places it in time: the learner's
     * n-th command is n * 1000, and the entries of an EXEC come right after it.
     */
    record Event(long order, boolean entry, String label, List<byte[]> argv, List<String> reply, int tx, Set<String> watching) {
        /** It took effect: not a command that was only queued. */
        boolean ran() { return entry || !(reply.size() == 1 && reply.get(0).equals("QUEUED")); }

        String name() { return Bytes.lowerAscii(argv.get(0)); }
    }

    /** A MULTI ... EXEC/DISCARD of one client; {@code end} is the index of the event that ended it, or -1. */
    static final class Tx {
        final int id;
        final String label;
        final List<Integer> queued = new ArrayList<>();
        int end = -1;
        /** Each key watched at EXEC (or DISCARD), with the order of the WATCH that started watching it (negative: the setup's). */
        Map<String, Long> watchedSince = Map.of();

        Tx(int id, String label) {
            this.id = id;
            this.label = label;
        }
    }

    /** The setup and the learner's commands replayed through per-client transaction and watch state. */
    static final class Timeline {
        final List<Event> events = new ArrayList<>();
        final List<Tx> txs = new ArrayList<>();
        private final Map<String, Tx> open = new HashMap<>();
        /** Per client, the keys it watches and when each began to be watched (a second WATCH of it changes nothing). */
        private final Map<String, Map<String, Long>> watched = new HashMap<>();
        /** Queued argv of an open transaction started in the setup (its QUEUED events are not the learner's). */
        private final Map<Integer, List<List<byte[]>>> setupQueued = new HashMap<>();

        /** The setup's own commands (not EXEC's entries), before every learner's: only changed> looks at them. */
        final List<Event> setupEvents = new ArrayList<>();
        /** The order of the setup command being added: negative, so before the learner's first. */
        private long setupOrder;

        Timeline(List<Ran> setup, List<Ran> history) {
            for (int i = 0; i < setup.size(); i++) {
                setupOrder = (i - setup.size()) * 1000L;
                add(setup.get(i), -1);
            }
            for (int i = 0; i < history.size(); i++) add(history.get(i), i);
        }

        private void add(Ran r, int position) {
            if (r.argv().isEmpty()) return;
            boolean learner = position >= 0;
            String name = Bytes.lowerAscii(r.argv().get(0));
            List<String> reply = r.reply();
            boolean ok = reply.size() == 1 && reply.get(0).equals("OK");
            Tx tx = open.get(r.label());
            Map<String, Long> since = watched.computeIfAbsent(r.label(), k -> new LinkedHashMap<>());
            int index = events.size();
            if (learner) events.add(new Event(position * 1000L, false, r.label(), r.argv(), reply, tx == null ? -1 : tx.id, Set.copyOf(since.keySet())));
            else setupEvents.add(new Event(setupOrder, false, r.label(), r.argv(), reply, tx == null ? -1 : tx.id, Set.copyOf(since.keySet())));
            if (tx != null) {
                switch (name) {
                    case "exec" -> {
                        List<List<byte[]>> queuedArgv = new ArrayList<>(setupQueued.getOrDefault(tx.id, List.of()));
                        for (int q : tx.queued) queuedArgv.add(events.get(q).argv());
                        List<List<String>> entries = elements(reply);
                        if (learner) {
                            for (int i = 0; i < Math.min(entries.size(), queuedArgv.size()); i++) {
                                events.add(new Event(position * 1000L + 1 + i, true, r.label(), queuedArgv.get(i), entries.get(i), tx.id, Set.of()));
                            }
                        }
                        close(tx, learner ? index : -1, since);
                    }
                    case "discard", "quit", "reset" -> close(tx, learner ? index : -1, since);
                    default -> {
                        if (reply.size() == 1 && reply.get(0).equals("QUEUED")) {
                            if (learner) tx.queued.add(index);
                            else setupQueued.computeIfAbsent(tx.id, k -> new ArrayList<>()).add(r.argv());
                        }
                    }
                }
                return;
            }
            switch (name) {
                case "multi" -> {
                    if (ok) {
                        Tx t = new Tx(txs.size(), r.label());
                        txs.add(t);
                        open.put(r.label(), t);
                    }
                }
                case "watch" -> {
                    if (ok) {
                        for (int i = 1; i < r.argv().size(); i++) {
                            String key = latin1(r.argv().get(i));
                            since.putIfAbsent(key, learner ? position * 1000L : setupOrder);
                        }
                    }
                }
                case "unwatch", "quit", "reset" -> since.clear();
                default -> { }
            }
        }

        /** A transaction (of this client's, or of anyone's for null) still open: its queue waits for an EXEC. */
        boolean leftOpen(String label) {
            return label == null ? !open.isEmpty() : open.containsKey(label);
        }

        private void close(Tx tx, int endIndex, Map<String, Long> since) {
            tx.end = endIndex;
            tx.watchedSince = Map.copyOf(since);
            since.clear();
            open.remove(tx.label);
        }
    }

    private static final Pattern TOP = Pattern.compile("( *)(\\d+)\\) (.*)", Pattern.DOTALL);

    /**
     * The elements of an array as redis-cli prints it, each as the lines it would print alone;
     * empty for anything that is not a non-empty array ((nil), an error, (empty array)).
     */
    static List<List<String>> elements(List<String> lines) {
        if (lines.isEmpty()) return List.of();
        Matcher first = TOP.matcher(lines.get(0));
        if (!first.matches()) return List.of();
        int width = first.group(1).length() + first.group(2).length();
        List<List<String>> out = new ArrayList<>();
        for (String line : lines) {
            boolean top = line.length() > width + 1 && line.charAt(width) == ')'
                    && line.substring(0, width).strip().matches("\\d+") && line.charAt(width + 1) == ' ';
            if (top) {
                out.add(new ArrayList<>(List.of(line.substring(width + 2))));
            } else if (!out.isEmpty()) {
                String indent = " ".repeat(width + 2);
                out.get(out.size() - 1).add(line.startsWith(indent) ? line.substring(width + 2) : line.strip());
            }
        }
        return out;
    }

    // ---- matching -----------------------------------------------------------------------------

    /**
     * Matches the goal's command conditions, in the order written, to events: each after every
     * event of the earlier stages, those about the transaction all in one transaction. A
     * backtracking search (the histories are short); the first condition no search gets past is
     * what is missing.
     */
    private static final class Search {
        private final List<Goal.Condition> conditions = new ArrayList<>();
        private final Timeline t;
        private final boolean needsTx;
        private int deepest;
        private int budget = SEARCH_BUDGET;

        Search(List<Goal.Condition> all, Timeline t) {
            boolean tx = false;
            for (Goal.Condition c : all) {
                if (c.kind().event || c.kind() == Goal.Kind.WATCHED || c.kind() == Goal.Kind.CHANGED) conditions.add(c);
                if (c.kind().aboutTransaction()) tx = true;
            }
            this.t = t;
            this.needsTx = tx;
        }

        Optional<Goal.Condition> firstUnmet() {
            if (conditions.isEmpty()) return Optional.empty();
            if (!needsTx) {
                if (search(0, null, -1, -1, -1, -1)) return Optional.empty();
            } else {
                for (Tx tx : t.txs) {
                    if (search(0, tx, -1, -1, -1, -1)) return Optional.empty();
                }
            }
            return Optional.of(conditions.get(Math.min(deepest, conditions.size() - 1)));
        }

        /**
         * @param floor     events of this stage must come after this order
         * @param stageMax  the latest order matched in the current stage
         * @param stage     the current stage
         * @param previous  the index of the event matched by the previous command condition
         */
        private boolean search(int i, Tx tx, long floor, long stageMax, int stage, int previous) {
            deepest = Math.max(deepest, i);
            if (i == conditions.size()) return true;
            if (--budget < 0) return false;
            Goal.Condition c = conditions.get(i);
            if (c.kind() == Goal.Kind.WATCHED) {
                boolean holds = tx != null && tx.end >= 0 && t.events.get(tx.end).name().equals("exec")
                        && tx.watchedSince.containsKey(latin1(c.argv().get(0)));
                return holds && search(i + 1, tx, floor, stageMax, stage, previous);
            }
            if (c.kind() == Goal.Kind.CHANGED) {
                boolean holds = tx != null && tx.end >= 0 && t.events.get(tx.end).name().equals("exec") && changedWhileWatched(c, tx, t);
                return holds && search(i + 1, tx, floor, stageMax, stage, previous);
            }
            long f = floor;
            long m = stageMax;
            if (c.stage() > stage) {
                f = Math.max(floor, stageMax);
                m = -1;
            }
            for (int e = 0; e < t.events.size(); e++) {
                Event ev = t.events.get(e);
                if (ev.order() <= f) continue;
                if (!matches(c, ev, e, tx, previous)) continue;
                if (search(i + 1, tx, f, Math.max(m, ev.order()), Math.max(stage, c.stage()), e)) return true;
                if (budget < 0) return false;
            }
            return false;
        }

        private boolean matches(Goal.Condition c, Event ev, int index, Tx tx, int previous) {
            if (c.label() != null && !c.label().equals(ev.label())) return false;
            switch (c.kind()) {
                case REPLIED -> {
                    return !ev.entry() && commandMatches(c, ev) && replyFits(c.expected(), ev.reply());
                }
                case WATCHING -> {
                    return !ev.entry() && commandMatches(c, ev) && replyFits(c.expected(), ev.reply()) && watchesItsKeys(ev);
                }
                case INSIDE -> {
                    return !ev.entry() && ev.tx() == tx.id && index != tx.end && commandMatches(c, ev)
                            && replyFits(c.expected(), ev.reply());
                }
                case EXEC -> {
                    return ev.entry() && ev.tx() == tx.id && commandMatches(c, ev) && replyFits(c.expected(), ev.reply());
                }
                case ENDED -> {
                    return index == tx.end && commandMatches(c, ev) && replyFits(c.expected(), ev.reply());
                }
                case RERUN -> {
                    if (previous < 0 || ev.entry()) return false;
                    Event before = t.events.get(previous);
                    return ev.order() > before.order() && sameCommand(before.argv(), ev.argv()) && replyFits(c.expected(), ev.reply());
                }
                default -> {
                    return false;
                }
            }
        }
    }

    /**
     * A command (of the condition's client) wrote the key after the transaction's client began to watch it, before
     * its EXEC; a write of the setup's counts too, when it came after a WATCH of the setup's.
     */
    static boolean changedWhileWatched(Goal.Condition c, Tx tx, Timeline t) {
        Long from = tx.watchedSince.get(latin1(c.argv().get(0)));
        if (from == null) return false;
        long exec = t.events.get(tx.end).order();
        List<Event> all = new ArrayList<>(t.setupEvents);
        all.addAll(t.events);
        for (Event e : all) {
            if (e.order() <= from || e.order() >= exec) continue;
            if (c.label() != null && !c.label().equals(e.label())) continue;
            if (writes(e, c.argv().get(0), true)) return true;
        }
        return false;
    }

    /** The command names at least one key, and its client watched every one of them when it sent it. */
    static boolean watchesItsKeys(Event ev) {
        CommandSpec spec = CommandTable.standard().lookup(ev.argv()).spec();
        if (spec == null) return false;
        boolean any = false;
        for (KeyFinder.KeyRef ref : KeyFinder.find(spec, ev.argv())) {
            if (ref.position() >= ev.argv().size()) continue;
            if (!ev.watching().contains(latin1(ev.argv().get(ref.position())))) return false;
            any = true;
        }
        return any;
    }

    /** The command's name in any case, and its first arguments exactly. */
    static boolean commandMatches(Goal.Condition c, Event ev) {
        return prefixMatches(c.argv(), ev.argv());
    }

    static boolean prefixMatches(List<byte[]> want, List<byte[]> got) {
        if (got.size() < want.size()) return false;
        for (int i = 0; i < want.size(); i++) {
            boolean same = i == 0 ? Bytes.lowerAscii(want.get(i)).equals(Bytes.lowerAscii(got.get(i))) : Arrays.equals(want.get(i), got.get(i));
            if (!same) return false;
        }
        return true;
    }

    static boolean sameCommand(List<byte[]> a, List<byte[]> b) {
        return a.size() == b.size() && prefixMatches(a, b);
    }

    /** With expected lines: exactly those; without: anything but an error. */
    static boolean replyFits(List<String> expected, List<String> reply) {
        return expected.isEmpty() ? !isError(reply) : replyMatches(expected, reply);
    }

    // ---- conditions about the whole attempt ---------------------------------------------------

    private static boolean violated(Goal.Condition c, Timeline t) {
        return switch (c.kind()) {
            case NEVER -> count(c, t) > 0;
            case ONCE -> count(c, t) > 1;
            case UNTOUCHED -> t.events.stream().anyMatch(e -> (c.label() == null || c.label().equals(e.label()))
                    && writes(e, c.argv().get(0), true));
            case SCRIPTED -> t.events.stream().anyMatch(e -> !isScript(e.argv()) && writes(e, c.argv().get(0), false));
            default -> false;
        };
    }

    /** How many of the learner's commands that took effect match a never> or once> condition. */
    private static int count(Goal.Condition c, Timeline t) {
        int n = 0;
        for (Event e : t.events) {
            if (!e.ran()) continue;
            if (c.label() != null && !c.label().equals(e.label())) continue;
            if (prefixMatches(c.argv(), e.argv()) && (c.expected().isEmpty() || replyMatches(c.expected(), e.reply()))) n++;
        }
        return n;
    }

    /** A script that ran (on its own or inside EXEC) and names the key in its KEYS. */
    private static boolean scriptNamed(Goal.Condition c, Timeline t) {
        for (Event e : t.events) {
            if (e.ran() && isScript(e.argv()) && keysWritten(e.argv()).stream().anyMatch(k -> Arrays.equals(k, c.argv().get(0)))) return true;
        }
        return false;
    }

    private static final Set<String> SCRIPTS = Set.of("eval", "evalsha", "fcall");
    private static final Set<String> EVERY_KEY = Set.of("flushall", "flushdb", "swapdb");

    static boolean isScript(List<byte[]> argv) {
        return SCRIPTS.contains(Bytes.lowerAscii(argv.get(0)));
    }

    /**
     * Whether the event wrote {@code key}: a command that took effect (not only queued; a plain
     * command that answered an error wrote nothing, a script may have written before failing),
     * that writes, and names the key as one it changes. FLUSHALL and FLUSHDB write every key.
     */
    static boolean writes(Event e, byte[] key, boolean scriptsCount) {
        if (!e.ran()) return false;
        if (!e.entry() && e.tx() >= 0) return false; // sent while queueing: EXEC, DISCARD, an error
        boolean script = isScript(e.argv());
        if (script && !scriptsCount) return false;
        if (!script && isError(e.reply())) return false;
        if (EVERY_KEY.contains(Bytes.lowerAscii(e.argv().get(0)))) return true;
        for (byte[] k : keysWritten(e.argv())) if (Arrays.equals(k, key)) return true;
        return false;
    }

    /** The keys a command line changes, as Redis's key specs say (RW, OW, RM); a script's are its KEYS. */
    static List<byte[]> keysWritten(List<byte[]> argv) {
        CommandSpec spec = CommandTable.standard().lookup(argv).spec();
        if (spec == null) return List.of();
        if (!spec.has(Flag.WRITE) && !isScript(argv)) return List.of();
        List<byte[]> out = new ArrayList<>();
        for (KeyFinder.KeyRef ref : KeyFinder.find(spec, argv)) {
            Set<KeyFlag> f = ref.flags();
            boolean changes = f.contains(KeyFlag.RW) || f.contains(KeyFlag.OW) || f.contains(KeyFlag.RM) || isScript(argv);
            if (changes && ref.position() < argv.size()) out.add(argv.get(ref.position()));
        }
        return out;
    }

    /**
     * Reply lines as a goal expects them: line by line, exactly, except that an expected line
     * ending in {@code *} matches any line that starts with the text before it (an error that
     * names a script's SHA, say).
     */
    static boolean replyMatches(List<String> expected, List<String> actual) {
        if (expected.size() != actual.size()) return false;
        for (int i = 0; i < expected.size(); i++) {
            String want = expected.get(i);
            String got = actual.get(i);
            boolean ok = want.endsWith("*") ? got.startsWith(want.substring(0, want.length() - 1)) : want.equals(got);
            if (!ok) return false;
        }
        return true;
    }

    /** A reply that is an error as a whole (not an EXEC array holding one). */
    static boolean isError(List<String> reply) {
        return reply.size() == 1 && reply.get(0).startsWith("(error) ");
    }

    private static String latin1(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }
}
