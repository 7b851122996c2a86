package dev.txlab.engine.table;

/** Command flags, named after Redis's command table flags. */
public enum Flag {
    /** May modify the keyspace. */
    WRITE,
    /** Never modifies the keyspace. */
    READONLY,
    /** May use more memory (refused under OOM in Redis). */
    DENYOOM,
    /** O(1) or O(log n). */
    FAST,
    /** Refused when called from a Lua script ("not allowed from script"). */
    NOSCRIPT,
    /** Refused inside MULTI, which dooms the transaction (SAVE, SHUTDOWN, ...). */
    NO_MULTI,
    /** Runs at once even inside MULTI instead of being queued: EXEC, DISCARD, MULTI, WATCH, QUIT, RESET. */
    SKIP_QUEUE,
    /** Allowed while a script is busy. */
    ALLOW_BUSY,
    /** Reply order is not defined by Redis (KEYS, SMEMBERS ...); traces say so. */
    UNORDERED_REPLY
}
