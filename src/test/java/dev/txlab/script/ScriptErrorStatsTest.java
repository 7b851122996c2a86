package dev.txlab.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.ReplyFormatter;
import dev.txlab.support.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * INFO errorstats and commandstats after scripts whose commands fail or are refused, compared
 * with a real redis-server: an error is counted once, where it happened (a refused redis.call
 * counts even when pcall catches it), the command refused inside the script gets rejected_calls,
 * and EVAL counts as failed when its reply is an error.
 */
class ScriptErrorStatsTest {

    private static final List<List<String>> CASES = List.of(
            List.of("CONFIG SET maxmemory 1", "EVAL \"return redis.call('set','x','y')\" 1 x"),
            List.of("CONFIG SET maxmemory 1", "EVAL \"local t = redis.pcall('set','x','y') return 1\" 1 x"),
            List.of("CONFIG SET maxmemory 1", "EVAL \"return redis.pcall('set','x','y')\" 1 x"),
            List.of("SET s v", "EVAL \"return redis.call('incr', KEYS[1])\" 1 s"),
            List.of("SET s v", "EVAL \"return redis.pcall('incr', KEYS[1])\" 1 s"),
            List.of("SET s v", "EVAL \"redis.pcall('incr', KEYS[1]) return 2\" 1 s"),
            List.of("EVAL \"return redis.call('nosuchcommand')\" 0", "EVAL \"return redis.pcall('get')\" 0"),
            List.of("EVAL \"return redis.error_reply('MY own')\" 0", "EVAL \"error('raised')\" 0"),
            List.of("EVAL \"return redis.call('multi')\" 0", "FCALL nosuchfunction 0"));

    @Test
    void errorsAndRejectionsInsideScriptsAreCountedAsRedisCountsThem() throws Exception {
        RedisServer server = RedisServer.get();
        for (List<String> commands : CASES) {
            server.reset();
            String expected;
            try (var c = server.connect()) {
                call(c, "CONFIG RESETSTAT");
                for (String command : commands) call(c, command);
                call(c, "CONFIG SET maxmemory 0");
                expected = stats(call(c, "INFO errorstats"), call(c, "INFO commandstats"));
            }
            Engine engine = new Engine(new Clock.ManualClock(1_700_000_000_000L));
            ClientSession a = engine.connect("A");
            for (String command : commands) engine.execute(a, argv(command));
            engine.execute(a, argv("CONFIG SET maxmemory 0"));
            String actual = stats(engine.execute(a, argv("INFO errorstats")), engine.execute(a, argv("INFO commandstats")));
            assertEquals(expected, actual, String.join(" / ", commands));
        }
    }

    private static Reply call(dev.txlab.remote.RedisConnection c, String command) throws Exception {
        return c.call(argv(command));
    }

    private static List<byte[]> argv(String command) { return ArgSplitter.split(command).orElseThrow(); }

    /** The error counts, and each command's calls, rejected and failed calls (not its timings). */
    private static String stats(Reply errors, Reply commands) {
        List<String> lines = new ArrayList<>();
        for (String line : (text(errors) + text(commands)).split("\r\n")) {
            if (line.startsWith("errorstat_")) lines.add(line);
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:") && !line.startsWith("cmdstat_config")) {
                lines.add(line.replaceAll("usec=\\d+,usec_per_call=[\\d.]+,", ""));
            }
        }
        java.util.Collections.sort(lines);
        return String.join("\n", lines);
    }

    private static String text(Reply reply) {
        if (reply instanceof Reply.Verbatim v) return new String(v.text(), StandardCharsets.ISO_8859_1);
        if (reply instanceof Reply.Bulk b) return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        return String.join("\n", ReplyFormatter.lines(reply));
    }
}
