package dev.txlab.engine.cluster;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.command.Help;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CLUSTER ..., ASKING, READONLY, READWRITE and MIGRATE (Redis's cluster.c). On an engine that is
 * not a node of a {@link SimulatedCluster} they answer as a server without cluster support.
 * MIGRATE moves the values directly to the other node's engine (no DUMP payload crosses a socket).
 */
public final class ClusterCommands {
    private ClusterCommands() {}

    static final Reply.Error DISABLED = Reply.error("ERR This instance has cluster support disabled");

    public static List<Binding> bindings() {
        List<Binding> all = new ArrayList<>(List.of(
                bind("asking", ctx -> flag(ctx, s -> s.setAsking(true)))
                        .teaching("The next command may use a slot this node is importing (after an ASK redirect)"),
                bind("readonly", ctx -> flag(ctx, s -> s.setReadonly(true))),
                bind("readwrite", ctx -> flag(ctx, s -> s.setReadonly(false))),
                bind("migrate", ClusterCommands::migrate),
                bind("restore-asking", dev.txlab.engine.rdb.DumpCommands::restore),
                bind("cluster|help", ctx -> node(ctx) == null ? DISABLED : help(ctx)),
                bind("cluster|keyslot", ctx -> cluster(ctx, n -> Reply.integer(HashSlots.slot(ctx.arg(2))))),
                bind("cluster|myid", ctx -> cluster(ctx, n -> Reply.bulk(n.id()))),
                bind("cluster|info", ctx -> cluster(ctx, n -> info(ctx, n))),
                bind("cluster|nodes", ctx -> cluster(ctx, n -> new Reply.Verbatim("txt",
                        ClusterViews.nodes(n, ctx.now()).getBytes(StandardCharsets.US_ASCII)))),
                bind("cluster|slots", ctx -> cluster(ctx, ClusterViews::slots)),
                bind("cluster|shards", ctx -> cluster(ctx, n -> {
                    ctx.orderUndefined("the cluster's node table");
                    return ClusterViews.shards(n);
                })),
                bind("cluster|countkeysinslot", ctx -> cluster(ctx, n -> countKeysInSlot(ctx, n))),
                bind("cluster|getkeysinslot", ctx -> cluster(ctx, n -> getKeysInSlot(ctx, n))),
                bind("cluster|setslot", ctx -> cluster(ctx, n -> SlotAssignment.setSlot(ctx, n))),
                bind("cluster|addslots", ctx -> cluster(ctx, n -> SlotAssignment.addOrDelete(ctx, n, false, false))),
                bind("cluster|delslots", ctx -> cluster(ctx, n -> SlotAssignment.addOrDelete(ctx, n, true, false))),
                bind("cluster|addslotsrange", ctx -> cluster(ctx, n -> SlotAssignment.addOrDelete(ctx, n, false, true))),
                bind("cluster|delslotsrange", ctx -> cluster(ctx, n -> SlotAssignment.addOrDelete(ctx, n, true, true))),
                bind("cluster|flushslots", ctx -> cluster(ctx, n -> SlotAssignment.flushSlots(ctx, n))),
                bind("cluster|bumpepoch", ctx -> cluster(ctx, n -> {
                    long before = n.configEpoch;
                    long after = n.cluster().bumpEpoch(n);
                    return new Reply.Simple((after != before ? "BUMPED " : "STILL ") + after);
                })),
                bind("cluster|saveconfig", ctx -> cluster(ctx, n -> Reply.OK)),
                bind("cluster|meet", ctx -> cluster(ctx, n -> meet(ctx))),
                bind("cluster|forget", ctx -> cluster(ctx, n -> known(ctx, n, other -> other == n
                        ? Reply.error("ERR I tried hard but I can't forget myself...") : NOT_SIMULATED_FORGET))),
                bind("cluster|replicate", ctx -> cluster(ctx, n -> known(ctx, n, other -> {
                    if (other == n) return Reply.error("ERR Can't replicate myself");
                    if (n.slotCount() != 0 || n.engine().database(0).size() != 0) {
                        return Reply.error("ERR To set a master the node must be empty and without assigned slots.");
                    }
                    return NOT_SIMULATED_REPLICATE;
                }))),
                // the lab's clusters have primaries only
                bind("cluster|replicas", ctx -> cluster(ctx, n -> known(ctx, n, other -> Reply.EMPTY_ARRAY))),
                bind("cluster|slaves", ctx -> cluster(ctx, n -> known(ctx, n, other -> Reply.EMPTY_ARRAY))),
                bind("cluster|count-failure-reports", ctx -> cluster(ctx, n -> known(ctx, n, other -> Reply.integer(0)))),
                bind("cluster|failover", ctx -> cluster(ctx, n -> {
                    if (ctx.argc() > 3) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
                    if (ctx.argc() == 3 && !ctx.text(2).equalsIgnoreCase("force") && !ctx.text(2).equalsIgnoreCase("takeover")) {
                        return Errors.SYNTAX;
                    }
                    return Reply.error("ERR You should send CLUSTER FAILOVER to a replica");
                })),
                bind("cluster|set-config-epoch", ctx -> cluster(ctx, n -> {
                    long epoch = ctx.longArg(2);
                    if (epoch < 0) return Reply.error("ERR Invalid config epoch specified: " + epoch);
                    if (n.cluster().nodes().size() > 1) {
                        return Reply.error("ERR The user can assign a config epoch only when the node does not know any other node.");
                    }
                    return Reply.error("ERR Node config epoch is already non-zero");
                })),
                bind("cluster|reset", ctx -> cluster(ctx, n -> {
                    if (ctx.argc() > 3) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
                    if (ctx.argc() == 3 && !ctx.text(2).equalsIgnoreCase("hard") && !ctx.text(2).equalsIgnoreCase("soft")) {
                        return Errors.SYNTAX;
                    }
                    if (ctx.db().size() != 0) return Reply.error("ERR CLUSTER RESET can't be called with master nodes containing keys");
                    return NOT_SIMULATED_RESET;
                })),
                bind("cluster|links", ctx -> cluster(ctx, n -> links(ctx, n)))));
        return all;
    }

    private static final Reply.Error NOT_SIMULATED_FORGET =
            Reply.error("ERR txlab does not simulate forgetting a node (CLUSTER FORGET): its clusters keep their nodes");
    private static final Reply.Error NOT_SIMULATED_REPLICATE =
            Reply.error("ERR txlab does not simulate replicas (CLUSTER REPLICATE): its clusters have primaries only");
    private static final Reply.Error NOT_SIMULATED_RESET =
            Reply.error("ERR txlab does not simulate CLUSTER RESET: its clusters keep their nodes and slots");

    /** Redis's clusterLookupNode for a node-id argument, "Unknown node" when this node knows none such. */
    private static Reply known(CommandContext ctx, ClusterNode n, java.util.function.Function<ClusterNode, Reply> body) {
        ClusterNode other = n.cluster().nodeById(ctx.text(2));
        if (other == null) return Reply.error("ERR Unknown node " + cString(ctx.text(2)));
        return body.apply(other);
    }

    /** An argument as %s prints it: up to its first NUL. */
    private static String cString(String text) {
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }

    /**
     * CLUSTER MEET ip port [bus-port]: checked as clusterStartHandshake checks it. The lab's
     * clusters meet nobody new (a real node would start a handshake, and drop it when nobody
     * answers); meeting a node already known is nothing, as in Redis.
     */
    private static Reply meet(CommandContext ctx) {
        if (ctx.argc() > 5) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        Long port = Numbers.parseLong(ctx.arg(3));
        if (port == null) return Reply.error("ERR Invalid TCP base port specified: " + cString(ctx.text(3)));
        long busPort = port + 10000;
        if (ctx.argc() == 5) {
            Long given = Numbers.parseLong(ctx.arg(4));
            if (given == null) return Reply.error("ERR Invalid TCP bus port specified: " + cString(ctx.text(4)));
            busPort = given;
        }
        if (!ipAddress(cString(ctx.text(2))) || port <= 0 || port > 65535 || busPort <= 0 || busPort > 65535) {
            return Reply.error("ERR Invalid node address specified: " + cString(ctx.text(2)) + ":" + cString(ctx.text(3)));
        }
        return Reply.OK;
    }

    /** inet_pton's AF_INET or AF_INET6 form. */
    private static boolean ipAddress(String text) {
        if (text.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")) return true;
        if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) return false;
        try {
            return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    /** CLUSTER LINKS: a link to and a link from each other node, idle (nothing waiting to be sent). */
    private static Reply links(CommandContext ctx, ClusterNode n) {
        ctx.orderUndefined("the cluster's node table");
        List<Reply> out = new ArrayList<>();
        for (ClusterNode other : n.cluster().nodes()) {
            if (other == n) continue;
            for (String direction : new String[] {"to", "from"}) {
                out.add(Reply.map(List.of(
                        Reply.bulk("direction"), Reply.bulk(direction),
                        Reply.bulk("node"), Reply.bulk(other.id()),
                        Reply.bulk("create-time"), Reply.integer(n.cluster().createdAt()),
                        Reply.bulk("events"), Reply.bulk("r"),
                        Reply.bulk("send-buffer-allocated"), Reply.integer(0),
                        Reply.bulk("send-buffer-used"), Reply.integer(0))));
            }
        }
        return Reply.array(out);
    }

    private static ClusterNode node(CommandContext ctx) { return ctx.engine().cluster(); }

    private static Reply cluster(CommandContext ctx, java.util.function.Function<ClusterNode, Reply> body) {
        ClusterNode n = node(ctx);
        return n == null ? DISABLED : body.apply(n);
    }

    private static Reply flag(CommandContext ctx, java.util.function.Consumer<dev.txlab.engine.ClientSession> set) {
        if (node(ctx) == null) return DISABLED;
        set.accept(ctx.session());
        return Reply.OK;
    }

    private static Reply help(CommandContext ctx) {
        return Help.reply(ctx,
                "ADDSLOTS <slot> [<slot> ...]",
                "    Assign slots to current node.",
                "ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
                "    Assign slots which are between <start-slot> and <end-slot> to current node.",
                "BUMPEPOCH",
                "    Advance the cluster config epoch.",
                "COUNT-FAILURE-REPORTS <node-id>",
                "    Return number of failure reports for <node-id>.",
                "COUNTKEYSINSLOT <slot>",
                "    Return the number of keys in <slot>.",
                "DELSLOTS <slot> [<slot> ...]",
                "    Delete slots information from current node.",
                "DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
                "    Delete slots information which are between <start-slot> and <end-slot> from current node.",
                "FAILOVER [FORCE|TAKEOVER]",
                "    Promote current replica node to being a master.",
                "FORGET <node-id>",
                "    Remove a node from the cluster.",
                "GETKEYSINSLOT <slot> <count>",
                "    Return key names stored by current node in a slot.",
                "FLUSHSLOTS",
                "    Delete current node own slots information.",
                "INFO",
                "    Return information about the cluster.",
                "KEYSLOT <key>",
                "    Return the hash slot for <key>.",
                "MEET <ip> <port> [<bus-port>]",
                "    Connect nodes into a working cluster.",
                "MYID",
                "    Return the node id.",
                "NODES",
                "    Return cluster configuration seen by node. Output format:",
                "    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
                "REPLICATE <node-id>",
                "    Configure current node as replica to <node-id>.",
                "RESET [HARD|SOFT]",
                "    Reset current node (default: soft).",
                "SET-CONFIG-EPOCH <epoch>",
                "    Set config epoch of current node.",
                "SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)",
                "    Set slot state.",
                "REPLICAS <node-id>",
                "    Return <node-id> replicas.",
                "SAVECONFIG",
                "    Force saving cluster configuration on disk.",
                "SLOTS",
                "    Return information about slots range mappings. Each range is made of:",
                "    start, end, master and replicas IP addresses, ports and ids",
                "SHARDS",
                "    Return information about slot range mappings and the nodes associated with them.",
                "LINKS",
                "    Return information about all network links between this node and its peers.",
                "    Output format is an array where each array element is a map containing attributes of a link");
    }

    /**
     * CLUSTER INFO. No messages cross a network here: the bus counters are made up as a quiet
     * cluster's look (a ping and a pong a second with each other node; the first node received
     * the MEETs redis-cli --cluster create makes the others send), a type shown only once counted.
     */
    private static Reply info(CommandContext ctx, ClusterNode n) {
        int assigned = 0;
        for (int s = 0; s < HashSlots.SLOTS; s++) if (n.owner(s) != null) assigned++;
        int size = 0;
        for (ClusterNode other : n.cluster().nodes()) {
            for (int s = 0; s < HashSlots.SLOTS; s++) {
                if (n.owner(s) == other) { size++; break; }
            }
        }
        int others = n.cluster().nodes().size() - 1;
        long pings = others * Math.max(1, (ctx.now() - n.cluster().createdAt()) / 1000);
        long meetSent = others > 0 && n.index() > 0 ? 1 : 0;
        long meetReceived = n.index() == 0 ? others : 0;
        StringBuilder text = new StringBuilder()
                .append("cluster_state:").append(n.stateOk() ? "ok" : "fail").append("\r\n")
                .append("cluster_slots_assigned:").append(assigned).append("\r\n")
                .append("cluster_slots_ok:").append(assigned).append("\r\n")
                .append("cluster_slots_pfail:0\r\n")
                .append("cluster_slots_fail:0\r\n")
                .append("cluster_known_nodes:").append(n.cluster().nodes().size()).append("\r\n")
                .append("cluster_size:").append(size).append("\r\n")
                .append("cluster_current_epoch:").append(n.cluster().currentEpoch()).append("\r\n")
                .append("cluster_my_epoch:").append(n.configEpoch()).append("\r\n");
        counter(text, "ping_sent", pings);
        counter(text, "pong_sent", pings);
        counter(text, "meet_sent", meetSent);
        text.append("cluster_stats_messages_sent:").append(2 * pings + meetSent).append("\r\n");
        counter(text, "ping_received", pings);
        counter(text, "pong_received", pings);
        counter(text, "meet_received", meetReceived);
        text.append("cluster_stats_messages_received:").append(2 * pings + meetReceived).append("\r\n");
        text.append("total_cluster_links_buffer_limit_exceeded:0\r\n");
        return new Reply.Verbatim("txt", text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void counter(StringBuilder text, String name, long count) {
        if (count > 0) text.append("cluster_stats_messages_").append(name).append(':').append(count).append("\r\n");
    }

    /**
     * The keys of db 0 in a slot, expired ones not yet deleted included (Redis's countKeysInSlot),
     * newest first as Redis's slot lists keep them.
     */
    static List<Key> keysInSlot(ClusterNode n, int slot) {
        List<Key> keys = new ArrayList<>();
        for (Key k : n.engine().database(0).keys()) if (HashSlots.slot(k.bytes()) == slot) keys.add(k);
        keys.sort(java.util.Comparator.comparingLong(n::addedAt).reversed());
        return keys;
    }

    private static Reply countKeysInSlot(CommandContext ctx, ClusterNode n) {
        long slot = ctx.longArg(2);
        if (slot < 0 || slot >= HashSlots.SLOTS) return Reply.error("ERR Invalid slot");
        return Reply.integer(keysInSlot(n, (int) slot).size());
    }

    private static Reply getKeysInSlot(CommandContext ctx, ClusterNode n) {
        long slot = ctx.longArg(2);
        long max = ctx.longArg(3);
        if (slot < 0 || slot >= HashSlots.SLOTS || max < 0) return Reply.error("ERR Invalid slot or number of keys");
        List<Key> keys = keysInSlot(n, (int) slot);
        List<Reply> out = new ArrayList<>();
        for (int i = 0; i < keys.size() && i < max; i++) out.add(Reply.bulk(keys.get(i).bytes()));
        return Reply.array(out);
    }

    // ---- MIGRATE -----------------------------------------------------------------------------

    /**
     * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password]
     * [AUTH2 username password] [KEYS key ...]: Redis's migrateCommand, with the target another
     * node of the simulated cluster. What migrateCommand pipelines on its socket runs on a
     * connection to that node's engine: AUTH if asked, SELECT, then RESTORE-ASKING key ttl
     * payload [REPLACE] for each key, the payload being DUMP's. A key goes from here once the
     * target took it; the first error the target answered (AUTH's, SELECT's, then a RESTORE's) is
     * the reply. Any other target (and any target outside a cluster) is a server nobody listens
     * for: IOERR.
     */
    private static Reply migrate(CommandContext ctx) {
        ClusterNode self = node(ctx); // null outside a cluster: no other server is reachable from the engine
        boolean copy = false;
        boolean replace = false;
        List<byte[]> auth = null;
        int firstKey = 3;
        int numKeys = 1;
        for (int j = 6; j < ctx.argc(); j++) {
            int more = ctx.argc() - 1 - j;
            String opt = ctx.text(j).toLowerCase(Locale.ROOT);
            switch (opt) {
                case "copy" -> copy = true;
                case "replace" -> replace = true;
                case "auth" -> {
                    if (more < 1) return Errors.SYNTAX;
                    ctx.redactArgument(j + 1); // the password never reaches SLOWLOG or MONITOR
                    auth = List.of(word("AUTH"), ctx.arg(++j));
                }
                case "auth2" -> {
                    if (more < 2) return Errors.SYNTAX;
                    ctx.redactArgument(j + 1);
                    ctx.redactArgument(j + 2);
                    auth = List.of(word("AUTH"), ctx.arg(j + 1), ctx.arg(j + 2));
                    j += 2;
                }
                case "keys" -> {
                    if (ctx.arg(3).length != 0) {
                        return Reply.error("ERR When using MIGRATE KEYS option, the key argument must be set to the empty string");
                    }
                    firstKey = j + 1;
                    numKeys = ctx.argc() - j - 1;
                    j = ctx.argc();
                }
                default -> { return Errors.SYNTAX; }
            }
        }
        ctx.longArg(5); // the timeout: no socket here to wait on
        long dbid = ctx.longArg(4);
        Database db = ctx.db();
        List<Key> keys = new ArrayList<>();
        for (int j = 0; j < numKeys; j++) {
            Key key = ctx.key(firstKey + j);
            if (db.lookup(key) != null) keys.add(key);
        }
        if (keys.isEmpty()) return new Reply.Simple("NOKEY");
        Long parsedPort = Numbers.parseLong(ctx.arg(2));
        long port = parsedPort == null ? -1 : parsedPort;
        ClusterNode target = port < 0 || self == null ? null : self.cluster().nodeAt(ctx.text(1), (int) port);
        if (target == null) {
            return Reply.error("IOERR error or timeout writing to target instance"); // a refused connection shows at the first write
        }
        if (target == self) {
            // the node would wait for its own answer, which it cannot give while it waits: the timeout
            return Reply.error("IOERR error or timeout reading to target instance");
        }
        dev.txlab.engine.Engine to = target.engine();
        // the node-to-node connection is plumbing: its commands stay out of the traces
        dev.txlab.trace.Tracer shown = to.tracer();
        to.setTracer(dev.txlab.trace.Tracer.NONE);
        dev.txlab.engine.ClientSession link = to.connect("migrate@" + self.port());
        Reply.Error failed = null;
        List<Key> deleted = new ArrayList<>();
        try {
            Reply authReply = auth == null ? null : to.execute(link, auth);
            Reply selectReply = to.execute(link, List.of(word("SELECT"), word(Long.toString(dbid))));
            // every payload is made before any reply is read (a key named twice goes twice)
            long listpack = ctx.engine().config().getLong("list-max-listpack-size");
            List<Key> sent = new ArrayList<>();
            List<List<byte[]>> restores = new ArrayList<>();
            for (Key key : keys) {
                long ttl = 0;
                long expireAt = db.expireAt(key);
                if (expireAt >= 0) {
                    ttl = expireAt - ctx.now();
                    if (ttl < 0) continue;
                    if (ttl < 1) ttl = 1;
                }
                List<byte[]> restore = new ArrayList<>(List.of(word("RESTORE-ASKING"), key.bytes(),
                        word(Long.toString(ttl)), dev.txlab.engine.rdb.Rdb.dump(db.lookup(key), listpack)));
                if (replace) restore.add(word("REPLACE"));
                sent.add(key);
                restores.add(restore);
            }
            for (int i = 0; i < sent.size(); i++) {
                Key key = sent.get(i);
                Reply restored = to.execute(link, restores.get(i));
                Reply.Error error = authReply instanceof Reply.Error e ? e : selectReply instanceof Reply.Error e ? e
                        : restored instanceof Reply.Error e ? e : null;
                if (error != null) {
                    if (failed == null) failed = Reply.error("ERR Target instance replied with error: " + error.message());
                } else if (!copy) {
                    if (db.isStored(key)) db.remove(key);
                    db.modified(key);
                    dev.txlab.engine.Notifications.event(ctx, dev.txlab.engine.Notifications.GENERIC, "del", key);
                    deleted.add(key);
                }
            }
        } finally {
            to.disconnect(link);
            to.setTracer(shown);
        }
        // replicas and the AOF see the keys that left as a DEL (migrateCommand's rewrite)
        if (deleted.isEmpty()) {
            ctx.preventPropagation();
        } else {
            List<byte[]> del = new ArrayList<>();
            del.add(word("DEL"));
            for (Key k : deleted) del.add(k.bytes());
            ctx.propagateAs(del);
        }
        return failed != null ? failed : Reply.OK;
    }

    private static byte[] word(String text) { return text.getBytes(StandardCharsets.ISO_8859_1); }
}
