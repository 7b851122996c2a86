package dev.txlab.engine.tx;

import dev.txlab.engine.keyspace.Database.Modification;
import dev.txlab.protocol.Key;
import java.util.List;

/**
 * What invalidated a watch: the key, why (a write, expiry, a flush), and the client and command
 * that caused it (null client for expiry found by the server itself).
 */
public record WatchTouch(int db, Key key, Modification cause, String byClient, List<byte[]> byCommand) {}
