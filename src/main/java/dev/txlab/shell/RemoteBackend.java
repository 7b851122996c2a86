package dev.txlab.shell;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.Resp;
import dev.txlab.remote.RedisConnection;
import dev.txlab.remote.RedisUri;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.remote.RemoteUnavailable;
import dev.txlab.trace.Describe;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.ValueSnapshot;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The shell on a real Redis server. Each client label has its own connection, opened at its
 * first command, so {@code B> ...} really comes from another client; replies are printed as the
 * server sent them; traces are derived from what the replies show ({@link ObservedClient}).
 *
 * <p>A separate admin connection does what no label should be seen doing: CLIENT LIST after a
 * command while some client watches keys (the server's flag {@code d} says a watch was touched,
 * though not by whom), SCAN for {@code :keys}, FLUSHDB for {@code :reset}. A connection that is
 * lost or sends garbage is closed and reported in one line; the label's next command reconnects.
 */
public final class RemoteBackend implements Backend {
    /** Up to this many keys, :keys scans the whole database so it can list the first ones in byte order. */
    static final long SCAN_WHOLE_DATABASE = 10_000;

    private record Client(RedisConnection connection, long serverId, ObservedClient observed) {}

    private final RemoteTarget target;
    private final Map<String, Client> clients = new LinkedHashMap<>();
    private RedisConnection admin;
    private int adminDb;
    /** Whether :reset may empty the database: it was empty when the shell started, or --flush said so. */
    private boolean mayFlush;
    private long keptKeys;
    private boolean touchesVisible = true;
    private String version = "?";

    private RemoteBackend(RemoteTarget target) {
        this.target = target;
    }

    /**
     * Connects to check the server answers. An empty database (or any, with {@code flush}) is
     * emptied with its script cache, as replay does, so the session starts where the engine
     * does; a database holding keys without {@code flush} is used as it is, and {@link #reset}
     * will refuse to empty it.
     */
    public static RemoteBackend connect(RedisUri uri, boolean flush, int timeoutMillis) throws IOException {
        RemoteBackend backend = new RemoteBackend(new RemoteTarget(uri, timeoutMillis));
        try {
            backend.start(flush);
        } catch (IOException e) {
            backend.close();
            throw notRedis(uri.host() + ":" + uri.port(), e);
        }
        return backend;
    }

    /** A reply that is not RESP means the address is not a Redis server (or not a sane one): one line. */
    private static IOException notRedis(String address, IOException e) {
        if (!(e instanceof Resp.ProtocolException)) return e;
        return new RemoteUnavailable(address + " sent something that is not a RESP reply (" + e.getMessage() + ")", e);
    }

    private void start(boolean flush) throws IOException {
        RedisConnection a = admin();
        if (a.call(words("INFO", "server")) instanceof Reply.Bulk info) {
            for (String line : new String(info.bytes(), StandardCharsets.ISO_8859_1).split("\r\n")) {
                if (line.startsWith("redis_version:")) version = line.substring("redis_version:".length());
            }
        }
        long size = count(a, "DBSIZE");
        if (size == 0 || flush) {
            empty(a);
        } else {
            keptKeys = size;
        }
    }

    /** Keys the database held at start and that were left alone (no --flush); 0 otherwise. */
    public long keptKeys() { return keptKeys; }

    /** Where the shell runs. */
    public RedisUri uri() { return target.uri(); }

    // ---- commands -------------------------------------------------------------------------------

    @Override public Result send(String label, List<byte[]> argv) throws IOException {
        String refusal = notSent(label, argv);
        if (refusal != null) throw new IOException(refusal);
        Client client = clients.get(label);
        if (client == null) client = connectClient(label);
        Reply reply;
        try {
            reply = client.connection().call(argv);
        } catch (IOException e) {
            throw lost(label, argv, client, e);
        }
        List<TraceEvent> events = client.observed().observe(argv, reply);
        if (events.stream().anyMatch(ev -> ev instanceof TraceEvent.ClientClosed)) { // QUIT answered OK
            clients.remove(label);
            closeQuietly(client.connection());
        }
        events.addAll(refreshWatchFlags());
        return new Result(reply, target.protocol(label), events);
    }

    private Client connectClient(String label) throws IOException {
        String address = target.uri().host() + ":" + target.uri().port();
        RedisConnection connection;
        long id = -1;
        try {
            connection = target.open();
        } catch (IOException e) {
            throw notRedis(address, e);
        }
        try {
            // Its id finds it in CLIENT LIST later; CLIENT ID changes nothing on the connection.
            if (connection.call(words("CLIENT", "ID")) instanceof Reply.Int n) id = n.value();
            else touchesVisible = false; // refused (ACL): this client cannot be found in CLIENT LIST
        } catch (IOException e) {
            closeQuietly(connection);
            throw notRedis(address, e);
        }
        Client client = new Client(connection, id, new ObservedClient(label, target.uri().db()));
        clients.put(label, client);
        return client;
    }

