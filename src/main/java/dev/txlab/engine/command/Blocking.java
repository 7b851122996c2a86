package dev.txlab.engine.command;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.LongDouble;
import dev.txlab.protocol.Reply;
import java.math.BigDecimal;

/**
 * What blocking commands (BLPOP, BZPOPMIN, BLMOVE ...) do when there is nothing to pop. Inside
 * EXEC they never block (the caller answers nil at once). Outside, a real client waits for
 * another client's push or the timeout; the lab has no second thread to push, so it lets the
 * timeout pass (on a manual clock, virtually) and answers what the client would then get. A
 * timeout of 0 would wait forever, which the lab refuses with an explanation.
 */
final class Blocking {
    private Blocking() {}

    /** Redis's getTimeoutFromObjectOrReply in seconds: a long double, cut to milliseconds. */
    static long timeoutMillis(CommandContext ctx, int index) {
        LongDouble.Parsed parsed = LongDouble.parse(ctx.arg(index));
        if (parsed == null) throw new CommandFailed(Reply.error("ERR timeout is not a float or out of range"));
        if (parsed.infinite()) throw new CommandFailed(Reply.error("ERR timeout is negative")); // (long long)inf on x86
        BigDecimal millis = parsed.value().multiply(BigDecimal.valueOf(1000));
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new CommandFailed(Reply.error("ERR timeout is out of range"));
        }
        long ms = millis.longValue(); // truncates toward zero, as the C cast does
        if (ms < 0) throw new CommandFailed(Reply.error("ERR timeout is negative"));
        if (ms > Long.MAX_VALUE - ctx.now()) throw new CommandFailed(Reply.error("ERR timeout is out of range"));
        return ms;
    }

    /** Whether the command runs inside EXEC, where Redis never blocks. */
    static boolean insideExec(CommandContext ctx) {
        return ctx.session().transaction().inMulti();
    }

    /** Nothing to pop outside EXEC: wait out the timeout, then answer {@code timedOut}. */
    static Reply wouldBlock(CommandContext ctx, long timeoutMillis, Reply timedOut) {
        ctx.engine().reportWouldBlock(ctx.session(), ctx.argv(), timeoutMillis);
        if (timeoutMillis == 0) {
            return Reply.error("ERR txlab cannot block a client forever: give a timeout, or push from another client first");
        }
        ctx.engine().sleep(timeoutMillis);
        return timedOut;
    }

}
