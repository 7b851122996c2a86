package dev.txlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The launcher's archive-recording run: quiet, and leaves the process's streams as it found them. */
class ClassDataTrainingTest {

    @Test
    void runsEveryStepSilentlyAndRestoresTheStreams() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        synchronized (dev.txlab.support.Cli.class) { // the same lock as the in-process command line runs
            try {
                System.setOut(capture);
                System.setErr(capture);
                ClassDataTraining.main(new String[0]);
                assertSame(capture, System.out);
                assertSame(capture, System.err);
            } finally {
                System.setOut(out);
                System.setErr(err);
                System.setIn(in);
            }
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }
}
