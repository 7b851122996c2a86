package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.shell.TextWrap;
import dev.txlab.trace.Palette;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lessons' Markdown on a terminal: rendered, wrapped at word boundaries, tables sized to the width. */
class NarrationTest {

    static List<String> plain(int width, String... markdown) {
        return Narration.render(List.of(markdown), Palette.PLAIN, width);
    }

    @Test
    void emphasisCodeAndLinksLoseTheirMarkupAndParagraphsAreReflowed() {
        assertEquals(List.of("What counts is when Redis finds it: see", "lesson 6 and SET k v NX."),
                plain(40, "What counts is **when Redis finds", "it**: see [lesson 6](06-watch.md) and `SET k v NX`."));
        assertEquals(List.of("Title", "", "Text *with* stars."), plain(80, "## Title", "", "Text \\*with\\* stars."));
    }

    @Test
    void withColourEmphasisIsBoldAndItalicAndCodeIsColoured() {
        String line = String.join("\n", Narration.render(List.of("**strong** *soft* `code`"), Palette.ANSI, 80));
        assertTrue(line.contains("\u001B[1mstrong"), line);
        assertTrue(line.contains("\u001B[3msoft"), line);
        assertTrue(line.contains(Palette.ANSI.key("code")), line);
        assertFalse(line.contains("*"), line);
    }

    @Test
    void listsHangTheirContinuationLinesUnderTheText() {
        assertEquals(List.of("- first item that", "  wraps", "- second", "", "1. one", "2. two"),
                plain(17, "- first item that wraps", "- second", "", "1. one", "2. two"));
    }

    @Test
    void codeBlocksAreIndentedAndLeftAsWritten() {
        assertEquals(List.of("Before:", "", "    MULTI", "    <commands>"), plain(80, "Before:", "", "```", "MULTI", "<commands>", "```"));
    }

    @Test
    void aTableFitsTheWidthWithItsCellsWrappedAtWords() {
        List<String> table = plain(40,
                "| command | what it does |",
                "| --- | --- |",
                "| MULTI | starts queueing the commands that follow |",
                "| EXEC | runs the queue |");
        assertEquals(List.of(
                "command | what it does",
                "--------+-------------------------------",
                "MULTI   | starts queueing the commands",
                "        | that follow",
                "        |",
                "EXEC    | runs the queue"), table);
        for (String l : table) assertTrue(l.length() <= 40, l);
    }

    @Test
    void aTableThatCannotFitBecomesOneBlockPerRow() {
        List<String> table = plain(24,
                "| first column | second column | third column |",
                "| --- | --- | --- |",
                "| averyveryverylongword | another-long-word-here | x |");
        assertEquals(List.of("- first column:", "    averyveryverylongword", "  second column:", "    another-long-word-here",
                "  third column: x"), table);
    }

    @Test
    void everyShippedLessonRendersAt80ColumnsWithoutMarkupOrOverlongProse() {
        for (Lesson lesson : ShippedLessons.load().lessons()) {
            for (Lesson.Part part : lesson.parts()) {
                for (String line : Narration.render(part.intro(), Palette.PLAIN, TextWrap.DEFAULT_WIDTH)) {
                    assertFalse(line.contains("**") || line.contains("| --- |") || line.startsWith("#"), lesson + ": " + line);
                    // Only code lines (indented, as written) may be wider than the screen.
                    assertTrue(line.length() <= 80 || line.startsWith("    "), lesson + ": [" + line + "]");
                }
            }
        }
    }
}
