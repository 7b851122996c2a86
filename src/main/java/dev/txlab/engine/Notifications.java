package dev.txlab.engine;

import dev.txlab.protocol.Key;
import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications, as Redis's notify.c sends them: when {@code notify-keyspace-events}
 * enables an event's class, a command that changes a key publishes the event's name on
 * {@code __keyspace@<db>__:<key>} (flag K) and the key's name on {@code __keyevent@<db>__:<event>}
 * (flag E), through ordinary pub/sub, so subscribers get them as messages (RESP3 pushes).
 *
 * <p>Commands call {@link #event} exactly where Redis calls notifyKeyspaceEvent, with the same
 * class and event name, after their write: the events of one command, of an EXEC or of a script
 * come out in the order Redis emits them. The engine itself emits {@code new} (a key is created),
 * {@code expired} and {@code evicted}.
 */
public final class Notifications {
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    /** Left out of A on purpose, as in Redis: a read that misses is not a change. */
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 13;
    public static final int NEW = 1 << 14;
    /** The class A stands for. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** CONFIG SET's complaint about a class letter Redis does not know. */
    public static final String INVALID_CLASS = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

    private final Engine engine;

    Notifications(Engine engine) { this.engine = engine; }

    /** Redis's keyspaceEventsStringToFlags: the classes a config value names; -1 for an unknown letter. */
    public static int parse(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            flags |= switch (classes.charAt(i)) {
                case 'A' -> ALL;
                case 'g' -> GENERIC;
                case '$' -> STRING;
                case 'l' -> LIST;
                case 's' -> SET;
                case 'h' -> HASH;
                case 'z' -> ZSET;
                case 'x' -> EXPIRED;
                case 'e' -> EVICTED;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 't' -> STREAM;
                case 'm' -> KEY_MISS;
                case 'd' -> MODULE;
                case 'n' -> NEW;
                default -> -1;
            };
            if (flags == -1) return -1;
        }
        return flags;
    }

    /** Redis's keyspaceEventsFlagsToString: how CONFIG GET shows the classes (A when all of them). */
    public static String format(int flags) {
        StringBuilder s = new StringBuilder();
        if ((flags & ALL) == ALL) {
            s.append('A');
        } else {
            String letters = "g$lshzxetdn";
            int[] classes = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE, NEW};
            for (int i = 0; i < classes.length; i++) if ((flags & classes[i]) != 0) s.append(letters.charAt(i));
        }
        // as in Redis, n is not part of A and is then not shown: "AKE" round-trips, "An" reads back "A"
        if ((flags & KEYSPACE) != 0) s.append('K');
        if ((flags & KEYEVENT) != 0) s.append('E');
        if ((flags & KEY_MISS) != 0) s.append('m');
        return s.toString();
    }

    /**
     * CONFIG SET's check: a valid value is kept as given (ServerConfig parses it and shows
     * {@link #format}, which hides an n beside A that still counts), else the reason it is refused.
     */
    static String normalise(String value) {
        if (parse(value) == -1) throw new IllegalArgumentException(INVALID_CLASS);
        return value;
    }

    /** Whether events of this class are sent at all (lets callers skip work). */
    public boolean enabled(int type) { return (engine.config().notifyKeyspaceEvents() & type) != 0; }

    /** Redis's notifyKeyspaceEvent: publishes the event if its class is enabled. */
    public void notify(int type, String event, Key key, int db) {
        int flags = engine.config().notifyKeyspaceEvents();
        if ((flags & type) == 0) return;
        byte[] name = event.getBytes(StandardCharsets.US_ASCII);
        if ((flags & KEYSPACE) != 0) {
            engine.pubsub().publish(channel("__keyspace@", db, key.bytes()), name, PubSub.Kind.GLOBAL);
        }
        if ((flags & KEYEVENT) != 0) {
            engine.pubsub().publish(channel("__keyevent@", db, name), key.bytes(), PubSub.Kind.GLOBAL);
        }
    }

    /** The event of a running command, in its client's database. */
    public static void event(CommandContext ctx, int type, String event, Key key) {
        ctx.engine().notifications().notify(type, event, key, ctx.session().db());
    }

    /** The same for a key of another database (MOVE, COPY ... DB). */
    public static void event(CommandContext ctx, int type, String event, Key key, int db) {
        ctx.engine().notifications().notify(type, event, key, db);
    }

    private static Key channel(String prefix, int db, byte[] tail) {
        byte[] head = (prefix + db + "__:").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return Key.of(out);
    }
}
