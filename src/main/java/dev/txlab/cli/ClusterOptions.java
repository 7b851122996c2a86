package dev.txlab.cli;

import dev.txlab.engine.Clock;
import dev.txlab.engine.cluster.SimulatedCluster;
import dev.txlab.shell.ClusterBackend;
import picocli.CommandLine.Option;

/** {@code --cluster N} and {@code --follow-redirects}: the shell and lessons on a simulated Redis Cluster. */
public final class ClusterOptions {
    @Option(names = "--cluster", paramLabel = "N", arity = "0..1", fallbackValue = "3",
            description = "Run on a simulated Redis Cluster of N primaries (3 if N is left out) on 127.0.0.1:7001..,"
                    + " slots split as redis-cli --cluster create splits them. Prompts say the node: A@7001>;"
                    + " A@7002> CMD sends to another node.")
    Integer cluster;

    @Option(names = "--follow-redirects",
            description = "On a cluster (--cluster, or --against a cluster node): follow MOVED and ASK redirects as"
                    + " redis-cli -c does (:follow on|off switches).")
    boolean follow;

    boolean isSet() { return cluster != null; }

    /** The problem with the options, worded for the user, or null. */
    String problem(String command) {
        if (cluster != null && (cluster < 1 || cluster > SimulatedCluster.MAX_NODES)) {
            return "txlab " + command + ": --cluster must be 1 to " + SimulatedCluster.MAX_NODES;
        }
        return null;
    }

    ClusterBackend backend(Clock clock) { return new ClusterBackend(clock, cluster, follow); }
}
