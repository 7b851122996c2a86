package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.Engine;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.util.List;

/** Connection and server commands: PING, ECHO, QUIT, RESET, SELECT, DBSIZE, FLUSHDB, FLUSHALL. */
public final class ConnectionCommands {
    private ConnectionCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("ping", ConnectionCommands::ping),
                bind("echo", ctx -> Reply.bulk(ctx.arg(1))),
                bind("quit", ConnectionCommands::quit)
                        .teaching("Closes the connection; its queue and watches go with it").runsAtOnceInMulti(),
                bind("reset", ConnectionCommands::reset)
                        .teaching("Resets the connection: leaves MULTI, unwatches, selects db 0").runsAtOnceInMulti(),
                bind("select", ConnectionCommands::select),
                bind("dbsize", ctx -> Reply.integer(ctx.db().size())),
                bind("flushdb", ctx -> flush(ctx, false)),
                bind("flushall", ctx -> flush(ctx, true)));
    }

    private static Reply ping(CommandContext ctx) {
        // PING's arity is checked by the command itself, so "PING a b" in MULTI is QUEUED and fails at EXEC.
        if (ctx.argc() > 2) return Errors.wrongArity("ping");
        return ctx.argc() == 1 ? Reply.PONG : Reply.bulk(ctx.arg(1));
    }

    private static Reply quit(CommandContext ctx) {
        ctx.engine().closeAfterReply(ctx.session());
        return Reply.OK;
    }

    private static Reply reset(CommandContext ctx) {
        ctx.engine().transactions().discardTransaction(ctx.session());
        ctx.select(0);
        return new Reply.Simple("RESET");
    }

    private static Reply select(CommandContext ctx) {
        long index = ctx.longArg(1);
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            // Redis 7.0's getRangeLongFromObjectOrReply really says "value must between".
            throw new CommandFailed(Reply.error("ERR value is out of range, value must between -2147483648 and 2147483647"));
        }
        if (index < 0 || index >= Engine.DATABASES) return Errors.DB_INDEX_OUT_OF_RANGE;
        ctx.select((int) index);
        return Reply.OK;
    }

    private static Reply flush(CommandContext ctx, boolean all) {
        if (ctx.argc() > 2 || (ctx.argc() == 2 && !ctx.isOption(1, "async") && !ctx.isOption(1, "sync"))) {
            return Errors.SYNTAX;
        }
        if (all) {
            for (int i = 0; i < Engine.DATABASES; i++) ctx.engine().database(i).flush();
        } else {
            ctx.db().flush();
        }
        return Reply.OK;
    }
}
