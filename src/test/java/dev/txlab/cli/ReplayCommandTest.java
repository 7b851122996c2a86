package dev.txlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.support.Cli.Run;
import dev.txlab.support.Cli;
import dev.txlab.support.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    @TempDir Path dir;

    static Run txlab(String... args) { return Cli.txlab(args); }

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @Test
    void checkPassesMatchingTranscriptsAndSaysHowMany() throws Exception {
        write("a.tx", "A> SET k 1\nOK\nB> INCR k\n(integer) 2\n");
        write("sub/b.tx", "# comment\nA> GET nope\n(nil)\n");
        Run run = txlab("replay", "--check", dir.toString());
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().endsWith("2 passed, 0 failed\n"), run.out());
    }

    @Test
    void checkReportsFileLineCommandExpectedAndActual() throws Exception {
        Path f = write("bad.tx", "A> SET k 1\nOK\nA> INCR k\n(integer) 7\n");
        Run run = txlab("replay", "--check", f.toString());
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("FAIL " + f + ":3"), run.out());
        assertTrue(run.out().contains("command:  A> INCR k"), run.out());
        assertTrue(run.out().contains("expected: (integer) 7"), run.out());
        assertTrue(run.out().contains("actual:   (integer) 2"), run.out());
        assertTrue(run.out().endsWith("0 passed, 1 failed\n"), run.out());
    }

    @Test
    void anUnparsableTranscriptIsAFailureWithAClearMessageNotACrash() throws Exception {
        Path f = write("garbage.tx", "this is not a transcript\n");
        write("good.tx", "A> PING\nPONG\n");
        Run run = txlab("replay", "--check", dir.toString());
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("FAIL " + f + ":1: reply line before any command"), run.out());
        assertTrue(run.out().endsWith("1 passed, 1 failed\n"), run.out());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void replayPrintsTheSessionAsTranscriptLines() throws Exception {
        Path f = write("s.tx", "A> SET k \"a b\"\nB> GET k\nA> GET \"oops\n");
        Run run = txlab("replay", "--explain", "off", f.toString());
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("A> SET k \"a b\"\nOK\nB> GET k\n\"a b\"\nA> GET \"oops\nInvalid argument(s)\n"), run.out());
        Run traced = txlab("replay", "--explain", "full", f.toString());
        assertTrue(traced.out().lines().anyMatch(l -> l.startsWith("# ")), "traces are # lines by default: " + traced.out());
        assertTrue(traced.out().lines().filter(l -> !l.startsWith("#")).toList()
                .equals(run.out().lines().toList()), "traces only add comment lines");
    }

    @Test
    void aMissingPathOrABadAddressIsOneLineOnStderr() {
        Run missing = txlab("replay", "--check", dir.resolve("nope.tx").toString());
        assertEquals(1, missing.exit());
        assertEquals(1, missing.err().lines().count(), missing.err());
        Run bad = txlab("replay", "--against", "http://x", dir.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("expected redis://host:port"), bad.err());
    }

    @Test
    void againstARealServerTheSameTranscriptPasses() throws Exception {
        RedisServer server = RedisServer.get();
        server.reset();
        write("r.tx", "A> WATCH k\nOK\nB> SET k 1\nOK\nA> MULTI\nOK\nA> INCR k\nQUEUED\nA> EXEC\n(nil)\n");
        Run run = txlab("replay", "--check", "--against", "redis://127.0.0.1:" + server.port(), dir.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().endsWith("1 passed, 0 failed\n"));
    }

    @Test
    void recordReplacesRepliesAndKeepsComments() throws Exception {
        Path f = write("rec.tx", "# why\nA> SET k 1\nstale\nA> GET k\n");
        Run run = txlab("replay", "--record", f.toString());
        assertEquals("# why\nA> SET k 1\nOK\nA> GET k\n\"1\"\n", run.out());
    }

    @Test
    void aLineEndingInAStarMatchesAnyLineStartingWithItAndRecordingKeepsIt() throws Exception {
        String hello = "A> HELLO 3\n1# \"server\" => \"redis\"\n2# \"version\" => \"7.0.15\"\n3# \"proto\" => (integer) 3\n"
                + "4# \"id\" => (integer) *\n5# \"mode\" => \"standalone\"\n6# \"role\" => \"master\"\n"
                + "7# \"modules\" => (empty array)\n";
        Path f = write("hello.tx", hello + "A> HSET h a 1\n(integer) 1\nA> HGETALL h\n1# \"a\" => \"1\"\n");
        assertEquals(0, txlab("replay", "--check", f.toString()).exit());
        assertEquals(hello + "A> HSET h a 1\n(integer) 1\nA> HGETALL h\n1# \"a\" => \"1\"\n",
                txlab("replay", "--record", f.toString()).out());
        Path wrong = write("wrong.tx", "A> PING\nPO*\nA> PING\nPONG!*\n");
        Run run = txlab("replay", "--check", wrong.toString());
        assertEquals(1, run.exit(), "PONG does not start with PONG!: " + run.out());
    }

    @Test
    void versionAndHelpWork() {
        Run version = txlab("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("txlab "), version.out());
        // Main answers --version by itself; picocli, given another option with it, says the same.
        assertEquals(version.out(), txlab("--no-color", "--version").out());
        assertEquals(version.out(), txlab("-V").out());
        Run help = txlab("--help");
        assertTrue(help.out().contains("replay"), help.out());
    }
}
