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
    /** The ACL user it runs as, and whether it authenticated (Redis's c->user, c->authenticated). */
    private dev.txlab.engine.acl.User aclUser;
    private boolean authenticated;

    /** Where the client connects from and to, and its socket (CLIENT LIST's addr, laddr, fd); set by serve. */
    private String address;
    private String localAddress;
    private int fd = -1;
    /** When it connected and last sent a command (CLIENT LIST's age and idle), engine time. */
    long createdAt;
    long lastInteraction;
    /** The full name of its last command (CLIENT LIST's cmd), or null before any. */
    String lastCommand;
    /** CLIENT REPLY: OFF, or SKIP for the next command (then skipping the one running now). */
    boolean replyOff;
    boolean skipNextReply;
    boolean skipThisReply;
    /** CLIENT NO-EVICT on; READONLY (cluster) on. */
    boolean noEvict;
    boolean readonly;

    ClientSession(long id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The peer address, "ip:port" (serve), or the label's stand-in for a shell client. */
    public String address() { return address != null ? address : label; }

    /** The local end of the connection, "ip:port"; empty when not a socket. */
    public String localAddress() { return localAddress != null ? localAddress : ""; }

    /** The socket's file descriptor stand-in; -1 for a client without one. */
    public int fd() { return fd; }

    /** Serve says which socket this client is. */
    public void setConnection(String address, String localAddress, int fd) {
        this.address = address;
        this.localAddress = localAddress;
        this.fd = fd;
    }

    public long createdAt() { return createdAt; }

    /** CLIENT LIST's qbuf, qbuf-free and argv-mem, as serve reports its reads. */
    private final QueryBuffer queryBuffer = new QueryBuffer();

    public QueryBuffer queryBuffer() { return queryBuffer; }

    /** CLIENT LIST's c flag: QUIT or CLIENT KILL of itself closes it once this reply is out. */
    public boolean closingAfterReply() { return closeAfterReply; }

    public long lastInteraction() { return lastInteraction; }

    public String lastCommand() { return lastCommand; }

    public boolean noEvict() { return noEvict; }

    public boolean readonly() { return readonly; }


    /** CLIENT LIST's sub, psub and ssub, and its P flag (Redis's CLIENT_PUBSUB). */
    public int channelCount() { return pubsub.channels.size(); }

    public int patternCount() { return pubsub.patterns.size(); }

    public int shardChannelCount() { return pubsub.shardChannels.size(); }

    public boolean pubsubFlag() { return pubsub.mode; }

    /** CLIENT REPLY: OFF until ON; SKIP drops the next command's reply. */
    public void setReplyOff(boolean off) {
        replyOff = off;
        if (!off) skipNextReply = skipThisReply = false;
    }

    public boolean replyOff() { return replyOff; }

    /** CLIENT REPLY SKIP: no reply to it, nor to the command after it. */
    public void skipNextReply() {
        skipThisReply = true;
        if (!replyOff) skipNextReply = true;
    }

    public void setNoEvict(boolean on) { noEvict = on; }

    public void setReadonly(boolean on) { readonly = on; }

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

    /** The ACL user its commands are checked against. */
    public dev.txlab.engine.acl.User aclUser() { return aclUser; }

    public boolean authenticated() { return authenticated; }

    /** The name of its ACL user, as CLIENT LIST's user= shows it ("default" for internal clients). */
    public String userName() { return aclUser == null ? "default" : aclUser.displayName(); }

    /** AUTH, HELLO AUTH, or a deleted user falling back to the default one. */
    public void setAclUser(dev.txlab.engine.acl.User user, boolean authenticated) {
        this.aclUser = user;
        this.authenticated = authenticated;
    }

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
