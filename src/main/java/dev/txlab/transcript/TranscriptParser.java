package dev.txlab.transcript;

import dev.txlab.store.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code .tx} format (see TRANSCRIPT-FORMAT in the README). */
public final class TranscriptParser {
    private TranscriptParser() {}

    /**
     * "LABEL> command": letters, digits, '_' and '-', then exactly one space. In a cluster
     * transcript a label may name the node its connection goes to: "A@7001> GET k".
     */
    public static final Pattern COMMAND = Pattern.compile("([A-Za-z0-9_-]+(?:@[0-9]{1,5})?)> (.*)", Pattern.DOTALL);
    /** "#! cluster N": the file runs on a cluster of N primaries (see docs/transcript-format.md). */
    private static final Pattern CLUSTER = Pattern.compile("#! cluster ([0-9]{1,2})");
    /** Past this a file is not a transcript someone wrote by hand. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    public static Transcript parse(Path file) throws TranscriptException {
        return parse(file.toString(), read(file), 1);
    }

    /**
     * A transcript file's bytes, read as every input file is (see {@link InputFiles}): at most
     * {@link #MAX_FILE_BYTES}, and never from a FIFO, a device or a directory.
     */
    public static byte[] read(Path file) throws TranscriptException {
        try {
            return InputFiles.read(file, MAX_FILE_BYTES);
        } catch (IOException e) {
            throw new TranscriptException(file.toString(), 0, "cannot read: " + InputFiles.reason(e));
        }
    }

    /** Parses transcript text; {@code firstLine} numbers its first line (for blocks inside lessons). */
    public static Transcript parse(String source, byte[] content, int firstLine) throws TranscriptException {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", -1);
        List<Transcript.Step> steps = new ArrayList<>();
        String label = null;
        String command = null;
        int commandLine = 0;
        List<String> expected = new ArrayList<>();
        int clusterNodes = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (i == lines.length - 1 && line.isEmpty()) break; // the final newline
            if (line.startsWith("#!") && command == null) {
                Matcher c = CLUSTER.matcher(line.stripTrailing());
                if (c.matches()) {
                    clusterNodes = Integer.parseInt(c.group(1));
                    if (clusterNodes < 1 || clusterNodes > dev.txlab.engine.cluster.SimulatedCluster.MAX_NODES) {
                        throw new TranscriptException(source, firstLine + i, "a cluster has 1 to "
                                + dev.txlab.engine.cluster.SimulatedCluster.MAX_NODES + " primaries");
                    }
                }
            }
            if (line.startsWith("#") || line.isBlank()) continue;
            Matcher m = COMMAND.matcher(line);
            if (m.matches()) {
                if (command != null) steps.add(new Transcript.Step(commandLine, label, command, List.copyOf(expected)));
                label = m.group(1);
                command = m.group(2);
                commandLine = firstLine + i;
                expected.clear();
            } else if (command == null) {
                throw new TranscriptException(source, firstLine + i,
                        "reply line before any command (a command line looks like 'A> SET k v')");
            } else {
                expected.add(line);
            }
        }
        if (command != null) steps.add(new Transcript.Step(commandLine, label, command, List.copyOf(expected)));
        return new Transcript(source, List.copyOf(steps), clusterNodes);
    }
}
