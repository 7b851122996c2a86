package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonLibraryTest {

    static final List<Lesson> LESSONS = ShippedLessons.load().lessons();

    static Optional<Integer> find(String query) {
        return LessonLibrary.find(LESSONS, query).map(Lesson::number);
    }

    @Test
    void aLessonIsFoundByNumberByNameOrByAnUnambiguousPartOfItsName() {
        assertEquals(Optional.of(4), find("4"));
        assertEquals(Optional.of(4), find("04"));
        assertEquals(Optional.of(4), find("no-rollback"));
        assertEquals(Optional.of(6), find("WATCH"));
        assertEquals(Optional.of(7), find("redis-vs"));
        assertEquals(Optional.of(7), find("sql"));
        assertEquals(Optional.empty(), find("99"));
        assertEquals(Optional.empty(), find("99999999999999999999"));
        assertEquals(Optional.empty(), find("e"), "ambiguous");
    }

    @Test
    void lessonsLoadInNumberOrderAndClashingNumbersAreReported(@TempDir Path dir) throws Exception {
        String lesson = "# Lesson %d: T\n\n```tx\nA> PING\nPONG\n```\n";
        Files.writeString(dir.resolve("10-ten.md"), lesson.formatted(10));
        Files.writeString(dir.resolve("2-two.md"), lesson.formatted(2));
        Files.writeString(dir.resolve("02-again.md"), lesson.formatted(2));
        Files.writeString(dir.resolve("notes.md"), "not a lesson");
        LessonLibrary.Loaded loaded = LessonLibrary.load(dir);
        assertEquals(List.of(2, 10), loaded.lessons().stream().map(Lesson::number).toList());
        assertEquals(1, loaded.problems().size());
        assertTrue(loaded.problems().get(0).contains("clashes with"), loaded.problems().toString());
        assertEquals(Optional.of(10), loaded.after(loaded.lessons().get(0)).map(Lesson::number));
        assertEquals(Optional.empty(), loaded.after(loaded.lessons().get(1)));
    }

    @Test
    void anExplicitDirectoryWinsOverEverySearchedPlace(@TempDir Path dir) {
        assertEquals(Optional.of(dir), LessonLibrary.locate(dir));
        assertTrue(LessonLibrary.candidates().contains(Path.of("lessons")));
    }
}
