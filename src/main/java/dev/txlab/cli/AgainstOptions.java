package dev.txlab.cli;

import dev.txlab.remote.RedisUri;
import dev.txlab.shell.Backend;
import dev.txlab.shell.RemoteBackend;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/** {@code --against}, {@code --flush} and {@code --timeout}: the same for shell and lesson. */
public final class AgainstOptions {
    @Option(names = "--against", paramLabel = "redis://host:port[/db]",
            description = "Run on a real Redis server instead of the engine, one connection per client"
                    + " (redis://user:pass@host:port/db for AUTH).")
    String against;

    @Option(names = "--flush", description = "With --against: start from an empty database even if it holds keys,"
            + " and let :reset empty it again.")
    boolean flush;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "With --against: how long to wait for the server to connect or reply (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds = 10;

    /** A command-line problem or an unusable server, already worded for the user. */
    static final class Refused extends Exception {
        final int exitCode;

        Refused(String message, int exitCode) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    boolean isSet() { return against != null; }

    /**
     * Connects to the --against server. With {@code requireEmpty} (lessons, like replay) a
     * database holding keys is refused unless --flush is given; otherwise it is used as it is.
     */
    RemoteBackend connect(String command, PrintStream err, boolean requireEmpty) throws Refused {
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) {
            throw new Refused("txlab " + command + ": --timeout must be more than 0 and at most 3600 seconds", 2);
        }
        RedisUri uri;
        try {
            uri = RedisUri.parse(against);
        } catch (IllegalArgumentException e) {
            throw new Refused("txlab " + command + ": " + e.getMessage(), 2);
        }
        RemoteBackend remote;
        try {
            remote = RemoteBackend.connect(uri, flush, (int) Math.ceil(timeoutSeconds * 1000));
        } catch (IOException e) {
            throw new Refused("txlab " + command + ": " + e.getMessage(), 1);
        }
        if (remote.keptKeys() > 0) {
            String keys = remote.keptKeys() == 1 ? "1 key" : remote.keptKeys() + " keys";
            if (requireEmpty) {
                closeQuietly(remote);
                throw new Refused("txlab " + command + ": " + uri + " holds " + keys
                        + "; refusing to touch them (use --flush to empty the database first)", 1);
            }
            err.println("txlab " + command + ": " + uri + " holds " + keys + "; the shell works on them as they are"
                    + " and :reset will not flush them (--flush starts from an empty database)");
        }
        return remote;
    }

    /**
     * The shell on a real cluster when the --against server is a cluster node, else null (the
     * caller connects as to a single server).
     */
    Backend connectCluster(String command, boolean follow) throws Refused {
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) {
            throw new Refused("txlab " + command + ": --timeout must be more than 0 and at most 3600 seconds", 2);
        }
        RedisUri uri;
        try {
            uri = RedisUri.parse(against);
        } catch (IllegalArgumentException e) {
            throw new Refused("txlab " + command + ": " + e.getMessage(), 2);
        }
        int timeout = (int) Math.ceil(timeoutSeconds * 1000);
        try {
            if (!dev.txlab.shell.RemoteClusterBackend.isCluster(uri, timeout)) return null;
            return dev.txlab.shell.RemoteClusterBackend.connect(uri, flush, timeout, follow);
        } catch (IOException e) {
            return null; // the single-server path says what is wrong, in its words
        }
    }

    private static void closeQuietly(Backend backend) {
        try {
            backend.close();
        } catch (IOException ignored) {
            // already refusing; the connection is going away either way
        }
    }
}
