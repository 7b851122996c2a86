package dev.txlab.remote;

import dev.txlab.protocol.Reply;
import dev.txlab.protocol.Resp;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** One RESP2 connection to a real Redis server, with timeouts so a dead server cannot hang us. */
public final class RedisConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RedisConnection(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command and reads its reply. */
    public Reply call(List<byte[]> argv) throws IOException {
        out.write(Resp.encodeCommand(argv));
        out.flush();
        return Resp.readReply(in);
    }

    /** Sends several commands in one write and reads all their replies (a pipeline). */
    public List<Reply> pipeline(List<List<byte[]>> commands) throws IOException {
        for (List<byte[]> argv : commands) out.write(Resp.encodeCommand(argv));
        out.flush();
        Reply[] replies = new Reply[commands.size()];
        for (int i = 0; i < replies.length; i++) replies[i] = Resp.readReply(in);
        return List.of(replies);
    }

    @Override public void close() throws IOException { socket.close(); }
}
