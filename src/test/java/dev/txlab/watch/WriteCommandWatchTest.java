package dev.txlab.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.support.RedisServer;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.Tracer;
import dev.txlab.transcript.EngineTarget;
import dev.txlab.transcript.Target;
import dev.txlab.watch.WatchRecipes.Kind;
import dev.txlab.watch.WatchRecipes.Line;
import dev.txlab.watch.WatchRecipes.Recipe;
import dev.txlab.watch.WatchRecipes.Variant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WATCH over every write command, generated from the command table and the recipes in
 * {@code src/test/resources/watch/write-commands.txt}. For each variant of each write command
 * (a real change, a no-op, an error) and each choice of watched keys (every key the command
 * names on its own, all of them, and a bystander key it does not name), client A watches, client
 * B runs the command, and A runs MULTI / PING / EXEC, on the engine and on a real redis-server:
 * whether EXEC aborts, every reply, and the data afterwards must be identical.
 *
 * <p>The guard cannot shrink silently: every write command in the engine's table needs a recipe,
 * every recipe names a write command (of the engine, or of Redis 7.0.15 while the engine lacks
 * it: those are listed as pending), and each recipe's kind is checked on the real server.
 */
class WriteCommandWatchTest {
    static final CommandTable TABLE = CommandTable.standard();
    static final List<Recipe> RECIPES = WatchRecipes.load();
    /** Set in every case before the recipe's setup; no recipe names it. */
    static final String BYSTANDER = "bystander";
    /** The databases recipes use; the data compared afterwards is theirs. */
    static final int DATABASES = 2;

    // ---- which recipes run -------------------------------------------------------------------

    /** The engine's row for a recipe's command (function|load: FUNCTION's LOAD), or null. */
    static CommandSpec engineSpec(String name) { return TABLE.byFullName(name); }

    /** Whether the engine simulates a command (every Redis command is in its table; some answer "not yet"). */
    static boolean simulated(CommandSpec spec) { return spec != null && spec.isSimulated(); }

    /** Why a variant cannot run on the engine yet (a command it needs is not simulated), or null. */
    static String pendingReason(Variant v) {
        if (!simulated(engineSpec(v.recipe().name()))) return v.recipe().displayName() + " is not simulated by the engine yet";
        for (Line l : v.preparation()) {
            if (!simulated(TABLE.lookup(l.argv()).spec())) return "its setup needs " + l.text();
        }
        return null;
    }

    static List<Recipe> pendingRecipes() {
        return RECIPES.stream().filter(r -> !simulated(engineSpec(r.name()))).toList();
    }

    @BeforeAll
    static void sayWhatIsPending() {
        List<Recipe> pending = pendingRecipes();
        System.err.println("WATCH test: " + pending.size() + " write commands pending in the engine: "
                + String.join(", ", pending.stream().map(Recipe::displayName).toList()));
        for (Recipe r : RECIPES) {
            if (!simulated(engineSpec(r.name()))) continue;
            for (Variant v : r.variants()) {
                String why = pendingReason(v);
                if (why != null) System.err.println("WATCH test: pending variant " + v.title() + ": " + why);
            }
        }
    }

    // ---- the cases ----------------------------------------------------------------------------

