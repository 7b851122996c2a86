package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.support.RedisServer;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken, hostile and odd requests, sent as raw bytes: txlab serve answers each exactly as
 * redis-server 7.0 does, byte for byte, and hangs up when Redis hangs up. Every expected answer
 * below is also checked against the real server, so this list documents Redis, not us.
 */
class MalformedRequestTest {

    /**
     * {@code request} is sent whole. When {@code serverHangsUp}, the server must close the
     * connection by itself after {@code reply}; otherwise the test half-closes after sending, and
     * {@code reply} is everything the server said before closing in turn.
     */
    record Case(String name, byte[] request, String reply, boolean serverHangsUp) {
        @Override public String toString() { return name; }
    }

    static Case error(String name, String request, String reply) {
        return new Case(name, RawSocket.bytes(request), reply, true);
    }

    static Case tolerated(String name, String request, String reply) {
        return new Case(name, RawSocket.bytes(request), reply, false);
    }

    static final String INVALID_MULTIBULK = "-ERR Protocol error: invalid multibulk length\r\n";
    static final String INVALID_BULK = "-ERR Protocol error: invalid bulk length\r\n";

    static Stream<Case> cases() {
        String tooBigInline = "a".repeat(RequestParser.INLINE_MAX + 1);
        return Stream.of(
                error("multibulk count that is not a number", "*x\r\n", INVALID_MULTIBULK),
                error("empty multibulk count", "*\r\n", INVALID_MULTIBULK),
                error("multibulk count over INT_MAX", "*3000000000\r\n", INVALID_MULTIBULK),
                error("multibulk count with a leading zero", "*01\r\n", INVALID_MULTIBULK),
                error("multibulk count with a plus sign", "*+1\r\n", INVALID_MULTIBULK),
                error("multibulk count with a trailing space", "*1 \r\n", INVALID_MULTIBULK),
                error("multibulk count below -2^63", "*-9223372036854775809\r\n", INVALID_MULTIBULK),
                error("bulk length that is not a number", "*1\r\n$x\r\n", INVALID_BULK),
                error("negative bulk length", "*1\r\n$-1\r\n", INVALID_BULK),
                error("bulk length over 512 MB (proto-max-bulk-len)", "*1\r\n$536870913\r\n", INVALID_BULK),
                error("bulk length with a space", "*1\r\n$ 3\r\n", INVALID_BULK),
                error("bulk length with a leading zero", "*1\r\n$03\r\n", INVALID_BULK),
                error("a bulk string without its '$'", "*1\r\nx3\r\nfoo\r\n", "-ERR Protocol error: expected '$', got 'x'\r\n"),
                error("an empty line where a bulk header belongs", "*2\r\n$4\r\nECHO\r\n\r\n",
                        "-ERR Protocol error: expected '$', got ' '\r\n"),
                error("a control byte where '$' belongs", "*1\r\n\u0001\r\n", "-ERR Protocol error: expected '$', got '\u0001'\r\n"),
                error("a high byte where '$' belongs", "*1\r\n\u00ff\r\n", "-ERR Protocol error: expected '$', got '\u00ff'\r\n"),
                error("unbalanced quotes in an inline command", "\"unbalanced\r\n",
                        "-ERR Protocol error: unbalanced quotes in request\r\n"),
                error("a closing quote not followed by a space", "ECHO \"a\"b\r\n",
                        "-ERR Protocol error: unbalanced quotes in request\r\n"),
                error("a good command, then a bad one: the good one is answered first", "PING\r\nSET a \"b\r\n",
                        "+PONG\r\n-ERR Protocol error: unbalanced quotes in request\r\n"),
                error("an inline line over 64 KB without a newline", tooBigInline, "-ERR Protocol error: too big inline request\r\n"),
                error("a NUL byte hides the newline, so the line keeps growing", "PING\u0000" + tooBigInline.substring(5),
                        "-ERR Protocol error: too big inline request\r\n"),
                error("a multibulk count over 64 KB long", "*" + "1".repeat(RequestParser.INLINE_MAX),
                        "-ERR Protocol error: too big mbulk count string\r\n"),
                error("a bulk header over 64 KB long", "*1\r\n$" + "1".repeat(RequestParser.INLINE_MAX),
                        "-ERR Protocol error: too big bulk count string\r\n"),
                error("an HTTP request (cross-protocol attack): closed without a word", "POST / HTTP/1.1\r\nHost: x\r\n\r\n", ""),
                error("Host: after good commands: their replies are dropped too", "MULTI\r\nSET a 1\r\nhost:\r\n", ""),
                error("QUIT answers, then closes", "*1\r\n$4\r\nQUIT\r\nPING\r\n", "+OK\r\n"),
                tolerated("the two bytes after a bulk string are not checked", "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n",
                        "+PONG\r\n+PONG\r\n"),
                tolerated("the byte after a count's CR is not checked", "*1\rx$4\r\nPING\r\n", "+PONG\r\n"),
                tolerated("a count of zero or less is an empty request", "*0\r\n*-1\r\nPING\r\n", "+PONG\r\n"),
                tolerated("a count of -2^63 is an empty request too", "*-9223372036854775808\r\nPING\r\n", "+PONG\r\n"),
                tolerated("blank lines are skipped; a bare LF ends an inline line", "\r\n  \r\nPING\n", "+PONG\r\n"),
                tolerated("inline quoting and escapes as redis-cli's", "ECHO \"\\x41\\n\" 'b'\r\n",
                        "-ERR wrong number of arguments for 'echo' command\r\n"),
                tolerated("a NUL byte before the newline: the line is still incomplete", "PING\u0000x\r\n", ""),
                tolerated("TLS hello bytes: incomplete, no reply", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000", ""),
                tolerated("a bulk string cut short", "*1\r\n$4\r\nPI", ""),
                tolerated("a 512 MB bulk header is allowed (the data never comes)", "*1\r\n$536870912\r\n", ""),
                tolerated("a 100 KB argument", "*2\r\n$4\r\nECHO\r\n$100000\r\n" + "x".repeat(100_000) + "\r\n",
                        "$100000\r\n" + "x".repeat(100_000) + "\r\n"),
                tolerated("an inline line just under 64 KB", "ECHO " + "a".repeat(65_530) + "\r\n",
                        "$65530\r\n" + "a".repeat(65_530) + "\r\n"),
                tolerated("unknown binary command name", "\u00ff\u00fe x\r\n",
                        "-ERR unknown command '\u00ff\u00fe', with args beginning with: 'x' \r\n"),
                // scriptCommand refuses SCRIPT DEBUG while earlier replies of the pipeline are unsent
                tolerated("SCRIPT DEBUG behind pipelined commands", "SCRIPT DEBUG no\r\nPING\r\nSCRIPT DEBUG no\r\n",
                        "+OK\r\n+PONG\r\n-ERR SCRIPT DEBUG must be called outside a pipeline\r\n"));
    }

    static ServedEngine served;

    @BeforeAll static void start() throws IOException { served = ServedEngine.quiet(); }

    @AfterAll static void stop() { served.close(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void serveAnswersAsRedisDoes(Case c) throws IOException {
        assertEquals(c.reply(), RawSocket.exchange(served.port(), c.request(), !c.serverHangsUp()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void realRedisAnswersTheSame(Case c) throws IOException {
        RedisServer redis = RedisServer.get();
        redis.reset();
        assertEquals(c.reply(), RawSocket.exchange(redis.port(), c.request(), !c.serverHangsUp()));
    }
}
