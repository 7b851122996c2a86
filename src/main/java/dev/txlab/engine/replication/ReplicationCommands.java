package dev.txlab.engine.replication;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Engine;
import dev.txlab.engine.rdb.RdbFile;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.util.List;

/**
 * The master's side of replication (replication.c): SYNC and PSYNC answer with a full
 * resynchronization (an RDB of the current data, then the command stream as {@link Propagation}
 * wraps it), and REPLCONF takes what a replica says about itself. Partial resynchronization is
 * never offered (txlab keeps no backlog): a replica asking for one gets a full one, which Redis
 * itself does whenever the backlog cannot serve the offset.
 */
public final class ReplicationCommands {
    private ReplicationCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("sync", ReplicationCommands::sync)
                        .teaching("Turns the connection into a replica: the RDB, then every write as replicas see it"),
                bind("psync", ReplicationCommands::sync)
                        .teaching("As SYNC, answered +FULLRESYNC <replid> <offset> first"),
                bind("replconf", ReplicationCommands::replconf)
                        .teaching("What a replica tells its master (port, capabilities, ACK offsets)"));
    }

    /** Nothing at all is sent back (REPLCONF ACK, a second SYNC). */
    private static final Reply NO_REPLY = new Reply.Multi(List.of());

    /** syncCommand: SYNC, and PSYNC replid offset [FAILOVER]. */
    private static Reply sync(CommandContext ctx) {
        Engine engine = ctx.engine();
        Propagation propagation = engine.propagation();
        if (propagation.isReplica(ctx.session())) return NO_REPLY;
        boolean psync = ctx.isOption(0, "psync");
        if (psync && ctx.argc() > 3 && ctx.isOption(3, "failover")) {
            return Reply.error("ERR PSYNC FAILOVER can't be sent to a master.");
        }
        if (psync) ctx.longArg(2); // a wrong offset is refused before anything else
        propagation.prepareFullSync();
        long offset = propagation.offset();
        byte[] rdb = RdbFile.save(engine, engine.functions().libraryCodes(), propagation.replId(), offset);
        engine.attachReplica(ctx.session(), rdb);
        return psync ? new Reply.Simple("FULLRESYNC " + propagation.replId() + " " + offset) : NO_REPLY;
    }

    /** replconfCommand: option/value pairs; ACK and GETACK answer nothing. */
    private static Reply replconf(CommandContext ctx) {
        if (ctx.argc() % 2 == 0) return Errors.SYNTAX;
        for (int j = 1; j < ctx.argc(); j += 2) {
            if (ctx.isOption(j, "listening-port")) {
                ctx.longArg(j + 1);
            } else if (ctx.isOption(j, "ip-address")) {
                if (ctx.arg(j + 1).length >= 46) {
                    return Reply.error("ERR REPLCONF ip-address provided by replica instance is too long: "
                            + ctx.arg(j + 1).length + " bytes");
                }
            } else if (ctx.isOption(j, "capa")) {
                // eof, psync2: txlab always sends the RDB with its length, which every replica reads
            } else if (ctx.isOption(j, "ack") || ctx.isOption(j, "getack")) {
                return NO_REPLY;
            } else if (ctx.isOption(j, "rdb-only")) {
                Long v = dev.txlab.engine.Numbers.parseLong(ctx.arg(j + 1));
                if (v == null || v < 0 || v > 1) {
                    return Reply.error(v == null ? "ERR value is not an integer or out of range"
                            : "ERR value is out of range, must be between 0 and 1");
                }
            } else if (ctx.isOption(j, "rdb-filter-only")) {
                for (String f : ctx.text(j + 1).trim().split("\\s+")) {
                    if (!f.isEmpty() && !f.equalsIgnoreCase("functions")) {
                        return Reply.error("ERR Unsupported rdb-filter-only option: " + f);
                    }
                }
            } else {
                return Reply.error("ERR Unrecognized REPLCONF option: " + ctx.text(j));
            }
        }
        return Reply.OK;
    }
}
