package dev.txlab.engine.replication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only file as Redis 7.0 keeps it with aof-use-rdb-preamble yes: a base (an RDB of the
 * data when appendonly was turned on, as the rewrite writes it) and an incremental part, the
 * commands propagated since (feedAppendOnlyFile: the same units replicas get, MULTI/EXEC
 * included, with SELECT whenever the database changes). DEBUG LOADAOF empties the data and loads
 * both back, so a command that propagates something other than what it did shows up as a
 * difference. Held in memory: the lab writes no files.
 */
public final class AppendOnlyFile {
    private final byte[] base;
    private final List<List<byte[]>> commands = new ArrayList<>();
    /** The database the incremental part last selected (server.aof_selected_db); -1: none. */
    private int selectedDb = -1;

    public AppendOnlyFile(byte[] base) { this.base = base; }

    public byte[] base() { return base; }

    /** The incremental part's commands, SELECTs included, in order. */
    public List<List<byte[]>> commands() { return List.copyOf(commands); }

    void feed(int db, List<byte[]> argv) {
        if (db != selectedDb) {
            commands.add(List.of("SELECT".getBytes(StandardCharsets.US_ASCII),
                    Integer.toString(db).getBytes(StandardCharsets.US_ASCII)));
            selectedDb = db;
        }
        commands.add(argv);
    }
}
