package dev.txlab.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The command table is Redis's own description of itself: COMMAND, COMMAND INFO, COMMAND DOCS,
 * COMMAND LIST and COMMAND GETKEYS answer as a real redis-server 7.0.15 does, for every command.
 */
class CommandTableTest {
    private final Engine engine = new Engine(new Clock.ManualClock(0));
    private final ClientSession client = engine.connect("A");

    private Reply lab(List<byte[]> argv) { return engine.execute(client, argv).resp2(); }

    private Reply lab(String line) { return lab(ArgSplitter.split(line).orElseThrow()); }

    private static List<byte[]> words(String... words) {
        List<byte[]> argv = new ArrayList<>();
        for (String w : words) argv.add(Bytes.utf8(w));
        return argv;
    }

    @Test
    void everyCommandOfRedis70IsInTheTableAndNoneIsUnknown() {
        assertEquals(Reply.integer(240), lab("COMMAND COUNT"));
        for (CommandSpec spec : engine.table().all()) {
            List<byte[]> argv = words(spec.name());
            if (spec.isContainer()) argv.add(Bytes.utf8("help"));
            else for (int i = 1; i < Math.abs(spec.arity()); i++) argv.add(Bytes.utf8("x"));
            Reply reply = engine.execute(engine.connect("A"), argv); // QUIT or RESET must not spoil the next
            if (spec.isContainer()) assertFalse(reply instanceof Reply.Error e && e.message().startsWith("ERR unknown subcommand"), spec.name());
            String text = ReplyFormatter.format(reply);
            assertFalse(text.contains("unknown command"), spec.name() + ": " + text);
        }
    }

    @Test
    void aCommandNotSimulatedYetIsQueuedInMultiAndAnswersThatItIsNotSimulated() {
        // whichever plain command the engine still lacks (XADD was one, until streams came)
        java.util.Optional<CommandSpec> lacking = CommandTable.standard().all().stream()
                .filter(spec -> !spec.isSimulated() && !spec.isContainer() && !spec.has(Flag.NO_MULTI) && !spec.runsAtOnceInMulti())
                .filter(spec -> !spec.arityAccepts(1))
                .min(java.util.Comparator.comparing(CommandSpec::name));
        if (lacking.isEmpty()) {
            assertTrue(CommandTable.standard().all().stream().allMatch(CommandSpec::isSimulated), "every command is simulated");
            return;
        }
        String name = lacking.get().name().toUpperCase(java.util.Locale.ROOT);
        int argc = Math.abs(lacking.get().arity()); // the fewest arguments it takes
        StringBuilder args = new StringBuilder(name);
        for (int i = 1; i < argc; i++) args.append(i == 1 ? " k" : " v");
        String line = args.toString();
        String answer = "(error) ERR txlab does not simulate " + name + " yet (Redis 7.0 has it)\n";
        assertEquals(answer, ReplyFormatter.format(lab(line)));
        assertEquals(Reply.OK, lab("MULTI"));
        assertEquals(new Reply.Simple("QUEUED"), lab(line));
        assertEquals(new Reply.Simple("QUEUED"), lab("SET k v"));
        assertEquals("1) " + answer + "2) OK\n", ReplyFormatter.format(lab("EXEC")));
        assertEquals("(error) ERR wrong number of arguments for '" + lacking.get().name() + "' command\n",
                ReplyFormatter.format(lab(name)));
    }

    @Test
    void infoAndDocsOfEveryCommandAndSubcommandEqualARealServers() throws IOException {
        RedisServer server = RedisServer.get();
        try (RedisConnection redis = server.connect()) {
            Reply names = redis.call(words("COMMAND", "LIST"));
            int compared = 0;
            for (Reply name : ((Reply.Array) names).elements()) {
                String n = new String(((Reply.Bulk) name).bytes(), java.nio.charset.StandardCharsets.UTF_8);
                // a container's subcommands come in hash order from Redis, by name from the lab
                assertEquals(Canonical.info(redis.call(words("COMMAND", "INFO", n))), Canonical.info(lab(words("COMMAND", "INFO", n))),
                        "COMMAND INFO " + n);
                assertEquals(Canonical.docs(redis.call(words("COMMAND", "DOCS", n))), Canonical.docs(lab(words("COMMAND", "DOCS", n))),
                        "COMMAND DOCS " + n);
                compared++;
            }
            assertEquals(366, compared, "commands and subcommands compared");
        }
    }

