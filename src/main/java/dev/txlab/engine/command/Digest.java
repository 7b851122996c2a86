package dev.txlab.engine.command;

import dev.txlab.engine.Engine;
import dev.txlab.engine.keyspace.Database;
import dev.txlab.engine.keyspace.HashValue;
import dev.txlab.engine.keyspace.ListValue;
import dev.txlab.engine.keyspace.RedisValue;
import dev.txlab.engine.keyspace.SetValue;
import dev.txlab.engine.keyspace.SortedSetValue;
import dev.txlab.engine.keyspace.StreamValue;
import dev.txlab.engine.keyspace.StringValue;
import dev.txlab.protocol.DoubleFormat;
import dev.txlab.protocol.Key;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * DEBUG DIGEST and DEBUG DIGEST-VALUE, computed as Redis's debug.c computes them (SHA1 mixed and
 * xored per element), so a digest taken on txlab equals the one a real server gives for the same
 * data: ordered types (strings, lists) mix their elements in order, unordered ones (sets, hashes,
 * sorted sets) xor one digest per element, and a key with a TTL xors in "!!expire!!".
 */
final class Digest {
    private Digest() {}

    /** Redis's object type numbers (OBJ_STRING ... OBJ_HASH), which start each value's digest. */
    private static int typeCode(RedisValue v) {
        if (v instanceof StringValue) return 0;
        if (v instanceof ListValue) return 1;
        if (v instanceof SetValue) return 2;
        if (v instanceof SortedSetValue) return 3;
        if (v instanceof StreamValue) return 6;
        return 4;
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** xorDigest: the digest xored with SHA1(data). */
    private static void xor(byte[] digest, byte[] data) {
        byte[] h = sha1(data);
        for (int i = 0; i < 20; i++) digest[i] ^= h[i];
    }

    /** mixDigest: xor in SHA1(data), then replace the digest by its own SHA1. */
    private static void mix(byte[] digest, byte[] data) {
        xor(digest, data);
        System.arraycopy(sha1(digest), 0, digest, 0, 20);
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    /** xorObjectDigest: a value's contribution, its TTL's presence included. */
    static void value(Database db, Key key, RedisValue v, byte[] digest) {
        int type = typeCode(v);
        mix(digest, new byte[] {(byte) (type >>> 24), (byte) (type >>> 16), (byte) (type >>> 8), (byte) type});
        if (v instanceof StringValue s) {
            mix(digest, s.bytes());
        } else if (v instanceof ListValue l) {
            for (byte[] e : l.elements()) mix(digest, e);
        } else if (v instanceof SetValue s) {
            for (Key m : s.members()) xor(digest, m.bytes());
        } else if (v instanceof SortedSetValue z) {
            for (SortedSetValue.Entry e : z.entries()) {
                byte[] element = new byte[20];
                mix(element, e.member().bytes());
                mix(element, ascii(DoubleFormat.g17(e.score())));
                xor(digest, element);
            }
        } else if (v instanceof StreamValue x) {
            for (StreamValue.Entry e : x.range(StreamValue.Id.MIN, StreamValue.Id.MAX, false)) {
                StreamValue.Id id = e.id();
                mix(digest, ascii(Long.toUnsignedString(id.ms()) + "." + Long.toUnsignedString(id.seq())));
                for (byte[] part : e.fieldsAndValues()) mix(digest, part);
            }
        } else if (v instanceof HashValue h) {
            for (Map.Entry<Key, byte[]> e : h.fields().entrySet()) {
                byte[] element = new byte[20];
                mix(element, e.getKey().bytes());
                mix(element, e.getValue());
                xor(digest, element);
            }
        }
        if (db.expireAt(key) != -1) xor(digest, ascii("!!expire!!"));
    }

    /** DEBUG DIGEST-VALUE for one key: 40 hex digits, all zeros for a key that is not stored. */
    static String ofKey(Database db, Key key) {
        byte[] digest = new byte[20];
        RedisValue v = db.entries().get(key); // stored, even if logically expired, as Redis's dictFind
        if (v != null) value(db, key, v, digest);
        return HexFormat.of().formatHex(digest);
    }

    /** DEBUG DIGEST: every database's keys and values; 40 zeros for an empty server. */
    static String ofDataset(Engine engine) {
        byte[] fin = new byte[20];
        for (int i = 0; i < Engine.DATABASES; i++) {
            Database db = engine.database(i);
            if (db.size() == 0) continue;
            mix(fin, new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
            for (Map.Entry<Key, RedisValue> e : db.entries().entrySet()) {
                byte[] digest = new byte[20];
                mix(digest, e.getKey().bytes());
                value(db, e.getKey(), e.getValue(), digest);
                xor(fin, digest);
            }
        }
        return HexFormat.of().formatHex(fin);
    }
}
