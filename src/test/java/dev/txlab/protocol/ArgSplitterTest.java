package dev.txlab.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgSplitterTest {

    private static List<String> split(String line) {
        Optional<List<byte[]>> args = ArgSplitter.split(line);
        assertTrue(args.isPresent(), "expected '" + line + "' to split");
        return args.get().stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }

    private static void invalid(String line) {
        assertTrue(ArgSplitter.split(line).isEmpty(), "expected '" + line + "' to be Invalid argument(s)");
    }

    @Test
    void blanksSeparateArguments() {
        assertEquals(List.of("SET", "k", "v"), split("  SET\tk   v  "));
        assertEquals(List.of(), split("   "));
    }

    @Test
    void doubleQuotesTakeCEscapesAndHexBytes() {
        assertEquals(List.of("a b", "x\ny\r\t\b\u0007\\\"", "\u00ff\u0000"),
                split("\"a b\" \"x\\ny\\r\\t\\b\\a\\\\\\\"\" \"\\xff\\x00\""));
        assertEquals(List.of("q"), split("\"\\q\""), "any other escaped char is itself");
        assertEquals(List.of("xZZ"), split("\"\\xZZ\""), "\\x without two hex digits is just x");
    }

    @Test
    void singleQuotesOnlyEscapeTheQuote() {
        assertEquals(List.of("it's", "a\\nb"), split("'it\\'s' 'a\\nb'"));
    }

    @Test
    void aQuoteMayOpenInsideAToken() {
        assertEquals(List.of("ab c"), split("a\"b c\""));
        assertEquals(List.of(""), split("\"\""));
    }

    @Test
    void unbalancedOrGluedQuotesAreInvalid() {
        invalid("SET k \"v");
        invalid("SET k 'v");
        invalid("SET k \"v\"x");
        invalid("SET k 'v'x");
        invalid("\"\\");
    }

    @Test
    void bytesBeyondAsciiPassThroughAsUtf8() {
        List<byte[]> args = ArgSplitter.split("SET k \u00e9").orElseThrow();
        assertArrayEquals(new byte[] {(byte) 0xc3, (byte) 0xa9}, args.get(2));
    }
}
