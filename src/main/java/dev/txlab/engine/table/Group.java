package dev.txlab.engine.table;

/** Command groups, as redis-cli's {@code help @group} names them. */
public enum Group {
    CONNECTION("connection"),
    SERVER("server"),
    GENERIC("generic"),
    STRING("string"),
    LIST("list"),
    HASH("hash"),
    SET("set"),
    SORTED_SET("sorted_set"),
    TRANSACTIONS("transactions"),
    SCRIPTING("scripting");

    private final String helpName;

    Group(String helpName) { this.helpName = helpName; }

    /** The name after '@' in redis-cli's help. */
    public String helpName() { return helpName; }
}
