package dev.txlab.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code txlab serve} as a process: whatever a client has it doing, SIGTERM stops it promptly. */
class ServeProcessTest {

    private static Process serve(String... options) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(
                List.of(java, "-cp", classpath, "dev.txlab.cli.Main", "serve", "--port", "0", "--quiet"));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void aNonLoopbackAddressNeedsAPassword() throws Exception {
        Process p = serve("--bind", "0.0.0.0");
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "serve did not exit");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            org.junit.jupiter.api.Assertions.assertEquals(2, p.exitValue(), out);
            assertTrue(out.contains("refusing to listen on 0.0.0.0") && out.contains("--requirepass"), out);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void requirepassAndExtraUsers() throws Exception {
        Process p = serve("--requirepass", "s3cret", "--user", "ann:pw");
        try {
            int port = port(p);
            String request = "PING\r\nAUTH ann wrong\r\nAUTH ann pw\r\nACL WHOAMI\r\nAUTH s3cret\r\nACL WHOAMI\r\n"
                    + "CONFIG GET requirepass\r\nQUIT\r\n";
            org.junit.jupiter.api.Assertions.assertEquals("-NOAUTH Authentication required.\r\n"
                    + "-WRONGPASS invalid username-password pair or user is disabled.\r\n+OK\r\n$3\r\nann\r\n+OK\r\n"
                    + "$7\r\ndefault\r\n*2\r\n$11\r\nrequirepass\r\n$6\r\ns3cret\r\n+OK\r\n",
                    RawSocket.exchange(port, RawSocket.bytes(request), false));
        } finally {
            p.destroyForcibly();
        }
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
