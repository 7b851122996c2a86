package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress is written at every move, so a learner whose txlab is killed loses nothing. */
class LessonCrashTest {
    static final long GIVE_UP_MILLIS = 60_000;

    @TempDir Path data;

    @Test
    void progressSavedBeforeAKillIsIntactAfterIt() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", classpath, "dev.txlab.cli.Main", "lesson", "6",
                "--lessons", ShippedLessons.dir().toString(), "--data-dir", data.toString())
                .redirectErrorStream(true).redirectOutput(data.resolve("out.txt").toFile()).start();
        LessonProgressStore store = new LessonProgressStore(data);
        try {
            OutputStream in = p.getOutputStream();
            in.write(":next\n:next\n:next\n".getBytes(StandardCharsets.UTF_8));
            in.flush(); // stdin stays open: the lesson waits for more, as a learner's would
            long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
            while (true) {
                if (Files.exists(store.file())) {
                    LessonProgress.Entry e = store.load().progress().get("watch");
                    if (e != null && e.part() == 3) break;
                }
                if (System.currentTimeMillis() > deadline) fail("the progress never reached part 4:\n" + Files.readString(data.resolve("out.txt")));
                Thread.sleep(20); // polling the file; nothing here depends on how long it took
            }
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no chance to save at exit
            p.waitFor();
        }
        LessonProgressStore.Loaded after = store.load();
        assertNull(after.warning());
        assertEquals(3, after.progress().get("watch").part());
        try (var files = Files.list(data)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left half written");
        }
    }
}
