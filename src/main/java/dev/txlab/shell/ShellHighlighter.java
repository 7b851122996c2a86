package dev.txlab.shell;

import java.util.regex.Matcher;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours the line being typed: a client label, a known command, an unknown one and a meta
 * command each look different, and quoted strings stand out. Purely cosmetic: the text is
 * never changed.
 */
final class ShellHighlighter implements Highlighter {
    static final AttributedStyle LABEL = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
    static final AttributedStyle KNOWN = AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);
    static final AttributedStyle UNKNOWN = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    static final AttributedStyle META = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle QUOTED = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);

    private final ShellSession session;

    ShellHighlighter(ShellSession session) { this.session = session; }

    @Override public AttributedString highlight(LineReader reader, String buffer) {
        return highlight(buffer);
    }

    AttributedString highlight(String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        int pos = 0;
        Matcher labelled = ShellSession.LABELLED.matcher(buffer);
        boolean hasLabel = labelled.matches();
        if (hasLabel) {
            sb.styled(LABEL, buffer.substring(0, labelled.start(2)));
            pos = labelled.start(2);
        }
        while (pos < buffer.length() && Character.isWhitespace(buffer.charAt(pos))) sb.append(buffer.charAt(pos++));
        int end = pos;
        while (end < buffer.length() && !Character.isWhitespace(buffer.charAt(end))) end++;
        String first = buffer.substring(pos, end);
        if (!first.isEmpty()) sb.styled(styleOf(first, hasLabel), first);
        quoted(sb, buffer.substring(end));
        return sb.toAttributedString();
    }

    private AttributedStyle styleOf(String word, boolean hasLabel) {
        if (!hasLabel && word.startsWith(":")) {
            for (ShellSession.MetaCommand meta : ShellSession.META) if (meta.name().equalsIgnoreCase(word)) return META;
            return UNKNOWN;
        }
        if (!hasLabel && word.equalsIgnoreCase("help")) return META;
        return session.backend().commands().get(word) != null ? KNOWN : UNKNOWN;
    }

    /** The arguments, with quoted parts coloured; an open quote colours to the end. */
    private static void quoted(AttributedStringBuilder sb, String rest) {
        char quote = 0;
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (quote == 0 && (c == '"' || c == '\'')) {
                int start = i;
                quote = c;
                i++;
                while (i < rest.length() && rest.charAt(i) != quote) {
                    if (quote == '"' && rest.charAt(i) == '\\' && i + 1 < rest.length()) i++;
                    i++;
                }
                i = Math.min(rest.length(), i + 1);
                sb.styled(QUOTED, rest.substring(start, i));
                quote = 0;
            } else {
                sb.append(c);
                i++;
            }
        }
    }
}
