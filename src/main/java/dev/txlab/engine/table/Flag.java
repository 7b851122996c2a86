package dev.txlab.engine.table;

/**
 * Command flags as COMMAND INFO names them, in the order Redis lists them (addReplyFlagsForCommand),
 * so an EnumSet iterates in Redis's reply order.
 */
public enum Flag {
    /** May modify the keyspace. */
    WRITE("write"),
    /** Never modifies the keyspace. */
    READONLY("readonly"),
    /** May use more memory: refused under OOM. */
    DENYOOM("denyoom"),
    MODULE("module"),
    ADMIN("admin"),
    PUBSUB("pubsub"),
    /** Refused when called from a script ("not allowed from script"). */
    NOSCRIPT("noscript"),
    /** May block the client (BLPOP ...); Redis 7.0 does not flag WAIT, which blocks too. */
    BLOCKING("blocking"),
    LOADING("loading"),
    STALE("stale"),
    SKIP_MONITOR("skip_monitor"),
    SKIP_SLOWLOG("skip_slowlog"),
    ASKING("asking"),
    /** O(1) or O(log n). */
    FAST("fast"),
    NO_AUTH("no_auth"),
    NO_MANDATORY_KEYS("no_mandatory_keys"),
    NO_ASYNC_LOADING("no_async_loading"),
    /** Refused inside MULTI, which dooms the transaction (SAVE, SHUTDOWN, WATCH ...). */
    NO_MULTI("no_multi"),
    /** The key positions depend on the arguments (EVAL's numkeys, SORT's STORE ...). */
    MOVABLEKEYS("movablekeys"),
    /** Allowed while a script is busy. */
    ALLOW_BUSY("allow_busy");

    private final String wireName;

    Flag(String wireName) { this.wireName = wireName; }

    /** The name in COMMAND INFO's reply. */
    public String wireName() { return wireName; }

    static Flag fromWireName(String name) {
        for (Flag f : values()) if (f.wireName.equals(name)) return f;
        throw new IllegalArgumentException("unknown command flag '" + name + "'");
    }
}
