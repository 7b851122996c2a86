package dev.txlab.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire encoding of every reply type for RESP2 and RESP3 clients, and reading it back. The
 * expected bytes are what redis-server 7.0.15 sends for the same reply (HGETALL, SMEMBERS,
 * ZRANGE ... WITHSCORES, EVAL returning {double=}, {big_number=}, {verbatim_string=} ...).
 */
class RespTest {

    private static String wire(Reply reply, int protocol) {
        return new String(Resp.encodeReply(reply, protocol), StandardCharsets.ISO_8859_1);
    }

    private static Reply read(String wire) throws IOException {
        return Resp.readReply(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static Reply map(Reply... keysAndValues) { return Reply.map(List.of(keysAndValues)); }

    private static final Reply HASH = map(Reply.bulk("a"), Reply.bulk("1"));
    private static final Reply SCORES = Reply.pairs(List.of(Reply.bulk("a"), new Reply.Double(1.5), Reply.bulk("b"), new Reply.Double(2)));
    private static final Reply VERBATIM = new Reply.Verbatim("txt", "hi".getBytes(StandardCharsets.US_ASCII));

    @Test
    void resp2TypesAreTheSameInBothProtocolsExceptNulls() {
        for (int protocol : new int[] {2, 3}) {
            assertEquals("+OK\r\n", wire(Reply.OK, protocol));
            assertEquals("-ERR x\r\n", wire(Reply.error("ERR x"), protocol));
            assertEquals(":-5\r\n", wire(Reply.integer(-5), protocol));
            assertEquals("$2\r\nhi\r\n", wire(Reply.bulk("hi"), protocol));
            assertEquals("*2\r\n:1\r\n*0\r\n", wire(Reply.array(List.of(Reply.ONE, Reply.EMPTY_ARRAY)), protocol));
        }
        assertEquals("$-1\r\n", wire(Reply.NIL, 2));
        assertEquals("*-1\r\n", wire(Reply.NIL_ARRAY, 2));
        assertEquals("_\r\n", wire(Reply.NIL, 3));
        assertEquals("_\r\n", wire(Reply.NIL_ARRAY, 3));
    }

    @Test
    void resp3TypesHaveTheirOwnSyntax() {
        assertEquals("%1\r\n$1\r\na\r\n$1\r\n1\r\n", wire(HASH, 3));
        assertEquals("~2\r\n$1\r\nx\r\n:1\r\n", wire(Reply.set(List.of(Reply.bulk("x"), Reply.ONE)), 3));
        assertEquals("*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\nb\r\n,2\r\n", wire(SCORES, 3));
        assertEquals(",0.10000000000000001\r\n", wire(new Reply.Double(0.1), 3));
        assertEquals(",inf\r\n", wire(new Reply.Double(Double.POSITIVE_INFINITY), 3));
        assertEquals(",-inf\r\n", wire(new Reply.Double(Double.NEGATIVE_INFINITY), 3));
        assertEquals(",-0\r\n", wire(new Reply.Double(-0.0), 3));
        assertEquals(",-nan\r\n", wire(new Reply.Double(Double.longBitsToDouble(0xfff8000000000000L)), 3));
        assertEquals(",nan\r\n", wire(new Reply.Double(Double.longBitsToDouble(0x7ff8000000000000L)), 3));
        assertEquals("#t\r\n", wire(new Reply.Bool(true), 3));
        assertEquals("#f\r\n", wire(new Reply.Bool(false), 3));
        assertEquals("(123\r\n", wire(new Reply.BigNumber("123"), 3));
        assertEquals("=6\r\ntxt:hi\r\n", wire(VERBATIM, 3));
        assertEquals(">2\r\n$7\r\nmessage\r\n:1\r\n", wire(new Reply.Push(List.of(Reply.bulk("message"), Reply.ONE)), 3));
        assertEquals("|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n",
                wire(new Reply.Attribute((Reply.Map) map(new Reply.Simple("ttl"), Reply.integer(3)), Reply.bulk("v")), 3));
    }

    @Test
    void emptyAggregatesKeepTheirType() {
        assertEquals("%0\r\n", wire(Reply.EMPTY_MAP, 3));
        assertEquals("~0\r\n", wire(Reply.EMPTY_SET, 3));
        assertEquals("*0\r\n", wire(Reply.pairs(List.of()), 3));
        assertEquals(">0\r\n", wire(new Reply.Push(List.of()), 3));
        assertEquals("*0\r\n", wire(Reply.EMPTY_MAP, 2));
        assertEquals("*0\r\n", wire(Reply.EMPTY_SET, 2));
    }

    @Test
    void resp2ClientsGetTheFormRedisDerives() {
        assertEquals("*2\r\n$1\r\na\r\n$1\r\n1\r\n", wire(HASH, 2));
        assertEquals("*4\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\nb\r\n$1\r\n2\r\n", wire(SCORES, 2));
        assertEquals("$3\r\ninf\r\n", wire(new Reply.Double(Double.POSITIVE_INFINITY), 2));
        assertEquals(":1\r\n", wire(new Reply.Bool(true), 2));
        assertEquals(":0\r\n", wire(new Reply.Bool(false), 2));
        assertEquals("$3\r\n123\r\n", wire(new Reply.BigNumber("123"), 2));
        assertEquals("$2\r\nhi\r\n", wire(VERBATIM, 2));
        assertEquals("$1\r\nv\r\n",
                wire(new Reply.Attribute((Reply.Map) map(new Reply.Simple("ttl"), Reply.integer(3)), Reply.bulk("v")), 2));
    }

    @Test
    void theResp2EncodingIsTheEncodingOfTheResp2Form() {
        Reply tree = Reply.array(List.of(HASH, SCORES, VERBATIM, new Reply.Bool(false), Reply.NIL, Reply.NIL_ARRAY,
                Reply.set(List.of(new Reply.Double(3), new Reply.BigNumber("9"))),
                new Reply.Attribute(Reply.EMPTY_MAP, map(Reply.bulk("k"), Reply.EMPTY_SET))));
        assertEquals(wire(tree.resp2(), 2), wire(tree, 2));
    }

    @Test
    void everyResp3TypeReadsBackAsItWasSent() throws IOException {
        List<Reply> replies = List.of(Reply.OK, Reply.error("ERR x"), Reply.integer(7), Reply.bulk("b"), Reply.NIL, HASH,
                Reply.set(List.of(Reply.bulk("x"))), new Reply.Double(2.5), new Reply.Double(Double.NEGATIVE_INFINITY),
                new Reply.Bool(true), new Reply.BigNumber("-12345678901234567890"), VERBATIM,
                new Reply.Push(List.of(Reply.bulk("p"))), Reply.EMPTY_MAP, Reply.EMPTY_SET,
                new Reply.Attribute((Reply.Map) map(Reply.bulk("a"), Reply.ONE), Reply.array(List.of(HASH))),
                Reply.array(List.of(map(Reply.bulk("k"), Reply.set(List.of(new Reply.Double(1)))), Reply.EMPTY_ARRAY)));
        for (Reply reply : replies) assertEquals(reply, read(wire(reply, 3)), wire(reply, 3));
        // pairs are sent, and so read, as an array of 2-element arrays; a null array as null
        assertEquals(Reply.array(List.of(Reply.array(List.of(Reply.bulk("a"), new Reply.Double(1.5))),
                Reply.array(List.of(Reply.bulk("b"), new Reply.Double(2))))), read(wire(SCORES, 3)));
        assertEquals(Reply.NIL, read(wire(Reply.NIL_ARRAY, 3)));
    }

    @Test
    void doublesKeepTheTextTheServerSent() throws IOException {
        Reply.Double geo = (Reply.Double) read(",13.361389338970184433\r\n");
        assertEquals("13.361389338970184433", geo.text());
        assertEquals(13.361389338970184, geo.value());
        assertEquals("(double) 13.361389338970184433\n", ReplyFormatter.format(geo, 3));
        assertEquals(new Reply.Double(0.1), read(",0.10000000000000001\r\n"));
        Reply.Double negativeNan = (Reply.Double) read(",-nan\r\n");
        assertTrue(Double.isNaN(negativeNan.value()));
        assertEquals(",-nan\r\n", wire(negativeNan, 3));
        assertEquals(Double.POSITIVE_INFINITY, ((Reply.Double) read(",inf\r\n")).value());
    }

    @Test
    void blobErrorsAndVerbatimFormatsAreRead() throws IOException {
        assertEquals(Reply.error("SYNTAX invalid"), read("!14\r\nSYNTAX invalid\r\n"));
        Reply.Verbatim v = (Reply.Verbatim) read("=6\r\nmar:hi\r\n");
        assertEquals("mar", v.format());
        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), v.text());
        assertEquals(new Reply.BigNumber("1  2"), read("(1  2\r\n")); // a script's big_number, CR/LF made spaces
    }

