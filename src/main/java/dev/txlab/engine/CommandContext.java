package dev.txlab.engine;

import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a command sees while it runs: its arguments, its client, the client's database, and
 * "now". Helpers here do the checks every Redis command repeats (type, integer arguments).
 */
public final class CommandContext {
    private final Engine engine;
    private final ClientSession session;
    private final List<byte[]> argv;
    private final CommandSpec spec;

    CommandContext(Engine engine, ClientSession session, CommandSpec spec, List<byte[]> argv) {
        this.engine = engine;
        this.session = session;
        this.spec = spec;
        this.argv = argv;
    }

    /**
     * The same call with other arguments, as Redis's replaceClientCommandVector: GEOADD becomes a
     * ZADD of encoded scores and then runs ZADD's implementation.
     */
    public CommandContext withArgv(List<byte[]> newArgv) {
        return new CommandContext(engine, session, spec, newArgv);
    }

    /** The command's row in the table. */
    public CommandSpec spec() { return spec; }

    /**
     * Blocks this client until one of {@code keys} gains data ({@code serving} then makes its
     * reply) or {@code timeoutMillis} pass (0: forever; it then gets {@code onTimeout}). Only where
     * {@link Engine#blockingSupported()}; the command's own reply is then ignored.
     */
    public void block(List<Key> keys, long timeoutMillis, Reply onTimeout, BlockedClients.Serving serving) {
        engine.block(this, keys, timeoutMillis, onTimeout, serving);
    }

    /** The command's full lower-case name, as Redis's error messages spell it. */
    public String commandName() { return spec.name(); }

    public Engine engine() { return engine; }

    public ClientSession session() { return session; }

    /** Arguments hidden from MONITOR and SLOWLOG (a password, a sensitive CONFIG value). */
    private java.util.Set<Integer> redacted;

    /** Redis's redactClientCommandArgument: argument j shows as "(redacted)". */
    public void redactArgument(int j) {
        if (redacted == null) redacted = new java.util.HashSet<>();
        redacted.add(j);
    }

    /** argv with the redacted arguments replaced; argv itself when there are none. */
    public List<byte[]> redactedArgv() {
        if (redacted == null) return argv;
        List<byte[]> out = new java.util.ArrayList<>(argv);
        for (int j : redacted) if (j < out.size()) out.set(j, "(redacted)".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return out;
    }

    public List<byte[]> argv() { return argv; }

    public int argc() { return argv.size(); }

    public byte[] arg(int i) { return argv.get(i); }

    /** Argument i as ASCII text (for option names). */
    public String text(int i) { return new String(argv.get(i), StandardCharsets.ISO_8859_1); }

    public Key key(int i) { return Key.of(argv.get(i)); }

    /** The client's selected database. */
    public Database db() { return engine.database(session.db); }

    public long now() { return engine.now(); }

    /** Switches the client's database (SELECT). */
    public void select(int db) { session.db = db; }

    /** The value at key if it has the expected type; null when missing; WRONGTYPE otherwise. */
    public <T extends RedisValue> T lookup(Key key, Class<T> type) {
        RedisValue value = db().lookup(key);
        // lookupKeyRead counts keyspace_hits and keyspace_misses; a write command's lookups do not
        if (!spec.has(dev.txlab.engine.table.Flag.WRITE)) {
            if (value == null) engine.stats().keyspaceMisses++;
            else engine.stats().keyspaceHits++;
        }
        if (value == null) return null;
        if (!type.isInstance(value)) throw new CommandFailed(Errors.WRONGTYPE);
        return type.cast(value);
    }

    /** Argument i as a 64-bit integer, or {@code ERR value is not an integer or out of range}. */
    public long longArg(int i) {
        Long v = Numbers.parseLong(argv.get(i));
        if (v == null) throw new CommandFailed(Errors.NOT_INTEGER);
        return v;
    }

    /** Argument i as a score, or {@code ERR value is not a valid float}. */
    public double doubleArg(int i) {
        Double v = Numbers.parseDouble(argv.get(i));
        if (v == null) throw new CommandFailed(Errors.NOT_FLOAT);
        return v;
    }

    /** Whether argument i equals an option name, ignoring ASCII case, as C strcasecmp does. */
    public boolean isOption(int i, String option) {
        return Bytes.equalsIgnoreCase(argv.get(i), option);
    }

    /** Tells the trace that Redis leaves this reply's order undefined. */
    public void orderUndefined(String structure) {
        engine.replyOrderUndefined(session, argv, structure);
    }

    public static CommandFailed fail(Reply.Error error) { return new CommandFailed(error); }

    // ---- what replicas receive (Redis's rewriteClientCommandVector, alsoPropagate ...) ---------

    /** The command as replicas receive it when it changed data; null: as the client sent it. */
    List<byte[]> propagateAs;
    /** preventCommandPropagation: the command itself is not sent (what it queued with alsoPropagate is). */
    boolean propagationPrevented;
    /** forceCommandPropagation: sent even though it changed nothing. */
    boolean propagationForced;

    /**
     * rewriteClientCommandVector / rewriteClientCommandArgument: replicas receive this command
     * instead of the one the client sent (SET EX as SET PXAT, INCRBYFLOAT as SET KEEPTTL ...), if
     * it changed data.
     */
    public void propagateAs(List<byte[]> argv) { this.propagateAs = List.copyOf(argv); }

    /**
     * As {@link #propagateAs(List)}, the words given as String (ASCII), byte[], Key or a number:
     * {@code ctx.propagateAs("SET", key, value, "PXAT", when)}.
     */
    public void propagateAs(Object... words) { propagateAs(argvOf(words)); }

    /** As {@link #alsoPropagate(List)}, the words given as for {@link #propagateAs(Object...)}. */
    public void alsoPropagate(Object... words) { alsoPropagate(argvOf(words)); }

    /** A command line from words: String (ASCII), byte[], Key, or a number. */
    public static List<byte[]> argvOf(Object... words) {
        List<byte[]> argv = new java.util.ArrayList<>(words.length);
        for (Object w : words) {
            if (w instanceof byte[] b) argv.add(b);
            else if (w instanceof Key k) argv.add(k.bytes());
            else argv.add(String.valueOf(w).getBytes(StandardCharsets.US_ASCII));
        }
        return argv;
    }

    /** "UNLINK" when the given lazyfree option is on, "DEL" otherwise (shared.unlink / shared.del). */
    public String delOrUnlink(String lazyfreeOption) {
        {
            if (engine.config().knows(lazyfreeOption) && "yes".equals(engine.config().get(lazyfreeOption))) return "UNLINK";
        }
        return "DEL";
    }

    /** alsoPropagate: queues another command for replicas, in this client's database. */
    public void alsoPropagate(List<byte[]> argv) { engine.propagation().add(session.db, argv); }

    /** alsoPropagate into a given database (MOVE, COPY DB ...). */
    public void alsoPropagate(int db, List<byte[]> argv) { engine.propagation().add(db, argv); }

    /** preventCommandPropagation: replicas receive only what the command queued itself. */
    public void preventPropagation() { propagationPrevented = true; }

    /** forceCommandPropagation: replicas receive the command even though it changed nothing. */
    public void forcePropagation() { propagationForced = true; }

    /** Set by {@link #forcePropagationToReplicasOnly()}. */
    boolean propagationReplicasOnly;

    /** forceCommandPropagation(c, PROPAGATE_REPL): replicas receive the command, the AOF does not (PUBLISH). */
    public void forcePropagationToReplicasOnly() {
        propagationForced = true;
        propagationReplicasOnly = true;
    }
}
