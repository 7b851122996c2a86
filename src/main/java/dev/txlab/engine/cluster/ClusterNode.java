package dev.txlab.engine.cluster;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Engine;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.Flag;
import dev.txlab.engine.table.KeyFinder;
import dev.txlab.engine.tx.TransactionState;
import dev.txlab.protocol.Key;
import java.util.List;

/**
 * One primary of a {@link SimulatedCluster}: its engine, its id and address, its view of which
 * node serves each slot, and the slots it is migrating or importing. {@link #route} is Redis's
 * getNodeByQuery, which processCommand calls before running or queueing a command with keys.
 */
public final class ClusterNode {
    private final SimulatedCluster cluster;
    private final int index;
    private final String id;
    private final String host;
    private final int port;
    private final Engine engine;
    long configEpoch;
    /** This node's view: who serves each slot (null: nobody). */
    final ClusterNode[] slots = new ClusterNode[HashSlots.SLOTS];
    final ClusterNode[] migratingTo = new ClusterNode[HashSlots.SLOTS];
    final ClusterNode[] importingFrom = new ClusterNode[HashSlots.SLOTS];
    /**
     * The slot of the command being run (Redis's c->slot, set by getNodeByQuery; -1 without
     * keys): a script may touch undeclared keys of that slot only.
     */
    private int commandSlot = -1;
    /** When each key of db 0 was last added (Redis keeps a slot's keys newest first). */
    private final java.util.Map<Key, Long> added = new java.util.HashMap<>();
    private long additions;

    ClusterNode(SimulatedCluster cluster, int index, String id, String host, int port, Engine engine) {
        this.cluster = cluster;
        this.index = index;
        this.id = id;
        this.host = host;
        this.port = port;
        this.engine = engine;
    }

    public SimulatedCluster cluster() { return cluster; }

    /** 0 for the first node. */
    public int index() { return index; }

    public String id() { return id; }

    public String host() { return host; }

    public int port() { return port; }

    /** The cluster bus port: the client port + 10000, as Redis's default. */
    public int busPort() { return port + 10000; }

    /** host:port, as MOVED and ASK name a node. */
    public String address() { return host + ":" + port; }

    public Engine engine() { return engine; }

    public long configEpoch() { return configEpoch; }

    /**
     * This node's view of who serves a slot changes (Redis's clusterDelSlot and clusterAddSlot): a
     * slot it served and no longer does takes its shard channels' subscribers with it.
     */
    void assign(int slot, ClusterNode owner) {
        if (slots[slot] == this && owner != this) {
            List<Key> inSlot = new java.util.ArrayList<>();
            for (Key channel : engine.pubsub().channels(null, dev.txlab.engine.PubSub.Kind.SHARD)) {
                if (HashSlots.slot(channel.bytes()) == slot) inSlot.add(channel);
            }
            inSlot.sort((x, y) -> java.util.Arrays.compareUnsigned(x.bytes(), y.bytes())); // slots_to_channels is a rax
            for (Key channel : inSlot) engine.pubsub().unsubscribeShardChannel(channel);
        }
        slots[slot] = owner;
    }

    /** Who serves the slot, as this node sees it; null when nobody does. */
    public ClusterNode owner(int slot) { return slots[slot]; }

    public ClusterNode migratingTo(int slot) { return migratingTo[slot]; }

    public ClusterNode importingFrom(int slot) { return importingFrom[slot]; }

    /** Slots this node serves, as it sees itself. */
    public int slotCount() {
        int n = 0;
        for (ClusterNode owner : slots) if (owner == this) n++;
        return n;
    }

    /** cluster_state: ok while every slot is served (cluster-require-full-coverage yes). */
    public boolean stateOk() {
        for (ClusterNode owner : slots) if (owner == null) return false;
        return true;
    }

    /** The slot of the command now running (see {@link #route}), or -1. */
    public int commandSlot() { return commandSlot; }

    /**
     * Whether processCommand asks getNodeByQuery about this command: it has key specs or movable
     * keys, or it is EXEC (whose queued commands are checked together).
     */
    public static boolean routed(CommandSpec spec) {
        return spec.has(Flag.MOVABLEKEYS) || !spec.keySpecs().isEmpty() || spec.name().equals("exec");
    }

    /**
     * Redis's getNodeByQuery: null when this node serves the command (or it has no keys), else
     * why not. EXEC is judged on every queued command together: all keys in one slot, served here.
     */
    public Redirect route(ClientSession client, CommandSpec spec, List<byte[]> argv) {
        commandSlot = -1;
        List<Command> commands;
        if (spec.name().equals("exec")) {
            TransactionState tx = client.transaction();
            if (!tx.inMulti()) return null;
            commands = tx.queue().stream().map(q -> new Command(q.spec(), q.argv())).toList();
        } else {
            commands = List.of(new Command(spec, argv));
        }
        return route(client, spec, commands, client.asking());
    }

    private record Command(CommandSpec spec, List<byte[]> argv) {}

