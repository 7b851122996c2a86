package dev.txlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The transcript corpora copied into test resources (recorded on redis-server 7.0.15). */
public final class Corpus {
    private Corpus() {}

    /** Every .tx file under a test-resources directory, in name order. */
    public static List<Path> transcripts(String resourceDir) {
        try {
            Path root = Path.of(Corpus.class.getResource("/" + resourceDir).toURI());
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(f -> f.toString().endsWith(".tx")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resources: " + resourceDir, e);
        }
    }

    /** A short name for reports: the last two path elements. */
    public static String name(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName();
    }
}
