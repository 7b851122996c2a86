package dev.txlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.remote.RedisUri;
import dev.txlab.support.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 11, item 7: a malformed --against address is one line and exit code 2, for every command that takes one. */
class AgainstUriTest {
    @TempDir Path dir;

    static final List<String> MALFORMED = List.of(
            "redis://127.0.0.1:99999", "redis://127.0.0.1:65536", "redis://127.0.0.1:0", "redis://127.0.0.1:-1",
            "redis://:6379", "redis://", "redis:", "redis://127.0.0.1:6379/abc", "redis://127.0.0.1:6379/-1",
            "redis://127.0.0.1:6379/99999999999", "redis://127.0.0.1:6379/0/1", "redis://127.0.0.1:6379?db=1",
            "redis://127.0.0.1:6379#x", "redis://host:port", "redis://[::1", "redis://a b:1", "http://127.0.0.1:6379",
            "rediss://127.0.0.1:6379", "127.0.0.1:6379", "garbage", "", " ", "\u0000", "redis://h:6379/\u0000",
            "redis://h:99999999999999999999", "redis://user@", "redis://%zz@h:1");

    @Test
    void malformedAddressesAreRejectedByTheParserWithOneLine() {
        for (String text : MALFORMED) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisUri.parse(text), text);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void wellFormedAddressesParse() {
        assertEquals(new RedisUri("127.0.0.1", 6379, null, null, 0), RedisUri.parse("redis://127.0.0.1"));
        assertEquals(new RedisUri("h", 1, null, null, 2), RedisUri.parse("redis://h:1/2"));
        assertEquals(new RedisUri("h", 65535, null, null, 0), RedisUri.parse("redis://h:65535/"));
        assertEquals(new RedisUri("h", 7000, "u", "p w", 0), RedisUri.parse("redis://u:p%20w@h:7000"));
        assertEquals(new RedisUri("h", 7000, null, "pw", 0), RedisUri.parse("redis://pw@h:7000"));
        assertEquals(new RedisUri("[::1]", 6380, null, null, 0), RedisUri.parse("redis://[::1]:6380"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"shell", "lesson", "replay"})
    void everyCommandSaysSoInOneLineWithTheUsageExitCode(String command) throws Exception {
        Path tx = Files.writeString(dir.resolve("a.tx"), "A> PING\nPONG\n");
        for (String uri : MALFORMED) {
            List<String> args = switch (command) {
                case "shell" -> List.of("--against", uri);
                case "lesson" -> List.of("lesson", "1", "--lessons", Path.of(System.getProperty("user.dir"), "lessons").toString(),
                        "--data-dir", dir.toString(), "--against", uri);
                default -> List.of("replay", "--check", "--against", uri, tx.toString());
            };
            Cli.Run run = Cli.txlabWithInput("PING\n", args.toArray(String[]::new));
            String all = run.out() + run.err();
            assertFalse(all.contains("internal error"), uri + ": " + all);
            assertFalse(all.contains("\tat "), uri + ": " + all);
            assertEquals(2, run.exit(), uri + ": " + all);
            assertEquals(1, run.err().lines().count(), uri + ": " + run.err());
            assertTrue(run.err().startsWith("txlab " + command + ": "), uri + ": " + run.err());
        }
    }
}
