package dev.txlab.engine;

import dev.txlab.protocol.Reply;

/**
 * A reply for a client that is not the answer to the command it just sent: a pub/sub message
 * (RESP3 push), or the answer of a blocked command once it is served or times out.
 *
 * @param endsBlock the client was blocked and is not any more: the front end runs what it sent
 *                  meanwhile, as Redis reprocesses an unblocked client's query buffer
 */
public record Delivery(ClientSession client, Reply reply, boolean endsBlock) {}
