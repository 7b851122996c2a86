package dev.txlab.transcript;

import java.util.List;

/**
 * A parsed {@code .tx} file: the commands typed, by which client, and the reply lines expected
 * under each. Text is held as Latin-1 byte strings (one char per byte), so comparisons with
 * formatted replies are byte-exact whatever the file's encoding.
 */
public record Transcript(String source, List<Step> steps, int clusterNodes) {

    public Transcript(String source, List<Step> steps) { this(source, steps, 0); }

    /** Whether the file declares a cluster ({@code #! cluster N}): its labels may name a node, {@code A@7001}. */
    public boolean cluster() { return clusterNodes > 0; }

    /** As {@link #clusterBasePort(int)} for the cluster the file declares. */
    public int clusterBasePort() { return clusterBasePort(clusterNodes); }

    /** The port of the first of N nodes: 7001 as the lab's clusters, unless the labels name ports outside 7001..7000+N. */
    public int clusterBasePort(int nodes) {
        int min = Integer.MAX_VALUE;
        boolean outside = false;
        for (Step s : steps) {
            int at = s.label().indexOf('@');
            if (at < 0) continue;
            int port = Integer.parseInt(s.label().substring(at + 1));
            min = Math.min(min, port);
            if (port < DEFAULT_CLUSTER_PORT || port >= DEFAULT_CLUSTER_PORT + Math.max(1, nodes)) outside = true;
        }
        return outside ? min : DEFAULT_CLUSTER_PORT;
    }

    /** Where the lab's clusters listen (redis-cli --cluster create's usual 7001 ...). */
    public static final int DEFAULT_CLUSTER_PORT = 7001;

    /**
     * One command line. {@code line} is 1-based in the source; {@code command} is the text after
     * "LABEL> "; {@code expected} the reply lines under it (empty when none were written).
     */
    public record Step(int line, String label, String command, List<String> expected) {}
}