    /** The connection is unusable: close it, forget its state, and say so in one line. */
    private RemoteUnavailable lost(String label, List<byte[]> argv, Client client, IOException e) {
        clients.remove(label);
        closeQuietly(client.connection());
        Backend.ClientState state = client.observed().state();
        String lostState = state.inMulti() || !state.watching().isEmpty() || state.watchBroken()
                ? ", without its MULTI queue and watches" : "";
        String problem;
        if (e instanceof Resp.ProtocolException) {
            problem = client.connection().address() + " sent something that is not a RESP reply (" + e.getMessage()
                    + "); the connection was closed";
        } else if (e.getCause() instanceof SocketTimeoutException && mayBlock(argv)) {
            problem = e.getMessage() + " (" + lower(argv.get(0)).toUpperCase(Locale.ROOT) + " waits on a real server until"
                    + " another client writes, and the shell runs one command at a time)";
        } else {
            problem = e.getMessage() + " (whether the command ran is unknown)";
        }
        return new RemoteUnavailable(problem + "; " + label + "'s next command opens a new connection" + lostState, e);
    }

    /** Whether a real server may hold this command until another client writes (or its timeout passes). */
    private static boolean mayBlock(List<byte[]> argv) {
        CommandSpec spec = CommandTable.standard().lookup(argv).spec();
        return spec != null && spec.mayBlock();
    }

