package dev.txlab.engine;

import dev.txlab.engine.tx.TransactionState;

/**
 * One connection's state: its label (A, B ... in transcripts), selected database, protocol and
 * transaction state. Created by {@link Engine#connect}; closed by QUIT or {@link Engine#disconnect}.
 */
public final class ClientSession {
    private final long id;
    private final String label;
    int db;
    boolean closed;
    /** Set by QUIT: the reply is sent, then the connection closes. */
    boolean closeAfterReply;
    final TransactionState tx = new TransactionState();
    /** Its SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE subscriptions. */
    final PubSub.Subscriptions pubsub = new PubSub.Subscriptions();
    private byte[] name;
    /** The RESP version replies are sent in: 2 until HELLO 3 (Redis's c->resp). */
    private int protocol = 2;
    /** A script's client (Redis's CLIENT_DENY_BLOCKING): a blocking command there answers as if it timed out. */
    boolean denyBlocking;
    /**
     * The AOF loader's client (Redis's mustObeyClient): what it replays was already checked and
     * rewritten when first run, so limits meant for users (XADD's LIMIT) do not apply.
     */
    boolean mustObey;
    /** A script's pseudo-client: the client whose script it runs (Redis's server.script_caller); null otherwise. */
    ClientSession scriptCaller;
    /** CLIENT TRACKING's state. */
    final Tracking.ClientState tracking = new Tracking.ClientState();

    ClientSession(long id, String label) {
        this.id = id;
        this.label = label;
    }

    public long id() { return id; }

    public String label() { return label; }

    public int db() { return db; }

    /** The name set by CLIENT SETNAME, or null. */
    public byte[] name() { return name; }

    public void setName(byte[] name) { this.name = name; }

    /** The RESP version this client's replies are sent in: 2, or 3 after HELLO 3. */
    public int protocol() { return protocol; }

    /** HELLO switches it; RESET goes back to 2. */
    public void setProtocol(int protocol) {
        if (protocol != 2 && protocol != 3) throw new IllegalArgumentException("no RESP" + protocol);
        this.protocol = protocol;
    }

    public boolean isClosed() { return closed; }

    /** Whether blocking commands must not block this client (a script's, as in Redis). */
    public boolean denyBlocking() { return denyBlocking; }

    /** Whether this client replays what this server already accepted (the AOF loader). */
    public boolean mustObey() { return mustObey; }

    /** CLIENT TRACKING's state (CLIENT LIST's t/R/B flags and redir field read it). */
    public Tracking.ClientState tracking() { return tracking; }

    /** Read-only view of MULTI/WATCH state, for :clients and traces. */
    public TransactionState transaction() { return tx; }

    @Override public String toString() { return label; }
}
