package dev.txlab.shell;

import java.util.List;
import java.util.HashMap;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * JLine's line reader plus redis-cli's argument hints: while the cursor is at the end of the
 * line, the parameters still to type are shown faint after it. They are display only (not in
 * the buffer) and JLine drops them when the line is accepted.
 */
final class HintingLineReader extends LineReaderImpl {
    /** Lines longer than this are drawn lazily while input keeps coming. */
    static final int LONG_LINE = 1000;

    private final ArgumentHints hints;

    HintingLineReader(Terminal terminal, ArgumentHints hints) {
        super(terminal, "txlab", new HashMap<>());
        this.hints = hints;
    }

    /**
     * A long line arriving key by key (a paste the terminal did not bracket) would be redrawn
     * after every character, which takes minutes for a megabyte; while more input is already
     * waiting, drawing is left for later.
     */
    @Override protected void redisplay(boolean flush) {
        if (buf.length() > LONG_LINE && peekCharacter(1) >= 0) return;
        super.redisplay(flush);
    }

    @Override public AttributedString getDisplayedBufferWithPrompts(List<AttributedString> secondaryPrompts) {
        // Read before super: it re-arms doAutosuggestion, which is off while a line is being finished.
        boolean showHint = doAutosuggestion && post == null && buf.cursor() == buf.length() && buf.length() > 0;
        AttributedString shown = super.getDisplayedBufferWithPrompts(secondaryPrompts);
        if (!showHint) return shown;
        String hint = hints.hint(buf.toString());
        if (hint.isEmpty()) return shown;
        return new AttributedStringBuilder().append(shown).styled(AttributedStyle::faint, hint).toAttributedString();
    }
}
