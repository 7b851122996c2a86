package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The lessons at the repository root, as the tests see them (Maven runs tests from there). */
final class ShippedLessons {
    private ShippedLessons() {}

    static Path dir() {
        Path dir = Path.of(System.getProperty("user.dir"), "lessons");
        assertTrue(Files.isDirectory(dir), "no lessons/ directory at " + dir);
        return dir;
    }

    static LessonLibrary.Loaded load() {
        try {
            return LessonLibrary.load(dir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
