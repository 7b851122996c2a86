package dev.txlab.shell;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A pretend Redis on a loopback port that answers each command with whatever bytes the test
 * chooses: garbage, silence (null: no reply, the connection stays open), or a hang-up (an
 * empty array). Used to see the shell survive servers that misbehave.
 */
final class ScriptedServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<Socket> accepted = new ArrayList<>();

    ScriptedServer(Function<List<String>, byte[]> answer) throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                    Thread serve = new Thread(() -> serve(s, answer));
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The usual answers to what the shell sends when it connects. */
    static byte[] startup(List<String> argv) {
        return switch (argv.get(0).toUpperCase()) {
            case "INFO" -> bulk("redis_version:0.0.1-fake\r\n");
            case "DBSIZE" -> ":0\r\n".getBytes(StandardCharsets.US_ASCII);
            case "CLIENT" -> ":1\r\n".getBytes(StandardCharsets.US_ASCII);
            case "PING" -> "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
            default -> "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
        };
    }

    static byte[] bulk(String text) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        return ("$" + data.length + "\r\n" + text + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    int port() { return socket.getLocalPort(); }

    private static void serve(Socket s, Function<List<String>, byte[]> answer) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                List<String> argv = readCommand(in);
                if (argv == null) return;
                byte[] reply = answer.apply(argv);
                if (reply == null) continue; // silence
                if (reply.length == 0) return; // hang up
                out.write(reply);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** One RESP array of bulk strings, as RedisConnection sends commands; null at the end of input. */
    private static List<String> readCommand(InputStream in) throws IOException {
        String header = line(in);
        if (header == null) return null;
        int n = Integer.parseInt(header.substring(1));
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = Integer.parseInt(line(in).substring(1));
            argv.add(new String(in.readNBytes(len), StandardCharsets.ISO_8859_1));
            line(in);
        }
        return argv;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') return buf.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
            buf.write(b);
        }
        return null;
    }

    @Override public void close() throws IOException {
        socket.close();
        synchronized (accepted) {
            for (Socket s : accepted) s.close();
        }
    }
}
