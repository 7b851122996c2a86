package dev.txlab.shell;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Tells JLine where the words are, for completion only. It never rejects a line and never asks
 * for more input (an open quote is redis-cli's "Invalid argument(s)", said after Enter), and it
 * gives no meaning to shell operators: {@code |}, {@code >} and {@code &&} are ordinary bytes to
 * Redis. The line itself is split by {@link dev.txlab.protocol.ArgSplitter}, as redis-cli does.
 */
final class RedisLineParser implements Parser {

    @Override public ParsedLine parse(String line, int cursor, ParseContext context) {
        List<String> words = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) i++;
            if (i >= n) break;
            int start = i;
            char quote = 0;
            while (i < n) {
                char c = line.charAt(i);
                if (quote == 0 && Character.isWhitespace(c)) break;
                if (quote == '"' && c == '\\' && i + 1 < n) i++;
                else if (quote == 0 && (c == '"' || c == '\'')) quote = c;
                else if (c == quote) quote = 0;
                i++;
            }
            words.add(line.substring(start, i));
            starts.add(start);
        }
        int wordIndex = -1;
        for (int w = 0; w < words.size(); w++) {
            int start = starts.get(w);
            if (cursor >= start && cursor <= start + words.get(w).length()) {
                wordIndex = w;
                break;
            }
        }
        if (wordIndex < 0) { // the cursor is on blanks: completing a new, empty word there
            wordIndex = 0;
            while (wordIndex < words.size() && starts.get(wordIndex) < cursor) wordIndex++;
            words.add(wordIndex, "");
            starts.add(wordIndex, cursor);
        }
        return new Line(line, cursor, List.copyOf(words), wordIndex, cursor - starts.get(wordIndex));
    }

    /** A parsed line; candidates are inserted quoted when they need it. */
    record Line(String line, int cursor, List<String> words, int wordIndex, int wordCursor) implements CompletingParsedLine {
        @Override public String word() { return words.get(wordIndex); }

        @Override public int rawWordCursor() { return wordCursor; }

        @Override public int rawWordLength() { return word().length(); }

        @Override public CharSequence escape(CharSequence candidate, boolean complete) {
            String text = candidate.toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '\\' || c < 32) {
                    return dev.txlab.transcript.TranscriptWriter.quote(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return text;
        }
    }
}
