package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ACL over serve's socket and in the engine, compared with a real redis-server: what happens to
 * the connections of a user that is deleted or loses its channels, the limits on requests before
 * AUTH, SORT's BY and GET under key patterns, and how users are written back (ACL LIST, whose
 * single commands Redis lists in hash-table order, so they are compared sorted).
 */
class AclTest {

    @Test
    void subscribersAreDisconnectedWhenTheirUserLosesTheirChannels() throws Exception {
        Conversation.sameOnBoth(
                "A> ACL SETUSER psuser on nopass ~* +@all resetchannels &foo:1 &bar:*", "A?",
                "B> AUTH psuser x", "B?",
                "B> SUBSCRIBE foo:1", "B?",
                "C> AUTH psuser x", "C?",
                "C> PSUBSCRIBE bar:*", "C?",
                "D> AUTH psuser x", "D?",
                "D> PSUBSCRIBE bar:1", "D?", // patterns are compared as written, not matched
                "D> PSUBSCRIBE bar:*", "D?",
                "A> ACL SETUSER psuser resetchannels &foo:1 &bar:* &more", "A?",
                "A> PUBLISH foo:1 still-here", "A?", "B?",
                "A> ACL SETUSER psuser resetchannels &bar:*", "A?",
                "B-",
                "A> PUBLISH bar:1 hi", "A?", "C?", "D?",
                "A> ACL SETUSER psuser allchannels", "A?",
                "A> PUBLISH bar:1 again", "A?", "C?", "D?",
                "A> ACL SETUSER psuser resetchannels", "A?",
                "C-", "D-",
                "A> PUBSUB NUMPAT", "A?",
                "E> AUTH psuser x", "E?",
                "E> PSUBSCRIBE bar:1", "E?",
                "E> PING", "E?",
                "A> ACL SETUSER psuser &other", "A?", // nothing it had is lost: it stays
                "E> PING", "E?");
    }

    @Test
    void deletingAUserClosesItsConnectionsTheCallersAfterItsReply() throws Exception {
        Conversation.sameOnBoth(
                "A> ACL SETUSER u on >p ~* &* +@all", "A?",
                "B> AUTH u p", "B?",
                "C> AUTH u p", "C?",
                "D> ACL WHOAMI", "D?",
                "C> ACL DELUSER u nosuch", "C?",
                "C-", "B-", "D> PING", "D?",
                "A> ACL USERS", "A?",
                "E> AUTH u p", "E?");
    }

    @Test
    void beforeAuthRequestsMustBeSmall() throws Exception {
        String big = "x".repeat(16385);
        try {
            // after the error the server hangs up (the rest of the request unread: a reset, not checked)
            Conversation.sameOnBoth(
                    "A> CONFIG SET requirepass pw", "A?",
                    "B> DEL a b c d e f g h i j k", "B?",
                    "C> DEL a b c d e f g h i j", "C?",
                    "D> ECHO " + "x".repeat(16384), "D?",
                    "E> ECHO " + big, "E?",
                    "F> AUTH pw", "F?",
                    "F> ECHO " + big, "F!",
                    "F> DEL a b c d e f g h i j k", "F?",
                    "A> CONFIG SET requirepass \"\"", "A?");
        } finally { // the shared server must not keep the password if the conversation stopped halfway
            try (RedisConnection c = RedisServer.get().connect()) {
                c.call(argv("AUTH pw"));
                c.call(argv("CONFIG SET requirepass \"\""));
            }
        }
    }

    @Test
    void resp3RepliesOfGetuserAndResetBackToTheDefaultUser() throws Exception {
        Conversation.sameOnBoth(
                "A> HELLO 3", "A!",
                "A> ACL GETUSER default", "A?",
                "A> ACL SETUSER x on >p %R~a* &c (+get ~b) (+set %W~c)", "A?",
                "A> ACL GETUSER x", "A?",
                "A> ACL USERS", "A?",
                "A> ACL LOG", "A?",
                "A> AUTH x p", "A?",
                "A> ACL WHOAMI", "A?",
                "A> RESET", "A?",
                "A> ACL WHOAMI", "A?",
                "A> ACL DELUSER x", "A?");
    }

