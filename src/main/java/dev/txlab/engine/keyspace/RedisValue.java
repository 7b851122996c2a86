package dev.txlab.engine.keyspace;

/**
 * A value stored under a key. The six types of Redis 7.0's keyspace; each knows the name TYPE prints.
 * Collections are mutable and owned by the keyspace; commands mutate them in place and then
 * signal the change, as Redis does.
 */
public sealed interface RedisValue
        permits StringValue, ListValue, HashValue, SetValue, SortedSetValue, StreamValue {

    /** The name TYPE answers: string, list, hash, set, zset, stream. */
    String typeName();

    /** Number of elements (bytes for a string), for traces. */
    long size();

    /** The encoding OBJECT ENCODING names: int, embstr, raw, quicklist, listpack, intset, hashtable, skiplist. */
    String encoding();
}
