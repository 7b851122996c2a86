package dev.txlab.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.support.Cli;
import org.junit.jupiter.api.Test;

/** What the traces say where lesson 6 teaches something precise about watches. */
class TraceWordingTest {

    static String shell(String explain, String input) {
        return Cli.txlabWithInput(input, "--explain", explain).out();
    }

    @Test
    void theRetryAdviceNamesEveryWatchedKey() {
        String out = shell("brief", "SET balance 100\nWATCH balance q\nB> SET balance 100\nMULTI\nSET balance 5\nEXEC\n");
        assertTrue(out.contains("# Retry: WATCH balance and q, read them again, MULTI"), out);
        String one = shell("brief", "SET balance 100\nWATCH balance\nB> SET balance 1\nMULTI\nEXEC\n");
        assertTrue(one.contains("# Retry: WATCH balance, read it again"), one);
    }

    @Test
    void aSameValueWriteIsNotCalledUnchanged() {
        String out = shell("full", "SET balance 100\nMULTI\nSET balance 100\nEXEC\n");
        assertTrue(out.contains("#1 SET balance 100 -> OK (balance: \"100\" (same value))"), out);
        assertFalse(out.contains("balance: \"100\" (unchanged)"), out);
        String read = shell("full", "MULTI\nGET x\nEXEC\n");
        assertTrue(read.contains("x: missing (unchanged)"), "a read leaves a key unchanged: " + read);
    }

    @Test
    void aWriteThatChangesNothingSaysTheWatchStillHolds() {
        String out = shell("brief", "SADD tags red\nWATCH tags\nB> SADD tags red\nMULTI\nSCARD tags\nEXEC\n");
        assertTrue(out.contains("# B's SADD tags red changed nothing, so it wrote nothing: A's watch on tags still holds."), out);
        String touched = shell("brief", "SET k 1\nWATCH k\nB> SET k 1\n");
        assertFalse(touched.contains("still holds"), "a same-value SET does break the watch: " + touched);
        String gone = shell("brief", "SADD tags red\nWATCH tags\nUNWATCH\nB> SADD tags red\n");
        assertFalse(gone.contains("still holds"), "no watch left to hold: " + gone);
    }

    @Test
    void blockingPopsSayTheyAreAllowedInMultiAndJustDoNotWait() {
        String help = shell("brief", ":help BLPOP\n");
        assertTrue(help.contains("allowed in MULTI, where it never waits"), help);
        assertFalse(help.contains("never inside MULTI"), help);
    }
}
