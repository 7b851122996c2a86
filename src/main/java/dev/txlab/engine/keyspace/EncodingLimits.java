package dev.txlab.engine.keyspace;

import dev.txlab.engine.ServerConfig;

/**
 * The encoding parameters of CONFIG that decide when a small collection converts to its big form,
 * read from the configuration each time a command writes (Redis reads the server globals at every
 * insertion, so a CONFIG SET applies to the next write, never to values already converted).
 *
 * @param hashMaxEntries   hash-max-listpack-entries: a hash with more fields becomes a hash table
 * @param hashMaxValue     hash-max-listpack-value: a longer field or value makes it one at once
 * @param setMaxIntsetEntries set-max-intset-entries: an intset with more members becomes a hash table
 */
public record EncodingLimits(long hashMaxEntries, long hashMaxValue, long setMaxIntsetEntries) {

    /** Redis 7.0's defaults. */
    public static final EncodingLimits DEFAULTS = new EncodingLimits(512, 64, 512);

    /** An intset never holds more than 2^30 entries, whatever the configuration says (t_set.c). */
    static final long INTSET_HARD_LIMIT = 1L << 30;

    public static EncodingLimits of(ServerConfig config) {
        return new EncodingLimits(config.getLong("hash-max-listpack-entries"),
                config.getLong("hash-max-listpack-value"),
                config.getLong("set-max-intset-entries"));
    }
}
