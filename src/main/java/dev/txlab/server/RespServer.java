package dev.txlab.server;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Engine;
import dev.txlab.engine.OutputBufferLimits;
import dev.txlab.protocol.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The engine on a TCP port, speaking RESP2 (RESP3 after HELLO 3), so redis-cli, Jedis and Lettuce
 * can connect.
 *
 * <p>One thread does everything, as Redis's event loop does: it accepts connections, reads, cuts
 * requests into commands, runs them on the engine one at a time, and writes the replies. So a
 * command, a whole EXEC or a script is never interleaved with another client's command, and the
 * engine, which is not thread-safe, is only ever touched from that thread. Every connection is a
 * client session; when it goes away, however abruptly, {@link Engine#disconnect} drops its queue
 * and its watches, as Redis's freeClient does.
 *
 * <p>A protocol error is answered as Redis answers it and the connection is then closed; nothing a
 * client sends can stop the loop or reach another client's session.
 */
public final class RespServer implements AutoCloseable {
    /** How often the active expiry cycle runs (Redis's serverCron at hz 10). */
    private static final long CRON_MILLIS = 100;

    /** Redis's maxclients default. */
    public static final int MAX_CLIENTS = 10_000;
    private static final byte[] MAX_CLIENTS_REACHED =
            "-ERR max number of clients reached\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Engine engine;
    private final ServerConsole console;
    private final int maxClients;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final SelectionKey listenerKey;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Set<Connection> connections = new LinkedHashSet<>();
    private final java.util.Map<ClientSession, Connection> bySession = new java.util.HashMap<>();
    private volatile boolean running = true;
    private long nextClientNumber = 1;
    private long nextCron;

    /**
     * Binds the port (0 picks a free one) and starts the server thread. The engine belongs to
     * that thread from now on.
     */
    public RespServer(Engine engine, InetSocketAddress address, ServerConsole console) throws IOException {
        this(engine, address, console, MAX_CLIENTS);
    }

    /** As above, refusing connections past {@code maxClients} as Redis's maxclients does. */
    public RespServer(Engine engine, InetSocketAddress address, ServerConsole console, int maxClients) throws IOException {
        this.engine = engine;
        engine.expireOnlyInCron(); // cron() below runs the expiry cycle, every 100 ms as Redis's serverCron
        this.maxClients = maxClients;
        this.console = console;
        engine.setTracer(console);
        engine.supportBlocking(); // BLPOP and friends wait here without holding up the loop
        engine.setWhileBusy(this::whileBusy); // a long script blocks everybody, as in Redis
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(address, 511); // Redis's tcp-backlog
            listener.configureBlocking(false);
            listenerKey = listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            selector.close();
            throw e;
        }
        engine.config().set("port", Integer.toString(port())); // CONFIG GET port, INFO's tcp_port
        // One thread runs every command, as in Redis; its stack is large enough for scripts.
        thread = dev.txlab.engine.script.Scripting.newLargeStackThread(this::loop, "txlab-serve");
        thread.start();
    }

    /** The address the server listens on (with the actual port when 0 was asked for). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() { return address().getPort(); }

    /**
     * Runs {@code task} on the server thread between two events and returns its result: the only
     * safe way for another thread to look at the engine while the server runs (tests use it to
     * check that a dropped connection left no session, queue or watch behind).
     */
    public <T> T onServerThread(Function<Engine, T> task) throws InterruptedException {
        if (!thread.isAlive()) throw new IllegalStateException("the server has stopped");
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(task.apply(engine));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /** Waits until the server has stopped. */
    public void awaitStop() throws InterruptedException { stopped.await(); }

    /**
     * Stops the loop and closes every connection; their sessions are disconnected. A command that
     * holds the loop (DEBUG SLEEP, a long script) is interrupted first, so stopping never waits on it.
     */
    @Override public void close() {
        running = false;
        engine.interrupt();
        selector.wakeup();
        try {
            if (Thread.currentThread() != thread) thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A reply buffer this big is given back to the system when its client goes. */
    private static final int BIG_BUFFER = 32 << 20;

    /** How long close() waits for the loop to finish what it was doing. */
    private static final long STOP_WAIT_MILLIS = 2_000;

    private void loop() {
        try {
            nextCron = System.currentTimeMillis() + CRON_MILLIS;
            while (running) {
                console.flush();
                selector.select(readyInOrder::add, selectTimeout());
                // serve --cluster: the nodes' threads take turns with the engines (MIGRATE writes into another node's)
                synchronized (engine.cluster() != null ? engine.cluster().cluster() : this) {
                    handleSelected();
                    for (Runnable task; (task = tasks.poll()) != null; ) task.run();
                    engine.expireBlocked();
                    resumeUnblocked();
                    long now = System.currentTimeMillis();
                    if (now >= nextCron) {
                        nextCron = now + CRON_MILLIS;
                        cron();
                        resumeUnblocked(); // keyspace events of keys the cron expired or evicted
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            console.notice("server stopped: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            // Each connection's failures are caught below; reaching here is a bug in the loop itself.
            console.notice("server stopped by an internal error: " + e);
            if (System.getenv("TXLAB_DEBUG") != null) e.printStackTrace();
        } finally {
            for (Connection c : new ArrayList<>(connections)) c.close(null);
            for (Runnable task; (task = tasks.poll()) != null; ) task.run(); // nobody waits forever
            try {
                listener.close();
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            console.flush();
            stopped.countDown();
        }
    }

    /** Until the next cron tick, or sooner when a blocked client's timeout is due. */
    private long selectTimeout() {
        long wait = CRON_MILLIS;
        long deadline = engine.nextBlockDeadline();
        if (deadline != Long.MAX_VALUE) wait = Math.min(wait, deadline - engine.now());
        return Math.max(1, wait);
    }

    /**
     * Queues what the engine has for clients besides their own replies (pub/sub messages, the
     * answers of blocked clients) on their connections, in order. A client whose block ended is
     * marked to run what it sent meanwhile, which {@link #resumeUnblocked()} does.
     */
    private void deliver() { deliver(engine.takeDeliveries()); }

    private void deliver(List<dev.txlab.engine.Delivery> deliveries) {
        // CLIENT KILL, ACL DELUSER closed these sessions: their sockets go too
        for (ClientSession killed : engine.takeKilled()) {
            Connection c = bySession.get(killed);
            if (c != null && !c.closed) c.close(null);
        }
        for (dev.txlab.engine.Delivery d : deliveries) {
            Connection c = bySession.get(d.client());
            if (c == null || c.closed) continue;
            if (!c.reply(d.reply())) continue;
            if (d.client().closingAfterReply()) c.closeAfterReply = true; // released by REPLICAOF: UNBLOCKED, then closed
            if (d.endsBlock()) resumable.add(c);
            else c.flushLater = true;
        }
    }

    /** The connection whose command runs now (a long script's caller is not read meanwhile). */
    private Connection executing;

    /**
     * Redis's processEventsWhileBlocked, called from inside a script that has run past
     * busy-reply-threshold: accepts, reads and answers the other clients (the engine answers
     * BUSY to all but SCRIPT KILL, FUNCTION KILL, SHUTDOWN and a few others), and writes out what
     * is pending. The script's own client is not read until its script ends, as Redis's
     * protectClient. Runs on the server thread, which is running the script.
     */
    private void whileBusy() {
        Connection caller = executing;
        if (caller != null && !caller.closed && caller.key != null && caller.key.isValid()) {
            int ops = caller.key.interestOps();
            if ((ops & SelectionKey.OP_READ) != 0) caller.key.interestOps(ops & ~SelectionKey.OP_READ);
        }
        try {
            console.flush();
            selector.selectNow(readyInOrder::add);
            for (SelectionKey key : takeSelected()) {
                if (key.attachment() == caller && caller != null) {
                    try {
                        if (key.isValid() && key.isWritable()) caller.write();
                    } catch (IOException e) {
                        // its script still runs; the loss is noticed when it ends
                    }
                    continue;
                }
                ready(key);
            }
        } catch (IOException | ClosedSelectorException e) {
            // the loop notices on its next select
        } finally {
            executing = caller;
        }
    }

    /**
     * The keys the last select found ready, taken out of the selector's set first: a long script
     * selects again from inside {@link #ready} (see {@link #whileBusy}).
     */
    /**
     * The keys the last select found ready, in the order the system reported them (epoll's, which
     * is the order the sockets became ready): a command sent before another client's is run
     * first, as in Redis. (The selected-key set would give them in hash order.)
     */
    private final List<SelectionKey> readyInOrder = new ArrayList<>();

    private List<SelectionKey> takeSelected() {
        if (readyInOrder.isEmpty()) return List.of();
        List<SelectionKey> keys = new ArrayList<>(readyInOrder);
        readyInOrder.clear();
        return keys;
    }

    private void handleSelected() {
        for (SelectionKey key : takeSelected()) ready(key);
    }

    /** Connections to write to, or to resume, after the command that filled them. */
    private final Set<Connection> resumable = new LinkedHashSet<>();

    /**
     * Runs what unblocked clients sent while they waited (Redis reprocesses an unblocked client's
     * query buffer at once), and writes out what others were sent; that may unblock others in turn.
     */
    private void resumeUnblocked() {
        deliver();
        while (!resumable.isEmpty()) {
            Connection c = resumable.iterator().next();
            resumable.remove(c);
            if (c.closed) continue;
            try {
                c.process();
            } catch (IOException e) {
                c.close("lost its connection (" + e.getMessage() + ")");
            } catch (RuntimeException e) {
                c.close("dropped: internal error " + e);
                if (System.getenv("TXLAB_DEBUG") != null) e.printStackTrace();
            }
            deliver();
        }
        for (Connection c : new ArrayList<>(connections)) {
            if (!c.flushLater || c.closed) continue;
            c.flushLater = false;
            try {
                c.write();
            } catch (IOException e) {
                c.close("lost its connection (" + e.getMessage() + ")");
            }
        }
    }

    private void ready(SelectionKey key) {
        if (key.attachment() instanceof Connection c) {
            try {
                if (key.isValid() && key.isReadable()) c.read();
                if (key.isValid() && key.isWritable()) c.write();
                resumeUnblocked();
            } catch (IOException e) {
                c.close("lost its connection (" + e.getMessage() + ")");
            } catch (OutOfMemoryError e) {
                // A huge request from one client must not take the others down with it.
                c.close("dropped: out of memory while buffering its request");
            } catch (RuntimeException e) {
                // A bug in a command implementation: never a Redis reply, never the whole server.
                c.close("dropped: internal error " + e);
                if (System.getenv("TXLAB_DEBUG") != null) e.printStackTrace();
            }
        } else if (key.isValid() && key.isAcceptable()) {
            accept();
        }
    }

    private void accept() {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
                if (channel == null) return;
            } catch (IOException e) {
                // Out of file descriptors, typically: stop accepting until the next cron tick
                // rather than spin on a listener that stays ready.
                console.notice("accept failed: " + e.getMessage() + "; new connections wait a moment");
                listenerKey.interestOps(0);
                return;
            }
            try {
                if (connections.size() >= maxClients) {
                    // As Redis: a best-effort error, then the door closes; nobody else is affected.
                    channel.write(ByteBuffer.wrap(MAX_CLIENTS_REACHED));
                    engine.stats().rejectedConnections++;
                    channel.close();
                    continue;
                }
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                String label = "c" + nextClientNumber++;
                if (engine.cluster() != null) label += "@" + engine.cluster().port(); // serve --cluster: which node
                Connection c = new Connection(channel, engine.connect(label), address(channel));
                engine.monitors().peer(c.session, c.address);
                // CLIENT LIST's laddr and fd: the listening end, and a stand-in for the socket's descriptor
                c.session.setConnection(c.address, localAddress(channel), (int) nextClientNumber + 6);
                c.key = channel.register(selector, SelectionKey.OP_READ, c);
                connections.add(c);
                bySession.put(c.session, c);
                console.connected(label, c.address);
            } catch (IOException e) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // it is gone either way
                }
            }
        }
    }

    private static String localAddress(SocketChannel channel) {
        try {
            InetSocketAddress a = (InetSocketAddress) channel.getLocalAddress();
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String address(SocketChannel channel) {
        try {
            InetSocketAddress a = (InetSocketAddress) channel.getRemoteAddress();
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /**
     * Gives memory back to the system once a burst is over: many short connections (a fuzzer, a
     * client library's pool churning) leave garbage the JVM's heap grew for, and the heap keeps
     * that size until a full collection. So when 100 connections or more have closed since the
     * last one and nothing has run for a second, a full collection lets the heap shrink. At most
     * every 2 s.
     */
    private void giveMemoryBack() {
        long now = System.currentTimeMillis();
        if (now < nextMemoryCheck) return;
        nextMemoryCheck = now + 2_000;
        if (closedSinceCollection >= 100 && now - lastCommandAt > 1_000) {
            closedSinceCollection = 0;
            System.gc();
        }
    }

    private int closedSinceCollection;
    private long lastCommandAt;
    private long nextMemoryCheck;

    /** Redis's serverCron, the part a learner can observe: keys past their TTL go away unasked. */
    private void cron() {
        giveMemoryBack();
        if (listenerKey.isValid() && listenerKey.interestOps() == 0) listenerKey.interestOps(SelectionKey.OP_ACCEPT);
        if (engine.cronPaused()) return; // DEBUG PAUSE-CRON
        try {
            engine.activeExpire();
            engine.clientsCron(System.currentTimeMillis());
            engine.replicationCron();
            engine.performEvictions();
            engine.trackingCron();
            if (engine.cluster() != null) engine.cluster().redirectBlockedClients(); // clientsCron
        } catch (RuntimeException e) {
            console.notice("active expiry failed: " + e); // a bug, but not one worth stopping the server for
        }
    }

    /**
     * The installed redis-server 7.0.15 (Debian's, with the fix for CVE-2025-21605) drops a client
     * that has not authenticated as soon as its replies overflow the 16 KB reply buffer.
     */
    private static final int UNAUTHENTICATED_REPLY_BYTES = 16 * 1024;

    /** One client: its socket, its engine session, and its query and reply buffers. */
    private final class Connection {
        final SocketChannel channel;
        final ClientSession session;
        final String address;
        final RequestParser requests = new RequestParser();
        final ReplyBuffer replies = new ReplyBuffer();
        SelectionKey key;
        /** Set by QUIT or a protocol error: send what is pending, then close. */
        boolean closeAfterReply;
        /** When its unsent replies first passed the soft limit (0: they are under it). */
        long softLimitSince;
        /** Another client's command left it something to send (a pub/sub message). */
        boolean flushLater;
        boolean closed;

        Connection(SocketChannel channel, ClientSession session, String address) {
            this.channel = channel;
            this.session = session;
            requests.unauthenticated = () -> engine.acl().authRequired(session);
            this.address = address;
        }

        /** One read (as Redis reads once per readable event), then every complete command in it. */
        void read() throws IOException {
            if (closeAfterReply) return;
            int count = channel.read(requests.readSpace());
            if (count < 0) {
                close("closed the connection");
                return;
            }
            session.queryBuffer().read(requests.pending(), count, requests.bulkLength());
            engine.stats().netInputBytes += count; // total_net_input_bytes, total_reads_processed
            engine.stats().readsProcessed++;
            requests.received(count);
            if (requests.pending() > RequestParser.MAX_QUERY_BUFFER) {
                close("dropped: query buffer over 1 GB (Redis's client-query-buffer-limit)");
                return;
            }
            process();
        }

        /**
         * Runs every complete command received, until the client blocks (what it sends meanwhile
         * waits in its buffer, as in Redis), then sends the replies.
         */
        void process() throws IOException {
            List<byte[]> argv;
            long buffered = requests.pending();
            while (running && !closeAfterReply && !engine.isBlocked(session) && (argv = requests.next()) != null) {
                long argvBytes = 0;
                for (byte[] a : argv) argvBytes += a.length;
                session.queryBuffer().running(buffered, argvBytes);
                buffered = requests.pending();
                if (looksLikeHttp(argv.get(0))) {
                    console.notice(session.label() + " (" + address + ") sent " + ServerConsole.display(argv.get(0))
                            + ": possible cross-protocol attack (a web page posting to this port); connection"
                            + " aborted without a reply, as Redis does");
                    close(null);
                    return;
                }
                console.command(session.label(), argv);
                lastCommandAt = System.currentTimeMillis();
                Connection previous = executing;
                executing = this;
                Reply reply;
                try {
                    if (engine.cluster() == null) {
                        reply = engine.execute(session, argv);
                    } else {
                        // serve --cluster: one server per node; MIGRATE writes into another node's engine
                        synchronized (engine.cluster().cluster()) {
                            reply = engine.execute(session, argv);
                        }
                    }
                } finally {
                    executing = previous;
                    session.queryBuffer().done(requests.pending());
                }
                // a message this command published to its own client goes before its reply; its
                // own tracking invalidations after it
                deliver(engine.takeDeliveriesBeforeReply());
                if (closed) return;
                if (reply == null) {
                    deliver(engine.takeDeliveriesAfterReply());
                    break; // blocked: its reply comes when it is served or times out
                }
                byte[] handshake = engine.propagation().takeHandshake(session);
                if (handshake == null && engine.propagation().isReplica(session)) continue; // replicas get no replies
                if (!reply(reply)) return;
                if (handshake != null) replies.appendRaw(handshake); // SYNC: the RDB, then the stream
                deliver(engine.takeDeliveriesAfterReply());
                if (session.isClosed()) closeAfterReply = true; // QUIT
            }
            if (!closeAfterReply && !engine.isBlocked(session) && requests.protocolError() != null) {
                replies.append(new Reply.Error("ERR " + requests.protocolError()), session.protocol());
                console.notice(session.label() + " (" + address + "): " + requests.protocolError()
                        + "; closing its connection");
                closeAfterReply = true;
            }
            write();
        }

        /**
         * Queues a reply (after HELLO 3 in the client's new protocol), then applies the output
         * buffer limits: Redis's client-output-buffer-limit for normal clients, and the lab's
         * ceiling. False when the client was dropped for them.
         */
        boolean reply(Reply reply) {
            try {
                replies.append(reply, session.protocol());
            } catch (ReplyBuffer.Overflow e) {
                close("dropped: its unread replies passed " + (ReplyBuffer.CEILING >> 20) + " MB, the lab's ceiling"
                        + " (Redis sets no limit for normal clients by default: client-output-buffer-limit normal 0 0 0)");
                return false;
            }
            long pending = replies.pending();
            session.replyBuffer().buffered(pending);
            if (pending > UNAUTHENTICATED_REPLY_BYTES && engine.acl().authRequired(session)) {
                close("closed: it has not authenticated and does not read its replies");
                return false;
            }
            OutputBufferLimits.Limit limit = engine.config().outputBufferLimits().normal();
            boolean hard = limit.hardBytes() > 0 && pending >= limit.hardBytes();
            boolean soft = limit.softBytes() > 0 && pending >= limit.softBytes();
            if (!soft) {
                softLimitSince = 0;
            } else if (softLimitSince == 0) {
                softLimitSince = System.currentTimeMillis();
            } else if ((System.currentTimeMillis() - softLimitSince) / 1000 > limit.softSeconds()) {
                hard = true;
            }
            if (hard) {
                close("closed for overcoming of output buffer limits (client-output-buffer-limit normal "
                        + limit.hardBytes() + " " + limit.softBytes() + " " + limit.softSeconds() + ")");
                return false;
            }
            return true;
        }

        /**
         * Redis's processCommand refuses "POST" and "Host:" before anything else: a browser tricked
         * into posting to the port must not get commands run. The connection is dropped with the
         * replies not yet sent, so an HTTP request gets no answer at all.
         */
        private static boolean looksLikeHttp(byte[] name) {
            return Bytes.equalsIgnoreCase(name, "post") || Bytes.equalsIgnoreCase(name, "host:");
        }

        /** Sends pending replies; waits for the socket to drain when it cannot take them all. */
        void write() throws IOException {
            long before = replies.pending();
            boolean drained = replies.writeTo(channel);
            long sent = before - replies.pending();
            session.replyBuffer().sent(replies.pending());
            if (sent > 0) { // INFO's total_net_output_bytes and total_writes_processed
                engine.stats().netOutputBytes += sent;
                engine.stats().writesProcessed++;
            }
            if (drained && closeAfterReply) {
                close(null);
                return;
            }
            // After QUIT or a protocol error nothing more is read: only the pending reply matters.
            int interest = closeAfterReply ? SelectionKey.OP_WRITE
                    : drained ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
            if (key.interestOps() != interest) key.interestOps(interest);
        }

        /** Forgets the client: its session is disconnected (queue and watches dropped). */
        void close(String why) {
            if (closed) return;
            closed = true;
            closedSinceCollection++;
            connections.remove(this);
            bySession.remove(session);
            if (why != null) console.disconnected(session.label(), why);
            if (!session.isClosed()) engine.disconnect(session);
            if (key != null) key.cancel();
            // A client that made its buffer huge (one that never read) is rare: after it, a full
            // collection lets the JVM shrink its heap and give the memory back to the system.
            if (replies.release() > BIG_BUFFER) System.gc();
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
