package dev.txlab.cli;

import dev.txlab.engine.Bytes;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.remote.RedisUri;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.remote.RemoteUnavailable;
import java.io.IOException;
import java.util.List;

/** Opens a real server for a transcript the way the corpus was recorded: empty db, empty script cache, no functions. */
final class RemoteTargets {
    private RemoteTargets() {}

    static final int TIMEOUT_MILLIS = 10_000;

    static RemoteTarget freshDatabase(RedisUri uri, boolean flush) throws IOException {
        return freshDatabase(uri, flush, TIMEOUT_MILLIS);
    }

    /**
     * A transcript may SELECT any database, and the corpus was recorded after FLUSHALL, so the
     * whole server must start empty: a server holding keys in any database is refused unless
     * {@code flush} allows emptying it.
     */
    static RemoteTarget freshDatabase(RedisUri uri, boolean flush, int timeoutMillis) throws IOException {
        RemoteTarget target = new RemoteTarget(uri, timeoutMillis);
        try (RedisConnection admin = target.open()) {
            long keys = keysOnServer(admin.call(List.of(Bytes.utf8("INFO"), Bytes.utf8("keyspace"))));
            if (keys > 0 && !flush) {
                throw new RemoteUnavailable(uri + " holds " + keys + (keys == 1 ? " key" : " keys")
                        + "; refusing to touch them (use --flush to empty the server first)");
            }
            if (keys > 0) admin.call(List.of(Bytes.utf8("FLUSHALL")));
            admin.call(List.of(Bytes.utf8("SCRIPT"), Bytes.utf8("FLUSH")));
            // function libraries outlive FLUSHALL; each part starts without them, as on a fresh engine
            if (flush) admin.call(List.of(Bytes.utf8("FUNCTION"), Bytes.utf8("FLUSH")));
        }
        return target;
    }

    /** The sum of keys=N over INFO keyspace's "dbN:keys=..." lines. */
    static long keysOnServer(Reply info) {
        if (!(info instanceof Reply.Bulk b)) return 0;
        long total = 0;
        for (String line : new String(b.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (!line.startsWith("db") || !line.contains(":keys=")) continue;
            String n = line.substring(line.indexOf(":keys=") + 6);
            int comma = n.indexOf(',');
            try {
                total += Long.parseLong(comma < 0 ? n : n.substring(0, comma));
            } catch (NumberFormatException ignored) {
                // not a keyspace line after all
            }
        }
        return total;
    }

    /** A problem with the server itself rather than with one transcript: the run stops. */
    static boolean isConnectionProblem(IOException e) {
        return e instanceof RemoteUnavailable;
    }
}
