package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonProgressStoreTest {
    @TempDir Path dir;

    @Test
    void progressSurvivesARoundTripThroughTheFile() throws Exception {
        LessonProgressStore store = new LessonProgressStore(dir.resolve("nested"));
        store.update("watch", 12, e -> new LessonProgress.Entry(3, 12, false, Set.of("make-exec-answer-nil"), 42));
        store.update("no-rollback", 8, e -> new LessonProgress.Entry(0, 8, true, Set.of(), 43));
        LessonProgressStore.Loaded loaded = new LessonProgressStore(dir.resolve("nested")).load();
        assertNull(loaded.warning());
        assertEquals(new LessonProgress.Entry(3, 12, false, Set.of("make-exec-answer-nil"), 42), loaded.progress().get("watch"));
        assertEquals(new LessonProgress.Entry(0, 8, true, Set.of(), 43), loaded.progress().get("no-rollback"));
    }

    @Test
    void anUpdateChangesOneLessonAndKeepsTheOthersWrittenMeanwhile() throws Exception {
        LessonProgressStore mine = new LessonProgressStore(dir);
        LessonProgressStore otherWindow = new LessonProgressStore(dir);
        mine.update("watch", 12, e -> new LessonProgress.Entry(1, 12, false, Set.of(), 1));
        otherWindow.update("lua", 9, e -> new LessonProgress.Entry(4, 9, false, Set.of(), 2));
        mine.update("watch", 12, e -> new LessonProgress.Entry(e.part() + 1, 12, false, e.solved(), 3));
        LessonProgress progress = mine.load().progress();
        assertEquals(2, progress.get("watch").part());
        assertEquals(4, progress.get("lua").part());
    }

    @Test
    void savingLeavesNoTemporaryFileBehind() throws Exception {
        LessonProgressStore store = new LessonProgressStore(dir);
        for (int i = 0; i < 5; i++) {
            int part = i;
            store.update("watch", 12, e -> new LessonProgress.Entry(part, 12, false, Set.of(), part));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of(LessonProgressStore.FILE_NAME), Set.copyOf(files.map(p -> p.getFileName().toString()).toList()));
        }
        assertTrue(Files.readString(store.file()).startsWith(LessonProgressStore.HEADER + "\n"));
    }

    @Test
    void aDamagedFileIsSetAsideWithOneLineAndProgressStartsAfresh() throws Exception {
        LessonProgressStore store = new LessonProgressStore(dir);
        Files.writeString(store.file(), LessonProgressStore.HEADER + "\nwatch\t3\ttwelve\t0\t-\t1\n", StandardCharsets.UTF_8);
        LessonProgressStore.Loaded loaded = store.load();
        assertTrue(loaded.warning().contains("is corrupt (line 2: a number is malformed)"), loaded.warning());
        assertTrue(loaded.warning().contains(".corrupt-"), loaded.warning());
        assertTrue(loaded.progress().all().isEmpty());
        assertTrue(Files.notExists(store.file()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith(LessonProgressStore.FILE_NAME + ".corrupt-")).count());
        }
        Files.writeString(store.file(), "half a file, cut by a crash of some other program", StandardCharsets.UTF_8);
        assertTrue(store.load().warning().contains("line 1: not a txlab lesson progress file"));
    }

    @Test
    void theFormatRejectsWhatItDoesNotWrite() {
        String header = LessonProgressStore.HEADER + "\n";
        for (String bad : new String[] {"Watch\t1\t2\t0\t-\t1", "watch\t1\t2\t2\t-\t1", "watch\t1\t2\t0\tA,b\t1", "watch\t-1\t2\t0\t-\t1",
                "watch\t1\t2\t0\t-"}) {
            try {
                LessonProgressStore.parse(header + bad + "\n");
                throw new AssertionError("accepted: " + bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().startsWith("line 2: "), expected.getMessage());
            }
        }
    }
}
