package dev.txlab.engine;

import dev.txlab.protocol.Reply;

/**
 * A command refused its input with a Redis error (WRONGTYPE, syntax error ...). Thrown by
 * command code and turned into the error reply at the one place commands are called; it is a
 * user's mistake, not a bug, so it carries no stack trace. Any other exception is a bug.
 */
public final class CommandFailed extends RuntimeException {
    private final Reply.Error error;

    public CommandFailed(Reply.Error error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public Reply.Error error() { return error; }
}
