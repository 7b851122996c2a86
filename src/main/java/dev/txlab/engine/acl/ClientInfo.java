package dev.txlab.engine.acl;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.PubSub;
import java.nio.charset.StandardCharsets;

/**
 * The client description an ACL log entry carries (Redis's catClientInfoString), with the fields
 * the engine knows: it has no sockets, so no addr, fd or buffer sizes. (Once CLIENT LIST has
 * its catClientInfoString, the ACL log should print that line instead.)
 */
final class ClientInfo {
    private ClientInfo() {}

    static String of(ClientSession c) {
        byte[] name = c.name();
        User u = c.aclUser();
        return "id=" + c.id()
                + " name=" + (name == null ? "" : new String(name, StandardCharsets.ISO_8859_1))
                + " db=" + c.db()
                + " sub=" + (PubSub.subscriptionCount(c) - PubSub.subscribedPatterns(c).size())
                + " psub=" + PubSub.subscribedPatterns(c).size()
                + " ssub=" + (PubSub.subscriptionTotal(c) - PubSub.subscriptionCount(c))
                + " multi=" + (c.transaction().inMulti() ? c.transaction().acceptedCount() : -1)
                + " user=" + (u == null ? "default" : u.displayName())
                + " resp=" + c.protocol();
    }
}
