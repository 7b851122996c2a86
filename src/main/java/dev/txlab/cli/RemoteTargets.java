package dev.txlab.cli;

import dev.txlab.engine.Bytes;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.remote.RedisUri;
import dev.txlab.remote.RemoteTarget;
import dev.txlab.remote.RemoteUnavailable;
import java.io.IOException;
import java.util.List;

/** Opens a real server for a transcript the way the corpus was recorded: empty db, empty script cache. */
final class RemoteTargets {
    private RemoteTargets() {}

    static final int TIMEOUT_MILLIS = 10_000;

    static RemoteTarget freshDatabase(RedisUri uri, boolean flush) throws IOException {
        return freshDatabase(uri, flush, TIMEOUT_MILLIS);
    }

    static RemoteTarget freshDatabase(RedisUri uri, boolean flush, int timeoutMillis) throws IOException {
        RemoteTarget target = new RemoteTarget(uri, timeoutMillis);
        try (RedisConnection admin = target.open()) {
            Reply size = admin.call(List.of(Bytes.utf8("DBSIZE")));
            if (size instanceof Reply.Int n && n.value() > 0 && !flush) {
                throw new RemoteUnavailable(uri + " holds " + n.value()
                        + " keys; refusing to touch them (use --flush to empty the database first)");
            }
            admin.call(List.of(Bytes.utf8("FLUSHDB")));
            admin.call(List.of(Bytes.utf8("SCRIPT"), Bytes.utf8("FLUSH")));
        }
        return target;
    }

    /** A problem with the server itself rather than with one transcript: the run stops. */
    static boolean isConnectionProblem(IOException e) {
        return e instanceof RemoteUnavailable;
    }
}