    @Test
    void overResp3InfoAndDocsCarryRedissTypes() throws IOException {
        ClientSession resp3 = engine.connect("R3");
        engine.execute(resp3, words("HELLO", "3"));
        try (RedisConnection redis = RedisServer.get().connect()) {
            redis.call(words("HELLO", "3"));
            for (String n : List.of("get", "sort", "zadd", "config", "config|get", "xadd", "command", "eval", "georadius")) {
                Reply info = redis.call(words("COMMAND", "INFO", n));
                assertEquals(Canonical.info(info), Canonical.info(engine.execute(resp3, words("COMMAND", "INFO", n))), "INFO " + n);
                assertTrue(((Reply.Array) ((Reply.Array) info).elements().get(0)).elements().get(2) instanceof Reply.Set, "flags are a set");
                Reply docs = redis.call(words("COMMAND", "DOCS", n));
                assertTrue(docs instanceof Reply.Map, "docs are a map");
                assertEquals(Canonical.docs3(docs), Canonical.docs3(engine.execute(resp3, words("COMMAND", "DOCS", n))), "DOCS " + n);
            }
        }
    }

    @Test
    void theWholeTableListsLikeARealServersInSomeOrder() throws IOException {
        try (RedisConnection redis = RedisServer.get().connect()) {
            for (String line : List.of("COMMAND", "COMMAND INFO", "COMMAND LIST", "COMMAND LIST FILTERBY ACLCAT list",
                    "COMMAND LIST FILTERBY ACLCAT nosuch", "COMMAND LIST FILTERBY PATTERN x*", "COMMAND LIST FILTERBY PATTERN *|HELP",
                    "COMMAND LIST FILTERBY MODULE nosuch")) {
                List<byte[]> argv = ArgSplitter.split(line).orElseThrow();
                assertEquals(sortedElements(redis.call(argv)), sortedElements(lab(argv)), line);
            }
            List<byte[]> docs = words("COMMAND", "DOCS");
            assertEquals(sortedPairs(redis.call(docs)), sortedPairs(lab(docs)), "COMMAND DOCS");
        }
    }

    @Test
    void everyAclCategoryFiltersLikeARealServer() throws IOException {
        try (RedisConnection redis = RedisServer.get().connect()) {
            TreeSet<String> categories = new TreeSet<>();
            for (CommandSpec spec : engine.table().all()) categories.addAll(spec.aclCategories());
            assertTrue(categories.size() > 15, categories.toString());
            for (String category : categories) {
                List<byte[]> argv = words("COMMAND", "LIST", "FILTERBY", "ACLCAT", category.substring(1).toUpperCase());
                assertEquals(sortedElements(redis.call(argv)), sortedElements(lab(argv)), category);
            }
        }
    }

    @Test
    void subcommandErrorsAndHelpAnswerAsARealServer() throws IOException {
        try (RedisConnection redis = RedisServer.get().connect()) {
            for (String line : List.of("COMMAND HELP", "COMMAND NOSUCH", "COMMAND INFO nosuch get config|get get|x config|",
                    "COMMAND DOCS nosuch GET", "COMMAND DOCS", "COMMAND COUNT x", "COMMAND LIST FILTERBY",
                    "COMMAND LIST FILTERBY ACLCAT", "COMMAND LIST FILTERBY NOSUCH x", "COMMAND LIST x y z",
                    "COMMAND GETKEYS", "COMMAND GETKEYS nosuch a", "COMMAND GETKEYS ping x", "COMMAND GETKEYS get",
                    "COMMAND GETKEYS get a b", "COMMAND GETKEYS config get x", "COMMAND GETKEYS config nosuch x")) {
                if (line.equals("COMMAND DOCS")) continue; // compared as a whole above
                List<byte[]> argv = ArgSplitter.split(line).orElseThrow();
                assertEquals(redis.call(argv), lab(argv), line);
            }
        }
    }

