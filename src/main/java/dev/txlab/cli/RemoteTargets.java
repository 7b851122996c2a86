package dev.txlab.cli;

import dev.txlab.engine.Bytes;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.remote.RedisUri;
import dev.txlab.remote.RemoteTarget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;

/** Opens a real server for a transcript the way the corpus was recorded: empty db, empty script cache. */
final class RemoteTargets {
    private RemoteTargets() {}

    static final int TIMEOUT_MILLIS = 10_000;

    static RemoteTarget freshDatabase(RedisUri uri, boolean flush) throws IOException {
        RemoteTarget target = new RemoteTarget(uri, TIMEOUT_MILLIS);
        try (RedisConnection admin = target.open()) {
            Reply size = admin.call(List.of(Bytes.utf8("DBSIZE")));
            if (size instanceof Reply.Int n && n.value() > 0 && !flush) {
                throw new IOException(uri + " holds " + n.value()
                        + " keys; refusing to touch them (use --flush to empty the database first)");
            }
            admin.call(List.of(Bytes.utf8("FLUSHDB")));
            admin.call(List.of(Bytes.utf8("SCRIPT"), Bytes.utf8("FLUSH")));
        }
        return target;
    }

    static boolean isConnectionProblem(IOException e) {
        return e instanceof ConnectException || e instanceof SocketTimeoutException
                || e instanceof UnknownHostException || e.getMessage() != null && e.getMessage().contains("refusing");
    }
}
