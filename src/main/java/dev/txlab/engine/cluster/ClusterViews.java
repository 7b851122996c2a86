package dev.txlab.engine.cluster;

import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** CLUSTER NODES, SLOTS and SHARDS: a node's view of the cluster, in Redis's formats. */
final class ClusterViews {
    private ClusterViews() {}

    /** Slot ranges [start, end] this node sees served by owner, in slot order. */
    static List<int[]> ranges(ClusterNode view, ClusterNode owner) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int s = 0; s <= HashSlots.SLOTS; s++) {
            boolean mine = s < HashSlots.SLOTS && view.owner(s) == owner;
            if (mine && start < 0) start = s;
            if (!mine && start >= 0) {
                out.add(new int[] {start, s - 1});
                start = -1;
            }
        }
        return out;
    }

    /** Redis's clusterGenNodesDescription: one line per node, this node's open slots after its own. */
    static String nodes(ClusterNode view, long nowMillis) {
        StringBuilder out = new StringBuilder();
        for (ClusterNode n : view.cluster().nodes()) {
            out.append(n.id()).append(' ').append(n.address()).append('@').append(n.busPort()).append(' ');
            out.append(n == view ? "myself,master" : "master").append(" - 0 ");
            out.append(n == view ? nowMillis / 1000 * 1000 : nowMillis).append(' ');
            out.append(n.configEpoch()).append(" connected");
            for (int[] r : ranges(view, n)) {
                out.append(' ').append(r[0]);
                if (r[1] != r[0]) out.append('-').append(r[1]);
            }
            if (n == view) {
                for (int s = 0; s < HashSlots.SLOTS; s++) {
                    if (view.migratingTo(s) != null) out.append(" [").append(s).append("->-").append(view.migratingTo(s).id()).append(']');
                    else if (view.importingFrom(s) != null) {
                        out.append(" [").append(s).append("-<-").append(view.importingFrom(s).id()).append(']');
                    }
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Redis's addNodeToNodeReply: ip, port, id and an empty map of other endpoints. */
    private static Reply nodeEntry(ClusterNode n) {
        return Reply.array(List.of(Reply.bulk(n.host()), Reply.integer(n.port()), Reply.bulk(n.id()),
                Reply.map(List.of())));
    }

    /** Redis's clusterReplyMultiBulkSlots: each run of slots served by one node, in slot order. */
    static Reply slots(ClusterNode view) {
        List<Reply> out = new ArrayList<>();
        ClusterNode n = null;
        int start = -1;
        for (int i = 0; i <= HashSlots.SLOTS; i++) {
            if (n == null) {
                if (i == HashSlots.SLOTS) break;
                n = view.owner(i);
                start = i;
                continue;
            }
            if (i == HashSlots.SLOTS || n != view.owner(i)) {
                out.add(Reply.array(List.of(Reply.integer(start), Reply.integer(i - 1), nodeEntry(n))));
                if (i == HashSlots.SLOTS) break;
                n = view.owner(i);
                start = i;
            }
        }
        return Reply.array(out);
    }

    /** Redis's clusterReplyShards: one shard per primary, its slot ranges and its one node. */
    static Reply shards(ClusterNode view) {
        List<Reply> out = new ArrayList<>();
        for (ClusterNode n : view.cluster().nodes()) {
            List<Reply> slots = new ArrayList<>();
            for (int[] r : ranges(view, n)) {
                slots.add(Reply.integer(r[0]));
                slots.add(Reply.integer(r[1]));
            }
            Reply node = Reply.map(List.of(
                    Reply.bulk("id"), Reply.bulk(n.id()),
                    Reply.bulk("port"), Reply.integer(n.port()),
                    Reply.bulk("ip"), Reply.bulk(n.host()),
                    Reply.bulk("endpoint"), Reply.bulk(n.host()),
                    Reply.bulk("role"), Reply.bulk("master"),
                    Reply.bulk("replication-offset"), Reply.integer(0),
                    Reply.bulk("health"), Reply.bulk("online")));
            out.add(Reply.map(List.of(Reply.bulk("slots"), Reply.array(slots),
                    Reply.bulk("nodes"), Reply.array(List.of(node)))));
        }
        return Reply.array(out);
    }
}
