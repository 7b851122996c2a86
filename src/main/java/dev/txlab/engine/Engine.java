package dev.txlab.engine;

import dev.txlab.engine.cluster.ClusterNode;
import dev.txlab.engine.cluster.Redirect;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.script.Scripting;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.engine.table.Flag;
import dev.txlab.engine.tx.Transactions;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.TraceEvent;
import dev.txlab.trace.Tracer;
import dev.txlab.trace.ValueSnapshot;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-process Redis: one keyspace of 16 databases shared by many client sessions, executing
 * one command at a time. Deterministic (time comes from the injected {@link Clock}), does no I/O
 * and knows no terminal: what happens inside is reported as {@link TraceEvent}s.
 *
 * <p>Not thread-safe by design: Redis runs commands on one thread, and so must callers.
 */
public final class Engine {
    public static final int DATABASES = 16;
    /** The Redis whose behaviour the engine reproduces, as INFO, HELLO and redis.REDIS_VERSION name it. */
    public static final String REDIS_VERSION = "7.0.15";

    private final Clock clock;
    private final CommandTable table;
    private final Database[] databases = new Database[DATABASES];
    private final Transactions transactions;
    private final Map<Long, ClientSession> clients = new LinkedHashMap<>();
    private final ServerConfig config = new ServerConfig();
    private final ServerLimits limits = new ServerLimits(this);
    private boolean activeExpireEnabled = true;
    /**
     * Whether keys past their time are deleted before every command. The shell and replays have no
     * background cron, and their commands are human-paced, so a real server's cron (every 100 ms)
     * would have run in between; {@code serve} runs the cron itself and turns this off, so a
     * client's pipelined commands see a key past its time still counted, as Redis's do.
     */
    private boolean expireBeforeEachCommand = true;
    private Tracer tracer = Tracer.NONE;
    private long nextClientId = 1;
    /** Seeded, so SPOP and SRANDMEMBER replay the same way; Redis's choice differs anyway. */
    private final java.util.Random random = new java.util.Random(0x7478_6c61_62L);

    /** The client and command being executed, to say who touched a watched key. */
    private ClientSession currentClient;
    private List<byte[]> currentCommand;
    /** When set, "now" is frozen (Redis freezes time for key expiry while a script runs). */
    private long frozenNow = -1;
    /** EVAL and SCRIPT: the Lua interpreter and script cache, created on first use. */
    private volatile Scripting scripting;
    /** Clients waiting in BLPOP, BZPOPMIN, WAIT ...; only when the front end can hold a reply. */
    private final BlockedClients blocked = new BlockedClients();
    private boolean blockingSupported;
    /** Replies for clients other than the one whose command runs, for the front end to send. */
    private final List<Delivery> deliveries = new java.util.ArrayList<>();
    /** Channels and patterns clients subscribed to (SUBSCRIBE, PUBLISH ...). */
    private final PubSub pubsub = new PubSub(this);
    /** What replicas receive: the commands each client command propagates (Redis's also_propagate). */
    private final dev.txlab.engine.replication.Propagation propagation = new dev.txlab.engine.replication.Propagation();
    /** Client-side caching: who may cache which key, and their invalidations (tracking.c). */
    private final Tracking tracking = new Tracking(this);
    /**
     * Redis's server.current_client as tracking sees it: the client whose command runs (a
     * script's caller, not the script's pseudo-client), or the blocked client being served.
     */
    private ClientSession runningClient;
    /** Redis's fixed_time_expire: inside call() or serving a blocked client, invalidations for the running client wait. */
    private int callDepth;
    /** The command the running client's call() is executing: a script's reads remember the script's keys. */
    private CommandSpec runningSpec;
    private List<byte[]> runningArgv;
    /** Messages for after the running command's reply (its own invalidations). */
    private final List<Delivery> afterReply = new java.util.ArrayList<>();

    /** Keyspace notifications (notify-keyspace-events), sent through pub/sub. */
    private final Notifications notifications = new Notifications(this);
    /** Clients in MONITOR mode. */
    private final Monitors monitors = new Monitors(this);
    /** INFO's counters, commandstats, errorstats, the slow log and latency events. */
    private final ServerStats stats = new ServerStats();
    /** CLIENT PAUSE: until when (engine time; 0: not paused), and whether reads wait too (ALL). */
    private long pausedUntil;
    private boolean pauseAll;
    /** Clients whose command waits for the pause to end (Redis's blockPostponeClient), in order. */
    private final java.util.LinkedHashSet<ClientSession> postponed = new java.util.LinkedHashSet<>();
    private final long startedAt;
    /** Made on first use: SecureRandom's set-up is start-up time a command line that never asks need not pay. */
    private String runId;
    /** Clients another client's command closed (CLIENT KILL, ACL DELUSER), for the front end to hang up. */
    private final List<ClientSession> killed = new java.util.ArrayList<>();
    /** Users, AUTH and the permission checks (ACL). */
    private final dev.txlab.engine.acl.AccessControl acl;

    public Engine(Clock clock) {
        this(clock, CommandTable.standard());
    }

