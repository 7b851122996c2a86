package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CLIENT INFO's rbs (the reply buffer Redis would hold) on txlab serve and a real redis-server:
 * an idle client's buffer shrinks to 1 KB within a few cron ticks, then doubles up to 16 KB while
 * big replies keep filling it (DEBUG REPLYBUFFER peak-reset-time never), as INFO's
 * reply_buffer_shrinks/expands count.
 */
class ReplyBufferTest {

    @Test
    void anIdleBufferShrinksAndABusyOneGrowsAsOnRedis() throws Exception {
        RedisServer redis = RedisServer.get();
        redis.reset();
        List<String> expected = run(redis.port());
        try (ServedEngine served = ServedEngine.start()) {
            assertEquals(expected, run(served.port()));
        }
    }

    private static List<String> run(int port) throws Exception {
        List<String> seen = new ArrayList<>();
        try (RedisConnection a = new RedisConnection("127.0.0.1", port, 10_000);
             RedisConnection b = new RedisConnection("127.0.0.1", port, 10_000)) {
            call(b, "CONFIG RESETSTAT");
            call(b, "SET bigval " + "x".repeat(32768));
            Thread.sleep(1000); // several cron ticks of an idle client
            seen.add("idle " + rbs(call(a, "CLIENT INFO")));
            call(b, "DEBUG REPLYBUFFER peak-reset-time never");
            for (int i = 0; i < 5; i++) {
                call(a, "GET bigval");
                Thread.sleep(500);
                seen.add("busy " + rbs(call(a, "CLIENT INFO")));
            }
            call(b, "DEBUG REPLYBUFFER peak-reset-time reset");
            String stats = text(call(b, "INFO stats"));
            for (String line : stats.split("\r\n")) if (line.startsWith("reply_buffer_")) seen.add(line);
        }
        return seen;
    }

    private static Reply call(RedisConnection c, String command) throws Exception {
        return c.call(ArgSplitter.split(command).orElseThrow());
    }

    private static String rbs(Reply info) {
        Matcher m = Pattern.compile("rbs=\\d+").matcher(text(info));
        return m.find() ? m.group() : "no rbs";
    }

    private static String text(Reply reply) {
        if (reply instanceof Reply.Verbatim v) return new String(v.text(), StandardCharsets.ISO_8859_1);
        return new String(((Reply.Bulk) reply).bytes(), StandardCharsets.ISO_8859_1);
    }
}
