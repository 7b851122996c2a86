package dev.txlab.engine.acl;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.PubSub;
import java.nio.charset.StandardCharsets;

/**
 * The client description an ACL log entry carries: addACLLogEntry stores catClientInfoString of
 * the client at the moment of the denial, the very line CLIENT INFO prints.
 */
final class ClientInfo {
    private ClientInfo() {}

    static String of(dev.txlab.engine.Engine engine, ClientSession c) {
        return dev.txlab.engine.command.ClientCommands.line(engine, c);
    }
}
