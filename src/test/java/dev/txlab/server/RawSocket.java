package dev.txlab.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Bytes in, bytes out, no client library in between: what a server answers to exactly what was
 * sent, and whether it hung up by itself. Every read has a generous timeout so that a server
 * that wrongly keeps waiting fails the test instead of hanging it.
 */
final class RawSocket implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;

    RawSocket(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void send(String latin1) throws IOException { send(bytes(latin1)); }

    /** Says "no more requests" (TCP half-close): the server answers what it has, then closes. */
    void finishSending() throws IOException { socket.shutdownOutput(); }

    /** Everything the server sends until it closes the connection. */
    byte[] readUntilClosed() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) all.write(chunk, 0, n);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open; it sent " + text(all.toByteArray()));
        }
        return all.toByteArray();
    }

    /** Exactly {@code count} bytes of reply. */
    byte[] read(int count) throws IOException {
        byte[] reply = in.readNBytes(count);
        if (reply.length < count) throw new AssertionError("connection closed after " + text(reply));
        return reply;
    }

    /** Reads one reply of the length of {@code expected} and returns it as text. */
    String reply(String expected) throws IOException { return text(read(expected.length())); }

    /** Closes at once with a TCP reset, as a crashed client's kernel would. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override public void close() throws IOException { socket.close(); }

    /** What one request draws from a server: the bytes until it closed, with the request sent whole. */
    static String exchange(int port, byte[] request, boolean thenFinish) throws IOException {
        try (RawSocket s = new RawSocket(port)) {
            s.send(request);
            if (thenFinish) s.finishSending();
            return text(s.readUntilClosed());
        }
    }

    static byte[] bytes(String latin1) { return latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1); }

    static String text(byte[] bytes) { return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1); }
}
