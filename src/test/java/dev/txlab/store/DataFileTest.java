package dev.txlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, item 6: what a killed run leaves behind, and files too big to be a learner's progress. */
class DataFileTest {
    @TempDir Path dir;

    List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aTemporaryFileLeftByAKilledRunIsRemovedOnTheNextStart() throws Exception {
        DataFile data = new DataFile(dir.resolve("quiz-progress.tsv"), "quiz progress");
        data.write("kept\n");
        // What a run killed between creating its temporary file and moving it leaves behind.
        Path orphan = dir.resolve("quiz-progress.tsv.5581296046458823013.tmp");
        Files.writeString(orphan, "half wri");
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        Path unrelated = dir.resolve("notes.123.tmp");
        Files.writeString(unrelated, "not ours");
        Files.setLastModifiedTime(unrelated, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));

        DataFile.Read read = data.read();
        assertEquals("kept\n", read.text());
        assertNull(read.warning());
        assertEquals(List.of("notes.123.tmp", "quiz-progress.tsv"), names());
    }

    @Test
    void aTemporaryFileBeingWrittenByAnotherRunRightNowIsLeftAlone() throws Exception {
        DataFile data = new DataFile(dir.resolve("lessons-progress.tsv"), "lesson progress");
        Path inFlight = dir.resolve("lessons-progress.tsv.77.tmp");
        Files.writeString(inFlight, "another lesson, saving at this moment");
        data.read();
        assertTrue(Files.exists(inFlight), "a fresh temporary file may be another process's save in progress");
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("p.tsv");
        Files.createDirectory(file); // the move over it fails: a directory is in the way
        DataFile data = new DataFile(file, "progress");
        try {
            data.write("x");
        } catch (java.io.IOException expected) {
            // the caller reports it
        }
        assertEquals(List.of("p.tsv"), names());
    }

    @Test
    void aProgressFileLargerThanTheCapIsSetAside() throws Exception {
        Path file = dir.resolve("p.tsv");
        try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(DataFile.MAX_BYTES + 1);
        }
        DataFile.Read read = new DataFile(file, "progress").read();
        assertNull(read.text());
        assertTrue(read.warning().startsWith("progress " + file + " cannot be read (it is larger than 8 MB); moved it to p.tsv.corrupt-"),
                read.warning());
        assertFalse(Files.exists(file));
    }

    /** Found by FileReaderFuzzTest: a card id with a carriage return in it came back in the message, which a terminal overprinted. */
    @Test
    void theMessageAboutADamagedFileIsOneLineWhateverTheFileHolds() throws Exception {
        Path data = dir.resolve("d");
        Files.createDirectory(data);
        dev.txlab.quiz.ProgressStore quiz = new dev.txlab.quiz.ProgressStore(data);
        Files.writeString(quiz.file(), "# txlab quiz progress, format 1\nmul\ri-queued\u001b[2J" + "x".repeat(5000) + "\t3\t5000\t2\t1\t800\t1\n");
        String warning = quiz.load().warning();
        assertTrue(warning.contains("bad card id 'mul\\x0di-queued\\x1b[2Jxxx"), warning);
        assertFalse(warning.contains("\r") || warning.contains("\u001b"), warning);
        assertTrue(warning.length() < 600, warning.length() + " characters");

        dev.txlab.lesson.LessonProgressStore lessons = new dev.txlab.lesson.LessonProgressStore(data);
        Files.writeString(lessons.file(), "# txlab lesson progress, format 1\nwatch\t0\t12\t1\ttask-on\rC\t1\n");
        warning = lessons.load().warning();
        assertTrue(warning.contains("bad task id 'task-on\\x0dC'"), warning);
        assertFalse(warning.contains("\r"), warning);
    }
}
