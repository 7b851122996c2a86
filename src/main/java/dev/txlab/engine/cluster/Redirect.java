package dev.txlab.engine.cluster;

import dev.txlab.protocol.Reply;

/**
 * Why a node does not run a command itself (Redis's CLUSTER_REDIR_* codes), with the slot and,
 * for MOVED and ASK, the node to ask instead.
 */
public record Redirect(Kind kind, int slot, ClusterNode target) {

    public enum Kind { MOVED, ASK, CROSS_SLOT, TRY_AGAIN, DOWN_STATE, DOWN_RO_STATE, DOWN_UNBOUND }

    /** Redis's clusterRedirectClient: the error the client gets. */
    public Reply.Error error() {
        return Reply.error(switch (kind) {
            case CROSS_SLOT -> "CROSSSLOT Keys in request don't hash to the same slot";
            case TRY_AGAIN -> "TRYAGAIN Multiple keys request during rehashing of slot";
            case DOWN_STATE -> "CLUSTERDOWN The cluster is down";
            case DOWN_RO_STATE -> "CLUSTERDOWN The cluster is down and only accepts read commands";
            case DOWN_UNBOUND -> "CLUSTERDOWN Hash slot not served";
            case MOVED -> "MOVED " + slot + " " + target.address();
            case ASK -> "ASK " + slot + " " + target.address();
        });
    }
}
