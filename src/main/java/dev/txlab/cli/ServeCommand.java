package dev.txlab.cli;

import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.server.RespServer;
import dev.txlab.server.ServerConsole;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code txlab serve}: the engine on a TCP port, for redis-cli and real client libraries. */
@Command(name = "serve", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Serves the engine over RESP2, so redis-cli, Jedis, Lettuce or your own application can connect:"
                + " every connection is a client, one thread runs all commands as in Redis, and the console shows each"
                + " command with its client and what happened inside (queued, EXEC, watches touched).",
                "A client that says HELLO 3 gets RESP3 replies (maps, sets, doubles ...)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped", "1:could not listen on the address", "2:bad command line"})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "6380", paramLabel = "PORT",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;

    @Option(names = "--requirepass", paramLabel = "PASSWORD",
            description = "Clients must AUTH PASSWORD first (Redis's requirepass: the default user's password).")
    String requirePass;

    @Option(names = "--user", paramLabel = "NAME:PASSWORD",
            description = "Adds a user allowed every command, key and channel, with that password (AUTH NAME PASSWORD);"
                    + " may be repeated.")
    java.util.List<String> users = new java.util.ArrayList<>();

    @Option(names = {"-q", "--quiet"},
            description = "Print only start-up and errors, not every command (for benchmarks).")
    boolean quiet;

    @Option(names = "--cluster", paramLabel = "N", arity = "0..1", fallbackValue = "3",
            description = "Serve a simulated Redis Cluster of N primaries (3 if N is left out), no replicas: node i listens"
                    + " on --port + i, and CLUSTER SLOTS/SHARDS/NODES advertise them, so redis-cli -c, JedisCluster,"
                    + " Lettuce and redis-py's RedisCluster connect.")
    Integer cluster;

    /** A password as the bytes the command line gave, one char per byte (as CONFIG SET stores it). */
    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** --requirepass and --user on an engine (each node's, with --cluster). */
    private void secure(Engine engine) {
        if (requirePass != null) { // as CONFIG SET requirepass: the parameter, and the default user's password
            engine.config().set("requirepass", latin1(requirePass));
            engine.acl().setRequirePass(requirePass.getBytes(StandardCharsets.UTF_8));
        }
        for (String user : users) {
            int colon = user.indexOf(':');
            engine.acl().addUser(user.substring(0, colon), user.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override public Integer call() throws InterruptedException {
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        if (port < 0 || port > 65535) {
            err.println("txlab serve: --port must be between 0 and 65535, got " + port);
            return 2;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            err.println("txlab serve: cannot resolve --bind " + bind);
            return 2;
        }
        if (!address.isLoopbackAddress() && (requirePass == null || requirePass.isEmpty())) {
            err.println("txlab serve: refusing to listen on " + bind + " (not a loopback address) without a password:"
                    + " give --requirepass PASSWORD, or bind 127.0.0.1");
            return 2;
        }
        for (String user : users) {
            int colon = user.indexOf(':');
            String name = colon < 0 ? "" : user.substring(0, colon);
            if (colon <= 0 || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == 0)) {
                err.println("txlab serve: --user wants NAME:PASSWORD (a name without spaces), got '" + user + "'");
                return 2;
            }
            if (name.equals("default")) {
                err.println("txlab serve: --user cannot redefine the default user: give --requirepass PASSWORD");
                return 2;
            }
        }
        ServerConsole console = ServerConsole.printing(new FileOutputStream(FileDescriptor.out), !quiet);
        if (cluster != null) return ServeCluster.run(cluster, address, bind, port, console, err, this::secure);
        Engine engine = new Engine(Clock.SYSTEM);
        secure(engine);
        RespServer server;
        try {
            server = new RespServer(engine, new InetSocketAddress(address, port), console);
        } catch (IOException e) {
            err.println("txlab serve: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return 1;
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        int actualPort = server.port();
        out.println("txlab serve: Redis 7.0 semantics over RESP2/RESP3 on " + bind + ":" + actualPort
                + " (redis-cli -p " + actualPort + "); Ctrl-C stops.");
        if (!address.isLoopbackAddress()) {
            out.println("txlab serve: warning: " + bind + " is not a loopback address; anyone who can reach it"
                    + " and knows the password can run commands (the connection is not encrypted).");
        }
        // Ctrl-C is how serve is meant to stop: say so, close the server, and exit 0 from here
        // (left to the JVM, SIGINT ends the process with 130 and no word). SIGTERM and the like
        // still close the server through the shutdown hook.
        boolean[] interrupted = {false};
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                interrupted[0] = true;
                server.close();
            });
        } catch (IllegalArgumentException e) {
            // No SIGINT on this platform: the shutdown hook below still closes the server.
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "txlab-serve-stop"));
        server.awaitStop();
        if (interrupted[0]) out.println("txlab serve: stopped (Ctrl-C).");
        return 0;
    }
}
