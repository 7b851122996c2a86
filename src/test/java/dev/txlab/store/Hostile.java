package dev.txlab.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** Files a hostile (or unlucky) user puts where txlab expects a small text file. */
public enum Hostile {
    /** A symbolic link to /dev/zero: endless, and its size says 0. */
    DEV_ZERO,
    /** A named pipe: opening it for reading waits for a writer. */
    FIFO,
    /** A 3 GB sparse file: costs nothing on disk, more than any array can hold. */
    SPARSE_3GB,
    /** A directory. */
    DIRECTORY;

    /** Puts this kind of file at {@code file} (whose directory exists). */
    public void create(Path file) throws IOException, InterruptedException {
        switch (this) {
            case DEV_ZERO -> {
                assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
                Files.createSymbolicLink(file, Path.of("/dev/zero"));
            }
            case FIFO -> {
                Process p;
                try {
                    p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
                } catch (IOException e) {
                    assumeTrue(false, "no mkfifo here: " + e.getMessage());
                    return;
                }
                assumeTrue(p.waitFor() == 0, "mkfifo failed");
            }
            case SPARSE_3GB -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(3L << 30);
                }
            }
            case DIRECTORY -> Files.createDirectory(file);
        }
    }

    /** How long a run may take before it is taken to hang; generous: only a hang comes near it. */
    static final long HANG_MILLIS = 60_000;

    /**
     * Runs {@code body}; if it has not returned after {@link #HANG_MILLIS} it hangs (on the FIFO
     * {@code fifo}, which is then opened for writing so the stuck reader sees its end) and the test
     * fails. This is a guard against a hang, not a measure of speed.
     */
    public static <T> T withoutHanging(Path fifo, Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(body.call());
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "hang-guard");
        t.setDaemon(true);
        t.start();
        t.join(HANG_MILLIS);
        if (t.isAlive()) {
            for (int i = 0; i < 20 && t.isAlive(); i++) {
                if (fifo != null && Files.exists(fifo)) {
                    try {
                        Files.newOutputStream(fifo).close(); // opening and closing is enough: the reader gets end of file
                    } catch (IOException e) {
                        // not a FIFO any more, or gone: nothing to unblock
                    }
                }
                t.join(500);
            }
            fail("hung for " + HANG_MILLIS / 1000 + " s" + (fifo == null ? "" : " (on the FIFO " + fifo + ")"));
        }
        Throwable e = thrown.get();
        if (e instanceof Error error) throw error;
        if (e instanceof Exception exception) throw exception;
        return result.get();
    }

    /** Asserts the text holds no Java stack trace and no "internal error". */
    public static void assertNoCrash(String text) {
        assertFalse(text.contains("internal error"), text);
        assertFalse(text.contains("\tat "), text);
        assertFalse(text.contains("Exception in thread"), text);
        assertFalse(text.contains("OutOfMemoryError"), text);
    }
}
