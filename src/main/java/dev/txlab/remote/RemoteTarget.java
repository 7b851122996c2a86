package dev.txlab.remote;

import dev.txlab.engine.Bytes;
import dev.txlab.protocol.Reply;
import dev.txlab.transcript.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs transcripts on a real Redis server: one connection per label, as redis-cli processes would.
 * A label that says HELLO 3 gets RESP3 replies, read with their types.
 */
public final class RemoteTarget implements Target {
    private final RedisUri uri;
    private final int timeoutMillis;
    private final Map<String, RedisConnection> connections = new LinkedHashMap<>();

    public RemoteTarget(RedisUri uri, int timeoutMillis) {
        this.uri = uri;
        this.timeoutMillis = timeoutMillis;
    }

    /** The server and database connections are opened on. */
    public RedisUri uri() { return uri; }

    /** Opens a connection, authenticated and on the URI's database. */
    public RedisConnection open() throws IOException {
        RedisConnection c = new RedisConnection(uri.host(), uri.port(), timeoutMillis);
        try {
            if (uri.password() != null) {
                List<byte[]> auth = new ArrayList<>();
                auth.add(Bytes.utf8("AUTH"));
                if (uri.user() != null) auth.add(Bytes.utf8(uri.user()));
                auth.add(Bytes.utf8(uri.password()));
                expectOk(c.call(auth), "AUTH");
            }
            if (uri.db() != 0) expectOk(c.call(List.of(Bytes.utf8("SELECT"), Bytes.ascii(uri.db()))), "SELECT");
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    private void expectOk(Reply reply, String what) throws IOException {
        if (reply instanceof Reply.Error e) {
            throw new RemoteUnavailable(what + " failed on " + uri.host() + ":" + uri.port() + ": " + e.message());
        }
    }

    @Override public Reply send(String label, List<byte[]> argv) throws IOException {
        RedisConnection c = connections.get(label);
        if (c == null) {
            c = open();
            connections.put(label, c);
        }
        Reply reply = c.call(argv);
        if (Bytes.equalsIgnoreCase(argv.get(0), "quit")) {
            c.close();
            connections.remove(label);
        }
        return reply;
    }

    /**
     * A real server's replies are read as they came over the wire: RESP3 types after HELLO 3,
     * RESP2's before. Printed as RESP3 they print as sent either way (a RESP2 reply prints the same
     * under both), so the connection's protocol need not be tracked.
     */
    @Override public int protocol(String label) { return 3; }

    @Override public void close() throws IOException {
        IOException first = null;
        for (RedisConnection c : connections.values()) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        connections.clear();
        if (first != null) throw first;
    }
}
