package dev.txlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.support.Cli;
import dev.txlab.support.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code txlab replay} prints traces as # lines, so its output is itself a transcript; --check is unchanged. */
class ReplayTracesTest {

    static String run(String... args) {
        Cli.Run run = Cli.txlab(args);
        assertEquals(0, run.exit(), run::out);
        return run.out();
    }

    @Test
    void replayPrintsTracesAsCommentLinesUnderTheReplies() {
        Path w02 = Corpus.transcripts("conformance/edge").stream().filter(p -> p.endsWith("W02.tx")).findFirst().orElseThrow();
        String out = run("replay", w02.toString());
        assertTrue(out.contains("B> SET k 2\nOK\n# B's SET k 2 touched k, which A watches: A's next EXEC will answer (nil).\n"), out);
        assertTrue(out.contains("A> EXEC\n(nil)\n# (nil): EXEC ran nothing"), out);
        assertFalse(run("replay", "--explain", "off", w02.toString()).contains("#"));
    }

    @Test
    void replayOutputWithFullTracesIsATranscriptThatChecksAgain(@TempDir Path dir) throws Exception {
        for (Path file : Corpus.transcripts("conformance/edge")) {
            Path copy = dir.resolve(file.getFileName());
            Files.writeString(copy, run("replay", "--explain", "full", file.toString()));
        }
        String check = run("replay", "--check", dir.toString());
        assertTrue(check.matches("\\d+ passed, 0 failed\n"), check);
    }

    @Test
    void checkOutputHasNoTraces() {
        Path dir = Corpus.transcripts("transcripts").get(0).getParent();
        int files = Corpus.transcripts("transcripts").size();
        assertEquals(files + " passed, 0 failed\n", run("replay", "--check", "--explain", "full", dir.toString()));
    }
}