    @Test
    void malformedResp3IsAProtocolError() {
        assertThrows(Resp.ProtocolException.class, () -> read("#x\r\n"));
        assertThrows(Resp.ProtocolException.class, () -> read(",1.5x\r\n"));
        assertThrows(Resp.ProtocolException.class, () -> read("=2\r\nab\r\n"));
        assertThrows(Resp.ProtocolException.class, () -> read("%-1\r\n"));
        assertThrows(Resp.ProtocolException.class, () -> read("_x\r\n"));
    }

    @Test
    void mapsSetsAndPairsNestedTenThousandDeepEncodeAndDecodeWithoutRecursion() throws IOException {
        Reply reply = Reply.bulk("bottom");
        for (int i = 0; i < 10_000; i++) {
            reply = switch (i % 3) {
                case 0 -> map(Reply.bulk("k"), reply);
                case 1 -> Reply.set(List.of(reply));
                default -> Reply.pairs(List.of(reply, new Reply.Double(i)));
            };
        }
        byte[] resp3 = Resp.encodeReply(reply, 3);
        Reply back = Resp.readReply(new ByteArrayInputStream(resp3));
        assertArrayEquals(resp3, Resp.encodeReply(back, 3));
        byte[] resp2 = Resp.encodeReply(reply, 2);
        assertArrayEquals(Resp.encodeReply(reply.resp2(), 2), resp2);
        assertArrayEquals(resp2, Resp.encodeReply(Resp.readReply(new ByteArrayInputStream(resp2)), 2));
    }

    @Test
    void oneEncoderWritesManyRepliesAfterADeepOne() {
        List<byte[]> chunks = new ArrayList<>();
        ReplyEncoder encoder = new ReplyEncoder() {
            @Override protected void write(byte[] bytes, int offset, int length) {
                byte[] copy = new byte[length];
                System.arraycopy(bytes, offset, copy, 0, length);
                chunks.add(copy);
            }
        };
        Reply deep = Reply.ONE;
        for (int i = 0; i < 5_000; i++) deep = Reply.array(List.of(deep));
        encoder.write(deep, 3);
        chunks.clear();
        encoder.write(HASH, 3);
        StringBuilder out = new StringBuilder();
        for (byte[] c : chunks) out.append(new String(c, StandardCharsets.ISO_8859_1));
        assertEquals("%1\r\n$1\r\na\r\n$1\r\n1\r\n", out.toString());
    }
}
