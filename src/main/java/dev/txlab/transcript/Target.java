package dev.txlab.transcript;

import dev.txlab.protocol.Reply;
import java.io.IOException;
import java.util.List;

/**
 * Where a transcript's commands run: the in-process engine or a real server. One connection per
 * client label, opened on first use; QUIT closes it and the label's next command opens a new one.
 */
public interface Target extends AutoCloseable {

    Reply send(String label, List<byte[]> argv) throws IOException;

    /**
     * The RESP version the label's replies are printed in (see
     * {@link dev.txlab.protocol.ReplyFormatter#lines(Reply, int)}): 2, or 3 once it said HELLO 3.
     */
    int protocol(String label);

    /**
     * The command as this target must receive it (a simulated cluster takes the node ids a
     * transcript recorded on another cluster for its own); by default as it is.
     */
    default List<byte[]> command(List<byte[]> argv) { return argv; }

    /**
     * The printed reply as the transcript would have it, given what it expected (a simulated
     * cluster names its nodes with the ids the transcript uses); by default as it is.
     */
    default List<String> printed(List<String> expected, List<String> actual) { return actual; }

    /** Closes every connection. */
    @Override void close() throws IOException;
}
