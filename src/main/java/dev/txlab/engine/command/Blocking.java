package dev.txlab.engine.command;

import dev.txlab.engine.BlockedClients;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.LongDouble;
import dev.txlab.protocol.Reply;
import dev.txlab.protocol.Key;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What blocking commands (BLPOP, BZPOPMIN, BLMOVE, WAIT ...) do when there is nothing to pop.
 * Inside EXEC they never block (the caller answers nil at once). Outside, where the front end can
 * hold a reply (serve), the client really waits, without holding up anyone else, until another
 * client's push serves it or the timeout passes. Where it cannot (the shell and transcripts for
 * now), the lab lets the timeout pass (on a manual clock, virtually) and answers what the client
 * would then get; a timeout of 0 would wait forever, which is refused there with an explanation.
 */
final class Blocking {
    private Blocking() {}

    /**
     * Redis's getTimeoutFromObjectOrReply in seconds: a long double times 1000, rounded up to
     * whole milliseconds (ceill), so 0.0001 waits 1 ms and -0.0001 is 0, which waits forever. A
     * value past the 64-bit range converts to LLONG_MIN on x86 (negative); a deadline that
     * overflows never comes in Redis's timeout table, so it waits forever too (0 here).
     */
    static long timeoutMillis(CommandContext ctx, int index) {
        LongDouble.Parsed parsed = LongDouble.parse(ctx.arg(index));
        if (parsed == null) throw new CommandFailed(Reply.error("ERR timeout is not a float or out of range"));
        if (parsed.infinite()) throw new CommandFailed(Reply.error("ERR timeout is negative")); // (long long)inf on x86
        BigDecimal product = LongDouble.multiply(parsed.value(), BigDecimal.valueOf(1000));
        if (product == null) throw new CommandFailed(Reply.error("ERR timeout is negative"));
        BigDecimal millis = product.setScale(0, RoundingMode.CEILING);
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || millis.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            throw new CommandFailed(Reply.error("ERR timeout is negative"));
        }
        long ms = millis.longValueExact();
        if (ms < 0) throw new CommandFailed(Reply.error("ERR timeout is negative"));
        if (ms > Long.MAX_VALUE - ctx.now()) return 0;
        return ms;
    }

    /**
     * Whether the command runs inside EXEC or a script (BZMPOP and BLMPOP are allowed there),
     * where Redis never blocks: it answers as if the timeout had passed, even a timeout of 0.
     */
    static boolean insideExec(CommandContext ctx) {
        return ctx.session().transaction().inMulti() || ctx.session().denyBlocking();
    }

    /**
     * Nothing to pop outside EXEC: block on {@code keys} until {@code serving} can answer, or
     * answer {@code timedOut} when the timeout passes.
     */
    static Reply block(CommandContext ctx, List<Key> keys, long timeoutMillis, Reply timedOut, BlockedClients.Serving serving) {
        if (ctx.engine().blockingSupported()) {
            ctx.block(keys, timeoutMillis, timedOut, serving);
            return timedOut; // not sent: the client's reply comes when it is unblocked
        }
        return wouldBlock(ctx, timeoutMillis, timedOut);
    }

    /** The blocking command's keys: every argument between the name and the timeout. */
    static List<Key> keysBeforeTimeout(CommandContext ctx) {
        List<Key> keys = new ArrayList<>();
        for (int j = 1; j < ctx.argc() - 1; j++) keys.add(ctx.key(j));
        return keys;
    }

    /** Where a front end cannot hold a reply: wait out the timeout, then answer {@code timedOut}. */
    private static Reply wouldBlock(CommandContext ctx, long timeoutMillis, Reply timedOut) {
        ctx.engine().reportWouldBlock(ctx.session(), ctx.argv(), timeoutMillis);
        if (timeoutMillis == 0) {
            return Reply.error("ERR txlab cannot block a client forever: give a timeout, or push from another client first");
        }
        ctx.engine().sleep(timeoutMillis);
        return timedOut;
    }

}
