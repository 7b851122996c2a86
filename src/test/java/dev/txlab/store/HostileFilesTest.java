package dev.txlab.store;

import static dev.txlab.store.Hostile.assertNoCrash;
import static dev.txlab.store.Hostile.withoutHanging;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.support.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11, item 6: a progress file, a transcript, a lesson or an answers file replaced by a link
 * to /dev/zero, a FIFO, a 3 GB sparse file or a directory. Each is one clear line (or a FAIL line
 * in replay's report) and the command carries on or stops cleanly: no OutOfMemoryError, no hang,
 * no stack trace.
 */
class HostileFilesTest {
    @TempDir Path data;
    @TempDir Path work;

    static Path lessons() { return Path.of(System.getProperty("user.dir"), "lessons"); }

    static List<String> lines(String text) { return text.lines().filter(l -> !l.isBlank()).toList(); }

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void aQuizProgressFileOfAnyHostileKindIsSetAsideWithOneLineAndTheDrillRuns(Hostile kind) throws Exception {
        Path file = data.resolve("quiz-progress.tsv");
        kind.create(file);
        Cli.Run run = withoutHanging(file, () -> Cli.txlabWithInput("",
                "quiz", "--data-dir", data.toString(), "--seed", "1", "--count", "1"));
        assertNoCrash(run.out() + run.err());
        assertEquals(0, run.exit(), run.err());
        List<String> err = lines(run.err());
        assertEquals(1, err.size(), run.err());
        assertTrue(err.get(0).startsWith("txlab quiz: quiz progress " + file + " cannot be read ("), err.get(0));
        assertTrue(err.get(0).contains("moved it to quiz-progress.tsv.corrupt-"), err.get(0));
        assertTrue(run.out().contains("score: 0/0"), run.out());
        try (Stream<Path> files = Files.list(data)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("quiz-progress.tsv.corrupt-")));
        }
    }

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void aLessonProgressFileOfAnyHostileKindIsSetAsideWithOneLine(Hostile kind) throws Exception {
        Path file = data.resolve("lessons-progress.tsv");
        kind.create(file);
        Cli.Run run = withoutHanging(file, () -> Cli.txlabWithInput("",
                "lesson", "--lessons", lessons().toString(), "--data-dir", data.toString()));
        assertNoCrash(run.out() + run.err());
        assertEquals(0, run.exit(), run.err());
        List<String> err = lines(run.err());
        assertEquals(1, err.size(), run.err());
        assertTrue(err.get(0).startsWith("txlab lesson: lesson progress " + file + " cannot be read ("), err.get(0));
        assertTrue(run.out().contains("not started"), run.out());
    }

    @ParameterizedTest
    @EnumSource(value = Hostile.class, names = {"DEV_ZERO", "FIFO", "SPARSE_3GB"})
    void playingALessonOverAHostileProgressFileStillSavesProgress(Hostile kind) throws Exception {
        Path file = data.resolve("lessons-progress.tsv");
        kind.create(file);
        Cli.Run run = withoutHanging(file, () -> Cli.txlabWithInput(":next\n:quit\n",
                "lesson", "1", "--lessons", lessons().toString(), "--data-dir", data.toString()));
        assertNoCrash(run.out() + run.err());
        assertEquals(0, run.exit(), run.err());
        assertEquals(1, lines(run.err()).size(), run.err());
        assertTrue(Files.isRegularFile(file), "progress saved in a new, regular file");
        assertTrue(Files.readString(file).contains("atomic-commands\t1\t"), Files.readString(file));
    }

    @ParameterizedTest
    @EnumSource(value = Hostile.class, names = {"DEV_ZERO", "FIFO", "SPARSE_3GB"})
    void replayReportsAHostileTranscriptOrLessonInOneLine(Hostile kind) throws Exception {
        for (String name : List.of("session.tx", "01-hostile.md")) {
            Path file = work.resolve(name);
            kind.create(file);
            Cli.Run run = withoutHanging(file, () -> Cli.txlab("replay", "--check", file.toString()));
            assertNoCrash(run.out() + run.err());
            assertEquals(1, run.exit(), run.out() + run.err());
            List<String> out = lines(run.out());
            assertTrue(out.get(0).startsWith("FAIL " + file + ": cannot read: it is "), run.out());
            assertEquals(List.of(out.get(0), "0 passed, 1 failed"), out);
            Files.delete(file);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Hostile.class, names = {"DEV_ZERO", "FIFO"})
    void replayWithoutCheckOfDevZeroOrAFifoIsOneFailLine(Hostile kind) throws Exception {
        Path file = work.resolve("named.tx");
        kind.create(file);
        Cli.Run run = withoutHanging(file, () -> Cli.txlab("replay", file.toString()));
        assertNoCrash(run.out() + run.err());
        assertEquals(1, run.exit());
        assertEquals(1, lines(run.out()).size(), run.out());
    }

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void aHostileAnswersFileIsRefusedWithOneLine(Hostile kind) throws Exception {
        Path file = work.resolve("answers.txt");
        kind.create(file);
        Cli.Run run = withoutHanging(file, () -> Cli.txlab("quiz", "--data-dir", data.toString(), "--seed", "1", "--count", "1",
                "--answers", file.toString()));
        assertNoCrash(run.out() + run.err());
        assertEquals(1, run.exit(), run.err());
        List<String> err = lines(run.err());
        assertEquals(1, err.size(), run.err());
        assertTrue(err.get(0).startsWith("txlab quiz: cannot read answers file " + file + ": it is "), err.get(0));
    }

    @org.junit.jupiter.api.Test
    void replayOfDevZeroItselfIsOneFailLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        Cli.Run run = withoutHanging(null, () -> Cli.txlab("replay", "/dev/zero"));
        assertNoCrash(run.out() + run.err());
        assertEquals(1, run.exit());
        assertEquals(List.of("FAIL /dev/zero: cannot read: it is a character device, not a regular file"), lines(run.out()));
    }

    @ParameterizedTest
    @EnumSource(value = Hostile.class, names = {"DEV_ZERO", "FIFO", "SPARSE_3GB"})
    void lessonsDirectoryThatIsNotADirectoryIsOneLine(Hostile kind) throws Exception {
        Path notADirectory = work.resolve("lessons");
        kind.create(notADirectory);
        Cli.Run run = withoutHanging(notADirectory, () -> Cli.txlab("lesson", "--lessons", notADirectory.toString(),
                "--data-dir", data.toString()));
        assertNoCrash(run.out() + run.err());
        assertEquals(1, run.exit());
        assertEquals(List.of("txlab lesson: cannot read " + notADirectory + ": it is not a directory"), lines(run.err()));
    }
}
