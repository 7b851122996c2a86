package dev.txlab.engine.rdb;

/**
 * A payload that is not valid RDB: truncated, a bad length or encoding, an empty collection, a
 * duplicate member ... Redis answers RESTORE's with "Bad data format" whatever the cause; the
 * message here says which, for logs and tests.
 */
public final class RdbFormatException extends Exception {
    public RdbFormatException(String message) { super(message, null, false, false); }
}