    /**
     * Commands that would break "one command, one reply" on the connection, refused before they
     * are sent; null for every other command.
     */
    static String notSent(String label, List<byte[]> argv) {
        String name = lower(argv.get(0));
        String upper = name.toUpperCase(Locale.ROOT);
        switch (name) {
            case "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe", "monitor" -> {
                return upper + " is not sent to a real server from the shell: " + label
                        + "'s connection would stream messages the shell cannot show (use redis-cli for that)";
            }
            case "sync", "psync" -> {
                return upper + " is not sent: it would turn " + label + "'s connection into a replication stream";
            }
            case "client" -> {
                if (argv.size() >= 2 && new String(argv.get(1), StandardCharsets.ISO_8859_1).equalsIgnoreCase("reply")) {
                    return "CLIENT REPLY is not sent: the shell waits for one reply per command";
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * While some client watches keys, asks the server which connections it has flagged as
     * touched (CLIENT LIST flag d), and returns the touches found since the last command. Best
     * effort: the command's own reply is never lost for it.
     */
    private List<TraceEvent> refreshWatchFlags() {
        if (!touchesVisible) return List.of();
        List<byte[]> argv = new ArrayList<>(words("CLIENT", "LIST", "ID"));
        List<Client> watching = new ArrayList<>();
        for (Client c : clients.values()) {
            if (c.observed().watchesKeys() && c.serverId() >= 0) {
                watching.add(c);
                argv.add(Bytes.ascii(c.serverId()));
            }
        }
        if (watching.isEmpty()) return List.of();
        Reply reply;
        try {
            reply = admin().call(argv);
        } catch (IOException e) {
            closeAdmin(); // tried again after the next command
            return List.of();
        }
        if (!(reply instanceof Reply.Bulk list)) {
            touchesVisible = false; // refused (ACL) or a server without CLIENT LIST ID
            return List.of();
        }
        Map<Long, String> flags = clientFlags(new String(list.bytes(), StandardCharsets.ISO_8859_1));
        List<TraceEvent> touches = new ArrayList<>();
        for (Client c : watching) {
            String f = flags.get(c.serverId());
            if (f != null) c.observed().watchTouched(f.indexOf('d') >= 0).ifPresent(touches::add);
        }
        return touches;
    }

    /** id -> flags from CLIENT LIST's "id=7 addr=... flags=xd ..." lines. */
    static Map<Long, String> clientFlags(String clientList) {
        Map<Long, String> out = new HashMap<>();
        for (String line : clientList.split("\n")) {
            Long id = null;
            String flags = null;
            for (String field : line.trim().split(" ")) {
                if (field.startsWith("id=")) {
                    try {
                        id = Long.parseLong(field.substring(3));
                    } catch (NumberFormatException e) {
                        id = null;
                    }
                } else if (field.startsWith("flags=")) {
                    flags = field.substring(6);
                }
            }
            if (id != null && flags != null) out.put(id, flags);
        }
        return out;
    }

    // ---- what the shell asks about ----------------------------------------------------------

    @Override public CommandTable commands() { return CommandTable.standard(); }

    @Override public List<String> clients() { return List.copyOf(clients.keySet()); }

    @Override public Optional<ClientState> client(String label) {
        Client c = clients.get(label);
        return c == null ? Optional.empty() : Optional.of(c.observed().state());
    }

    @Override public boolean seesWatchTouches() { return touchesVisible; }

    @Override public int initialDb() { return target.uri().db(); }

    /**
     * SCAN (the whole database when it is small enough to list the first keys in byte order),
     * then TYPE and PTTL, then each value's size and first elements, each step one pipeline.
     */
    @Override public List<KeyEntry> keys(int db, int limit) throws IOException {
        RedisConnection a = admin();
        try {
            select(a, db);
            boolean whole = count(a, "DBSIZE") <= SCAN_WHOLE_DATABASE;
            TreeSet<Key> found = new TreeSet<>();
            String cursor = "0";
            do {
                Reply reply = a.call(words("SCAN", cursor, "COUNT", "1000"));
                if (!(reply instanceof Reply.Array page && page.elements().size() == 2
                        && page.elements().get(0) instanceof Reply.Bulk next && page.elements().get(1) instanceof Reply.Array batch)) {
                    throw new IOException("SCAN answered " + Describe.reply(reply));
                }
                cursor = new String(next.bytes(), StandardCharsets.ISO_8859_1);
                for (Reply key : batch.elements()) if (key instanceof Reply.Bulk b) found.add(Key.of(b.bytes()));
            } while (!cursor.equals("0") && (whole || found.size() < limit));
            List<Key> keys = new ArrayList<>(found).subList(0, Math.min(limit, found.size()));
            return snapshots(a, db, keys);
        } catch (IOException e) {
            throw adminFailed(a, e);
        }
    }

    static List<KeyEntry> snapshots(RedisConnection a, int db, List<Key> keys) throws IOException {
        List<List<byte[]>> first = new ArrayList<>();
        for (Key k : keys) {
            first.add(List.of(Bytes.utf8("TYPE"), k.bytes()));
            first.add(List.of(Bytes.utf8("PTTL"), k.bytes()));
        }
        List<Reply> typesAndTtls = a.pipeline(first);
        List<String> types = new ArrayList<>();
        List<List<byte[]>> second = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String type = typesAndTtls.get(2 * i) instanceof Reply.Simple s ? s.text() : "none";
            types.add(type);
            byte[] k = keys.get(i).bytes();
            switch (type) {
                case "string" -> {
                    second.add(List.of(Bytes.utf8("STRLEN"), k));
                    second.add(List.of(Bytes.utf8("GETRANGE"), k, Bytes.utf8("0"), Bytes.ascii(Describe.MAX_WORD - 1)));
                }
                case "list" -> {
                    second.add(List.of(Bytes.utf8("LLEN"), k));
                    second.add(List.of(Bytes.utf8("LRANGE"), k, Bytes.utf8("0"), Bytes.ascii(ValueSnapshot.SAMPLE - 1)));
                }
                case "set" -> {
                    second.add(List.of(Bytes.utf8("SCARD"), k));
                    second.add(List.of(Bytes.utf8("SSCAN"), k, Bytes.utf8("0"), Bytes.utf8("COUNT"), Bytes.utf8("100")));
                }
                case "hash" -> {
                    second.add(List.of(Bytes.utf8("HLEN"), k));
                    second.add(List.of(Bytes.utf8("HSCAN"), k, Bytes.utf8("0"), Bytes.utf8("COUNT"), Bytes.utf8("100")));
                }
                case "zset" -> {
                    second.add(List.of(Bytes.utf8("ZCARD"), k));
                    second.add(List.of(Bytes.utf8("ZRANGE"), k, Bytes.utf8("0"), Bytes.ascii(ValueSnapshot.SAMPLE - 1),
                            Bytes.utf8("WITHSCORES")));
                }
                case "stream" -> {
                    second.add(List.of(Bytes.utf8("XLEN"), k));
                    second.add(List.of(Bytes.utf8("PING")));
                }
                default -> { // gone meanwhile, or a module's type: its name is all we show
                    second.add(List.of(Bytes.utf8("PING")));
                    second.add(List.of(Bytes.utf8("PING")));
                }
            }
        }
        List<Reply> values = second.isEmpty() ? List.of() : a.pipeline(second);
        List<KeyEntry> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String type = types.get(i);
            long ttl = typesAndTtls.get(2 * i + 1) instanceof Reply.Int t ? t.value() : -1;
            if (type.equals("none") || ttl == -2) continue; // deleted or expired since SCAN
            Reply size = values.get(2 * i);
            Reply sample = values.get(2 * i + 1);
            long n = size instanceof Reply.Int s ? s.value() : 0;
            ValueSnapshot snapshot;
            if (type.equals("string")) {
                byte[] start = sample instanceof Reply.Bulk b ? b.bytes() : new byte[0];
                snapshot = new ValueSnapshot(type, start, n, List.of(), ttl);
            } else {
                int max = type.equals("hash") || type.equals("zset") ? 2 * ValueSnapshot.SAMPLE : ValueSnapshot.SAMPLE;
                snapshot = new ValueSnapshot(type, null, n, sampleOf(sample, max), ttl);
            }
            out.add(new KeyEntry(keys.get(i), snapshot));
        }
        return out;
    }

    /** Up to {@code max} strings from an array reply, or from a [cursor, array] SCAN-style reply. */
    private static List<byte[]> sampleOf(Reply reply, int max) {
        if (!(reply instanceof Reply.Array array)) return List.of();
        List<Reply> elements = array.elements();
        if (elements.size() == 2 && elements.get(1) instanceof Reply.Array scanned) elements = scanned.elements();
        List<byte[]> out = new ArrayList<>();
        for (Reply e : elements) {
            if (out.size() >= max) break;
            if (e instanceof Reply.Bulk b) out.add(b.bytes());
        }
        return out;
    }

    /**
     * FLUSHDB and SCRIPT FLUSH, and every client starts again on a new connection. Keys that
     * were in the database before the shell started are protected, as replay protects them:
     * without --flush, :reset refuses while the database is not empty.
     */
    @Override public void reset() throws IOException {
        RedisConnection a = admin();
        long protectedKeys;
        try {
            select(a, target.uri().db());
            protectedKeys = mayFlush ? 0 : count(a, "DBSIZE");
        } catch (IOException e) {
            throw adminFailed(a, e);
        }
        if (protectedKeys > 0) {
            throw new RemoteUnavailable(target.uri() + " holds " + Describe.count((int) Math.min(protectedKeys, Integer.MAX_VALUE), "key", "keys")
                    + " and held keys before the shell started; refusing to flush them (start the shell with --flush to allow it)");
        }
        for (Client c : clients.values()) closeQuietly(c.connection());
        clients.clear();
        try {
            empty(a);
        } catch (IOException e) {
            throw adminFailed(a, e);
        }
    }

    private void empty(RedisConnection a) throws IOException {
        select(a, target.uri().db());
        expectOk(a, "FLUSHDB");
        expectOk(a, "SCRIPT", "FLUSH");
        mayFlush = true;
        keptKeys = 0;
    }

    @Override public String description() {
        return target.uri() + ", a real Redis " + version + " (traces show what a client can see)";
    }

    @Override public void close() {
        for (Client c : clients.values()) closeQuietly(c.connection());
        clients.clear();
        closeAdmin();
    }

    // ---- the admin connection -----------------------------------------------------------------

    private RedisConnection admin() throws IOException {
        if (admin == null) {
            admin = target.open();
            adminDb = target.uri().db();
        }
        return admin;
    }

    /** The admin connection failed: it is closed (the next use opens a new one) and the problem is one line. */
    private IOException adminFailed(RedisConnection a, IOException e) {
        closeAdmin();
        return notRedis(a.address(), e);
    }

    private void closeAdmin() {
        if (admin != null) closeQuietly(admin);
        admin = null;
    }

    private void select(RedisConnection a, int db) throws IOException {
        if (db == adminDb) return;
        Reply reply = a.call(words("SELECT", Integer.toString(db)));
        if (reply instanceof Reply.Error e) throw new IOException("SELECT " + db + ": " + e.message());
        adminDb = db;
    }

    private long count(RedisConnection a, String command) throws IOException {
        Reply reply = a.call(words(command));
        if (reply instanceof Reply.Int n) return n.value();
        throw new RemoteUnavailable(command + " on " + target.uri() + " answered " + Describe.reply(reply));
    }

    private void expectOk(RedisConnection a, String... command) throws IOException {
        Reply reply = a.call(words(command));
        if (reply instanceof Reply.Error e) {
            throw new RemoteUnavailable("cannot empty " + target.uri() + ": " + String.join(" ", command) + " answered " + e.message());
        }
    }

    private static List<byte[]> words(String... words) {
        List<byte[]> argv = new ArrayList<>(words.length);
        for (String w : words) argv.add(Bytes.utf8(w));
        return argv;
    }

    private static String lower(byte[] word) {
        return new String(word, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    private static void closeQuietly(RedisConnection c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a socket that is already gone: nothing to tell the user
        }
    }
}