    private Redirect route(ClientSession client, CommandSpec spec, List<Command> commands, boolean asking) {
        boolean pubsubShard = switch (spec.name()) {
            case "ssubscribe", "sunsubscribe", "spublish" -> true;
            default -> false;
        };
        Key first = null;
        int slot = 0;
        ClusterNode n = null;
        boolean multipleKeys = false;
        boolean migrating = false;
        boolean importing = false;
        int missing = 0;
        int existing = 0;
        for (Command c : commands) {
            for (int position : KeyFinder.legacyPositions(c.spec(), c.argv())) {
                Key key = Key.of(c.argv().get(position));
                int keySlot = HashSlots.slot(key.bytes());
                if (first == null) {
                    first = key;
                    slot = keySlot;
                    n = slots[slot];
                    if (n == null) return new Redirect(Redirect.Kind.DOWN_UNBOUND, slot, null);
                    if (n == this && migratingTo[slot] != null) migrating = true;
                    else if (importingFrom[slot] != null) importing = true;
                } else if (!first.equals(key)) {
                    if (slot != keySlot) return new Redirect(Redirect.Kind.CROSS_SLOT, slot, null);
                    multipleKeys = true;
                }
                if ((migrating || importing) && !pubsubShard) {
                    if (engine.database(0).peek(key) == null) missing++;
                    else existing++;
                }
            }
        }
        if (n == null) return null;
        if (!stateOk()) {
            // served anyway: shard channels (cluster-allow-pubsubshard-when-down), or reads when
            // cluster-allow-reads-when-down says so
            if (pubsubShard) {
                if (!yes("cluster-allow-pubsubshard-when-down")) return new Redirect(Redirect.Kind.DOWN_STATE, slot, null);
            } else if (!yes("cluster-allow-reads-when-down")) {
                return new Redirect(Redirect.Kind.DOWN_STATE, slot, null);
            } else if (writes(spec, commands)) {
                return new Redirect(Redirect.Kind.DOWN_RO_STATE, slot, null);
            }
        }
        commandSlot = slot;
        if ((migrating || importing) && spec.name().equals("migrate")) return null;
        if (migrating && missing > 0) {
            if (existing > 0) return new Redirect(Redirect.Kind.TRY_AGAIN, slot, null);
            return new Redirect(Redirect.Kind.ASK, slot, migratingTo[slot]);
        }
        if (importing && (asking || spec.has(Flag.ASKING))) {
            if (multipleKeys && missing > 0) return new Redirect(Redirect.Kind.TRY_AGAIN, slot, null);
            return null;
        }
        if (n != this) return new Redirect(Redirect.Kind.MOVED, slot, n);
        return null;
    }

    private boolean yes(String parameter) { return engine.config().get(parameter).equals("yes"); }

    /**
     * getCommandFlags(c) & CMD_WRITE: the command's own flag, or the flags a script or function
     * declares (EXEC's own flags, not its queue's).
     */
    private boolean writes(CommandSpec spec, List<Command> commands) {
        if (!spec.name().equals("exec") && commands.size() == 1) {
            java.util.Set<Flag> declared = engine.scripting().declaredFlags(spec.name(), commands.get(0).argv());
            if (declared != null) return declared.contains(Flag.WRITE);
        }
        return spec.has(Flag.WRITE);
    }

    /**
     * Redis's scriptVerifyClusterState: a command a script calls must be served here, and (unless
     * the script declares allow-cross-slot-keys) stay in the slot of the keys seen so far. Returns
     * the error text (without "ERR "), or null.
     */
    public String scriptRefusal(ClientSession scriptClient, ClientSession caller, CommandSpec spec, List<byte[]> argv,
                                boolean allowCrossSlot) {
        int saved = commandSlot;
        commandSlot = -1;
        Redirect r = route(scriptClient, spec, List.of(new Command(spec, argv)), caller.asking());
        int slot = commandSlot;
        commandSlot = saved;
        if (r != null) {
            if (r.kind() == Redirect.Kind.DOWN_RO_STATE) {
                return "Script attempted to execute a write command while the cluster is down and readonly";
            }
            if (r.kind() == Redirect.Kind.DOWN_STATE) return "Script attempted to execute a command while the cluster is down";
            return "Script attempted to access a non local key in a cluster node";
        }
        if (slot != -1 && !allowCrossSlot) {
            if (commandSlot == -1) commandSlot = slot;
            else if (commandSlot != slot) return "Script attempted to access keys that do not hash to the same slot";
        }
        return null;
    }

    /**
     * clientsCron's clusterRedirectBlockedClientIfNeeded: a client blocked on keys this node no
     * longer serves (nor imports) is answered MOVED, or CLUSTERDOWN when nobody serves them or
     * the cluster is down.
     */
    public void redirectBlockedClients() {
        for (var e : engine.blockedOnKeys().entrySet()) {
            Redirect why = null;
            if (!stateOk()) {
                why = new Redirect(Redirect.Kind.DOWN_STATE, 0, null);
            } else {
                int slot = HashSlots.slot(e.getValue().bytes());
                ClusterNode n = slots[slot];
                if (n != this && importingFrom[slot] == null) {
                    why = n == null ? new Redirect(Redirect.Kind.DOWN_UNBOUND, slot, null) : new Redirect(Redirect.Kind.MOVED, slot, n);
                }
            }
            if (why != null) engine.unblockWith(e.getKey(), why.error());
        }
    }

    /**
     * clusterPropagatePublish: PUBLISH reaches every other node's subscribers (channels and
     * patterns); SPUBLISH only this shard's replicas, which the lab's clusters do not have.
     */
    public void propagatePublish(Key channel, byte[] message, dev.txlab.engine.PubSub.Kind kind) {
        if (kind != dev.txlab.engine.PubSub.Kind.GLOBAL) return;
        for (ClusterNode other : cluster.nodes()) {
            if (other != this) other.engine().pubsub().publish(channel, message, kind);
        }
    }

    /** Engine's dbAdd hook: the key goes to the head of its slot's list. */
    public void keyAdded(Key key) {
        if (added.size() > 4 * engine.database(0).size() + 1024) added.keySet().retainAll(engine.database(0).keys());
        added.put(key, ++additions);
    }

    /** The order of keys in a slot's list: newest first. */
    long addedAt(Key key) { return added.getOrDefault(key, 0L); }

    @Override public String toString() { return address(); }
}
