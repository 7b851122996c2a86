package dev.txlab.quiz;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Card text for the screen: the bank's lines are hard-wrapped where the author's editor wrapped
 * them, so prose is joined back into paragraphs (the drill then wraps them to the terminal).
 * Indented lines, command lines ({@code A> ...}) and blank lines are kept as they are.
 */
final class Prose {
    private Prose() {}

    private static final Pattern KEPT = Pattern.compile("\\s.*|[A-Za-z0-9_-]+> .*|[-*] .*|\\d+[.)] .*");

    static List<String> reflow(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder paragraph = null;
        for (String line : text.lines().toList()) {
            boolean kept = line.isBlank() || KEPT.matcher(line).matches();
            if (kept) {
                if (paragraph != null) out.add(paragraph.toString());
                paragraph = null;
                out.add(line);
            } else if (paragraph == null) {
                paragraph = new StringBuilder(line.strip());
            } else {
                paragraph.append(' ').append(line.strip());
            }
        }
        if (paragraph != null) out.add(paragraph.toString());
        return out;
    }
}