    /** Command lines for every way Redis's key specs find keys, with their edge cases. */
    static final List<String> KEY_LINES = List.of(
            "GET k", "SET k v", "SET k v GET", "SET k v get", "MSET a 1 b 2 c 3", "MGET a b c", "DEL a b c",
            "RENAME a b", "LMOVE a b LEFT RIGHT", "SMOVE a b m", "BLPOP a b c 0", "BRPOPLPUSH a b 0",
            "SORT k", "SORT k STORE d", "SORT k BY w LIMIT 0 1 GET x STORE d", "SORT k STORE", "SORT k store d STORE e",
            "SORT k GET store STORE d", "SORT_RO k BY w", "SINTERSTORE d a b", "SINTERCARD 2 a b", "SINTERCARD 2 a b LIMIT 1",
            "SINTERCARD 0 a", "SINTERCARD 3 a b", "SINTERCARD x a", "SINTERCARD 1x a b",
            "ZUNIONSTORE d 2 a b WEIGHTS 1 2", "ZUNION 2 a b", "ZINTERCARD 1 a", "ZDIFFSTORE d 1 a", "ZRANGESTORE d s 0 1",
            "EVAL s 0", "EVAL s 2 a b c", "EVAL s 3 a b", "EVAL s -1 a", "EVAL s 1x a", "EVALSHA x 1 a", "EVAL_RO s 1 a",
            "FCALL f 2 a b", "FCALL_RO f 0", "LMPOP 2 a b LEFT", "BLMPOP 0 2 a b LEFT", "ZMPOP 1 a MIN", "BZMPOP 0 1 a MAX",
            "XREAD STREAMS a b 0 0", "XREAD COUNT 1 BLOCK 0 STREAMS a 0", "XREAD STREAMS a 0 1", "XREADGROUP GROUP g c STREAMS a >",
            "XREAD STREAMS", "MIGRATE h 1 k 0 10", "MIGRATE h 1 \"\" 0 10 KEYS a b", "MIGRATE h 1 k 0 10 KEYS a b",
            "MIGRATE h 1 \"\" 0 10 AUTH keys KEYS a", "GEORADIUS k 0 0 1 m STORE d", "GEORADIUS k 0 0 1 m STOREDIST d STORE e",
            "GEORADIUSBYMEMBER k m 1 m STORE d", "GEOSEARCHSTORE d s FROMMEMBER m BYRADIUS 1 m", "BITFIELD k GET u8 0",
            "BITFIELD k SET u8 0 1", "BITFIELD k OVERFLOW SAT GET u8 0", "BITFIELD k NOSUCH", "BITFIELD_RO k GET u8 0",
            "OBJECT ENCODING k", "MEMORY USAGE k", "XINFO STREAM k", "XGROUP CREATE k g $", "PFCOUNT a b", "PFMERGE d a b",
            "WATCH a b", "EXISTS a b", "TOUCH a", "COPY a b", "LCS a b", "RESTORE k 0 x", "DUMP k", "XADD k * f v",
            "PUBLISH c m", "SPUBLISH c m", "SUBSCRIBE c");

    @Test
    void getKeysFindsWhatARealServerFinds() throws IOException {
        try (RedisConnection redis = RedisServer.get().connect()) {
            for (String line : KEY_LINES) {
                for (String sub : List.of("GETKEYS", "GETKEYSANDFLAGS")) {
                    List<byte[]> argv = ArgSplitter.split("COMMAND " + sub + " " + line).orElseThrow();
                    assertEquals(redis.call(argv), lab(argv), "COMMAND " + sub + " " + line);
                }
            }
        }
    }

    @Test
    void getKeysOfAnInvocationOfEveryCommandBuiltFromItsDocsMatchesARealServer() throws IOException {
        int compared = 0;
        try (RedisConnection redis = RedisServer.get().connect()) {
            for (CommandSpec top : engine.table().all()) {
                List<CommandSpec> specs = top.isContainer() ? List.copyOf(top.subcommands().values()) : List.of(top);
                for (CommandSpec spec : specs) {
                    for (List<String> invocation : SampleInvocations.of(spec)) {
                        List<byte[]> argv = words("COMMAND", "GETKEYSANDFLAGS");
                        for (String w : invocation) argv.add(Bytes.utf8(w));
                        assertEquals(redis.call(argv), lab(argv), String.join(" ", invocation));
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 650, "invocations compared: " + compared);
    }

    @Test
    void hintsAreBuiltFromTheDocsAsRedisCliBuildsThem() {
        assertEquals("key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]",
                engine.table().get("set").syntax());
        assertEquals("key [key ...]", engine.table().get("watch").syntax());
        assertEquals("[NOSAVE|SAVE] [NOW] [FORCE] [ABORT]", engine.table().get("shutdown").syntax());
        CommandSpec configGet = engine.table().byFullName("CONFIG|GET");
        assertNotNull(configGet);
        assertEquals("parameter [parameter ...]", configGet.syntax());
        assertEquals("[message]", engine.table().get("ping").syntax());
    }

    private static List<String> sortedElements(Reply reply) {
        List<String> out = new ArrayList<>();
        for (Reply r : ((Reply.Array) reply).elements()) out.add(ReplyFormatter.format(Canonical.info(r)));
        out.sort(null);
        return out;
    }

    private static List<String> sortedPairs(Reply reply) {
        List<Reply> flat = ((Reply.Array) reply).elements();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += 2) {
            out.add(ReplyFormatter.format(flat.get(i)) + ReplyFormatter.format(Canonical.docsOfOne(flat.get(i + 1))));
        }
        out.sort(null);
        return out;
    }
}
