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

    /**
     * One command line. {@code line} is 1-based in the source; {@code command} is the text after
     * "LABEL> "; {@code expected} the reply lines under it (empty when none were written).
     */
    public record Step(int line, String label, String command, List<String> expected) {}
}
