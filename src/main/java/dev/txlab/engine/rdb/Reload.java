package dev.txlab.engine.rdb;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Engine;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.protocol.Reply;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * DEBUG RELOAD: a real save and load of every database through the RDB format, so values come
 * back in the encodings Redis would choose when loading them (a hash that outgrew its listpack
 * limit only by CONFIG SET becomes a table, a small skiplist becomes a listpack ...), keys past
 * their time are dropped as a master drops them on load, and nothing is dirty afterwards.
 */
public final class Reload {
    private Reload() {}

    /** The last file DEBUG RELOAD saved, per engine: what DEBUG RELOAD NOSAVE loads (the lab writes no dump.rdb). */
    private static final Map<Engine, byte[]> SAVED = new WeakHashMap<>();

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]. */
    public static Reply debugReload(CommandContext ctx) {
        boolean flush = true;
        boolean save = true;
        boolean merge = false;
        for (int j = 2; j < ctx.argc(); j++) {
            if (ctx.isOption(j, "merge")) {
                // duplicate keys replace what is loaded: the lab always merges keys that way
                merge = true;
            } else if (ctx.isOption(j, "noflush")) {
                flush = false;
            } else if (ctx.isOption(j, "nosave")) {
                save = false;
            } else {
                return Reply.error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            }
        }
        Engine engine = ctx.engine();
        byte[] file;
        synchronized (SAVED) {
            if (save) SAVED.put(engine, RdbFile.save(engine, engine.functions().libraryCodes(), null, 0));
            file = SAVED.get(engine);
        }
        if (file == null) return Reply.error("ERR Error trying to load the RDB dump");
        if (save) engine.resetDirty(); // rdbSave: everything is on disk
        if (!load(engine, file, flush, merge)) return Reply.error("ERR Error trying to load the RDB dump, check server logs.");
        return Reply.OK;
    }

    /**
     * DEBUG LOADAOF: empties the data and loads the append-only file back, its base (keys past
     * their time included, as an AOF preamble keeps them) and then its commands, run by a client
     * of its own with nothing propagated. With appendonly no there is no file: Redis would exit.
     */
    public static Reply debugLoadAof(CommandContext ctx) {
        Engine engine = ctx.engine();
        dev.txlab.engine.replication.AppendOnlyFile aof = engine.propagation().aof();
        if (aof == null) {
            return Reply.error("ERR There is no append-only file to load (appendonly is no); redis-server would exit here");
        }
        RdbFile.Contents contents;
        try {
            contents = RdbFile.load(aof.base(), Rdb.Limits.of(engine.config()));
        } catch (RdbFormatException e) {
            throw new IllegalStateException("txlab could not read back its own AOF base: " + e.getMessage(), e);
        }
        engine.propagation().setMuted(true);
        // Redis's fake AOF client: not a connection, never listed; it blocks nowhere
        dev.txlab.engine.ClientSession loader = engine.aofLoaderClient(ctx.session());
        try {
            for (int i = 0; i < Engine.DATABASES; i++) engine.database(i).flush();
            engine.tracking().invalidateAll();
            for (RdbFile.Entry e : contents.entries()) put(engine, e);
            for (List<byte[]> argv : aof.commands()) engine.execute(loader, argv);
        } finally {
            engine.propagation().setMuted(false);
        }
        engine.resetDirty(); // server.dirty = 0: nothing of this goes to replicas or the AOF
        return Reply.OK;
    }

    private static void put(Engine engine, RdbFile.Entry e) {
        Database db = engine.database(e.db());
        db.remove(e.key());
        db.put(e.key(), e.value(), false);
        if (e.expireAt() >= 0) db.setExpire(e.key(), e.expireAt());
        if (e.idleSeconds() >= 0 || e.frequency() >= 0) db.setAccess(e.key(), e.idleSeconds(), e.frequency());
    }

    /** Saves, empties every database (touching watches, as emptyData does), and loads back. */
    public static void reload(Engine engine) {
        load(engine, RdbFile.save(engine, engine.functions().libraryCodes(), null, 0), true, false);
        engine.resetDirty();
    }

    /** False when a function library could not be loaded (one that exists already, without MERGE). */
    private static boolean load(Engine engine, byte[] file, boolean flush, boolean merge) {
        RdbFile.Contents contents;
        try {
            contents = RdbFile.load(file, Rdb.Limits.of(engine.config()));
        } catch (RdbFormatException e) {
            throw new IllegalStateException("txlab could not read back its own RDB: " + e.getMessage(), e);
        }
        long dirty = engine.dirty();
        // functions come first in the file; emptyData empties them too (they are not keys, FLUSHALL keeps them)
        if (!engine.functions().loadFromRdb(contents.functionLibraries(), flush, merge)) {
            engine.addDirty(dirty - engine.dirty());
            return false;
        }
        if (flush) {
            for (int i = 0; i < Engine.DATABASES; i++) engine.database(i).flush();
            engine.tracking().invalidateAll(); // emptyData's signalFlushedDb
        }
        long now = engine.now();
        for (RdbFile.Entry e : contents.entries()) {
            if (e.expireAt() >= 0 && e.expireAt() < now) continue; // rdbLoad on a master skips expired keys
            Database db = engine.database(e.db());
            db.remove(e.key());
            db.put(e.key(), e.value(), false);
            if (e.expireAt() >= 0) db.setExpire(e.key(), e.expireAt());
            if (e.idleSeconds() >= 0 || e.frequency() >= 0) db.setAccess(e.key(), e.idleSeconds(), e.frequency());
        }
        // emptying and loading are not changes a replica or SAVE would count
        engine.addDirty(dirty - engine.dirty());
        return true;
    }
}