    /** Redis (with the fix for CVE-2025-21605) drops an unauthenticated client whose replies pile up. */
    @Test
    void anUnauthenticatedClientThatDoesNotReadIsDropped() throws Exception {
        byte[] pings = RawSocket.bytes("PING\r\n".repeat(1000)); // 34 KB of NOAUTH errors, sent in one go
        byte[] few = RawSocket.bytes("PING\r\n".repeat(10));
        RedisServer redis = RedisServer.get();
        redis.reset();
        List<String> expected = new ArrayList<>();
        try (RedisConnection c = redis.connect()) {
            c.call(argv("CONFIG SET requirepass pw"));
            expected.add(RawSocket.exchange(redis.port(), pings, true));
            expected.add(RawSocket.exchange(redis.port(), few, true));
        } finally {
            try (RedisConnection c = redis.connect()) {
                c.call(argv("AUTH pw"));
                c.call(argv("CONFIG SET requirepass \"\""));
            }
        }
        try (ServedEngine served = ServedEngine.start()) {
            List<String> actual = new ArrayList<>();
            served.server.onServerThread(engine -> {
                engine.config().set("requirepass", "pw");
                engine.acl().setRequirePass(RawSocket.bytes("pw"));
                return null;
            });
            actual.add(RawSocket.exchange(served.port(), pings, true));
            actual.add(RawSocket.exchange(served.port(), few, true));
            assertEquals(expected, actual);
        }
    }

    @Test
    void sortByAndGetNeedReadAccessToEveryKey() throws Exception {
        Conversation.sameOnBoth(
                "A> RPUSH list1 3 1 2", "A?",
                "A> ACL SETUSER s on nopass +@all ~list*", "A?",
                "B> AUTH s x", "B?",
                "B> SORT list1", "B?",
                "B> SORT list1 BY nosort", "B?",
                "B> SORT list1 BY w_*", "B?",
                "B> SORT list1 GET #", "B?",
                "B> SORT_RO list1 GET w_*", "B?",
                "A> ACL SETUSER s %W~*", "A?",
                "B> SORT list1 BY w_*", "B?",
                "A> ACL SETUSER s %R~*", "A?",
                "B> SORT list1 BY w_* GET # GET w_*", "B?",
                "A> ACL SETUSER t on nopass +@all resetkeys ~list* (+sort ~*)", "A?",
                "C> AUTH t x", "C?",
                "C> SORT list1 BY w_*", "C?",
                "C> SORT list1 BY w_* STORE list2", "C?");
    }

    /** Rules whose description mixes categories and single commands, subcommands and selectors. */
    private static final List<String> RULE_SETS = List.of(
            "+@all -@dangerous",
            "-@all +@read +@write -@keyspace +del",
            "+@all -@hash +hdel -client +client|id",
            "-@all +client|id +config|get +select|0 +select|1",
            "-@all +@geo -geoadd (+@string ~s* %R~r*) (+get &ch)",
            "+@all -config +config|get -@scripting +eval",
            "nocommands +@admin -@dangerous +acl|whoami",
            "allcommands -@slow +@stream",
            "-@all +@pubsub +@connection -hello +@transaction ~a* %RW~b* %W~c* &x &y*",
            "+@all -@write +set -@fast -@blocking -@string");