    public Engine(Clock clock, CommandTable table) {
        this.clock = clock;
        this.table = table;
        this.transactions = new Transactions(this);
        Database.Listener listener = new Database.Listener() {
            @Override public void keyModified(Database db, Key key, Database.Modification cause) {
                Engine.this.keyModified(db, key, cause);
            }

            @Override public boolean expiryPaused() { return paused(); }

            @Override public void expirySet(long whenMillis) {
                if (whenMillis < earliestExpiry) earliestExpiry = whenMillis;
            }

            @Override public void keyAdded(Database db, Key key) {
                if (blocked.count() > 0) blocked.keyAdded(db.index(), key);
                notifications.notify(Notifications.NEW, "new", key, db.index()); // Redis's dbAdd
                if (cluster != null && db.index() == 0) cluster.keyAdded(key); // its slot's key list
            }
        };
        for (int i = 0; i < DATABASES; i++) databases[i] = new Database(i, listener, this::now);
        startedAt = clock.nowMillis();
        stats.lastSaveMillis = startedAt;
        this.acl = new dev.txlab.engine.acl.AccessControl(this);
        config.whenSet("requirepass", v -> acl.setRequirePass(v.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    /** INFO's counters, the slow log and latency events. */
    public ServerStats stats() { return stats; }

    /** INFO's run_id: random per engine, as Redis's getRandomHexChars at startup. */
    public String runId() {
        if (runId == null) runId = randomHex40();
        return runId;
    }

    private static String randomHex40() {
        java.util.Random random = new java.security.SecureRandom();
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) sb.append("0123456789abcdef".charAt(random.nextInt(16)));
        return sb.toString();
    }

    /** INFO's clients_in_timeout_table: blocked clients waiting with a timeout. */
    public int clientsWithTimeout() { return blocked.withDeadline(); }

    /** When the engine started (INFO's uptime), engine time. */
    public long startedAt() { return startedAt; }

    /** Users, AUTH and permission checks. */
    public dev.txlab.engine.acl.AccessControl acl() { return acl; }

    public void setTracer(Tracer tracer) { this.tracer = tracer == null ? Tracer.NONE : tracer; }

    public Tracer tracer() { return tracer; }

    /** Set when this engine is one node of a simulated Redis Cluster (see engine/cluster). */
    private ClusterNode cluster;

    /** Makes this engine a node of a cluster: commands with keys are checked as getNodeByQuery does. */
    public void joinCluster(ClusterNode node) { this.cluster = node; }

    /** The cluster node this engine is, or null outside a cluster (cluster_enabled no). */
    public ClusterNode cluster() { return cluster; }

    public CommandTable table() { return table; }

    public Transactions transactions() { return transactions; }

    /** Opens a connection. The label names it in traces (A, B ... in transcripts). */
    public ClientSession connect(String label) {
        ClientSession session = new ClientSession(nextClientId++, label);
        session.createdAt = session.lastInteraction = now();
        stats.connectionsReceived++;
        acl.setDefaultAuth(session);
        clients.put(session.id(), session);
        return session;
    }

    /**
     * The pseudo-client a script's redis.call runs as: it starts in the caller's database (a
     * SELECT inside the script changes only this client) and carries the caller's label for
     * traces. It is not a connection: it is never listed or closed.
     */
    public ClientSession scriptClient(ClientSession caller) {
        ClientSession session = new ClientSession(caller.id(), caller.label());
        session.db = caller.db;
        session.setAclUser(caller.aclUser(), true);
        session.denyBlocking = true; // BZMPOP and BLMPOP may be called from a script, and never block there
        session.scriptCaller = caller;
        return session;
    }

    /** Client-side caching (CLIENT TRACKING). */
    public Tracking tracking() { return tracking; }

    /** A connected client by id (CLIENT TRACKING's REDIRECT), or null. */
    public ClientSession clientById(long id) { return clients.get(id); }

    /** The client whose command runs now, as tracking sees it (a script's caller), or null. */
    ClientSession runningClient() { return runningClient; }

    /** Whether a command is being called now (its own invalidations wait for its reply). */
    boolean insideCall() { return callDepth > 0; }

    /** The client that replays an append-only file (Redis's CLIENT_ID_AOF fake client). */
    public ClientSession aofLoaderClient(ClientSession caller) {
        ClientSession session = scriptClient(caller);
        session.mustObey = true;
        session.setAclUser(null, true); // Redis's fake AOF client has no user: nothing it replays is checked again
        return session;
    }

    /** Lua scripting (EVAL, SCRIPT ...) for this engine. */
    public Scripting scripting() {
        if (scripting == null) scripting = new Scripting(this);
        return scripting;
    }

    /** FUNCTION and FCALL: the libraries loaded, kept apart from the script cache (SCRIPT FLUSH keeps them). */
    private volatile dev.txlab.engine.script.Functions functions;

    public dev.txlab.engine.script.Functions functions() {
        if (functions == null) functions = new dev.txlab.engine.script.Functions(this);
        return functions;
    }

    /** Whether memory was over maxmemory when the current command came in (scripts refuse their first write). */
    public boolean preCommandOomState() { return config.maxmemory() > 0 && limits.preCommandOomState(); }

    /** The command line being run now (the EVAL or FCALL while its script runs), or null. */
    public List<byte[]> currentCommand() { return currentCommand; }

    /**
     * txlab serve: a script past busy-reply-threshold runs on while {@code whileBusy} serves the
     * other clients, who get BUSY (Redis's processEventsWhileBlocked). See {@link Scripting#setWhileBusy}.
     */
    public void setWhileBusy(Runnable whileBusy) { scripting().setWhileBusy(whileBusy); }

    /** Whether a script runs past busy-reply-threshold now, so that other clients get BUSY. */
    public boolean scriptTimedOut() {
        Scripting s = scripting;
        return s != null && s.isTimedOut();
    }

    /**
     * How long a script may run before the lab stops it (Redis would keep it running and answer
     * BUSY to other clients). Default 5 s, Redis's busy-reply-threshold.
     */
    public void setScriptTimeLimit(java.time.Duration limit) { scripting().setTimeLimit(limit); }

    /** Stops the running script at its next instruction (Ctrl-C in the shell); safe from any thread. */
    public void interruptScript() {
        Scripting s = scripting;
        if (s != null) s.interrupt();
    }

    /** Closes a connection: its queued commands are dropped and its watches removed. */
    public void disconnect(ClientSession session) {
        if (session.closed) return;
        blocked.remove(session);
        postponed.remove(session);
        pubsub.unsubscribeAll(session);
        tracking.closed(session);
        propagation.detach(session);
        monitors.remove(session);
        int queued = session.tx.acceptedCount();
        List<Key> watched = transactions.watchedKeys(session);
        transactions.discardTransaction(session);
        session.closed = true;
        clients.remove(session.id());
        if (tracer.enabled()) tracer.emit(new TraceEvent.ClientClosed(session.label(), queued, watched));
    }

    /**
     * CLIENT KILL, ACL DELUSER: the running client closes after its reply; another one at once,
     * and {@link #takeKilled} tells the front end to hang up on it.
     */
    public void kill(ClientSession client) {
        if (client == currentClient) {
            client.closeAfterReply = true;
        } else if (!client.closed) {
            disconnect(client);
            killed.add(client);
        }
    }

    /** The clients killed since the last call, for the front end to close their connections. */
    public List<ClientSession> takeKilled() {
        if (killed.isEmpty()) return List.of();
        List<ClientSession> out = List.copyOf(killed);
        killed.clear();
        return out;
    }

    /** QUIT: the reply goes out, then the connection closes. */
    public void closeAfterReply(ClientSession session) { session.closeAfterReply = true; }

    /** Connected sessions, in connection order. */
    public Collection<ClientSession> clients() { return Collections.unmodifiableCollection(clients.values()); }

    public Database database(int index) { return databases[index]; }

    /** "Now" for expiry: the clock, or the frozen time while a script runs. */
    public long now() { return frozenNow >= 0 ? frozenNow : clock.nowMillis(); }

    /** Freezes "now" (pass -1 to thaw); used while a script runs. */
    public void freezeTime(long millis) { frozenNow = millis; }

    /**
     * Runs one command line as Redis's processCommand would: lookup, arity, then either queue it
     * (inside MULTI) or call it. A QUIT closes the session after its reply.
     */
    public Reply execute(ClientSession session, List<byte[]> argv) {
        if (session.closed) throw new IllegalStateException("client " + session.label() + " is closed");
        if (argv.isEmpty()) throw new IllegalArgumentException("empty command");
        ClientSession previousClient = currentClient;
        List<byte[]> previousCommand = currentCommand;
        currentClient = session;
        currentCommand = argv;
        session.lastInteraction = now();
        // CLIENT REPLY SKIP silences the command after it; OFF every one until ON
        session.skipThisReply = session.skipNextReply;
        session.skipNextReply = false;
        ClientSession previousRunning = runningClient;
        if (previousClient == null) runningClient = session;
        try {
            if (previousClient == null && tracking.trackingClients() > 0) tracking.limitUsedSlots();
            // Redis deletes expired keys in the background between commands; doing it here keeps
            // DBSIZE and WATCH as a human-paced session on a real server would see them.
            if (frozenNow < 0 && activeExpireEnabled && expireBeforeEachCommand) {
                activeExpire();
                propagation.flush(false); // the expiry cycle's DELs, never wrapped (propagate_no_multi)
            }
            Reply reply = dispatch(session, argv);
            if (previousClient == null) {
                tracking.commandDone(session, table.lookup(argv).spec());
                // after the reply: the client's own invalidations, then BCAST's (Redis's beforeSleep)
                deliverAfterReply(() -> {
                    tracking.flushPending();
                    tracking.broadcast();
                });
                // afterCommand: the command's changes go to replicas as one unit
                CommandSpec spec = table.lookup(argv).spec();
                boolean arbitraryKeys = spec != null && (spec.name().equals("randomkey") || spec.name().equals("scan"));
                if (propagation.hasPending()) propagation.flush(!arbitraryKeys);
                else propagation.clearLastUnit();
                followAppendOnlyConfig();
            }
            // Redis's resetClient: ASKING covers the next command only (all of a MULTI, up to EXEC)
            if (cluster != null && !session.tx.inMulti() && !Bytes.lowerAscii(argv.get(0)).equals("asking")) {
                session.setAsking(false);
            }
            // As Redis after every command (a whole EXEC or script included): serve the clients
            // blocked on keys this command filled.
            if (blocked.hasReadyKeys() && !scriptTimedOut()) serveReadyKeys(session);
            if (blocked.isBlocked(session)) return null;
            if (session.closeAfterReply) disconnect(session);
            if (session.replyOff || session.skipThisReply) {
                session.skipThisReply = false;
                return pushesOnly(reply); // nothing to send but (un)subscribe confirmations
            }
            return reply;
        } finally {
            currentClient = previousClient;
            currentCommand = previousCommand;
            runningClient = previousRunning;
        }
    }

    /** Runs {@code sends} so that what it delivers goes out after the running command's reply. */
    private void deliverAfterReply(Runnable sends) {
        int before = deliveries.size();
        sends.run();
        if (deliveries.size() == before) return;
        List<Delivery> late = new java.util.ArrayList<>(deliveries.subList(before, deliveries.size()));
        deliveries.subList(before, deliveries.size()).clear();
        afterReply.addAll(late);
    }

    private static final Reply.Error NOAUTH = Reply.error("NOAUTH Authentication required.");

    private Reply dispatch(ClientSession session, List<byte[]> argv) {
        CommandTable.Lookup lookup = table.lookup(argv);
        session.lastCommand = lookup.spec() == null ? null : lookup.spec().name(); // c->lastcmd
        if (lookup.spec() == null) {
            if (lookup.unknownSubcommandOf() != null) {
                return reject(session, argv, Errors.unknownSubcommand(lookup.unknownSubcommandOf(), argv.get(1)),
                        TraceEvent.Rejection.UNKNOWN_SUBCOMMAND, null);
            }
            return reject(session, argv, Errors.unknownCommand(argv), TraceEvent.Rejection.UNKNOWN_COMMAND, null);
        }
        CommandSpec spec = lookup.spec();
        if (!spec.arityAccepts(argv.size())) {
            return reject(session, argv, Errors.wrongArity(spec.name()), TraceEvent.Rejection.WRONG_ARITY, spec);
        }
        Reply.Error notAllowed = ProtectedCommands.refusal(config(), session, spec);
        if (notAllowed != null) return reject(session, argv, notAllowed, TraceEvent.Rejection.REFUSED, spec);
        if (acl.authRequired(session) && !spec.has(Flag.NO_AUTH)) {
            return reject(session, argv, NOAUTH, TraceEvent.Rejection.REFUSED, spec);
        }
        boolean inMulti = session.tx.inMulti();
        if (inMulti && spec.has(Flag.NO_MULTI)) {
            return reject(session, argv, Errors.NOT_ALLOWED_IN_MULTI, TraceEvent.Rejection.NOT_ALLOWED_IN_MULTI, spec);
        }
        dev.txlab.engine.acl.AccessControl.Denial denied = acl.check(session.aclUser(), spec, argv);
        if (denied != null) {
            acl.logDenial(session, session, denied, inMulti ? dev.txlab.engine.acl.AccessControl.Context.MULTI
                    : dev.txlab.engine.acl.AccessControl.Context.TOPLEVEL, spec, argv);
            return reject(session, argv, denied.error(spec), TraceEvent.Rejection.REFUSED, spec);
        }
        if (cluster != null && ClusterNode.routed(spec)) {
            Redirect redirect = cluster.route(session, spec, argv);
            if (redirect != null) return redirected(session, spec, argv, redirect);
        }
        // past busy-reply-threshold only a few commands run (CMD_ALLOW_BUSY), and memory is not judged
        boolean busy = scriptTimedOut();
        Reply.Error refused = busy ? null : limits.refusal(session, spec, argv);
        if (refused != null) {
            TraceEvent.Rejection why = switch (refused.code()) {
                case "OOM" -> TraceEvent.Rejection.OUT_OF_MEMORY;
                case "NOREPLICAS" -> TraceEvent.Rejection.NOT_ENOUGH_REPLICAS;
                default -> TraceEvent.Rejection.REFUSED; // READONLY on a replica
            };
            return reject(session, argv, refused, why, spec);
        }
        if (session.protocol() == 2 && PubSub.inSubscribedMode(session) && !spec.allowedInSubscribedMode()) {
            return reject(session, argv, Reply.error("ERR Can't execute '" + spec.name() + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"), TraceEvent.Rejection.REFUSED, spec);
        }
        Reply.Error stale = limits.staleRefusal(session, spec, argv);
        if (stale != null) return reject(session, argv, stale, TraceEvent.Rejection.REFUSED, spec);
        if (busy && !spec.has(Flag.ALLOW_BUSY)) {
            return reject(session, argv, scripting.busyError(), TraceEvent.Rejection.REFUSED, spec);
        }
        if (mustWaitForPause(session, spec)) {
            // Redis's blockPostponeClient: the command runs when the pause ends
            blocked.block(new BlockedClients.Block(session, spec, argv, session.db, List.of(), Long.MAX_VALUE, null, null));
            postponed.add(session);
            return null;
        }
        if (inMulti && !spec.runsAtOnceInMulti()) {
            return transactions.queue(session, spec, argv);
        }
        KeySnapshots before = snapshotKeys(session, spec, argv);
        Reply reply = call(session, spec, argv);
        if (blocked.isBlocked(session)) return null; // the ClientBlocked event says what happened
        if (tracer.enabled()) {
            tracer.emit(new TraceEvent.CommandRan(session.label(), session.db, argv, reply, inMulti,
                    before.changes(this)));
        }
        return reply;
    }

    /** A rough used_memory: a fresh Redis uses about 1 MB, plus the data. */
    public long usedMemory() { return limits.usedMemory(); }

    /** A replica (REPLICAOF host port) with replica-read-only yes: clients' writes are refused. */
    public boolean readOnlyReplica() {
        return propagation.primary() != null && config.get("replica-read-only").equals("yes");
    }

    /** A replica whose link is down (always, in the lab) with replica-serve-stale-data no. */
    public boolean runningStale() { return limits.runningStale(); }

    /**
     * Redis's server.dirty, which INFO shows as rdb_changes_since_last_save: changes since the last
     * SAVE. Each key a write signals counts one, as Redis's signalModifiedKey and dirty++ mostly
     * go together (each key FLUSHDB/FLUSHALL deletes too, and SWAPDB once); a command whose count
     * differs adds the difference with {@link #addDirty} (BITFIELD counts each changed field).
     */
    private long dirty;

    public long dirty() { return dirty; }

    public void addDirty(long changes) { dirty += changes; }

    /** SAVE (and a BGSAVE, which completes at once in the lab) writes everything: nothing is dirty. */
    public void resetDirty() {
        dirty = 0;
        stats.lastSaveMillis = now(); // LASTSAVE, rdb_last_save_time
        stats.rdbSaves++;
    }

    public ServerConfig config() { return config; }

    /** The engine's source of random choices (SPOP, SRANDMEMBER). */
    public java.util.Random random() { return random; }

    /**
     * DEBUG SLEEP, or a blocking command's timeout: time passes, virtually on a manual clock.
     * On the wall clock the wait can be cut short by {@link #interrupt} (Ctrl-C in the shell).
     */
    public void sleep(long millis) {
        if (clock instanceof Clock.ManualClock) {
            clock.sleep(millis);
            return;
        }
        sleepInterrupted = false;
        long end = clock.nowMillis() + millis;
        for (long left = millis; left > 0 && !sleepInterrupted; left = end - clock.nowMillis()) {
            clock.sleep(Math.min(left, 50));
        }
    }

    private volatile boolean sleepInterrupted;

    /** Ctrl-C: stops a running script or a wait at once. Safe from any thread. */
    public void interrupt() {
        sleepInterrupted = true;
        interruptScript();
    }

    /** DEBUG SET-ACTIVE-EXPIRE: turns the background expiry cycle on or off. */
    public void setActiveExpire(boolean enabled) { activeExpireEnabled = enabled; }

    /** For a front end that runs Redis's cron itself ({@code serve}): expiry happens there only. */
    public void expireOnlyInCron() { expireBeforeEachCommand = false; }

    /** SWAPDB: watches are touched first, judged on the contents before the swap. */
    public void swapDatabases(int first, int second) {
        String by = currentClient == null ? null : currentClient.label();
        transactions.touchAllWatchedKeysInDb(databases[first], databases[second], by, currentCommand);
        transactions.touchAllWatchedKeysInDb(databases[second], databases[first], by, currentCommand);
        databases[first].swapContents(databases[second]);
        dirty++;
        // Redis's scanDatabaseForReadyKeys: a client waiting on a key the swap brought in is served
        if (blocked.count() > 0) {
            for (int db : new int[] {first, second}) {
                for (Key key : blocked.keysWaitedOn(db)) if (databases[db].isStored(key)) blocked.keyAdded(db, key);
            }
        }
    }

    /**
     * A queue-time rejection: inside MULTI it also dooms the transaction (Redis's flagTransaction).
     * A rejected EXEC itself (EXEC with arguments) is special, as in Redis's rejectCommand: the
     * transaction is discarded, watches included, even outside MULTI, and the error says so.
     */
    private Reply reject(ClientSession session, List<byte[]> argv, Reply.Error error, TraceEvent.Rejection why,
                         CommandSpec spec) {
        boolean dooms = session.tx.inMulti();
        if (dooms) transactions.flagTransaction(session, error, argv);
        Reply.Error reply = error;
        if (spec != null && spec.name().equals("exec")) {
            int discarded = session.tx.acceptedCount();
            transactions.discardTransaction(session);
            String reason = error.message().startsWith("ERR ") ? error.message().substring(4) : error.message();
            reply = Reply.error("EXECABORT Transaction discarded because of: " + reason);
            stats.rejected(spec, reply);
            if (tracer.enabled()) {
                tracer.emit(new TraceEvent.CommandRejected(session.label(), argv, reply, why, false));
                if (dooms) {
                    tracer.emit(new TraceEvent.ExecAborted(session.label(), TraceEvent.AbortReason.QUEUEING_ERROR,
                            discarded, reply, argv, null));
                }
            }
            return reply;
        }
        if (tracer.enabled()) tracer.emit(new TraceEvent.CommandRejected(session.label(), argv, reply, why, dooms));
        stats.rejected(spec, reply);
        return reply;
    }

    /**
     * processCommand's cluster check refused the command (MOVED, ASK, CROSSSLOT ...): a refused EXEC
     * discards the transaction, anything else inside MULTI dooms it.
     */
    private Reply redirected(ClientSession session, CommandSpec spec, List<byte[]> argv, Redirect redirect) {
        Reply.Error error = redirect.error();
        boolean exec = spec.name().equals("exec");
        int queued = session.tx.acceptedCount();
        boolean dooms = !exec && session.tx.inMulti();
        if (exec) transactions.discardTransaction(session);
        else if (dooms) transactions.flagTransaction(session, error, argv);
        if (tracer.enabled()) {
            tracer.emit(new TraceEvent.ClusterRedirected(session.label(), cluster.address(), argv, error,
                    redirect.target() == null ? null : redirect.target().address(), dooms, exec ? queued : -1));
        }
        return error;
    }

    /**
     * Runs a command's implementation: the one place a {@link CommandFailed} becomes an error
     * reply. Used for direct calls, for EXEC's queued commands and for scripts.
     */
    public Reply call(ClientSession session, CommandSpec spec, List<byte[]> argv) {
        List<byte[]> previousCommand = currentCommand;
        currentCommand = argv;
        long start = micros();
        CommandSpec previousSpec = runningSpec;
        List<byte[]> previousArgv = runningArgv;
        if (session.scriptCaller == null) {
            runningSpec = spec;
            runningArgv = argv;
        }
        long dirtyBefore = dirty;
        CommandContext ctx = new CommandContext(this, session, spec, argv);
        Reply reply;
        callDepth++;
        try {
            reply = spec.implementation().run(ctx);
        } catch (CommandFailed failed) {
            reply = failed.error();
        } finally {
            callDepth--;
            currentCommand = previousCommand;
            propagateCall(ctx, dirty > dirtyBefore); // call(): a negative change (SAVE) counts as none
        }
        // client-side caching: what a read-only command read is remembered for its client; a
        // script's reads remember the keys the script declared (the *_RO commands themselves
        // are left to their reads)
        if (spec.has(Flag.READONLY) && tracking.trackingClients() > 0 && !READ_ONLY_SCRIPT_RUNNERS.contains(spec.name())) {
            ClientSession caller = session.scriptCaller != null ? session.scriptCaller : session;
            if (session.scriptCaller != null && runningSpec != null) tracking.rememberKeys(caller, runningSpec, runningArgv);
            else if (session.scriptCaller == null) tracking.rememberKeys(caller, spec, argv);
        }
        runningSpec = previousSpec;
        runningArgv = previousArgv;
        long took = micros() - start;
        List<byte[]> shown = ctx.redactedArgv(); // redactClientCommandArgument: what MONITOR and SLOWLOG see
        if (monitors.any()) monitors.called(session, spec, shown, session.denyBlocking); // Redis's call(), after proc
        // a client that blocked is counted when it is served (Redis's updateStatsOnUnblock)
        if (!blocked.isBlocked(session)) commandDone(session, spec, shown, took, reply);
        return reply;
    }

    /** Stats, slow log and latency for a command that finished after {@code micros}. */
    private void commandDone(ClientSession session, CommandSpec spec, List<byte[]> argv, long micros, Reply reply) {
        stats.called(spec, micros, reply, "yes".equals(config.get("latency-tracking")));
        if (session.denyBlocking) return; // a script's calls: counted, but neither slow-logged nor latency-sampled
        stats.slowlogPush(config, spec, argv, micros, session, now());
        stats.latencySample(config, spec.has(Flag.FAST) ? "fast-command" : "command", micros / 1000, now());
    }

    /**
     * Microseconds for the slow log and command stats: on a manual clock the virtual time (so
     * transcripts replay the same), else the JVM's monotonic clock.
     */
    public long micros() {
        return clock instanceof Clock.ManualClock ? clock.nowMillis() * 1000 : System.nanoTime() / 1000;
    }

    // ---- CLIENT PAUSE (Redis's pauseClients) ----------------------------------------------------

    /** CLIENT PAUSE: until {@code untilMillis} (engine time); ALL pauses every command, WRITE only writes. */
    public void pause(long untilMillis, boolean all) {
        // a longer or stricter pause wins over the one in force (pauseClients keeps the most restrictive)
        if (pausedUntil == 0 || untilMillis > pausedUntil) pausedUntil = untilMillis;
        pauseAll = all || (pauseAll && pausedUntil > now());
    }

    /** CLIENT UNPAUSE: the postponed commands run at once. */
    public void unpause() {
        pausedUntil = 0;
        pauseAll = false;
        resumePostponed();
    }

    /** Whether clients are paused now (for writes at least): expiry waits meanwhile. */
    public boolean paused() { return pausedUntil != 0 && now() < pausedUntil && blockingSupported(); }

    /**
     * processCommand's pause check: during a pause every command waits (ALL), or those that write
     * or may replicate (WRITE): PUBLISH, PFCOUNT, scripts that may write, an EXEC that queued one.
     * Only where clients can really wait; the running client's own EXEC is never stopped midway.
     */
    private boolean mustWaitForPause(ClientSession session, CommandSpec spec) {
        if (pausedUntil == 0 || !blockingSupported()) return false;
        if (now() >= pausedUntil) {
            unpause();
            return false;
        }
        if (pauseAll) return true;
        if (spec.name().equals("exec")) {
            if (!session.tx.inMulti()) return false;
            for (var q : session.tx.queue()) if (mayReplicate(q.spec(), q.argv())) return true;
            return false;
        }
        if (session.tx.inMulti() && !spec.runsAtOnceInMulti()) return false; // it waits at EXEC
        return mayReplicate(spec, currentCommand);
    }

    /** Redis 7.0's CMD_MAY_REPLICATE commands besides writes (commands/*.json). */
    private static final java.util.Set<String> MAY_REPLICATE = java.util.Set.of("eval", "evalsha", "fcall", "pfcount",
            "publish", "spublish");

    /** A command that writes or may replicate; for EVAL and EVALSHA, what the script's flags say. */
    public boolean mayReplicate(CommandSpec spec, List<byte[]> argv) {
        if (spec.name().equals("eval") || spec.name().equals("evalsha")) {
            return scripting().mayWrite(argv, spec.name().equals("evalsha"));
        }
        if (spec.name().equals("fcall") && argv.size() > 1) { // fcallGetCommandFlags: the function's flags
            var f = functions().find(argv.get(1));
            if (f != null) return !f.noWrites();
        }
        return mayReplicate(spec);
    }

    /** A command flagged write or CMD_MAY_REPLICATE (what read-only scripts may not call). */
    public static boolean mayReplicate(CommandSpec spec) {
        return spec.has(Flag.WRITE) || MAY_REPLICATE.contains(spec.name());
    }

    private void resumePostponed() {
        if (postponed.isEmpty()) return;
        List<ClientSession> waiting = List.copyOf(postponed);
        postponed.clear();
        for (ClientSession c : waiting) {
            BlockedClients.Block b = blocked.remove(c);
            if (b == null || c.closed) continue;
            Reply reply = execute(c, b.argv());
            if (reply != null) deliveries.add(new Delivery(c, reply, true));
        }
    }

    /**
     * call()'s propagation: a command that changed data (or forced it) is queued for replicas, as
     * it rewrote itself, unless it prevented that; EXEC never is (its commands are), nor a script
     * (its commands are: effects replication).
     */
    private void propagateCall(CommandContext ctx, boolean changed) {
        if (ctx.propagationPrevented || !(changed || ctx.propagationForced)) return;
        String name = ctx.spec().name();
        if (name.equals("exec") || SCRIPT_RUNNERS.contains(name)) return;
        propagation.add(ctx.session().db, ctx.propagateAs != null ? ctx.propagateAs : ctx.argv(),
                !(ctx.propagationReplicasOnly && !changed));
    }

    private static final java.util.Set<String> READ_ONLY_SCRIPT_RUNNERS = java.util.Set.of("eval_ro", "evalsha_ro", "fcall_ro");

    /** Commands that run a script: replicas receive the script's effects, never the script (scriptResetRun). */
    private static final java.util.Set<String> SCRIPT_RUNNERS =
            java.util.Set.of("eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro");

    /**
     * SYNC/PSYNC: the client becomes a replica. It is sent the RDB (after its reply), then every
     * unit of the stream as RESP arrays, like pub/sub messages.
     */
    public void attachReplica(ClientSession session, byte[] rdb) {
        propagation.attach(session, rdb, argv -> {
            List<Reply> bulks = new java.util.ArrayList<>(argv.size());
            for (byte[] a : argv) bulks.add(Reply.bulk(a));
            deliver(session, new Reply.Array(bulks));
        });
    }

    /**
     * CONFIG SET appendonly yes starts the append-only file from the data as it is now (the
     * rewrite Redis starts then); appendonly no drops it.
     */
    private void followAppendOnlyConfig() {
        if (aofRewriteScheduled) {
            aofRewriteScheduled = false;
            rewriteAppendOnlyFile();
        }
        boolean on = "yes".equals(config.get("appendonly"));
        if (on == propagation.aofFeeding()) return;
        if (on) rewriteAppendOnlyFile(); // startAppendOnly: a rewrite makes the file it appends to
        else propagation.stopAof();
    }

    /** BGREWRITEAOF inside EXEC: Redis rewrites once the transaction is over. */
    private boolean aofRewriteScheduled;

    /**
     * BGREWRITEAOF, done at once (the lab has no child process): the file's base becomes the data
     * now, and its commands start again from empty. With appendonly no the file is written all
     * the same (DEBUG LOADAOF can load it) but receives nothing after.
     */
    public void rewriteAppendOnlyFile() {
        if (currentClient != null && currentClient.transaction().inMulti()) {
            aofRewriteScheduled = true;
            return;
        }
        propagation.rewriteAof(new dev.txlab.engine.replication.AppendOnlyFile(
                dev.txlab.engine.rdb.RdbFile.save(this, List.of(), null, 0)), "yes".equals(config.get("appendonly")));
    }

    /** Between commands (serve's cron): replicas are pinged every repl-ping-replica-period seconds. */
    private boolean cronPaused;

    /** DEBUG PAUSE-CRON: serverCron does nothing while paused (tests use it to hold the background work back). */
    public void setCronPaused(boolean paused) { cronPaused = paused; }

    /** DEBUG REPLYBUFFER peak-reset-time (milliseconds; -1: never) and resizing. */
    private long replyBufferPeakResetMillis = REPLY_BUFFER_DEFAULT_PEAK_RESET_MILLIS;
    private boolean replyBufferResizing = true;
    public static final long REPLY_BUFFER_DEFAULT_PEAK_RESET_MILLIS = 5000;

    public void setReplyBufferPeakReset(long millis) { replyBufferPeakResetMillis = millis; }

    public void setReplyBufferResizing(boolean on) { replyBufferResizing = on; }

    /** clientsCron's reply buffer part: each client's buffer shrinks or grows to what it used. */
    public void clientsCron(long nowMillis) {
        for (ClientSession c : clients.values()) {
            int resized = c.replyBuffer().cron(nowMillis, replyBufferPeakResetMillis, replyBufferResizing);
            if (resized < 0) stats.replyBufferShrinks++;
            if (resized > 0) stats.replyBufferExpands++;
        }
    }

    public boolean cronPaused() { return cronPaused; }

    /** serverCron's part of client-side caching: the tracking table is kept within tracking-table-max-keys. */
    /**
     * Between commands: the tracking table's size limit, then BCAST's pending invalidations (Redis
     * sends them from beforeSleep, so keys the cron expired or dropped reach their clients now).
     */
    public void trackingCron() {
        if (tracking.trackingClients() == 0) return;
        tracking.limitUsedSlots();
        tracking.broadcast();
    }

    public void replicationCron() {
        propagation.pingIfDue(System.currentTimeMillis(), config.getLong("repl-ping-replica-period"));
    }

    /** What replicas receive, and the last unit sent (for the shell's view). */
    public dev.txlab.engine.replication.Propagation propagation() { return propagation; }

    // ---- trace support -------------------------------------------------------------------

    /** Values of a command's keys before it runs (nothing when tracing is off), to report what it changed. */
    public KeySnapshots snapshotKeys(ClientSession session, CommandSpec spec, List<byte[]> argv) {
        if (!tracer.enabled()) return KeySnapshots.NONE;
        return KeySnapshots.take(this, session.db(), spec.keysOf(argv));
    }

    /** What a key holds now, without expiring or otherwise touching it; null when missing. */
    public ValueSnapshot snapshot(int db, Key key) { return KeySnapshots.snapshot(this, db, key); }

    /** A blocking command found nothing; see {@code command.Blocking}. */
    public void reportWouldBlock(ClientSession session, List<byte[]> argv, long timeoutMillis) {
        if (tracer.enabled()) tracer.emit(new TraceEvent.ClientWouldBlock(session.label(), argv, timeoutMillis));
    }

    // ---- blocked clients (Redis's blocked.c) ---------------------------------------------------

    /**
     * Lets blocking commands really block: {@link #execute} then answers null for a client that
     * waits, and its reply comes later from {@link #takeUnblocked}. For a front end that can hold
     * a client's reply while serving others (serve); elsewhere the timeout passes at once.
     */
    public void supportBlocking() { blockingSupported = true; }

    /**
     * Whether blocking commands really block. Not on a manual clock (tests): time passes there
     * only when the engine says so, so a waiting client could never time out.
     */
    public boolean blockingSupported() { return blockingSupported && !(clock instanceof Clock.ManualClock); }

    /** How many clients wait now (INFO's blocked_clients). */
    public int blockedClients() { return blocked.count(); }

    public boolean isBlocked(ClientSession session) { return blocked.isBlocked(session); }

    /** Blocks the running command's client; see {@link CommandContext#block}. */
    void block(CommandContext ctx, List<Key> keys, long timeoutMillis, Reply onTimeout, BlockedClients.Serving serving) {
        long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : now() + timeoutMillis;
        ClientSession session = ctx.session();
        blocked.block(new BlockedClients.Block(session, ctx.spec(), ctx.argv(), session.db, keys, deadline, onTimeout, serving));
        if (tracer.enabled()) tracer.emit(new TraceEvent.ClientBlocked(session.label(), ctx.argv(), keys, timeoutMillis));
    }

    /**
     * What clients got besides their own command's answer since the last call, in order: pub/sub
     * messages, and the answers of blocked clients served or timed out. A front end that sends
     * them takes them after each command (before that command's own reply, which Redis queues
     * after a message published to the same client).
     */
    public List<Delivery> takeDeliveries() {
        if (deliveries.isEmpty() && afterReply.isEmpty()) return List.of();
        List<Delivery> out = new java.util.ArrayList<>(deliveries);
        out.addAll(afterReply);
        deliveries.clear();
        afterReply.clear();
        return out;
    }

    /**
     * As {@link #takeDeliveries()}, for a front end that sends the command's reply in between:
     * first what goes before the reply, then (after it) {@link #takeDeliveriesAfterReply()}.
     */
    public List<Delivery> takeDeliveriesBeforeReply() {
        if (deliveries.isEmpty()) return List.of();
        List<Delivery> out = List.copyOf(deliveries);
        deliveries.clear();
        return out;
    }

    /** What must follow the running command's reply: its client's own invalidations. */
    public List<Delivery> takeDeliveriesAfterReply() {
        if (afterReply.isEmpty()) return List.of();
        List<Delivery> out = List.copyOf(afterReply);
        afterReply.clear();
        return out;
    }

    /**
     * CLIENT REPLY OFF/SKIP silences replies but not pushes (Redis's CLIENT_PUSHING): pub/sub
     * messages and (un)subscribe confirmations, in RESP2 too, and tracking invalidations.
     */
    private static Reply pushesOnly(Reply reply) {
        if (reply instanceof Reply.Push) return reply;
        if (reply instanceof Reply.Multi m) {
            return new Reply.Multi(m.replies().stream().filter(r -> r instanceof Reply.Push).toList());
        }
        return new Reply.Multi(List.of());
    }

    /** Queues a message for a client (a pub/sub message, an invalidation ...); only pushes pass CLIENT REPLY OFF. */
    void deliver(ClientSession client, Reply message) {
        if (client.closed || (client.replyOff && !(message instanceof Reply.Push))) return;
        deliveries.add(new Delivery(client, message, false));
        if (tracer.enabled()) tracer.emit(new TraceEvent.MessageDelivered(client.label(), message));
    }

    /** MONITOR's clients. */
    public Monitors monitors() { return monitors; }

    /** The wall clock (not frozen by scripts), for MONITOR's timestamps. */
    long clockMillis() { return clock.nowMillis(); }

    /** Keyspace notifications for this engine. */
    public Notifications notifications() { return notifications; }

    /** Pub/sub for this engine. */
    public PubSub pubsub() { return pubsub; }

    /** Answers every client whose timeout has passed with its timeout reply (nil, or WAIT's count). */
    public void expireBlocked() {
        if (pausedUntil != 0 && now() >= pausedUntil) unpause();
        if (blocked.count() == 0) return;
        for (BlockedClients.Block b : blocked.expired(now())) {
            blocked.remove(b.client());
            stats.called(b.spec(), 0, b.onTimeout());
            deliveries.add(new Delivery(b.client(), b.onTimeout(), true));
            if (tracer.enabled()) {
                tracer.emit(new TraceEvent.ClientUnblocked(b.client().label(), b.argv(), b.onTimeout(), null, null));
            }
        }
    }

    /** When the next blocked client times out (Long.MAX_VALUE: nobody waits with a timeout). */
    public long nextBlockDeadline() {
        long next = blocked.nextDeadline();
        return pausedUntil != 0 && !postponed.isEmpty() ? Math.min(next, pausedUntil) : next;
    }

    /**
     * CLIENT UNBLOCK: a client waiting in BLPOP, BZPOPMIN, WAIT ... gets its timeout reply, or
     * with {@code error} Redis's UNBLOCKED error. False when it does not wait (or waits for a pause).
     */
    public boolean unblock(ClientSession client, boolean error) {
        if (!blocked.isBlocked(client) || postponed.contains(client)) return false;
        BlockedClients.Block b = blocked.remove(client);
        Reply reply = error ? Reply.error("UNBLOCKED client unblocked via CLIENT UNBLOCK") : b.onTimeout();
        stats.called(b.spec(), 0, reply);
        deliveries.add(new Delivery(client, reply, true));
        if (tracer.enabled()) tracer.emit(new TraceEvent.ClientUnblocked(client.label(), b.argv(), reply, null, null));
        return true;
    }

    /** Clients blocked on keys (BLPOP, BZPOPMIN, XREAD ...), each with a key it waits on (cluster: all in one slot). */
    public Map<ClientSession, dev.txlab.protocol.Key> blockedOnKeys() {
        Map<ClientSession, dev.txlab.protocol.Key> out = new java.util.LinkedHashMap<>();
        for (BlockedClients.Block b : blocked.all()) {
            if (!b.keys().isEmpty() && !postponed.contains(b.client())) out.put(b.client(), b.keys().get(0));
        }
        return out;
    }

    /** Ends a client's block with {@code reply} (a cluster node redirecting it: MOVED, CLUSTERDOWN). */
    public void unblockWith(ClientSession client, Reply reply) {
        BlockedClients.Block b = blocked.remove(client);
        if (b == null) return;
        stats.called(b.spec(), 0, reply);
        deliveries.add(new Delivery(client, reply, true));
        if (tracer.enabled()) tracer.emit(new TraceEvent.ClientUnblocked(client.label(), b.argv(), reply, null, null));
    }

    /**
     * disconnectAllBlockedClients, as a server becomes a replica: each client blocked on keys is
     * answered UNBLOCKED and closed after that reply (clients held by CLIENT PAUSE stay: their
     * command has not started).
     */
    public void releaseBlockedForRoleChange() {
        for (ClientSession client : clients()) {
            if (!blocked.isBlocked(client) || postponed.contains(client)) continue;
            BlockedClients.Block b = blocked.remove(client);
            Reply reply = Reply.error("UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)");
            stats.called(b.spec(), 0, reply);
            client.closeAfterReply = true;
            deliveries.add(new Delivery(client, reply, true));
            if (tracer.enabled()) tracer.emit(new TraceEvent.ClientUnblocked(client.label(), b.argv(), reply, null, null));
        }
    }

    /** Whether a client waits for a CLIENT PAUSE to end. */
    public boolean isPostponed(ClientSession client) { return postponed.contains(client); }


    /**
     * Redis's handleClientsBlockedOnKeys: each key that gained data serves its waiting clients
     * in the order they blocked, until it is empty again; serving one (BLMOVE) may fill another.
     */
    private void serveReadyKeys(ClientSession by) {
        while (blocked.hasReadyKeys()) {
            for (Map.Entry<Integer, Key> ready : blocked.takeReadyKeys()) {
                int db = ready.getKey();
                Key key = ready.getValue();
                for (BlockedClients.Block b : blocked.waitingOn(db, key)) {
                    // a key emptied by the clients served before serves nobody, except XREADGROUP's
                    // readers of a deleted stream, who fail (each serving checks its key itself)
                    Reply reply = serve(b, key);
                    if (reply == null) continue; // not the type it waits for: it stays blocked
                    blocked.remove(b.client());
                    commandDone(b.client(), b.spec(), b.argv(), 0, reply);
                    deliveries.add(new Delivery(b.client(), reply, true));
                    tracking.flushPending(); // its own invalidations, after its answer
                    if (tracer.enabled()) {
                        tracer.emit(new TraceEvent.ClientUnblocked(b.client().label(), b.argv(), reply, by.label(), key));
                    }
                }
            }
        }
    }

    private Reply serve(BlockedClients.Block b, Key key) {
        ClientSession previousClient = currentClient;
        List<byte[]> previousCommand = currentCommand;
        currentClient = b.client();
        currentCommand = b.argv();
        ClientSession previousRunning = runningClient;
        runningClient = b.client();
        CommandContext ctx = new CommandContext(this, b.client(), b.spec(), b.argv());
        callDepth++;
        try {
            Reply reply = b.serving().serve(ctx, key);
            // the served command goes to replicas as it rewrote itself (BLPOP as LPOP ...), as a unit of its own
            if (reply != null && ctx.propagateAs != null) propagation.add(b.client().db, ctx.propagateAs);
            propagation.flush(true);
            return reply;
        } catch (CommandFailed failed) {
            return failed.error();
        } finally {
            callDepth--;
            currentClient = previousClient;
            currentCommand = previousCommand;
            runningClient = previousRunning;
        }
    }

    void replyOrderUndefined(ClientSession session, List<byte[]> argv, String structure) {
        if (tracer.enabled()) tracer.emit(new TraceEvent.ReplyOrderUndefined(session.label(), argv, structure));
    }

    /** Every key modification lands here: watches are invalidated and expiries reported. */
    void keyModified(Database db, Key key, Database.Modification cause) {
        if (cause == Database.Modification.WRITE || cause == Database.Modification.FLUSHED) dirty++;
        if (cause == Database.Modification.EXPIRED) stats.expiredKeys++;
        if (cause == Database.Modification.EXPIRED) {
            // propagateDeletion: replicas never expire keys themselves; they get the DEL (UNLINK with lazyfree)
            boolean lazy = "yes".equals(config.get("lazyfree-lazy-expire"));
            propagation.add(db.index(), List.of((lazy ? "UNLINK" : "DEL").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    key.bytes()));
            if (tracer.enabled()) tracer.emit(new TraceEvent.KeyExpired(db.index(), key));
        }
        if (cause == Database.Modification.EXPIRED) notifications.notify(Notifications.EXPIRED, "expired", key, db.index());
        if (cause == Database.Modification.WRITE || cause == Database.Modification.EXPIRED
                || cause == Database.Modification.EVICTED) {
            tracking.invalidate(cause == Database.Modification.WRITE ? currentClient : null, key, true);
        }
        transactions.touchWatchedKey(db, key, cause,
                cause == Database.Modification.EXPIRED || currentClient == null ? null : currentClient.label(),
                currentCommand);
        if (cause == Database.Modification.EVICTED) {
            stats.evictedKeys++;
            notifications.notify(Notifications.EVICTED, "evicted", key, db.index());
        }
    }

    /** Redis's eviction time proc: with maxmemory set, evicts what the policy allows until under it. */
    public void performEvictions() {
        if (config().maxmemory() > 0) limits.outOfMemory();
    }

    /** No key in any database expires before this time; the cycle below is free until then. */
    private long earliestExpiry = Long.MAX_VALUE;

    /** Redis's background expiry cycle: deletes every key past its time. Returns how many. */
    public int activeExpire() {
        if (!activeExpireEnabled || now() < earliestExpiry) return 0; // DEBUG SET-ACTIVE-EXPIRE 0 stops it
        if (paused()) return 0; // activeExpireCycle waits out a CLIENT PAUSE
        int expired = 0;
        long next = Long.MAX_VALUE;
        long start = micros();
        for (Database db : databases) {
            expired += db.activeExpire();
            next = Math.min(next, db.earliestExpiry());
        }
        earliestExpiry = next;
        // activeExpireCycle's latency event, with the time the cycle really took
        if (expired > 0) stats.latencySample(config, "expire-cycle", (micros() - start) / 1000, now());
        // between commands (serve's cron): the cycle's DELs go to replicas at once, never wrapped
        if (currentClient == null) propagation.flush(false);
        return expired;
    }
}
