package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a replica receives, txlab serve against a real redis-server 7.0.15, as the suite's
 * attach_to_replication_stream sees it: SYNC, the RDB, then the command stream. Each case runs
 * its commands on a normal client of both servers, then a marker SET; the streams up to the
 * marker must be the same (command names lower-cased as the suite reads them, absolute times
 * masked, since the two clocks differ by a few milliseconds).
 */
class ReplicationStreamTest {

    static Stream<String> cases() {
        return Stream.of(
                "SET a 1|SET b 2 EX 100|SETEX c 100 v|PSETEX d 100000 v|SET e 1 PX 5000 GET|SET f 1 GET|SET g 1 EXAT 99999999999",
                "SET a 1|EXPIRE a 100|PEXPIRE a 100000|EXPIREAT a 99999999999|PEXPIREAT a 99999999999999|EXPIRE a 100 NX|EXPIRE a 200 GT",
                "SET a 1|EXPIRE a -1|SET b 1|PEXPIREAT b 1|EXPIRE missing 10|PERSIST missing",
                "SET c v|GETEX c EX 100|GETEX c PERSIST|GETEX c|GETEX c PXAT 1|SET d v|GETDEL d|GETDEL d",
                "INCRBYFLOAT n 1.5|INCRBYFLOAT n 0.1|HINCRBYFLOAT h f 2.5|SET f 1|GETSET f 2|INCR f|SET f 10 KEEPTTL",
                "MULTI|SET a 1|INCR a|EXEC|MULTI|GET a|EXEC|MULTI|SET b 1|EXEC|MULTI|EXEC",
                "MULTI|SET a 1|SELECT 1|SET b 2|SELECT 0|EXEC|SELECT 2|SET c 3|SELECT 0|SET d 4",
                "EVAL \"redis.call('set','k','v'); redis.call('incr','n'); return 1\" 0"
                        + "|EVAL \"return redis.call('get','k')\" 0|EVAL \"return redis.call('expire','k',100)\" 0"
                        + "|EVAL \"redis.call('set','j','v','ex','100'); return 1\" 0",
                "RPUSH l a b c d e f g|LPOP l|LPOP l 2|LMPOP 1 l RIGHT COUNT 2|BLPOP l 0|BRPOPLPUSH l l2 0"
                        + "|BLMOVE l2 l LEFT RIGHT 0|BLMPOP 0 1 l LEFT COUNT 9|LPOP l|BLPOP l 0.01",
                "SADD s a|SPOP s|SADD s a b c|SPOP s 5|SPOP s|SADD t 1|SMOVE t u 1",
                "ZADD z 1 a 2 b 3 c 4 d 5 e|ZPOPMIN z|ZMPOP 1 z MAX COUNT 2|BZPOPMIN z 0|BZMPOP 0 1 z MIN COUNT 5|ZPOPMAX z",
                "CONFIG SET stream-node-max-entries 2|XADD s 1-1 a 1|XADD s 1-* a 2|XADD s * a 3|XADD s MAXLEN ~ 1 99999999999998-* b 4"
                        + "|XADD s 99999999999999-0 a 5|XTRIM s MINID ~ 99999999999999|XTRIM s MAXLEN 1|XTRIM s MAXLEN ~ 0"
                        + "|XADD s MINID ~ 0 NOMKSTREAM 99999999999999-1 a 6|XADD s 99999999999999-2 a 7|XDEL s 99999999999999-1"
                        + "|XSETID s 99999999999999-9|XADD n NOMKSTREAM * a 1|CONFIG SET stream-node-max-entries 100",
                "XADD s 1-0 a 1|XADD s 2-0 a 2|XADD s 3-0 a 3|XGROUP CREATE s g 0|XREADGROUP GROUP g alice COUNT 1 STREAMS s >"
                        + "|XREADGROUP GROUP g bob NOACK STREAMS s >|XREADGROUP GROUP g alice STREAMS s 0|XACK s g 1-0"
                        + "|XADD s 4-0 a 4|XREADGROUP GROUP g carol STREAMS s >|XCLAIM s g dave 0 4|XCLAIM s g dave 0 4-0 JUSTID LASTID 9-0"
                        + "|XCLAIM s g dave 0 LASTID 10-0|XDEL s 4-0|XCLAIM s g erin 0 4-0|XADD s 5-0 x 1|XREADGROUP GROUP g alice STREAMS s >"
                        + "|XDEL s 5-0|XAUTOCLAIM s g frank 0 0|XGROUP CREATECONSUMER s g zed|XGROUP DELCONSUMER s g zed"
                        + "|XGROUP SETID s g 0|XREADGROUP GROUP g newbie NOACK STREAMS s >|XGROUP DESTROY s g",
                "GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania|GEOADD g XX CH 13.4 38.1 Palermo",
                "SET a 1|FLUSHDB|FLUSHDB|FLUSHALL|PUBLISH ch msg|DEL a|DEL a|SELECT 3|SET x 1|SELECT 0|SET y 1",
                "DEBUG SET-ACTIVE-EXPIRE 0|SET k v PX 1|DEBUG SLEEP 0.01|GET k|SET k2 v PX 1|DEBUG SLEEP 0.01|MULTI|GET k2|SET k3 v|EXEC"
                        + "|DEBUG SET-ACTIVE-EXPIRE 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replicasReceiveWhatRedisSends(String commands) throws Exception {
        RedisServer server = RedisServer.get();
        server.reset();
        try (ServedEngine served = ServedEngine.start(new Engine(Clock.SYSTEM))) {
            List<String> expected = streamOf(server.port(), commands);
            List<String> actual = streamOf(served.port(), commands);
            assertEquals(String.join("\n", expected), String.join("\n", actual), commands);
        } finally {
            server.reset();
        }
    }

    /** The stream a replica attached with SYNC receives while the commands run, up to the marker. */
    private static List<String> streamOf(int port, String commands) throws IOException {
        try (RedisConnection client = new RedisConnection("127.0.0.1", port, 10_000);
             Socket replica = new Socket()) {
            call(client, "CONFIG SET repl-ping-replica-period 3600");
            replica.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            replica.setSoTimeout(10_000);
            replica.getOutputStream().write("SYNC\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(replica.getInputStream());
            String header;
            do {
                header = line(in);
            } while (header.isEmpty()); // newlines are keepalives while the RDB is made
            assertTrue(header.startsWith("$"), "SYNC answered " + header);
            long length = Long.parseLong(header.substring(1));
            byte[] rdb = in.readNBytes((int) length);
            assertEquals("REDIS0010", new String(rdb, 0, 9, StandardCharsets.US_ASCII));
            for (String line : commands.split("\\|")) call(client, line);
            call(client, "SET __end__ 1");
            List<String> stream = new ArrayList<>();
            while (true) {
                List<String> argv = command(in);
                if (argv.equals(List.of("set", "__end__", "1"))) break;
                stream.add(String.join(" ", argv));
            }
            call(client, "CONFIG SET repl-ping-replica-period 10");
            return stream;
        }
    }

    private static void call(RedisConnection c, String line) throws IOException {
        Reply reply = c.call(ArgSplitter.split(line).orElseThrow());
        if (reply instanceof Reply.Error e && !line.startsWith("GETEX c PXAT")) throw new AssertionError(line + ": " + e.message());
    }

    /** One RESP array of bulk strings; the name lower-cased, absolute times masked. */
    private static List<String> command(InputStream in) throws IOException {
        String header = line(in);
        while (header.isEmpty()) header = line(in);
        assertTrue(header.startsWith("*"), "stream sent " + header);
        int count = Integer.parseInt(header.substring(1));
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String len = line(in);
            byte[] data = in.readNBytes(Integer.parseInt(len.substring(1)));
            line(in);
            String word = new String(data, StandardCharsets.ISO_8859_1);
            if (i == 0) word = word.toLowerCase(java.util.Locale.ROOT);
            else word = word.replaceAll("^1[0-9]{12}(-[0-9]+)?$", "<unix-time-ms>$1"); // also in stream IDs
            argv.add(word);
        }
        return argv;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new IOException("stream closed");
            if (b != '\r') out.write(b);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
