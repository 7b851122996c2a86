package dev.txlab.remote;

import dev.txlab.protocol.Reply;
import dev.txlab.protocol.Resp;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Records what a real redis-server says about its commands (COMMAND INFO and COMMAND DOCS) into
 * the resources the command table is built from. Redis lists commands in hash order, which
 * changes from run to run; commands and subcommands are sorted by name here so that a re-record
 * shows only real changes. Run by {@code scripts/record-command-table}.
 */
public final class CommandTableRecorder {
    private CommandTableRecorder() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: CommandTableRecorder HOST PORT RESOURCE-DIR");
            System.exit(2);
        }
        try (RedisConnection redis = new RedisConnection(args[0], Integer.parseInt(args[1]), 10_000)) {
            String server = "recorded from redis-server " + version(redis.call(words("INFO", "server")));
            Reply info = sortInfo(redis.call(words("COMMAND", "INFO")));
            Reply docs = sortDocs(redis.call(words("COMMAND", "DOCS")));
            Path dir = Path.of(args[2]);
            write(dir.resolve("command-info.resp"), server, info);
            write(dir.resolve("command-docs.resp"), server, docs);
            System.out.println(server + ": " + ((Reply.Array) info).elements().size() + " commands into " + dir);
        }
    }

    private static void write(Path file, String header, Reply reply) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            Resp.writeReply(out, new Reply.Simple(header));
            Resp.writeReply(out, reply);
        }
    }

    /** Each entry is [name, arity, flags, first, last, step, acl, tips, key specs, subcommands]. */
    private static Reply sortInfo(Reply reply) {
        List<Reply> entries = new ArrayList<>();
        for (Reply entry : ((Reply.Array) reply).elements()) {
            List<Reply> fields = new ArrayList<>(((Reply.Array) entry).elements());
            fields.set(9, sortInfo(fields.get(9)));
            entries.add(Reply.array(fields));
        }
        entries.sort(Comparator.comparing(e -> text(((Reply.Array) e).elements().get(0))));
        return Reply.array(entries);
    }

    /** A flat map of name to docs; a container's docs hold a "subcommands" map of the same form. */
    private static Reply sortDocs(Reply reply) {
        List<Reply> flat = ((Reply.Array) reply).elements();
        List<List<Reply>> pairs = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += 2) {
            List<Reply> fields = new ArrayList<>(((Reply.Array) flat.get(i + 1)).elements());
            for (int j = 0; j < fields.size(); j += 2) {
                if (text(fields.get(j)).equals("subcommands")) fields.set(j + 1, sortDocs(fields.get(j + 1)));
            }
            pairs.add(List.of(flat.get(i), Reply.array(fields)));
        }
        pairs.sort(Comparator.comparing(p -> text(p.get(0))));
        List<Reply> sorted = new ArrayList<>();
        for (List<Reply> p : pairs) sorted.addAll(p);
        return Reply.array(sorted);
    }

    private static String version(Reply info) {
        for (String line : text(info).split("\r\n")) {
            if (line.startsWith("redis_version:")) return line.substring("redis_version:".length());
        }
        return "(unknown version)";
    }

    private static String text(Reply reply) {
        return reply instanceof Reply.Bulk b ? new String(b.bytes(), StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static List<byte[]> words(String... words) {
        List<byte[]> argv = new ArrayList<>();
        for (String w : words) argv.add(w.getBytes(StandardCharsets.UTF_8));
        return argv;
    }
}
