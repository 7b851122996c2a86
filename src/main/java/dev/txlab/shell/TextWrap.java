package dev.txlab.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wraps text for a terminal of a given width, at word boundaries only: a line is broken at a
 * space, never inside a word (a single word longer than the width is left whole). Colour escapes
 * take no room. A continuation line keeps the line's indentation, hangs under a list item's text,
 * and stays a comment under a trace's {@code #}.
 */
public final class TextWrap {
    private TextWrap() {}

    /** What an unknown terminal (or no terminal at all) is taken to be. */
    public static final int DEFAULT_WIDTH = 80;

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    private static final Pattern LIST_ITEM = Pattern.compile("( *)([-*+]|\\d{1,3}[.)]) +");
    private static final Pattern TRACE = Pattern.compile("#( *)(#\\d+ )?");

    /** A width from a terminal that may not know its own (0): {@link #DEFAULT_WIDTH} then. */
    public static int usable(int width) {
        return width <= 0 ? DEFAULT_WIDTH : width;
    }

    /** The columns a line takes on screen: its characters without colour escapes. */
    public static int visibleWidth(String line) {
        return ANSI.matcher(line).replaceAll("").length();
    }

    static String plain(String line) {
        return ANSI.matcher(line).replaceAll("");
    }

    /** An output that wraps every line it is given to the width of the moment; 0 or less: no wrapping. */
    public static ShellSession.Output wrapping(ShellSession.Output out, IntSupplier width) {
        return line -> {
            int w = width.getAsInt();
            if (w <= 0) {
                out.println(line);
                return;
            }
            for (String l : wrap(line, w)) out.println(l);
        };
    }

    /** One line wrapped to {@code width}; continuation lines are indented as {@link TextWrap} says. */
    public static List<String> wrap(String line, int width) {
        if (visibleWidth(line) <= width) return List.of(line);
        return wrap(line, width, continuation(plain(line)));
    }

    /** The indentation a continuation of this (plain) line gets. */
    static String continuation(String plain) {
        Matcher trace = TRACE.matcher(plain);
        if (plain.startsWith("#") && trace.lookingAt()) {
            int hang = trace.group(2) == null ? 0 : trace.group(2).length();
            return "#" + trace.group(1) + " ".repeat(hang + (trace.group(1).isEmpty() ? 1 : 0)) + "  ";
        }
        Matcher item = LIST_ITEM.matcher(plain);
        if (item.lookingAt()) return " ".repeat(item.end());
        int indent = 0;
        while (indent < plain.length() && plain.charAt(indent) == ' ') indent++;
        return " ".repeat(indent);
    }

    /**
     * Wraps a line, whose first line is printed as it starts and whose following lines start
     * with {@code next} (plain text, counted in the width). Spaces inside a line are kept as
     * they are; the spaces where a line is broken are dropped.
     */
    public static List<String> wrap(String line, int width, String next) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int used = 0;
        boolean lineHasWord = false;
        for (String[] piece : pieces(line)) {
            String gap = piece[0];
            String word = piece[1];
            int w = visibleWidth(word);
            if (lineHasWord && used + gap.length() + w > width) {
                out.add(current.toString());
                current = new StringBuilder(next);
                used = next.length();
                gap = "";
            }
            current.append(gap).append(word);
            used += gap.length() + w;
            lineHasWord = lineHasWord || w > 0;
        }
        out.add(current.toString());
        return out;
    }

    /**
     * A line as (spaces before, word) pairs: a word is a run of anything but spaces, colour
     * escapes included (they take no room, and move with the word they touch).
     */
    static List<String[]> pieces(String text) {
        List<String[]> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int gapStart = i;
            while (i < n && text.charAt(i) == ' ') i++;
            String gap = text.substring(gapStart, i);
            int wordStart = i;
            while (i < n && text.charAt(i) != ' ') i++;
            out.add(new String[] {gap, text.substring(wordStart, i)});
        }
        return out;
    }

    /** Every line of {@code lines} wrapped. */
    public static List<String> wrapAll(List<String> lines, int width) {
        List<String> out = new ArrayList<>();
        for (String l : lines) out.addAll(wrap(l, width));
        return out;
    }
}
