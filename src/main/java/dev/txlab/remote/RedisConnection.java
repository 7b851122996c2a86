package dev.txlab.remote;

import dev.txlab.protocol.Reply;
import dev.txlab.protocol.Resp;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * One connection to a real Redis server, with timeouts so a dead server cannot hang us. Replies
 * are read with their RESP3 types once the connection said HELLO 3.
 * Every network failure comes out as a {@link RemoteUnavailable} whose message is one line
 * naming the server and what went wrong; a malformed reply stays a {@link Resp.ProtocolException}.
 */
public final class RedisConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String address;
    private final int timeoutMillis;

    public RedisConnection(String host, int port, int timeoutMillis) throws IOException {
        this.address = host + ":" + port;
        this.timeoutMillis = timeoutMillis;
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream());
        } catch (IOException e) {
            socket.close();
            throw new RemoteUnavailable("cannot connect to " + address + ": " + connectProblem(e), e);
        }
    }

    /** Sends one command and reads its reply. */
    public Reply call(List<byte[]> argv) throws IOException {
        try {
            out.write(Resp.encodeCommand(argv));
            out.flush();
            return Resp.readReply(in);
        } catch (Resp.ProtocolException e) {
            throw e;
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /** Sends several commands in one write and reads all their replies (a pipeline). */
    public List<Reply> pipeline(List<List<byte[]>> commands) throws IOException {
        try {
            for (List<byte[]> argv : commands) out.write(Resp.encodeCommand(argv));
            out.flush();
            Reply[] replies = new Reply[commands.size()];
            for (int i = 0; i < replies.length; i++) replies[i] = Resp.readReply(in);
            return List.of(replies);
        } catch (Resp.ProtocolException e) {
            throw e;
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /** "host:port" as given. */
    public String address() { return address; }

    @Override public void close() throws IOException { socket.close(); }

    private String connectProblem(IOException e) {
        if (e instanceof UnknownHostException) return "unknown host";
        if (e instanceof SocketTimeoutException) return "no answer within " + seconds();
        if (e instanceof ConnectException) {
            String m = String.valueOf(e.getMessage());
            return m.startsWith("Connection refused") ? "connection refused (is a server listening there?)" : lower(m);
        }
        if (e instanceof NoRouteToHostException) return "no route to host";
        return lower(String.valueOf(e.getMessage()));
    }

    private RemoteUnavailable lost(IOException e) {
        if (e instanceof SocketTimeoutException) return new RemoteUnavailable(address + " did not reply within " + seconds(), e);
        if (e instanceof EOFException) return new RemoteUnavailable(address + " closed the connection", e);
        return new RemoteUnavailable("lost the connection to " + address + ": " + lower(String.valueOf(e.getMessage())), e);
    }

    private String seconds() {
        return timeoutMillis % 1000 == 0 ? timeoutMillis / 1000 + " s" : timeoutMillis + " ms";
    }

    private static String lower(String message) {
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
