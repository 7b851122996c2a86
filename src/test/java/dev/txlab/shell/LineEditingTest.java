package dev.txlab.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the JLine side sees: word splitting for completion, candidates, hints and colours. */
class LineEditingTest {

    static ShellSession session() {
        return new ShellSession(new EngineBackend(new Clock.ManualClock(0)), line -> { }, Palette.PLAIN, ExplainLevel.BRIEF, false);
    }

    @Nested
    class Parsing {
        final RedisLineParser parser = new RedisLineParser();

        @Test
        void anOpenQuoteNeverAsksForMoreInputOrFails() {
            ParsedLine line = parser.parse("SET k \"open", 11, Parser.ParseContext.ACCEPT_LINE);
            assertEquals(List.of("SET", "k", "\"open"), line.words());
        }

        @Test
        void shellOperatorsAreOrdinaryCharacters() {
            ParsedLine line = parser.parse("SET k a|b&&c>d;e", 16, Parser.ParseContext.COMPLETE);
            assertEquals(List.of("SET", "k", "a|b&&c>d;e"), line.words());
        }

        @Test
        void quotedBlanksStayInOneWord() {
            assertEquals(List.of("SET", "\"a b\"", "'c d'"), parser.parse("SET \"a b\" 'c d'", 0, Parser.ParseContext.COMPLETE).words());
        }

        @Test
        void theCursorOnBlanksCompletesANewEmptyWord() {
            ParsedLine line = parser.parse("GET ", 4, Parser.ParseContext.COMPLETE);
            assertEquals(1, line.wordIndex());
            assertEquals("", line.word());
            ParsedLine middle = parser.parse("SET  v", 4, Parser.ParseContext.COMPLETE);
            assertEquals(List.of("SET", "", "v"), middle.words());
            assertEquals(1, middle.wordIndex());
        }

        @Test
        void candidatesThatNeedQuotingAreInsertedQuoted() {
            RedisLineParser.Line line = (RedisLineParser.Line) parser.parse("GET ", 4, Parser.ParseContext.COMPLETE);
            assertEquals("\"two words\"", line.escape("two words", true).toString());
            assertEquals("plain", line.escape("plain", true).toString());
        }
    }

    @Nested
    class Hints {
        final ArgumentHints hints = new ArgumentHints(CommandTable::standard);

        @Test
        void afterTheCommandTheWholeSyntaxIsHinted() {
            assertTrue(hints.hint("SET ").startsWith("key value [NX|XX] [GET]"), hints.hint("SET "));
            assertTrue(hints.hint("set").startsWith(" key value"), "typed without a blank, the hint starts with one");
        }

        @Test
        void eachTypedArgumentUsesUpOneParameter() {
            assertTrue(hints.hint("SET k ").startsWith("value [NX|XX]"));
            assertTrue(hints.hint("SET k").startsWith(" value [NX|XX]"), "the word being typed counts");
            assertTrue(hints.hint("SET k v ").startsWith("[NX|XX] [GET]"));
        }

        @Test
        void aRepeatingParameterKeepsBeingHinted() {
            assertEquals("key [key ...]", hints.hint("WATCH "));
            assertEquals("[key ...]", hints.hint("WATCH a b c "));
            assertEquals("", hints.hint("GET k "), "GET takes one key");
        }

        @Test
        void labelsAndMetaCommandsAreHintedToo() {
            assertEquals("key [key ...]", hints.hint("B> WATCH "));
            assertEquals(" LABEL", hints.hint(":client"));
            assertEquals("[off|brief|full]", hints.hint(":explain "));
        }

        @Test
        void unknownCommandsAndCommandsWithoutArgumentsGetNoHint() {
            assertEquals("", hints.hint("NOSUCH "));
            assertEquals("", hints.hint("MULTI "));
            assertEquals("", hints.hint(""));
            assertEquals("", hints.hint("SET " + "x".repeat(10_000)));
        }

        @Test
        void parametersAreSplitAtTopLevelBlanks() {
            assertEquals(List.of("key", "[EX seconds|PX milliseconds]", "[GET]"),
                    ArgumentHints.parameters("key [EX seconds|PX milliseconds] [GET]"));
        }
    }

    @Nested
    class Completion {
        @Test
        void theFirstWordCompletesCommandsMetaCommandsAndClientLabels() {
            ShellSession s = session();
            s.handle("B> PING");
            List<String> values = values(new ShellCompleter(s).candidates(List.of(""), 0));
            assertTrue(values.containsAll(List.of("MULTI", "EXEC", "WATCH", "SET", ":clients", ":explain", "A>", "B>")), values.toString());
        }

        @Test
        void afterALabelOnlyRedisCommandsComplete() {
            List<String> values = values(new ShellCompleter(session()).candidates(List.of("B>", ""), 1));
            assertTrue(values.contains("EXEC"));
            assertFalse(values.contains(":clients"));
        }

        @Test
        void argumentsCompleteExistingKeysAndTheCommandsOptionWords() {
            ShellSession s = session();
            s.handle("SET balance 100");
            s.handle("SET \"two words\" 1");
            List<String> values = values(new ShellCompleter(s).candidates(List.of("SET", ""), 1));
            assertTrue(values.containsAll(List.of("balance", "two words", "NX", "XX", "KEEPTTL")), values.toString());
            assertFalse(values(new ShellCompleter(s).candidates(List.of("PING", ""), 1)).contains("balance"),
                    "PING takes no key");
        }

        @Test
        void metaCommandArgumentsComplete() {
            ShellSession s = session();
            s.handle("C> PING");
            ShellCompleter c = new ShellCompleter(s);
            assertEquals(List.of("off", "brief", "full"), values(c.candidates(List.of(":explain", ""), 1)));
            assertTrue(values(c.candidates(List.of(":client", ""), 1)).contains("C"));
            assertTrue(values(c.candidates(List.of(":help", ""), 1)).contains("@transactions"));
        }

        static List<String> values(List<Candidate> candidates) {
            return candidates.stream().map(Candidate::value).toList();
        }
    }

    @Nested
    class Highlighting {
        final ShellHighlighter highlighter = new ShellHighlighter(session());

        @Test
        void knownUnknownAndMetaCommandsLookDifferent() {
            assertEquals(ShellHighlighter.KNOWN, styleAt(highlighter.highlight("multi"), 0));
            assertEquals(ShellHighlighter.UNKNOWN, styleAt(highlighter.highlight("MULTY"), 0));
            assertEquals(ShellHighlighter.META, styleAt(highlighter.highlight(":clients"), 0));
            assertEquals(ShellHighlighter.UNKNOWN, styleAt(highlighter.highlight(":nope"), 0));
        }

        @Test
        void aLabelAndQuotedStringsAreColouredAndTheTextIsUnchanged() {
            String line = "B> SET k \"a b\" 'open";
            AttributedString shown = highlighter.highlight(line);
            assertEquals(line, shown.toString());
            assertEquals(ShellHighlighter.LABEL, styleAt(shown, 0));
            assertEquals(ShellHighlighter.KNOWN, styleAt(shown, 3));
            assertEquals(ShellHighlighter.QUOTED, styleAt(shown, line.indexOf('"') + 1));
            assertEquals(ShellHighlighter.QUOTED, styleAt(shown, line.length() - 1), "an open quote colours to the end");
        }

        static AttributedStyle styleAt(AttributedString s, int index) { return s.styleAt(index); }
    }
}
