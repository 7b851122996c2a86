package dev.txlab.engine.script;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SHA1 to compiled script, as Redis 7.0's lua_scripts dictionary: unbounded until SCRIPT FLUSH
 * (7.4 added LRU eviction of EVAL scripts; 7.0 has none).
 */
final class ScriptCache {
    private final Map<String, CachedScript> scripts = new LinkedHashMap<>();

    CachedScript get(String sha) { return scripts.get(sha); }

    void put(CachedScript script) { scripts.put(script.sha(), script); }

    boolean contains(String sha) { return scripts.containsKey(sha); }

    int size() { return scripts.size(); }

    void clear() { scripts.clear(); }

    /** The lower-case hex SHA1 Redis names scripts by. */
    static String sha1hex(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(bytes);
            StringBuilder hex = new StringBuilder(40);
            for (byte b : digest) hex.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** EVALSHA's lookup key: only ASCII A-Z are lowered, as evalCalcFunctionName does. */
    static String normalizeSha(byte[] sha) {
        byte[] lower = sha.clone();
        for (int i = 0; i < lower.length; i++) if (lower[i] >= 'A' && lower[i] <= 'Z') lower[i] += 'a' - 'A';
        return new String(lower, StandardCharsets.ISO_8859_1);
    }
}
