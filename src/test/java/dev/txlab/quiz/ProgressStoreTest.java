package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress file: round trips, atomic saves, and damaged files set aside. */
class ProgressStoreTest {
    @TempDir Path dir;

    static Progress sample() {
        Progress p = new Progress();
        p.put("watch-own-write", new CardProgress(1, 1000, 0, 2, 900, false));
        p.put("multi-queued-reply", new CardProgress(3, 5000, 2, 1, 800, true));
        return p;
    }

    List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void savedProgressLoadsBackUnchanged() throws IOException {
        ProgressStore store = new ProgressStore(dir);
        store.save(sample());
        ProgressStore.Loaded loaded = store.load();
        assertNull(loaded.warning());
        assertEquals(sample().all(), loaded.progress().all());
    }

    @Test
    void aMissingFileIsAFreshStartWithoutAWarning() {
        ProgressStore.Loaded loaded = new ProgressStore(dir.resolve("not-yet")).load();
        assertNull(loaded.warning());
        assertTrue(loaded.progress().isEmpty());
    }

    @Test
    void savingCreatesTheDirectoryAndLeavesNoTemporaryFiles() throws IOException {
        ProgressStore store = new ProgressStore(dir);
        store.save(sample());
        store.save(sample());
        assertEquals(List.of(ProgressStore.FILE_NAME), files());
        ProgressStore nested = new ProgressStore(dir.resolve("a/b/txlab"));
        nested.save(sample());
        assertTrue(Files.exists(nested.file()));
    }

    @Test
    void aCorruptFileIsSetAsideWithAOneLineMessageAndTheQuizStartsAfresh() throws IOException {
        ProgressStore store = new ProgressStore(dir);
        store.save(sample());
        String text = Files.readString(store.file());
        Files.writeString(store.file(), text.replace("\t3\t", "\tthree\t"));
        ProgressStore.Loaded loaded = store.load();
        assertTrue(loaded.progress().isEmpty());
        assertNotNull(loaded.warning());
        assertFalse(loaded.warning().contains("\n"));
        assertTrue(loaded.warning().contains("corrupt") && loaded.warning().contains("line "), loaded.warning());
        assertFalse(Files.exists(store.file()));
        List<String> files = files();
        assertEquals(1, files.size());
        assertTrue(files.get(0).startsWith(ProgressStore.FILE_NAME + ".corrupt-"), files.toString());
        assertTrue(loaded.warning().contains(files.get(0)), "the message names where the file went");
        // The old content is kept for the curious, and the next save starts a clean file.
        assertEquals(text.replace("\t3\t", "\tthree\t"), Files.readString(dir.resolve(files.get(0))));
        store.save(sample());
        assertNull(store.load().warning());
    }

    @Test
    void manyKindsOfDamageAreAllCaught() throws IOException {
        List<String> damaged = List.of(
                "",
                "hello\n",
                ProgressStore.HEADER + "\nwatch-own-write\t1\t2\n",
                ProgressStore.HEADER + "\nwatch-own-write\t9\t0\t0\t0\t0\t0\n",
                ProgressStore.HEADER + "\nwatch-own-write\t1\t0\t-1\t0\t0\t0\n",
                ProgressStore.HEADER + "\nWatch Own\t1\t0\t0\t0\t0\t0\n",
                ProgressStore.HEADER + "\nwatch-own-write\t1\t0\t0\t0\t0\tyes\n");
        for (String text : damaged) {
            Path d = Files.createTempDirectory(dir, "case");
            ProgressStore store = new ProgressStore(d);
            Files.writeString(store.file(), text);
            ProgressStore.Loaded loaded = store.load();
            assertNotNull(loaded.warning(), "not caught: " + text);
            assertTrue(loaded.progress().isEmpty());
        }
    }

    @Test
    void bytesThatAreNotTextAreCorruptToo() throws IOException {
        ProgressStore store = new ProgressStore(dir);
        Files.write(store.file(), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        ProgressStore.Loaded loaded = store.load();
        assertNotNull(loaded.warning());
        assertTrue(loaded.progress().isEmpty());
    }

    @Test
    void anUnreadableFileIsSetAsideAndTheQuizGoesOn() throws IOException {
        ProgressStore store = new ProgressStore(dir);
        // A directory where the file should be cannot be read as a file, whoever runs the test.
        Files.createDirectory(store.file());
        ProgressStore.Loaded loaded = store.load();
        assertTrue(loaded.progress().isEmpty());
        assertTrue(loaded.warning().contains("cannot be read"), loaded.warning());
        assertFalse(Files.exists(store.file()));
        store.save(sample());
        assertEquals(sample().all(), store.load().progress().all());
    }

    @Test
    void aSaveThatCannotWriteFailsWithAnIOException() throws IOException {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where the data directory should be");
        assertThrows(IOException.class, () -> new ProgressStore(blocker).save(sample()));
    }

    @Test
    void cardsTheBankNoLongerHasAreKept() throws IOException {
        ProgressStore store = new ProgressStore(dir);
        Progress p = sample();
        p.put("a-card-from-another-version", new CardProgress(2, 1, 1, 0, 1, true));
        store.save(p);
        assertTrue(store.load().progress().all().containsKey("a-card-from-another-version"));
    }

    @Test
    void resetDeletesTheFile() throws IOException {
        ProgressStore store = new ProgressStore(dir);
        store.save(sample());
        assertTrue(store.reset());
        assertFalse(store.reset());
        assertTrue(store.load().progress().isEmpty());
    }

    @Test
    void theFileIsPlainTabSeparatedText() throws IOException {
        ProgressStore store = new ProgressStore(dir);
        store.save(sample());
        List<String> lines = Files.readAllLines(store.file(), StandardCharsets.UTF_8);
        assertEquals(ProgressStore.HEADER, lines.get(0));
        assertEquals("multi-queued-reply\t3\t5000\t2\t1\t800\t1", lines.get(2));
    }
}