    @Test
    void usersAreDescribedAsRedisDescribesThem() throws Exception {
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < RULE_SETS.size(); i++) {
            commands.add(List.of("ACL SETUSER u" + i + " on >p " + RULE_SETS.get(i)));
        }
        commands.add(List.of("ACL LIST"));
        for (int i = 0; i < RULE_SETS.size(); i++) commands.add(List.of("ACL GETUSER u" + i));
        for (String category : categories()) commands.add(List.of("ACL CAT " + category));
        assertEquals(onRedis(commands), onEngine(commands));
    }

    /** Random rule strings: whatever they are, the engine answers as Redis does, and the user ends up the same. */
    @Test
    void randomRulesAreAcceptedOrRefusedAsRedisDoes() throws Exception {
        String[] pieces = {"+", "-", "@", "~", "%", "&", "(", ")", "|", "R", "W", "r", "*", "a", "k", " ", "\"", "'",
            "get", "client", "id", "select", "all", "read", "on", "off", "nopass", ">", "<", "#", "!", "reset",
            "keys", "channels", "commands", "\\x00", "0", "1"};
        java.util.Random random = new java.util.Random(20261205L);
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder line = new StringBuilder("ACL SETUSER fuzz");
            int rules = 1 + random.nextInt(3);
            for (int r = 0; r < rules; r++) {
                StringBuilder rule = new StringBuilder();
                int n = 1 + random.nextInt(5);
                for (int p = 0; p < n; p++) rule.append(pieces[random.nextInt(pieces.length)]);
                line.append(" \"").append(rule.toString().replace("\"", "\\\"")).append('"');
            }
            commands.add(List.of(line.toString()));
            if (i % 20 == 19) commands.add(List.of("ACL GETUSER fuzz"));
        }
        commands.add(List.of("ACL LIST"));
        assertEquals(onRedis(commands), onEngine(commands));
    }

    private static List<String> categories() throws Exception {
        RedisServer redis = RedisServer.get();
        try (RedisConnection c = redis.connect()) {
            List<String> out = new ArrayList<>();
            for (Reply r : ((Reply.Array) c.call(argv("ACL CAT"))).elements()) out.add(new String(((Reply.Bulk) r).bytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
            return out;
        }
    }

    private static List<String> onRedis(List<List<String>> commands) throws Exception {
        RedisServer redis = RedisServer.get();
        redis.reset();
        List<String> out = new ArrayList<>();
        try (RedisConnection c = redis.connect()) {
            for (List<String> command : commands) out.add(normalised(command.get(0), c.call(argv(command.get(0)))));
        } finally {
            redis.reset();
        }
        return out;
    }

    private static List<String> onEngine(List<List<String>> commands) {
        Engine engine = new Engine(Clock.SYSTEM);
        ClientSession session = engine.connect("A");
        List<String> out = new ArrayList<>();
        for (List<String> command : commands) out.add(normalised(command.get(0), engine.execute(session, argv(command.get(0)))));
        return out;
    }

    private static List<byte[]> argv(String line) { return ArgSplitter.split(line).orElseThrow(); }

    /**
     * The reply as printed, with the order Redis leaves to its hash tables sorted: the members of
     * ACL CAT, and each run of single-command rules (+cmd, -cmd|sub) in a description.
     */
    private static String normalised(String command, Reply reply) {
        List<String> lines = new ArrayList<>(ReplyFormatter.lines(reply, 2));
        if (command.startsWith("ACL CAT")) {
            List<String> members = new ArrayList<>();
            for (String l : lines) members.add(l.replaceFirst("^\\s*\\d+\\) ", ""));
            members.sort(null);
            return command + ": " + members;
        }
        List<String> out = new ArrayList<>();
        for (String l : lines) out.add(sortSingleCommands(l));
        return command + ": " + String.join("\n", out);
    }

    private static String sortSingleCommands(String line) {
        String spaced = line.replace("(", "( ").replace(")", " )").replace("\"", " \" ");
        List<String> tokens = new ArrayList<>(Arrays.asList(spaced.split(" ")));
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String t : tokens) {
            boolean single = (t.startsWith("+") || t.startsWith("-")) && !t.startsWith("+@") && !t.startsWith("-@");
            if (single) {
                run.add(t);
                continue;
            }
            run.sort(null);
            out.addAll(run);
            run.clear();
            out.add(t);
        }
        run.sort(null);
        out.addAll(run);
        return String.join(" ", out);
    }
}
