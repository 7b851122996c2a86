package dev.txlab.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Redis 7.0's error texts, word for word, in one place. Each was checked against a real
 * redis-server 7.0.15; a transcript test guards the ones users meet most.
 */
public final class Errors {
    private Errors() {}

    public static final Reply.Error WRONGTYPE =
            Reply.error("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final Reply.Error SYNTAX = Reply.error("ERR syntax error");
    public static final Reply.Error NOT_INTEGER = Reply.error("ERR value is not an integer or out of range");
    public static final Reply.Error NOT_FLOAT = Reply.error("ERR value is not a valid float");
    public static final Reply.Error OVERFLOW = Reply.error("ERR increment or decrement would overflow");
    public static final Reply.Error NAN_OR_INFINITY = Reply.error("ERR increment would produce NaN or Infinity");
    public static final Reply.Error NO_SUCH_KEY = Reply.error("ERR no such key");
    public static final Reply.Error INDEX_OUT_OF_RANGE = Reply.error("ERR index out of range");
    public static final Reply.Error DB_INDEX_OUT_OF_RANGE = Reply.error("ERR DB index is out of range");
    public static final Reply.Error OUT_OF_RANGE_POSITIVE = Reply.error("ERR value is out of range, must be positive");
    public static final Reply.Error HASH_NOT_INTEGER = Reply.error("ERR hash value is not an integer");
    public static final Reply.Error HASH_NOT_FLOAT = Reply.error("ERR hash value is not a float");
    public static final Reply.Error NOT_A_VALID_FLOAT_SCORE = Reply.error("ERR value is not a valid float");
    public static final Reply.Error SCORE_NAN = Reply.error("ERR resulting score is not a number (NaN)");

    public static final Reply.Error MULTI_NESTED = Reply.error("ERR MULTI calls can not be nested");
    public static final Reply.Error EXEC_WITHOUT_MULTI = Reply.error("ERR EXEC without MULTI");
    public static final Reply.Error DISCARD_WITHOUT_MULTI = Reply.error("ERR DISCARD without MULTI");
    public static final Reply.Error WATCH_INSIDE_MULTI = Reply.error("ERR WATCH inside MULTI is not allowed");
    public static final Reply.Error EXECABORT_PREVIOUS_ERRORS =
            Reply.error("EXECABORT Transaction discarded because of previous errors.");
    public static final Reply.Error OOM = Reply.error("OOM command not allowed when used memory > 'maxmemory'.");
    public static final Reply.Error NOREPLICAS = Reply.error("NOREPLICAS Not enough good replicas to write.");
    public static final Reply.Error NOT_ALLOWED_IN_MULTI = Reply.error("ERR Command not allowed inside a transaction");

    public static final Reply.Error NOPROTO = Reply.error("NOPROTO unsupported protocol version");
    public static final Reply.Error WRONGPASS = Reply.error("WRONGPASS invalid username-password pair or user is disabled.");
    public static final Reply.Error BAD_CLIENT_NAME =
            Reply.error("ERR Client names cannot contain spaces, newlines or special characters.");

    /**
     * The most elements the lab builds into one reply where Redis has no limit of its own
     * (SRANDMEMBER with a huge negative count): Redis would try, and run out of memory.
     */
    public static final long MAX_REPLY_ELEMENTS = 10_000_000;

    public static final Reply.Error REPLY_TOO_LONG = Reply.error("ERR txlab does not build a reply of more than "
            + MAX_REPLY_ELEMENTS + " elements (Redis would try, and run out of memory)");

    public static Reply.Error wrongArity(String fullName) {
        return Reply.error("ERR wrong number of arguments for '" + fullName + "' command");
    }

    public static Reply.Error invalidExpireTime(String command) {
        return Reply.error("ERR invalid expire time in '" + command + "' command");
    }

    /**
     * {@code ERR unknown command 'x', with args beginning with: 'a' 'b' } exactly as 7.0's
     * processCommand builds it: C strings (cut at a NUL byte), the name cut at 128 bytes, arguments
     * collected while the list is shorter than 128 bytes, each cut to what is left of those 128,
     * then CR and LF mapped to spaces.
     */
    public static Reply.Error unknownCommand(List<byte[]> argv) {
        StringBuilder args = new StringBuilder();
        int argsLength = 0; // in bytes, as sdslen counts
        for (int i = 1; i < argv.size() && argsLength < 128; i++) {
            byte[] arg = cString(argv.get(i), 128 - argsLength);
            args.append('\'').append(latin1(arg)).append("' ");
            argsLength += arg.length + 3;
        }
        String text = "ERR unknown command '" + latin1(cString(argv.get(0), 128))
                + "', with args beginning with: " + args;
        return Reply.error(withoutNewlines(text));
    }

    /** {@code ERR unknown subcommand 'x'. Try SCRIPT HELP.} for a container command. */
    public static Reply.Error unknownSubcommand(String container, byte[] sub) {
        return Reply.error(withoutNewlines("ERR unknown subcommand '" + latin1(cString(sub, 128))
                + "'. Try " + container.toUpperCase() + " HELP."));
    }

    /**
     * addReplySubcommandSyntaxError: a known subcommand with the wrong arguments, as a container
     * command that checks its own arguments words it ({@code PUBSUB CHANNELS a b}).
     */
    public static Reply.Error subcommandSyntax(byte[] container, byte[] sub) {
        return Reply.error(withoutNewlines("ERR unknown subcommand or wrong number of arguments for '"
                + latin1(cString(sub, 128)) + "'. Try " + latin1(container).toUpperCase() + " HELP."));
    }

    /** Redis never lets CR or LF into an error line: they would break the protocol. */
    public static String withoutNewlines(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    /** The bytes printf's {@code %.Ns} would print: up to the first NUL, at most max bytes. */
    private static byte[] cString(byte[] bytes, int max) {
        int n = 0;
        while (n < bytes.length && n < max && bytes[n] != 0) n++;
        return n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n);
    }

    /**
     * Error texts carry raw bytes. Latin-1 maps each byte to one char, so the formatter and the
     * RESP writer can turn them back into the same bytes.
     */
    public static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
