package dev.txlab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The short forms traces use for commands, values and replies. */
class DescribeTest {

    @Test
    void aCommandIsShownSoItCanBeTypedBack() {
        String shown = Describe.command(ArgSplitter.split("SET \"two words\" \"a\\\"b\" \"\\x00\\n\"").orElseThrow());
        assertEquals("SET \"two words\" \"a\\\"b\" \"\\x00\\n\"", shown);
        assertEquals(4, ArgSplitter.split(shown).orElseThrow().size());
    }

    @Test
    void longArgumentsAndLongCommandsAreCut() {
        String value = "v".repeat(1000);
        assertEquals("\"" + "v".repeat(40) + "...\" (1000 bytes)", Describe.word(value.getBytes(StandardCharsets.US_ASCII)));
        List<byte[]> many = ArgSplitter.split("DEL " + "key ".repeat(100)).orElseThrow();
        String shown = Describe.command(many);
        assertTrue(shown.endsWith(" ... (101 arguments)"), shown);
        assertTrue(shown.length() < 130, shown);
    }

    @Test
    void valuesShowTheirTypeSizeFirstElementsAndTimeToLive() {
        assertEquals("missing", Describe.value(null));
        ValueSnapshot list = new ValueSnapshot("list", null, 6, List.of("a".getBytes(), "b".getBytes()), 1500);
        assertEquals("list of 6: \"a\" \"b\" ... (expires in 2 s)", Describe.value(list));
        ValueSnapshot hash = new ValueSnapshot("hash", null, 1, List.of("f".getBytes(), "v".getBytes()), -1);
        assertEquals("hash of 1: \"f\"=\"v\"", Describe.value(hash));
        assertEquals("250 ms", Describe.duration(250));
    }

    @Test
    void aStringKnownOnlyByItsStartIsShownWithItsFullLength() {
        // A real server's :keys fetches GETRANGE 0 39 and STRLEN rather than a possibly huge value.
        ValueSnapshot head = new ValueSnapshot("string", "x".repeat(40).getBytes(), 5_000_000, List.of(), -1);
        assertEquals("\"" + "x".repeat(40) + "...\" (5000000 bytes)", Describe.value(head));
        ValueSnapshot whole = new ValueSnapshot("string", "short".getBytes(), 5, List.of(), -1);
        assertEquals("\"short\"", Describe.value(whole));
    }

    @Test
    void aKeyChangeSaysBeforeAndAfterOrUnchanged() {
        ValueSnapshot one = new ValueSnapshot("string", "1".getBytes(), 1, List.of(), -1);
        assertEquals("k: missing -> \"1\"", Describe.change(new KeyChange(0, Key.of("k"), null, one)));
        assertEquals("k (db 3): \"1\" (unchanged)", Describe.change(new KeyChange(3, Key.of("k"), one, one)));
    }

    @Test
    void repliesFitOnOneLine() {
        assertEquals("array of 2 elements", Describe.reply(Reply.array(List.of(Reply.OK, Reply.OK))));
        assertEquals("(nil)", Describe.reply(Reply.NIL_ARRAY));
        assertEquals("(error) ERR bad\\x0dthing", Describe.reply(Reply.error("ERR bad\rthing")));
    }

    @Test
    void resp3RepliesAreNamedAsRedisCli3NamesThem() {
        assertEquals("map of 1 entry", Describe.reply(Reply.map(List.of(Reply.bulk("a"), Reply.ONE))));
        assertEquals("(empty hash)", Describe.reply(Reply.EMPTY_MAP));
        assertEquals("set of 2 members", Describe.reply(Reply.set(List.of(Reply.ONE, Reply.ZERO))));
        assertEquals("(empty set)", Describe.reply(Reply.EMPTY_SET));
        assertEquals("array of 1 pair", Describe.reply(Reply.pairs(List.of(Reply.bulk("m"), new Reply.Double(1.5)))));
        assertEquals("(double) 0.10000000000000001", Describe.reply(new Reply.Double(0.1)));
        assertEquals("(true)", Describe.reply(new Reply.Bool(true)));
        assertEquals("verbatim text of 2 bytes", Describe.reply(new Reply.Verbatim("txt", "hi".getBytes())));
    }
}