    /** One run: a variant, and what A watches, in which database. */
    record Case(Variant variant, int db, List<String> watched, String watching) {
        @Override public String toString() { return variant.title() + " watching " + watching; }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Recipe r : RECIPES) {
            for (Variant v : r.variants()) {
                if (pendingReason(v) != null) continue;
                int db = v.watch() == null ? 0 : v.watch().db();
                List<String> keys = new ArrayList<>(new LinkedHashSet<>(v.watch() != null ? v.watch().keys()
                        : TABLE.keysOf(v.command().argv()).stream().map(Key::toString).toList()));
                String inDb = db == 0 ? "" : " in db " + db;
                for (String k : keys) cases.add(new Case(v, db, List.of(k), k + inDb));
                if (keys.size() > 1) cases.add(new Case(v, db, keys, String.join(" ", keys) + inDb));
                cases.add(new Case(v, 0, List.of(BYSTANDER), BYSTANDER + " (a key the command does not name)"));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void execAbortsOnTheEngineExactlyWhenItAbortsOnRedis(Case c) throws IOException {
        RedisServer server = RedisServer.get();
        Tracer.Recorder recorder = new Tracer.Recorder();
        Engine engine = new Engine(new Clock.ManualClock(System.currentTimeMillis()));
        engine.setTracer(recorder);
        Play onEngine;
        try (EngineTarget target = new EngineTarget(engine)) {
            onEngine = new Play(target, recorder, null);
            onEngine.watchCase(c);
        }
        fresh(server);
        Play onRedis;
        try (RemoteTarget target = new RemoteTarget(server.uri(), 10_000)) {
            onRedis = new Play(target, null, onEngine.unordered);
            onRedis.watchCase(c);
        }
        if (!onRedis.log.toString().equals(onEngine.log.toString())) {
            fail(c + "\n" + sideBySide(onRedis.log.toString(), onEngine.log.toString()));
        }
    }

    // ---- the guard cannot shrink ---------------------------------------------------------------

    @Test
    void everyWriteCommandOfTheEngineHasARecipeAndEveryRecipeNamesAWriteCommand() {
        Set<String> recipes = new TreeSet<>();
        for (Recipe r : RECIPES) {
            assertTrue(recipes.add(r.name()), "two recipes for " + r.displayName());
        }
        List<String> missing = new ArrayList<>();
        for (CommandSpec spec : TABLE.all()) {
            List<CommandSpec> rows = new ArrayList<>();
            rows.add(spec);
            rows.addAll(spec.subcommands().values());
            for (CommandSpec row : rows) {
                if (row.has(Flag.WRITE) && !recipes.contains(row.name())) missing.add(row.displayName());
            }
        }
        assertEquals(List.of(), missing, "write commands of the engine without a recipe in " + WatchRecipes.RESOURCE);
        List<String> notWrite = new ArrayList<>();
        for (Recipe r : RECIPES) {
            CommandSpec spec = engineSpec(r.name());
            if (spec != null && !spec.has(Flag.WRITE)) notWrite.add(r.displayName());
        }
        assertEquals(List.of(), notWrite, "recipes for commands the engine does not flag write");
    }

    @Test
    void everyRecipeIsComplete() {
        for (Recipe r : RECIPES) {
            String where = WatchRecipes.RESOURCE + ":" + r.line() + " " + r.displayName();
            assertTrue(!r.variants().isEmpty(), where + ": no variant");
            boolean changes = r.variants().stream().anyMatch(v -> v.kind() == Kind.CHANGE);
            assertTrue(changes || r.noChangeBecause() != null, where + ": no change variant, and no `no change:` saying why");
            assertTrue(!changes || r.noChangeBecause() == null, where + ": has a change variant, yet says `no change:`");
            for (Variant v : r.variants()) {
                List<byte[]> argv = v.command().argv();
                String named = Bytes.lowerAscii(argv.get(0));
                if (r.name().contains("|") && argv.size() > 1) named += "|" + Bytes.lowerAscii(argv.get(1));
                assertEquals(r.name(), named, WatchRecipes.RESOURCE + ":" + v.command().number() + ": a variant of another command");
            }
        }
    }

    @Test
    void theRecipesAreExactlyTheWriteCommandsOfRedis() throws IOException {
        RedisServer server = RedisServer.get();
        Set<String> redis = new TreeSet<>();
        try (var c = server.connect()) {
            Reply all = c.call(List.of(Bytes.utf8("COMMAND")));
            for (Reply info : ((Reply.Array) all).elements()) collectWriteCommands((Reply.Array) info, redis);
        }
        Set<String> recipes = new TreeSet<>(RECIPES.stream().map(Recipe::name).toList());
        Set<String> withoutRecipe = new TreeSet<>(redis);
        withoutRecipe.removeAll(recipes);
        Set<String> notRedisWrite = new TreeSet<>(recipes);
        notRedisWrite.removeAll(redis);
        assertEquals(Set.of(), withoutRecipe, "write commands of redis-server " + server.version() + " without a recipe");
        assertEquals(Set.of(), notRedisWrite, "recipes for commands redis-server " + server.version() + " does not flag write");
    }

    private static void collectWriteCommands(Reply.Array info, Set<String> out) {
        List<Reply> e = info.elements();
        String name = new String(((Reply.Bulk) e.get(0)).bytes(), java.nio.charset.StandardCharsets.UTF_8);
        for (Reply flag : ((Reply.Array) e.get(2)).elements()) {
            if (flag instanceof Reply.Simple s && s.text().equals("write")) out.add(name);
        }
        if (e.size() > 9 && e.get(9) instanceof Reply.Array subs) {
            for (Reply sub : subs.elements()) collectWriteCommands((Reply.Array) sub, out);
        }
    }

    static Stream<Variant> allVariants() {
        return RECIPES.stream().flatMap(r -> r.variants().stream());
    }

    /**
     * Each variant does on the real server what its kind says: a change changes the data, a
     * no-op leaves it as it was and answers no error, an error answers one and changes nothing.
     * Pending commands are checked too, so their recipes are right when the engine gets them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allVariants")
    void theRecipeIsTrueOnRedis(Variant v) throws IOException {
        RedisServer server = RedisServer.get();
        fresh(server);
        try (RemoteTarget target = new RemoteTarget(server.uri(), 10_000)) {
            Play play = new Play(target, null, null);
            play.prepare(v);
            String before = play.data(true);
            Reply reply = play.b(v);
            String after = play.data(true);
            String context = v.title() + "\n" + play.log;
            assertEquals(null, play.failedPreparation, "the setup failed\n" + context);
            switch (v.kind()) {
                case CHANGE -> {
                    assertTrue(!(reply instanceof Reply.Error), "a change answered an error\n" + context);
                    assertTrue(!before.equals(after), "a change left the data as it was\n" + context);
                }
                case NO_OP -> {
                    assertTrue(!(reply instanceof Reply.Error), "a no-op answered an error\n" + context);
                    assertEquals(before, after, "a no-op changed the data\n" + context);
                }
                case ERROR -> {
                    assertTrue(reply instanceof Reply.Error, "an error variant did not fail\n" + context);
                    assertEquals(before, after, "a failed command changed the data\n" + context);
                }
            }
        } finally {
            fresh(server);
        }
    }

    /** A fresh server, and no function library left for the next test (FLUSHALL keeps them). */
    static void fresh(RedisServer server) throws IOException {
        server.reset();
        try (var c = server.connect()) {
            c.call(List.of(Bytes.utf8("FUNCTION"), Bytes.utf8("FLUSH")));
        }
    }

    // ---- keysOf is what the cases watch: it must name what Redis names ----------------------------

    @Test
    void keysOfNamesTheKeysRedisNames() throws IOException {
        RedisServer server = RedisServer.get();
        Map<String, String> gaps = new TreeMap<>();
        try (var c = server.connect()) {
            for (Recipe r : RECIPES) { // every recipe: the table knows every command's keys
                for (Variant v : r.variants()) {
                    List<byte[]> argv = new ArrayList<>();
                    argv.add(Bytes.utf8("COMMAND"));
                    argv.add(Bytes.utf8("GETKEYS"));
                    argv.addAll(v.command().argv());
                    Reply reply = c.call(argv);
                    // a line of the wrong arity is refused before any key is looked for
                    if (reply instanceof Reply.Error e && e.message().contains("Invalid number of arguments")) continue;
                    List<String> redis = new ArrayList<>();
                    if (reply instanceof Reply.Array a) {
                        for (Reply k : a.elements()) redis.add(new String(((Reply.Bulk) k).bytes(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                    List<String> engine = TABLE.keysOf(v.command().argv()).stream().map(Key::toString).distinct().toList();
                    redis = redis.stream().distinct().toList(); // WATCH takes a key once
                    if (!redis.equals(engine)) gaps.put(v.command().text(), "redis " + redis + ", keysOf " + engine);
                }
            }
        }
        assertEquals(Map.of(), gaps, "keysOf differs from COMMAND GETKEYS");
    }

    // ---- playing a case on a target ---------------------------------------------------------------

    /**
     * Sends a case's commands to one target, logging each as a transcript ("A> WATCH k" and the
     * reply as redis-cli prints it), so two targets are compared by their logs.
     */
    static final class Play {
        final Target target;
        final Tracer.Recorder recorder;
        /** Steps whose reply order Redis leaves undefined (the engine says so in its trace). */
        final List<Boolean> unordered;
        final boolean recording;
        final StringBuilder log = new StringBuilder();
        int step;
        /** The first setup line that answered an error: a recipe that does not set up what it says. */
        String failedPreparation;

        Play(Target target, Tracer.Recorder recorder, List<Boolean> unorderedOnEngine) {
            this.target = target;
            this.recorder = recorder;
            this.recording = unorderedOnEngine == null;
            this.unordered = recording ? new ArrayList<>() : unorderedOnEngine;
        }

        Reply send(String label, List<byte[]> argv, String text, boolean logged) throws IOException {
            if (recorder != null) recorder.drain();
            Reply reply = target.send(label, argv).resp2(); // the clients here speak RESP2
            boolean undefinedOrder;
            if (recording) {
                undefinedOrder = recorder != null && recorder.events().stream().anyMatch(e -> e instanceof TraceEvent.ReplyOrderUndefined);
                unordered.add(undefinedOrder);
            } else {
                undefinedOrder = step < unordered.size() && unordered.get(step);
            }
            step++;
            if (logged) {
                log.append(label).append("> ").append(text).append('\n');
                Reply shown = undefinedOrder ? canonical(reply) : reply;
                for (String l : ReplyFormatter.lines(shown)) log.append(ReplyFormatter.forDisplay(l)).append('\n');
            }
            return reply;
        }

        Reply send(String label, Line line) throws IOException {
            return send(label, line.argv(), line.text(), true);
        }

        Reply send(String label, String... argv) throws IOException {
            return send(label, Arrays.stream(argv).map(Bytes::utf8).toList(), String.join(" ", argv), true);
        }

        /** The bystander, the recipe's setup, the variant's own setup (client S). */
        void prepare(Variant v) throws IOException {
            send("S", "SET", BYSTANDER, "x");
            for (Line l : v.recipe().setup()) prepared(send("S", l), l);
            for (Line l : v.with()) prepared(send("S", l), l);
        }

        /** B runs what it must first (SELECT), then the command; its reply. */
        Reply b(Variant v) throws IOException {
            for (Line l : v.first()) prepared(send("B", l), l);
            return send("B", v.command());
        }

        private void prepared(Reply reply, Line line) {
            if (reply instanceof Reply.Error e && failedPreparation == null) {
                failedPreparation = WatchRecipes.RESOURCE + ":" + line.number() + ": " + line.text() + " answered " + e.message();
            }
        }

        void watchCase(Case c) throws IOException {
            prepare(c.variant());
            if (c.db() != 0) send("A", "SELECT", Integer.toString(c.db()));
            List<String> watch = new ArrayList<>();
            watch.add("WATCH");
            watch.addAll(c.watched());
            send("A", watch.toArray(String[]::new));
            b(c.variant());
            send("A", "MULTI");
            send("A", "PING");
            send("A", "EXEC");
            log.append(data(false));
        }

        /**
         * The data of databases 0 and 1, read by client Z without DUMP: each key with its type,
         * value (members sorted where Redis leaves the order open) and TTL in seconds. With
         * {@code functions} (on a real server only), the function libraries too.
         */
        String data(boolean functions) throws IOException {
            StringBuilder out = new StringBuilder();
            for (int db = 0; db < DATABASES; db++) {
                read("SELECT", Integer.toString(db));
                List<String> keys = new ArrayList<>();
                for (Reply k : ((Reply.Array) read("KEYS", "*")).elements()) keys.add(text(k));
                keys.sort(null);
                for (String key : keys) {
                    String type = ((Reply.Simple) read("TYPE", key)).text();
                    Reply value = switch (type) {
                        case "string" -> read("GET", key);
                        case "list" -> read("LRANGE", key, "0", "-1");
                        case "set" -> canonical(read("SMEMBERS", key));
                        case "hash" -> sortedPairs(read("HGETALL", key));
                        case "zset" -> read("ZRANGE", key, "0", "-1", "WITHSCORES");
                        case "stream" -> read("XINFO", "STREAM", key, "FULL");
                        default -> Reply.bulk("(a " + type + ")");
                    };
                    String shown = String.join(" ", ReplyFormatter.lines(value));
                    // a stream's seen-time and delivery-time are clock readings (ms since 1970), never equal on two servers
                    if (type.equals("stream")) shown = shown.replaceAll("\\(integer\\) 1\\d{12}\\b", "(integer) <a time>");
                    out.append("db").append(db).append(' ').append(key).append(" (").append(type).append(") ")
                            .append(shown).append(" ttl ")
                            .append(ttl(((Reply.Int) read("TTL", key)).value())).append('\n');
                }
            }
            if (functions) out.append("functions: ").append(String.join(" ", ReplyFormatter.lines(read("FUNCTION", "LIST", "WITHCODE")))).append('\n');
            return out.toString();
        }

        /** -1 or -2 as they are; a TTL to 10 seconds, so the clocks of engine and server may differ by some ms. */
        private static String ttl(long seconds) {
            return seconds < 0 ? Long.toString(seconds) : "~" + Math.round(seconds / 10.0) * 10 + "s";
        }

        private Reply read(String... argv) throws IOException {
            return send("Z", Arrays.stream(argv).map(Bytes::utf8).toList(), String.join(" ", argv), false);
        }

        private static String text(Reply r) {
            return new String(((Reply.Bulk) r).bytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        private static Reply sortedPairs(Reply hgetall) {
            List<Reply> flat = ((Reply.Array) hgetall).elements();
            TreeMap<String, Reply[]> pairs = new TreeMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                pairs.put(ReplyFormatter.format(flat.get(i)), new Reply[] {flat.get(i), flat.get(i + 1)});
            }
            List<Reply> out = new ArrayList<>();
            for (Reply[] p : pairs.values()) out.addAll(List.of(p));
            return Reply.array(out);
        }
    }

    /** An unordered reply in a comparable form: every array of plain strings sorted. */
    static Reply canonical(Reply reply) {
        if (!(reply instanceof Reply.Array a)) return reply;
        List<Reply> elements = new ArrayList<>();
        for (Reply e : a.elements()) elements.add(canonical(e));
        if (elements.stream().allMatch(e -> e instanceof Reply.Bulk)) {
            elements.sort((x, y) -> Arrays.compareUnsigned(((Reply.Bulk) x).bytes(), ((Reply.Bulk) y).bytes()));
        }
        return Reply.array(elements);
    }

    /** The two logs, the real server's on the left, marking the first line that differs. */
    static String sideBySide(String redis, String engine) {
        String[] r = redis.split("\n", -1);
        String[] e = engine.split("\n", -1);
        int width = Math.max(20, Arrays.stream(r).mapToInt(String::length).max().orElse(0));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "   %-" + width + "s | %s%n", "redis-server", "engine"));
        boolean marked = false;
        for (int i = 0; i < Math.max(r.length, e.length); i++) {
            String left = i < r.length ? r[i] : "";
            String right = i < e.length ? e[i] : "";
            String mark = "   ";
            if (!marked && !left.equals(right)) {
                mark = ">> ";
                marked = true;
            }
            out.append(String.format(Locale.ROOT, "%s%-" + width + "s | %s%n", mark, left, right));
        }
        return out.toString();
    }
}
