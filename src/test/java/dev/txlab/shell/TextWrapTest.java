package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Wrapping for the terminal: at word boundaries only, escapes taking no room, indentation kept. */
class TextWrapTest {

    @Test
    void aLineIsBrokenAtSpacesAndNeverInsideAWord() {
        assertEquals(List.of("one two", "three four"), TextWrap.wrap("one two three four", 10));
        assertEquals(List.of("short"), TextWrap.wrap("short", 80));
        assertEquals(List.of("a", "supercalifragilistic", "b"), TextWrap.wrap("a supercalifragilistic b", 10),
                "a word longer than the width is left whole, on a line of its own");
    }

    @Test
    void colourEscapesTakeNoRoom() {
        String bold = "\u001B[1mbold words\u001B[m";
        assertEquals(List.of(bold + " fit"), TextWrap.wrap(bold + " fit", 14));
        assertEquals(14, TextWrap.visibleWidth(bold + " fit"));
        assertEquals(List.of("  \u001B[1m- a", "    b\u001B[m"), TextWrap.wrap("  \u001B[1m- a b\u001B[m", 5),
                "leading spaces behind an escape still count as indentation");
    }

    @Test
    void continuationsKeepTheIndentHangUnderListItemsAndStayTraceComments() {
        assertEquals(List.of("  - one two", "    three"), TextWrap.wrap("  - one two three", 11));
        assertEquals(List.of("12. one two", "    three"), TextWrap.wrap("12. one two three", 11));
        assertEquals(List.of("    code and", "    more"), TextWrap.wrap("    code and more", 12));
        assertEquals(List.of("# Queued as #1,", "#   not run yet."), TextWrap.wrap("# Queued as #1, not run yet.", 16));
        assertEquals(List.of("#   #1 SET a 1", "#        -> OK"), TextWrap.wrap("#   #1 SET a 1 -> OK", 14));
    }

    @Test
    void randomProseNeverExceedsTheWidthUnlessAWordDoesAndLosesNoWord() {
        Random random = new Random(12);
        for (int round = 0; round < 500; round++) {
            List<String> words = new ArrayList<>();
            for (int i = random.nextInt(40); i >= 0; i--) words.add("w".repeat(1 + random.nextInt(12)));
            String line = String.join(" ", words);
            int width = 20 + random.nextInt(80);
            List<String> wrapped = TextWrap.wrap(line, width);
            for (String l : wrapped) assertTrue(l.length() <= width || !l.strip().contains(" "), l);
            assertEquals(line, String.join(" ", wrapped.stream().map(String::strip).toList()));
        }
    }

    @Test
    void aWrappingOutputAsksForTheWidthForEveryLine() {
        List<String> out = new ArrayList<>();
        int[] width = {10};
        ShellSession.Output o = TextWrap.wrapping(out::add, () -> width[0]);
        o.println("alpha beta gamma");
        width[0] = 0;
        o.println("alpha beta gamma");
        assertEquals(List.of("alpha beta", "gamma", "alpha beta gamma"), out);
    }
}
