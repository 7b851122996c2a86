package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code txlab serve} as a process: whatever a client has it doing, SIGTERM stops it promptly. */
class ServeProcessTest {

    private static Process serve() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-cp", classpath, "dev.txlab.cli.Main", "serve", "--port", "0", "--quiet")
                .redirectErrorStream(true).start();
    }

    private static int port(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+)").matcher(line == null ? "" : line);
        assertTrue(m.find(), "serve's first line: " + line);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void sigtermStopsServeInTheMiddleOfADebugSleepAndABlockedClient() throws Exception {
        Process p = serve();
        try {
            int port = port(p);
            try (RawSocket sleeper = new RawSocket(port); RawSocket waiter = new RawSocket(port)) {
                waiter.send("*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n");
                sleeper.send("*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$3\r\n600\r\n*1\r\n$4\r\nPING\r\n");
                Thread.sleep(300); // let the sleep begin
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
