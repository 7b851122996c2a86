package dev.txlab.remote;

import java.io.IOException;

/**
 * The real server cannot be used: it refused or dropped the connection, did not answer in time,
 * rejected AUTH or SELECT, or holds data we must not touch. The message is one line meant for the
 * user as it is ("cannot connect to 127.0.0.1:6379: connection refused"); a run stops at the first.
 */
public final class RemoteUnavailable extends IOException {
    public RemoteUnavailable(String message) { super(message); }

    public RemoteUnavailable(String message, Throwable cause) { super(message, cause); }
}
