package dev.txlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyFormatterTest {

    @Test
    void scalarsPrintAsRedisCliDoes() {
        assertEquals("OK\n", ReplyFormatter.format(Reply.OK));
        assertEquals("(error) ERR boom\n", ReplyFormatter.format(Reply.error("ERR boom")));
        assertEquals("(integer) -3\n", ReplyFormatter.format(Reply.integer(-3)));
        assertEquals("(nil)\n", ReplyFormatter.format(Reply.NIL));
        assertEquals("(nil)\n", ReplyFormatter.format(Reply.NIL_ARRAY));
        assertEquals("(empty array)\n", ReplyFormatter.format(Reply.EMPTY_ARRAY));
        assertEquals("\"\"\n", ReplyFormatter.format(Reply.bulk(new byte[0])));
    }

    @Test
    void bulkStringsAreQuotedWithCEscapesAndLowerCaseHex() {
        byte[] bytes = {'a', '"', '\\', '\n', '\r', '\t', 7, '\b', 0, (byte) 0xff, 0x7f};
        assertEquals("\"a\\\"\\\\\\n\\r\\t\\a\\b\\x00\\xff\\x7f\"", ReplyFormatter.repr(bytes));
    }

    @Test
    void errorAndStatusTextsStopAtNulAsPrintfDoes() {
        assertEquals("(error) ERR a\n", ReplyFormatter.format(Reply.error("ERR a\0b")));
        assertEquals("x\n", ReplyFormatter.format(new Reply.Simple("x\0y")));
    }

    @Test
    void nestedArraysIndentByTheParentsIndexWidth() {
        Reply nested = Reply.array(List.of(Reply.integer(1),
                Reply.array(List.of(Reply.integer(2), Reply.bulk("x"))), Reply.EMPTY_ARRAY));
        assertEquals("1) (integer) 1\n2) 1) (integer) 2\n   2) \"x\"\n3) (empty array)\n", ReplyFormatter.format(nested));
    }

    @Test
    void indexesAreRightAlignedToTheWidestIndex() {
        List<Reply> elements = new ArrayList<>();
        for (int i = 1; i <= 10; i++) elements.add(Reply.integer(i));
        elements.set(9, Reply.array(List.of(Reply.OK, Reply.OK)));
        List<String> lines = ReplyFormatter.lines(Reply.array(elements));
        assertEquals(" 1) (integer) 1", lines.get(0));
        assertEquals("10) 1) OK", lines.get(9));
        assertEquals("    2) OK", lines.get(10));
    }

    @Test
    void linesAreByteStringsDecodedForDisplay() {
        String bytes = new String(new byte[] {(byte) 0xc3, (byte) 0xa9}, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals("\u00e9", ReplyFormatter.forDisplay(bytes));
        assertEquals("plain", ReplyFormatter.forDisplay("plain"));
    }

    @Test
    void arraysNestedTenThousandDeepPrintWithoutOverflowingTheStack() {
        Reply reply = Reply.error("ERR bottom");
        for (int i = 0; i < 10_000; i++) reply = Reply.array(List.of(reply));
        String text = ReplyFormatter.format(reply);
        assertEquals("1) ".repeat(10_000) + "(error) ERR bottom\n", text);
        byte[] wire = Resp.encodeReply(reply);
        try {
            assertEquals(text, ReplyFormatter.format(Resp.readReply(new java.io.ByteArrayInputStream(wire))));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
