package dev.txlab.engine.rdb;

import dev.txlab.engine.Engine;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.protocol.Key;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A whole RDB file as Redis 7.0 writes it (rdbSaveRio): "REDIS0010", auxiliary fields, each
 * non-empty database (SELECTDB, RESIZEDB, then every key with its expiry and, under an LRU or LFU
 * policy, its idle time or frequency), EOF and the CRC-64. DEBUG RELOAD saves and loads one; a
 * replica receives one on SYNC/PSYNC.
 */
public final class RdbFile {
    private RdbFile() {}

    static final int OPCODE_FUNCTION2 = 245;
    static final int OPCODE_FUNCTION = 246;
    static final int OPCODE_MODULE_AUX = 247;
    static final int OPCODE_IDLE = 248;
    static final int OPCODE_FREQ = 249;
    static final int OPCODE_AUX = 250;
    static final int OPCODE_RESIZEDB = 251;
    static final int OPCODE_EXPIRETIME_MS = 252;
    static final int OPCODE_EXPIRETIME = 253;
    static final int OPCODE_SELECTDB = 254;
    static final int OPCODE_EOF = 255;

    /** One key as a file holds it. */
    public record Entry(int db, Key key, RedisValue value, long expireAt, long idleSeconds, int frequency) {}

    /** What a file holds: its keys, and the function libraries' code (RDB_OPCODE_FUNCTION2). */
    public record Contents(List<Entry> entries, List<byte[]> functionLibraries) {}

    /** The engine's whole dataset as an RDB file; functions given as their library code. */
    public static byte[] save(Engine engine, List<byte[]> functionLibraries, String replId, long replOffset) {
        RdbOutput out = new RdbOutput();
        out.writeBytes(("REDIS00" + Rdb.VERSION).getBytes(StandardCharsets.US_ASCII));
        aux(out, "redis-ver", Engine.REDIS_VERSION);
        aux(out, "redis-bits", "64");
        aux(out, "ctime", Long.toString(engine.now() / 1000));
        aux(out, "used-mem", Long.toString(engine.usedMemory()));
        if (replId != null) {
            aux(out, "repl-stream-db", "0");
            aux(out, "repl-id", replId);
            aux(out, "repl-offset", Long.toString(replOffset));
        }
        aux(out, "aof-base", "0");
        for (byte[] library : functionLibraries) {
            out.writeType(OPCODE_FUNCTION2);
            out.writeString(library);
        }
        String policy = engine.config().get("maxmemory-policy");
        boolean lru = policy.endsWith("-lru");
        boolean lfu = policy.endsWith("-lfu");
        long listSize = engine.config().getLong("list-max-listpack-size");
        for (int i = 0; i < Engine.DATABASES; i++) {
            Database db = engine.database(i);
            if (db.size() == 0) continue;
            out.writeType(OPCODE_SELECTDB);
            out.writeLength(i);
            List<Key> keys = db.keys();
            long expiring = keys.stream().filter(k -> db.expireAt(k) >= 0).count();
            out.writeType(OPCODE_RESIZEDB);
            out.writeLength(keys.size());
            out.writeLength(expiring);
            for (Map.Entry<Key, RedisValue> e : db.entries().entrySet()) {
                Key key = e.getKey();
                long when = db.expireAt(key);
                if (when >= 0) {
                    out.writeType(OPCODE_EXPIRETIME_MS);
                    out.writeMillis(when);
                }
                if (lru) {
                    out.writeType(OPCODE_IDLE);
                    out.writeLength(db.idleSeconds(key));
                }
                if (lfu) {
                    out.writeType(OPCODE_FREQ);
                    out.writeByte(db.frequency(key));
                }
                out.writeType(Rdb.typeOf(e.getValue()));
                out.writeString(key.bytes());
                Rdb.writeObject(out, e.getValue(), listSize);
            }
        }
        out.writeType(OPCODE_EOF);
        byte[] body = out.toByteArray();
        out.writeLittleEndian(Crc64.of(body), 8);
        return out.toByteArray();
    }

    private static void aux(RdbOutput out, String key, String value) {
        out.writeType(OPCODE_AUX);
        out.writeString(key.getBytes(StandardCharsets.US_ASCII));
        out.writeString(value.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * rdbLoadRio: reads a file of RDB version 1 to 10. Expired keys are kept with their time (the
     * caller, a master, drops them, as rdbLoad does); module data is refused.
     */
    public static Contents load(byte[] file, Rdb.Limits limits) throws RdbFormatException {
        if (file.length < 9 || !new String(file, 0, 5, StandardCharsets.US_ASCII).equals("REDIS")) {
            throw new RdbFormatException("Wrong signature trying to load DB from file");
        }
        int version;
        try {
            version = Integer.parseInt(new String(file, 5, 4, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new RdbFormatException("Can't handle RDB format version");
        }
        if (version < 1 || version > Rdb.VERSION) throw new RdbFormatException("Can't handle RDB format version " + version);
        RdbInput in = new RdbInput(file, 9, file.length);
        List<Entry> entries = new ArrayList<>();
        List<byte[]> libraries = new ArrayList<>();
        int db = 0;
        long expireAt = -1;
        long idle = -1;
        int freq = -1;
        while (true) {
            int type = in.readByte();
            switch (type) {
                case OPCODE_EXPIRETIME_MS -> { expireAt = in.readLittleEndian(8); continue; }
                case OPCODE_EXPIRETIME -> { expireAt = in.readLittleEndian(4) * 1000; continue; }
                case OPCODE_FREQ -> { freq = in.readByte(); continue; }
                case OPCODE_IDLE -> { idle = in.readLength(); continue; }
                case OPCODE_SELECTDB -> {
                    long n = in.readLength();
                    if (n >= Engine.DATABASES) throw new RdbFormatException("FATAL: Data file was created with a Redis server "
                            + "configured to handle more than " + Engine.DATABASES + " databases.");
                    db = (int) n;
                    continue;
                }
                case OPCODE_RESIZEDB -> { in.readLength(); in.readLength(); continue; }
                case OPCODE_AUX -> { in.readString(); in.readString(); continue; }
                case OPCODE_FUNCTION2 -> { libraries.add(in.readString()); continue; }
                case OPCODE_FUNCTION, OPCODE_MODULE_AUX -> throw new RdbFormatException("unsupported RDB opcode " + type);
                default -> { }
            }
            if (type == OPCODE_EOF) break;
            if (!Rdb.isObjectType(type)) throw new RdbFormatException("Unknown RDB encoding type " + type);
            Key key = Key.of(in.readString());
            RedisValue value = Rdb.readObject(type, in, limits);
            entries.add(new Entry(db, key, value, expireAt, idle, freq));
            expireAt = -1;
            idle = -1;
            freq = -1;
        }
        if (version >= 5) {
            int end = in.position();
            long stored = in.readLittleEndian(8);
            if (stored != 0 && stored != Crc64.update(0, file, 0, end)) throw new RdbFormatException("Wrong RDB checksum");
        }
        return new Contents(entries, libraries);
    }
}
