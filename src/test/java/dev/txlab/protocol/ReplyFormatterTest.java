package dev.txlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
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

    // ---- RESP3 (redis-cli -3): every expected text below is what redis-cli 7.0.15 -3 --no-raw
    // printed for the same reply from redis-server 7.0.15 (EVAL returning the shape, or HGETALL ...)

    private static Reply map(Reply... keysAndValues) { return Reply.map(List.of(keysAndValues)); }

    private static Reply array(Reply... elements) { return Reply.array(List.of(elements)); }

    private static String resp3(Reply reply) { return ReplyFormatter.format(reply, 3); }

    @Test
    void resp3ScalarsPrintWithTheirTypes() {
        assertEquals("(double) 1.5\n", resp3(new Reply.Double(1.5)));
        assertEquals("(double) 0.10000000000000001\n", resp3(new Reply.Double(0.1)));
        assertEquals("(double) inf\n", resp3(new Reply.Double(Double.POSITIVE_INFINITY)));
        assertEquals("(true)\n", resp3(new Reply.Bool(true)));
        assertEquals("(false)\n", resp3(new Reply.Bool(false)));
        assertEquals("(nil)\n", resp3(Reply.NIL));
        assertEquals("(nil)\n", resp3(Reply.NIL_ARRAY));
        assertEquals("a\nb\n", resp3(new Reply.Verbatim("txt", "a\nb".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("(empty hash)\n", resp3(Reply.EMPTY_MAP));
        assertEquals("(empty set)\n", resp3(Reply.EMPTY_SET));
        assertEquals("(empty array)\n", resp3(Reply.EMPTY_ARRAY));
        assertEquals("(empty push)\n", resp3(new Reply.Push(List.of())));
    }

    @Test
    void resp2PrintsTheResp2Form() {
        Reply hash = map(Reply.bulk("a"), Reply.bulk("1"));
        assertEquals("1) \"a\"\n2) \"1\"\n", ReplyFormatter.format(hash));
        assertEquals("\"1.5\"\n", ReplyFormatter.format(new Reply.Double(1.5), 2));
        assertEquals("(integer) 1\n", ReplyFormatter.format(new Reply.Bool(true), 2));
        assertEquals("(empty array)\n", ReplyFormatter.format(Reply.EMPTY_MAP, 2));
        assertEquals("\"a\\nb\"\n", ReplyFormatter.format(new Reply.Verbatim("txt", "a\nb".getBytes(StandardCharsets.US_ASCII)), 2));
    }

    @Test
    void mapsPrintKeyAndValueOnOneLine() {
        // HGETALL h after HSET h a 1 b 2
        assertEquals("1# \"a\" => \"1\"\n2# \"b\" => \"2\"\n",
                resp3(map(Reply.bulk("a"), Reply.bulk("1"), Reply.bulk("b"), Reply.bulk("2"))));
        // {map={a={map={b=1}}}}: a one-line value stays on the key's line
        assertEquals("1# \"a\" => 1# \"b\" => (integer) 1\n", resp3(map(Reply.bulk("a"), map(Reply.bulk("b"), Reply.ONE))));
        // {map={a={1}}} and {map={a={{}}}}
        assertEquals("1# \"a\" => 1) (integer) 1\n", resp3(map(Reply.bulk("a"), array(Reply.ONE))));
        assertEquals("1# \"a\" => 1) (empty array)\n", resp3(map(Reply.bulk("a"), array(Reply.EMPTY_ARRAY))));
        assertEquals("1# \"a\" => (empty hash)\n", resp3(map(Reply.bulk("a"), Reply.EMPTY_MAP)));
    }

    @Test
    void aMultilineMapValueStartsOnTheNextLine() {
        // {map={a={1,2}}}: note the space redis-cli leaves after "=>"
        assertEquals("1# \"a\" => \n   1) (integer) 1\n   2) (integer) 2\n",
                resp3(map(Reply.bulk("a"), array(Reply.ONE, Reply.integer(2)))));
        // {map={a={map={x=1,y=2}}}}, in Lua's order
        assertEquals("1# \"a\" => \n   1# \"y\" => (integer) 2\n   2# \"x\" => (integer) 1\n",
                resp3(map(Reply.bulk("a"), map(Reply.bulk("y"), Reply.integer(2), Reply.bulk("x"), Reply.ONE))));
        // {map={a={{1,2}}}}: one element, but it takes two lines
        assertEquals("1# \"a\" => \n   1) 1) (integer) 1\n      2) (integer) 2\n",
                resp3(map(Reply.bulk("a"), array(array(Reply.ONE, Reply.integer(2))))));
    }

    @Test
    void aMultilineMapKeyIsFollowedByTheValueOnItsLastLine() {
        // {map={[{1,2}]='v'}} and {map={[{1}]={1}}}
        assertEquals("1# 1) (integer) 1\n   2) (integer) 2 => \"v\"\n",
                resp3(map(array(Reply.ONE, Reply.integer(2)), Reply.bulk("v"))));
        assertEquals("1# 1) (integer) 1 => 1) (integer) 1\n", resp3(map(array(Reply.ONE), array(Reply.ONE))));
    }

    @Test
    void mapIndexesAreAlignedToTheNumberOfEntries() {
        List<Reply> flat = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            flat.add(Reply.bulk("k" + i));
            flat.add(Reply.integer(i));
        }
        List<String> lines = ReplyFormatter.lines(Reply.map(flat), 3);
        assertEquals(" 1# \"k1\" => (integer) 1", lines.get(0));
        assertEquals("10# \"k10\" => (integer) 10", lines.get(9));
    }

    @Test
    void setsAndNestedAggregatesUseTheirSeparators() {
        // {1,{set={1}},{map={k='v'}},{}}
        assertEquals("1) (integer) 1\n2) 1~ (integer) 1\n3) 1# \"k\" => \"v\"\n4) (empty array)\n",
                resp3(array(Reply.ONE, Reply.set(List.of(Reply.ONE)), map(Reply.bulk("k"), Reply.bulk("v")), Reply.EMPTY_ARRAY)));
        // SMEMBERS s after SADD s x y
        assertEquals("1~ \"x\"\n2~ \"y\"\n", resp3(Reply.set(List.of(Reply.bulk("x"), Reply.bulk("y")))));
    }

    @Test
    void pairsPrintAsNestedArraysInResp3AndFlatInResp2() {
        // ZRANGE z 0 -1 WITHSCORES after ZADD z 1 a 2.5 b
        Reply pairs = Reply.pairs(List.of(Reply.bulk("a"), new Reply.Double(1), Reply.bulk("b"), new Reply.Double(2.5)));
        assertEquals("1) 1) \"a\"\n   2) (double) 1\n2) 1) \"b\"\n   2) (double) 2.5\n", resp3(pairs));
        assertEquals("1) \"a\"\n2) \"1\"\n3) \"b\"\n4) \"2.5\"\n", ReplyFormatter.format(pairs, 2));
        // as a map value, pairs take several lines
        assertEquals("1# \"z\" => \n   1) 1) \"a\"\n      2) (double) 1\n",
                resp3(map(Reply.bulk("z"), Reply.pairs(List.of(Reply.bulk("a"), new Reply.Double(1))))));
    }

    @Test
    void verbatimTextIsPrintedRawEvenInsideAggregates() {
        Reply verbatim = new Reply.Verbatim("txt", "a\nb".getBytes(StandardCharsets.US_ASCII));
        assertEquals("1) a\nb\n2) \"x\"\n", resp3(array(verbatim, Reply.bulk("x"))));
        assertEquals("1# \"v\" => a\nb\n", resp3(map(Reply.bulk("v"), verbatim)));
    }

    @Test
    void attributesAreNotPrintedOnlyTheirReply() {
        Reply attributed = new Reply.Attribute((Reply.Map) map(Reply.bulk("ttl"), Reply.integer(3)), Reply.bulk("v"));
        assertEquals("\"v\"\n", resp3(attributed));
        assertEquals("1) \"v\"\n", resp3(array(attributed)));
    }

    @Test
    void mapsNestedTenThousandDeepPrintWithoutOverflowingTheStack() {
        Reply reply = Reply.ONE;
        for (int i = 0; i < 10_000; i++) reply = map(Reply.bulk("k"), reply);
        assertEquals("1# \"k\" => ".repeat(10_000) + "(integer) 1\n", resp3(reply));
    }
}
