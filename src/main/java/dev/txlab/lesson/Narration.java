package dev.txlab.lesson;

import dev.txlab.trace.Palette;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Narration for the screen. Without colour it is the Markdown as written (what a pipe or a test
 * sees); on a colour terminal headings and {@code **bold**} are bold and {@code `code`} is
 * coloured, without the markup. HTML details tags become plain text in both.
 */
final class Narration {
    private Narration() {}

    private static final Pattern HEADING = Pattern.compile("#{1,6}\\s+(.*)");
    private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern SUMMARY = Pattern.compile("(?i)\\s*<details>\\s*<summary>(.*)</summary>\\s*");
    private static final Pattern DETAILS_END = Pattern.compile("(?i)\\s*</details>\\s*");

    static List<String> render(List<String> lines, Palette palette) {
        List<String> out = new ArrayList<>();
        boolean plain = palette == Palette.PLAIN;
        boolean inCode = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                if (plain) out.add(line);
                continue;
            }
            if (inCode) {
                out.add(plain ? line : "    " + palette.command(line));
                continue;
            }
            Matcher summary = SUMMARY.matcher(line);
            if (summary.matches()) {
                out.add(summary.group(1).replaceAll("<[^>]+>", "").strip() + ":");
                continue;
            }
            if (DETAILS_END.matcher(line).matches()) continue;
            if (plain) {
                out.add(line);
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                out.add(palette.command(heading.group(1)));
                continue;
            }
            String styled = BOLD.matcher(line).replaceAll(m -> Matcher.quoteReplacement(palette.command(m.group(1))));
            styled = CODE.matcher(styled).replaceAll(m -> Matcher.quoteReplacement(palette.key(m.group(1))));
            out.add(styled);
        }
        return out;
    }
}
