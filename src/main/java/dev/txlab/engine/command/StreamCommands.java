package dev.txlab.engine.command;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.CommandContext;
import dev.txlab.engine.CommandFailed;
import dev.txlab.engine.Notifications;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.keyspace.StreamValue;
import dev.txlab.engine.keyspace.StreamValue.Consumer;
import dev.txlab.engine.keyspace.StreamValue.Entry;
import dev.txlab.engine.keyspace.StreamValue.Group;
import dev.txlab.engine.keyspace.StreamValue.Id;
import dev.txlab.engine.keyspace.StreamValue.Pending;
import dev.txlab.engine.table.Binding;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The stream commands, as in Redis 7.0's t_stream.c: XADD (with MAXLEN/MINID trimming, exact or
 * by whole nodes with ~), XRANGE/XREVRANGE, XLEN, XDEL, XTRIM, XSETID, XREAD and XREADGROUP (which
 * block for real in serve), and consumer groups: XGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO.
 *
 * <p>For transactions, streams teach two things: XREADGROUP is a write (it moves the group's last
 * delivered ID and fills the pending list), and XREAD BLOCK inside MULTI never blocks.
 */
public final class StreamCommands {
    private StreamCommands() {}

    private static final Reply.Error INVALID_ID = Reply.error("ERR Invalid stream ID specified as stream command argument");

    public static List<Binding> bindings() {
        return List.of(
                bind("xadd", StreamCommands::xadd)
                        .teaching("Appends an entry; its ID must be greater than the last one"),
                bind("xlen", StreamCommands::xlen),
                bind("xrange", ctx -> xrange(ctx, false)),
                bind("xrevrange", ctx -> xrange(ctx, true)),
                bind("xdel", StreamCommands::xdel),
                bind("xtrim", StreamCommands::xtrim),
                bind("xsetid", StreamCommands::xsetid),
                bind("xread", ctx -> xread(ctx, false))
                        .teaching("Reads entries after given IDs; with BLOCK it waits (never inside MULTI)"),
                bind("xreadgroup", ctx -> xread(ctx, true))
                        .teaching("Reads as a consumer of a group: a write, it moves the group and fills its pending list"),
                bind("xgroup|create", StreamCommands::xgroupCreate),
                bind("xgroup|setid", StreamCommands::xgroupSetid),
                bind("xgroup|destroy", StreamCommands::xgroupDestroy),
                bind("xgroup|createconsumer", StreamCommands::xgroupCreateConsumer),
                bind("xgroup|delconsumer", StreamCommands::xgroupDelConsumer),
                bind("xgroup|help", ctx -> Help.reply(ctx,
                        "CREATE <key> <groupname> <id|$> [option]",
                        "    Create a new consumer group. Options are:",
                        "    * MKSTREAM",
                        "      Create the empty stream if it does not exist.",
                        "    * ENTRIESREAD entries_read",
                        "      Set the group's entries_read counter (internal use).",
                        "CREATECONSUMER <key> <groupname> <consumer>",
                        "    Create a new consumer in the specified group.",
                        "DELCONSUMER <key> <groupname> <consumer>",
                        "    Remove the specified consumer.",
                        "DESTROY <key> <groupname>",
                        "    Remove the specified group.",
                        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
                        "    Set the current group ID and entries_read counter.")),
                bind("xack", StreamCommands::xack),
                bind("xpending", StreamCommands::xpending),
                bind("xclaim", StreamCommands::xclaim),
                bind("xautoclaim", StreamCommands::xautoclaim),
                bind("xinfo|stream", StreamCommands::xinfoStream),
                bind("xinfo|groups", StreamCommands::xinfoGroups),
                bind("xinfo|consumers", StreamCommands::xinfoConsumers),
                bind("xinfo|help", ctx -> Help.reply(ctx,
                        "CONSUMERS <key> <groupname>",
                        "    Show consumers of <groupname>.",
                        "GROUPS <key>",
                        "    Show the stream consumer groups.",
                        "STREAM <key> [FULL [COUNT <count>]",
                        "    Show information about the stream.")));
    }

    // ---------------------------------------------------------------- IDs

    /** A parsed ID and whether its sequence was given (false for "ms-*"). */
    private record ParsedId(Id id, boolean seqGiven) {}

    /**
     * Redis's string2ull: string2ll first (a negative result is refused), and when that fails
     * strtoull(s, &end, 10), accepted when it consumed everything without ERANGE. strtoull takes
     * leading white space, a '+' and a '-' (which negates modulo 2^64), and leading zeros, so
     * "+1", " 1", "01", "-0" and "-05" (2^64-5) are IDs while "-5" is not.
     */
    private static Long parseUnsigned(byte[] s, int from, int to) {
        if (to - from == 0) return null;
        Long ll = Numbers.parseLong(Arrays.copyOfRange(s, from, to));
        if (ll != null) return ll < 0 ? null : ll;
        int i = from;
        while (i < to && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) i++; // C isspace
        boolean negative = false;
        if (i < to && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
        int digits = i;
        long v = 0;
        boolean overflow = false;
        for (; i < to; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) return null; // strtoull stopped before the end
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) overflow = true;
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) overflow = true;
            v = next;
        }
        if (i == digits || overflow) return null; // no conversion, or ERANGE
        return negative ? -v : v;
    }

    /** streamGenericParseIDOrReply. Null when invalid. */
    private static ParsedId parseId(byte[] s, long missingSeq, boolean strict, boolean allowSeqStar) {
        if (s.length > 127) return null;
        for (int i = 0; i < s.length; i++) { // the C code reads a C string: it ends at a NUL
            if (s[i] == 0) { s = Arrays.copyOf(s, i); break; }
        }
        boolean single = s.length == 1;
        if (strict && single && (s[0] == '-' || s[0] == '+')) return null;
        if (single && s[0] == '-') return new ParsedId(Id.MIN, true);
        if (single && s[0] == '+') return new ParsedId(Id.MAX, true);
        int dash = -1;
        for (int i = 0; i < s.length; i++) if (s[i] == '-') { dash = i; break; }
        int msEnd = dash < 0 ? s.length : dash;
        Long ms = parseUnsigned(s, 0, msEnd);
        if (ms == null) return null;
        if (dash < 0) return new ParsedId(new Id(ms, missingSeq), true);
        if (allowSeqStar && s.length - dash - 1 == 1 && s[dash + 1] == '*') return new ParsedId(new Id(ms, 0), false);
        Long seq = parseUnsigned(s, dash + 1, s.length);
        if (seq == null) return null;
        return new ParsedId(new Id(ms, seq), true);
    }

    private static Id id(CommandContext ctx, int i, long missingSeq, boolean strict) {
        ParsedId p = parseId(ctx.arg(i), missingSeq, strict, false);
        if (p == null) throw new CommandFailed(INVALID_ID);
        return p.id();
    }

    private static Id strictId(CommandContext ctx, int i) { return id(ctx, i, 0, true); }

    /** streamParseIntervalIDOrReply plus the exclusive "(" adjustment of XRANGE and XPENDING. */
    private static Id intervalId(CommandContext ctx, int i, long missingSeq, boolean start) {
        byte[] a = ctx.arg(i);
        boolean exclusive = a.length > 1 && a[0] == '(';
        if (!exclusive) return id(ctx, i, missingSeq, false);
        ParsedId p = parseId(Arrays.copyOfRange(a, 1, a.length), missingSeq, true, false);
        if (p == null) throw new CommandFailed(INVALID_ID);
        Id adjusted = start ? p.id().next() : p.id().previous();
        if (adjusted == null) {
            throw new CommandFailed(Reply.error(start ? "ERR invalid start ID for the interval" : "ERR invalid end ID for the interval"));
        }
        return adjusted;
    }

    private static Reply idReply(Id id) { return Reply.bulk(id.toString()); }

    private static Reply entryReply(Entry e) {
        List<Reply> fields = new ArrayList<>(e.fieldsAndValues().length);
        for (byte[] b : e.fieldsAndValues()) fields.add(Reply.bulk(b));
        return Reply.array(List.of(idReply(e.id()), Reply.array(fields)));
    }

    private static StreamValue stream(CommandContext ctx, Key key) { return ctx.lookup(key, StreamValue.class); }

    private static long nodeMaxBytes(CommandContext ctx) { return ctx.engine().config().getLong("stream-node-max-bytes"); }

    private static long nodeMaxEntries(CommandContext ctx) { return ctx.engine().config().getLong("stream-node-max-entries"); }

    private static String text(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    private static Reply.Error noGroup(String message) { return Reply.error("NOGROUP " + message); }

    // ---------------------------------------------------------------- XADD, XTRIM

    /** streamAddTrimArgs. */
    private static final class AddTrim {
        Id id;
        boolean idGiven;
        boolean seqGiven = true;
        boolean noMkStream;
        int strategy; // 0 none, 1 maxlen, 2 minid
        boolean approx;
        long limit;
        long maxLength;
        Id minId;
        int idPosition;
        /** Where MAXLEN's count or MINID's ID is, for the rewrite an approximate trim propagates as. */
        int trimArgPosition;

        StreamValue.Trim trim() { return new StreamValue.Trim(strategy == 1, maxLength, minId, approx, limit); }
    }

    /** streamParseAddOrTrimArgsOrReply. */
    private static AddTrim parseAddOrTrim(CommandContext ctx, boolean xadd) {
        AddTrim a = new AddTrim();
        int i = 2;
        boolean limitGiven = false;
        for (; i < ctx.argc(); i++) {
            int more = ctx.argc() - 1 - i;
            byte[] opt = ctx.arg(i);
            if (xadd && opt.length == 1 && opt[0] == '*') {
                break;
            } else if (ctx.isOption(i, "maxlen") && more > 0) {
                if (a.strategy != 0) throw new CommandFailed(Reply.error("ERR syntax error, MAXLEN and MINID options at the same time are not compatible"));
                a.approx = false;
                byte[] next = ctx.arg(i + 1);
                if (more >= 2 && next.length == 1 && next[0] == '~') {
                    a.approx = true;
                    i++;
                } else if (more >= 2 && next.length == 1 && next[0] == '=') {
                    i++;
                }
                a.maxLength = ctx.longArg(i + 1);
                if (a.maxLength < 0) throw new CommandFailed(Reply.error("ERR The MAXLEN argument must be >= 0."));
                i++;
                a.trimArgPosition = i;
                a.strategy = 1;
            } else if (ctx.isOption(i, "minid") && more > 0) {
                if (a.strategy != 0) throw new CommandFailed(Reply.error("ERR syntax error, MAXLEN and MINID options at the same time are not compatible"));
                a.approx = false;
                byte[] next = ctx.arg(i + 1);
                if (more >= 2 && next.length == 1 && next[0] == '~') {
                    a.approx = true;
                    i++;
                } else if (more >= 2 && next.length == 1 && next[0] == '=') {
                    i++;
                }
                a.minId = strictId(ctx, i + 1);
                i++;
                a.trimArgPosition = i;
                a.strategy = 2;
            } else if (ctx.isOption(i, "limit") && more > 0) {
                a.limit = ctx.longArg(i + 1);
                if (a.limit < 0) throw new CommandFailed(Reply.error("ERR The LIMIT argument must be >= 0."));
                limitGiven = true;
                i++;
            } else if (xadd && ctx.isOption(i, "nomkstream")) {
                a.noMkStream = true;
            } else if (xadd) {
                ParsedId p = parseId(ctx.arg(i), 0, true, true);
                if (p == null) throw new CommandFailed(INVALID_ID);
                a.id = p.id();
                a.seqGiven = p.seqGiven();
                a.idGiven = true;
                break;
            } else {
                throw new CommandFailed(Errors.SYNTAX);
            }
        }
        if (a.limit != 0 && a.strategy == 0) {
            throw new CommandFailed(Reply.error("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"));
        }
        if (!xadd && a.strategy == 0) throw new CommandFailed(Reply.error("ERR syntax error, XTRIM must be called with a trimming strategy"));
        if (ctx.session().mustObey()) {
            a.limit = 0; // the trim was rewritten to its exact result when first run
        } else if (limitGiven) {
            if (!a.approx) throw new CommandFailed(Reply.error("ERR syntax error, LIMIT cannot be used without the special ~ option"));
        } else if (a.approx) {
            a.limit = 100 * nodeMaxEntries(ctx);
            if (a.limit <= 0) a.limit = 10000;
            if (a.limit > 1000000) a.limit = 1000000;
        } else {
            a.limit = 0;
        }
        a.idPosition = i;
        return a;
    }

    private static Reply xadd(CommandContext ctx) {
        AddTrim a = parseAddOrTrim(ctx, true);
        int fieldPos = a.idPosition + 1;
        int rest = ctx.argc() - fieldPos;
        if (rest < 2 || rest % 2 == 1) return Errors.wrongArity("xadd");
        if (a.idGiven && a.seqGiven && a.id.isZero()) return Reply.error("ERR The ID specified in XADD must be greater than 0-0");

        Key key = ctx.key(1);
        StreamValue s = stream(ctx, key);
        if (s == null) {
            if (a.noMkStream) return Reply.NIL;
            s = new StreamValue();
            ctx.db().put(key, s, false);
        }
        if (s.lastId().equals(Id.MAX)) {
            return Reply.error("ERR The stream has exhausted the last possible ID, unable to add more items");
        }
        Id id;
        if (a.idGiven) {
            if (a.seqGiven) {
                id = a.id;
            } else if (s.lastId().ms() == a.id.ms()) {
                id = s.lastId().next();
                if (s.lastId().seq() == -1L) id = null;
            } else {
                id = a.id;
            }
        } else {
            long now = ctx.now();
            id = Long.compareUnsigned(now, s.lastId().ms()) > 0 ? new Id(now, 0) : s.lastId().next();
        }
        if (id == null || id.compareTo(s.lastId()) <= 0) {
            return Reply.error("ERR The ID specified in XADD is equal or smaller than the target stream top item");
        }
        byte[][] fieldsAndValues = new byte[rest][];
        long total = 0;
        for (int j = 0; j < rest; j++) {
            fieldsAndValues[j] = ctx.arg(fieldPos + j);
            total += fieldsAndValues[j].length;
        }
        if (total > dev.txlab.engine.keyspace.ListpackSize.STREAM_LISTPACK_MAX_SIZE) {
            return Reply.error("ERR Elements are too large to be stored");
        }
        s.append(id, fieldsAndValues, nodeMaxBytes(ctx), nodeMaxEntries(ctx));
        ctx.db().modified(key);
        ctx.db().signalReady(key);
        notify(ctx, "xadd", key);
        List<byte[]> propagated = new ArrayList<>(ctx.argv());
        if (a.strategy != 0) {
            if (s.trim(a.trim()) > 0) notify(ctx, "xtrim", key);
            if (a.approx) rewriteApproxTrim(propagated, a, s);
        }
        // replicas get the ID this server chose, so that theirs is the same
        if (!a.idGiven || !a.seqGiven) propagated.set(a.idPosition, Bytes.utf8(id.toString()));
        ctx.propagateAs(propagated);
        return idReply(id);
    }

    /**
     * streamRewriteApproxSpecifier and streamRewriteTrimArgument: "~" trims depend on node
     * boundaries, which a replica need not share, so they travel as an exact trim to the result
     * (MAXLEN = the length now, MINID = the first ID the nodes still hold, deleted or not).
     */
    private static void rewriteApproxTrim(List<byte[]> argv, AddTrim a, StreamValue s) {
        argv.set(a.trimArgPosition - 1, Bytes.utf8("="));
        String arg = a.strategy == 1 ? Long.toString(s.length()) : s.firstStoredId().toString();
        argv.set(a.trimArgPosition, Bytes.utf8(arg));
    }

    private static Reply xtrim(CommandContext ctx) {
        AddTrim a = parseAddOrTrim(ctx, false);
        Key key = ctx.key(1);
        StreamValue s = stream(ctx, key);
        if (s == null) return Reply.ZERO;
        long deleted = s.trim(a.trim());
        if (deleted > 0) {
            ctx.db().modified(key);
            notify(ctx, "xtrim", key);
        }
        if (a.approx) {
            List<byte[]> propagated = new ArrayList<>(ctx.argv());
            rewriteApproxTrim(propagated, a, s);
            ctx.propagateAs(propagated);
        }
        return Reply.integer(deleted);
    }

    // ---------------------------------------------------------------- reads and deletes

    private static Reply xlen(CommandContext ctx) {
        StreamValue s = stream(ctx, ctx.key(1));
        return s == null ? Reply.ZERO : Reply.integer(s.length());
    }

    private static Reply xrange(CommandContext ctx, boolean reverse) {
        int startArg = reverse ? 3 : 2;
        int endArg = reverse ? 2 : 3;
        Id start = intervalId(ctx, startArg, 0, true);
        Id end = intervalId(ctx, endArg, -1L, false);
        long count = -1;
        for (int j = 4; j < ctx.argc(); j++) {
            if (ctx.isOption(j, "count") && j + 1 < ctx.argc()) {
                count = ctx.longArg(j + 1);
                if (count < 0) count = 0;
                j++;
            } else {
                return Errors.SYNTAX;
            }
        }
        StreamValue s = stream(ctx, ctx.key(1));
        if (s == null) return Reply.EMPTY_ARRAY;
        if (count == 0) return Reply.NIL_ARRAY;
        List<Reply> out = new ArrayList<>();
        for (Entry e : s.range(start, end, reverse)) {
            out.add(entryReply(e));
            if (count > 0 && out.size() == count) break;
        }
        return Reply.array(out);
    }

    private static Reply xdel(CommandContext ctx) {
        Key key = ctx.key(1);
        StreamValue s = stream(ctx, key);
        if (s == null) return Reply.ZERO;
        List<Id> ids = new ArrayList<>();
        for (int j = 2; j < ctx.argc(); j++) ids.add(strictId(ctx, j));
        long deleted = 0;
        for (Id id : ids) {
            if (s.delete(id)) {
                if (id.compareTo(s.maxDeletedEntryId()) > 0) s.setMaxDeletedEntryId(id);
                deleted++;
            }
        }
        if (deleted > 0) {
            s.refreshFirstId();
            ctx.db().modified(key);
            notify(ctx, "xdel", key);
        }
        return Reply.integer(deleted);
    }

    private static Reply xsetid(CommandContext ctx) {
        Id id = strictId(ctx, 2);
        long entriesAdded = -1;
        Id maxDeleted = Id.MIN;
        for (int i = 3; i < ctx.argc(); i += 2) {
            boolean more = i + 1 < ctx.argc();
            if (ctx.isOption(i, "entriesadded") && more) {
                entriesAdded = ctx.longArg(i + 1);
                if (entriesAdded < 0) return Reply.error("ERR entries_added must be positive");
            } else if (ctx.isOption(i, "maxdeletedid") && more) {
                maxDeleted = strictId(ctx, i + 1);
                if (id.compareTo(maxDeleted) < 0) {
                    return Reply.error("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
            } else {
                return Errors.SYNTAX;
            }
        }
        Key key = ctx.key(1);
        StreamValue s = stream(ctx, key);
        if (s == null) return Errors.NO_SUCH_KEY;
        if (s.length() > 0) {
            if (id.compareTo(s.edge(false).id()) < 0) {
                return Reply.error("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && s.length() > entriesAdded) {
                return Reply.error("ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        s.setLastId(id);
        if (entriesAdded != -1) s.setEntriesAdded(entriesAdded);
        if (!maxDeleted.isZero()) s.setMaxDeletedEntryId(maxDeleted);
        ctx.engine().addDirty(1); // Redis signals no key here: a watch on the stream holds
        notify(ctx, "xsetid", key);
        return Reply.OK;
    }

    // ---------------------------------------------------------------- XREAD, XREADGROUP

    private static final long XREAD_BLOCKED_DEFAULT_COUNT = 1000;

    private static Reply xread(CommandContext ctx, boolean group) {
        long timeout = -1;
        long count = 0;
        int streamsArg = 0;
        int streamsCount = 0;
        boolean noAck = false;
        Key groupName = null;
        Key consumerName = null;
        String name = text(ctx.arg(0));
        for (int i = 1; i < ctx.argc(); i++) {
            int more = ctx.argc() - i - 1;
            if (ctx.isOption(i, "block") && more > 0) {
                if (ctx.session().denyBlocking()) { // a script's client: Lua gets its own error; MULTI just never blocks
                    return Reply.error("ERR " + name + " command is not allowed with BLOCK option from scripts");
                }
                i++;
                timeout = blockMillis(ctx, i);
            } else if (ctx.isOption(i, "count") && more > 0) {
                i++;
                count = ctx.longArg(i);
                if (count < 0) count = 0;
            } else if (ctx.isOption(i, "streams") && more > 0) {
                streamsArg = i + 1;
                streamsCount = ctx.argc() - streamsArg;
                if (streamsCount % 2 != 0) {
                    return Reply.error("ERR Unbalanced XREAD"
                            + " list of streams: for each stream key an ID or '$' must be specified.");
                }
                streamsCount /= 2;
                break;
            } else if (ctx.isOption(i, "group") && more >= 2) {
                if (!group) return Reply.error("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                groupName = ctx.key(i + 1);
                consumerName = ctx.key(i + 2);
                i += 2;
            } else if (ctx.isOption(i, "noack")) {
                if (!group) return Reply.error("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                noAck = true;
            } else {
                return Errors.SYNTAX;
            }
        }
        if (streamsArg == 0) return Errors.SYNTAX;
        if (group && groupName == null) return Reply.error("ERR Missing GROUP option for XREADGROUP");

        Id[] ids = new Id[streamsCount];
        Group[] groups = new Group[streamsCount];
        for (int i = 0; i < streamsCount; i++) {
            Key key = ctx.key(streamsArg + i);
            byte[] arg = ctx.arg(streamsArg + streamsCount + i);
            StreamValue s = stream(ctx, key);
            if (groupName != null) {
                Group g = s == null ? null : s.groups().get(groupName);
                if (g == null) {
                    return noGroup("No such key '" + text(key.bytes()) + "' or consumer group '" + text(groupName.bytes())
                            + "' in XREADGROUP with GROUP option");
                }
                groups[i] = g;
            }
            if (arg.length == 1 && arg[0] == '$') {
                if (group) {
                    return Reply.error("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history "
                            + "of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would "
                            + "just return an empty result set.");
                }
                ids[i] = s != null ? s.lastId() : Id.MIN;
                continue;
            }
            if (arg.length == 1 && arg[0] == '>') {
                if (!group) {
                    return Reply.error("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
                }
                ids[i] = Id.MAX;
                continue;
            }
            ids[i] = strictId(ctx, streamsArg + streamsCount + i);
        }

        List<Reply> results = new ArrayList<>();
        boolean resp3 = ctx.session().protocol() >= 3;
        for (int i = 0; i < streamsCount; i++) {
            Key key = ctx.key(streamsArg + i);
            StreamValue s = stream(ctx, key);
            if (s == null) continue;
            Id gt = ids[i];
            boolean serve = false;
            boolean history = false;
            if (group) {
                if (!gt.equals(Id.MAX)) {
                    serve = true;
                    history = true;
                } else if (s.length() > 0 && s.edge(false).id().compareTo(groups[i].lastId) > 0) {
                    serve = true;
                    gt = groups[i].lastId;
                }
            } else if (s.length() > 0 && s.edge(false).id().compareTo(gt) > 0) {
                serve = true;
            }
            if (!serve) continue;
            Consumer consumer = group ? consumerForRead(ctx, key, groups[i], groupName, consumerName, noAck) : null;
            Reply entries = history
                    ? rangeFromConsumerPending(ctx, s, gt, count, consumer)
                    : range(ctx, s, gt.next(), count, group ? groups[i] : null, consumer, noAck, key, groupName);
            if (resp3) {
                results.add(Reply.bulk(key.bytes()));
                results.add(entries);
            } else {
                results.add(Reply.array(List.of(Reply.bulk(key.bytes()), entries)));
            }
            if (group) ctx.engine().addDirty(1); // a write, yet Redis signals no key: WATCH does not see it
        }
        // replicas get what the read changed (XCLAIM, XGROUP SETID/CREATECONSUMER), never the read
        if (group) ctx.preventPropagation();
        if (!results.isEmpty()) return resp3 ? Reply.map(results) : Reply.array(results);
        if (timeout == -1 || Blocking.insideExec(ctx)) return Reply.NIL_ARRAY;

        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < streamsCount; i++) keys.add(ctx.key(streamsArg + i));
        long readCount = count != 0 ? count : XREAD_BLOCKED_DEFAULT_COUNT;
        Key groupKey = groupName;
        Key consumerKey = consumerName;
        boolean noAckFinal = noAck;
        Map<Key, Id> waitingAfter = new java.util.HashMap<>();
        for (int i = 0; i < streamsCount; i++) waitingAfter.putIfAbsent(keys.get(i), ids[i]);
        return Blocking.block(ctx, keys, timeout, Reply.NIL_ARRAY,
                (served, readyKey) -> serveBlocked(served, readyKey, waitingAfter.get(readyKey), readCount, groupKey, consumerKey, noAckFinal));
    }

    /** serveClientsBlockedOnStreamKey: the answer for a client blocked on this key, or null to keep waiting. */
    private static Reply serveBlocked(CommandContext ctx, Key key, Id after, long count, Key groupName, Key consumerName, boolean noAck) {
        if (!(ctx.db().lookup(key) instanceof StreamValue s)) {
            return groupName == null ? null : Reply.error("UNBLOCKED the stream key no longer exists");
        }
        Group g = null;
        Id gt = after;
        if (groupName != null) {
            g = s.groups().get(groupName);
            if (g == null) return noGroup("the consumer group this client was blocked on no longer exists");
            gt = g.lastId;
        }
        if (s.lastId().compareTo(gt) <= 0) return null;
        Consumer consumer = g != null ? consumerForRead(ctx, key, g, groupName, consumerName, noAck) : null;
        Reply entries = range(ctx, s, gt.next(), count, g, consumer, noAck, key, groupName);
        if (g != null) ctx.engine().addDirty(1);
        if (ctx.session().protocol() >= 3) return Reply.map(List.of(Reply.bulk(key.bytes()), entries));
        return Reply.array(List.of(Reply.array(List.of(Reply.bulk(key.bytes()), entries))));
    }

    /** XREAD's BLOCK milliseconds (getTimeoutFromObjectOrReply in milliseconds): 0 waits forever. */
    private static long blockMillis(CommandContext ctx, int i) {
        Long ms = Numbers.parseLong(ctx.arg(i));
        if (ms == null) throw new CommandFailed(Reply.error("ERR timeout is not an integer or out of range"));
        if (ms < 0) throw new CommandFailed(Reply.error("ERR timeout is negative"));
        return ms;
    }

    /**
     * The reading consumer, created if new: with NOACK no XCLAIM will carry it to replicas, so
     * its creation travels as XGROUP CREATECONSUMER (streamPropagateConsumerCreation).
     */
    private static Consumer consumerForRead(CommandContext ctx, Key key, Group g, Key groupName, Key name, boolean noAck) {
        boolean existed = g.consumer(name) != null;
        Consumer c = lookupOrCreateConsumer(ctx, key, g, name);
        if (!existed && noAck) ctx.alsoPropagate("XGROUP", "CREATECONSUMER", key, groupName, name);
        return c;
    }

    /**
     * streamPropagateXCLAIM: an idempotent XCLAIM that gives a replica the same pending entry
     * (owner, delivery time and count) and the group's last ID.
     */
    private static void propagateClaim(CommandContext ctx, Key key, Key groupName, Group g, Object id, Pending p) {
        ctx.alsoPropagate("XCLAIM", key, groupName, p.consumer.name, "0", id, "TIME", p.deliveryTime,
                "RETRYCOUNT", p.deliveryCount, "FORCE", "JUSTID", "LASTID", g.lastId.toString());
    }

    /** streamPropagateGroupID: XGROUP SETID with the group's read counter. */
    private static void propagateGroupId(CommandContext ctx, Key key, Key groupName, Group g) {
        ctx.alsoPropagate("XGROUP", "SETID", key, groupName, g.lastId.toString(), "ENTRIESREAD", g.entriesRead);
    }

    /** streamLookupConsumer, else streamCreateConsumer (which counts as a change and notifies). */
    private static Consumer lookupOrCreateConsumer(CommandContext ctx, Key key, Group g, Key name) {
        Consumer c = g.consumer(name);
        if (c != null) {
            c.seenTime = ctx.now();
            return c;
        }
        ctx.engine().addDirty(1);
        notify(ctx, "xgroup-createconsumer", key);
        return g.createConsumer(name, ctx.now());
    }

    private static void notify(CommandContext ctx, String event, Key key) {
        Notifications.event(ctx, Notifications.STREAM, event, key);
    }

    /** streamReplyWithRange from start onwards, moving a group's last ID and pending list when given. */
    private static Reply range(CommandContext ctx, StreamValue s, Id start, long count, Group g, Consumer consumer,
                               boolean noAck, Key key, Key groupName) {
        List<Reply> out = new ArrayList<>();
        if (start == null) return Reply.array(out);
        boolean lastIdMoved = false;
        for (Entry e : s.range(start, Id.MAX, false)) {
            if (g != null && e.id().compareTo(g.lastId) > 0) {
                if (g.entriesRead != -1 && !hasTombstones(s, e.id())) g.entriesRead++;
                else if (s.entriesAdded() != 0) g.entriesRead = s.estimateDistance(e.id());
                g.lastId = e.id();
                lastIdMoved = true;
            }
            out.add(entryReply(e));
            if (g != null && !noAck) {
                Pending p = g.deliver(e.id(), consumer, ctx.now());
                propagateClaim(ctx, key, groupName, g, e.id().toString(), p);
            }
            if (count != 0 && out.size() == count) break;
        }
        // without NOACK the XCLAIMs carry the last ID; with it, only this can
        if (g != null && noAck && lastIdMoved) propagateGroupId(ctx, key, groupName, g);
        return Reply.array(out);
    }

    /** streamReplyWithRangeFromConsumerPEL: a consumer's own history, deleted entries shown as nil. */
    private static Reply rangeFromConsumerPending(CommandContext ctx, StreamValue s, Id after, long count, Consumer consumer) {
        List<Reply> out = new ArrayList<>();
        Id start = after.next();
        if (start == null) return Reply.array(out);
        for (Pending p : consumer.pending.tailMap(start, true).values()) {
            if (count != 0 && out.size() >= count) break;
            Entry e = s.get(p.id);
            if (e == null) {
                out.add(Reply.array(List.of(idReply(p.id), Reply.NIL_ARRAY)));
            } else {
                out.add(entryReply(e));
                p.deliveryTime = ctx.now();
                p.deliveryCount++;
            }
        }
        return Reply.array(out);
    }

    /** streamRangeHasTombstones from start to the end of the stream. */
    private static boolean hasTombstones(StreamValue s, Id start) {
        if (s.length() == 0 || s.maxDeletedEntryId().isZero()) return false;
        if (s.firstId().compareTo(s.maxDeletedEntryId()) > 0) return false;
        return start.compareTo(s.maxDeletedEntryId()) <= 0;
    }

    /** streamReplyWithCGLag: the entries not yet delivered to the group, or nil when unknown. */
    private static Reply lag(StreamValue s, Group g) {
        if (s.entriesAdded() == 0) return Reply.ZERO;
        if (g.entriesRead != -1 && !hasTombstones(s, g.lastId)) {
            return Reply.integer(s.entriesAdded() - g.entriesRead);
        }
        long read = s.estimateDistance(g.lastId);
        return read != -1 ? Reply.integer(s.entriesAdded() - read) : Reply.NIL;
    }

    // ---------------------------------------------------------------- XGROUP

    /** The shared checks of XGROUP's subcommands: options, the key, the group. */
    private record GroupTarget(StreamValue stream, Group group, boolean mkStream, long entriesRead) {}

    private static GroupTarget groupTarget(CommandContext ctx, boolean create, boolean setid, boolean groupRequired) {
        boolean mkStream = false;
        long entriesRead = -1;
        int i = 5;
        while (i < ctx.argc()) {
            if (create && ctx.isOption(i, "mkstream")) {
                mkStream = true;
                i++;
            } else if ((create || setid) && ctx.isOption(i, "entriesread") && i + 1 < ctx.argc()) {
                entriesRead = ctx.longArg(i + 1);
                if (entriesRead < 0 && entriesRead != -1) throw new CommandFailed(Reply.error("ERR value for ENTRIESREAD must be positive or -1"));
                i += 2;
            } else {
                throw new CommandFailed(Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1)));
            }
        }
        StreamValue s = stream(ctx, ctx.key(2));
        Group g = s == null ? null : s.groups().get(ctx.key(3));
        if (!mkStream) {
            if (s == null) {
                throw new CommandFailed(Reply.error("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE "
                        + "you may want to use the MKSTREAM option to create an empty stream automatically."));
            }
            if (g == null && groupRequired) {
                throw new CommandFailed(noGroup("No such consumer group '" + text(ctx.arg(3)) + "' for key name '" + text(ctx.arg(2)) + "'"));
            }
        }
        return new GroupTarget(s, g, mkStream, entriesRead);
    }

    private static Reply xgroupCreate(CommandContext ctx) {
        GroupTarget t = groupTarget(ctx, true, false, false);
        if (ctx.argc() > 8) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        StreamValue s = t.stream();
        Id id;
        byte[] arg = ctx.arg(4);
        if (arg.length == 1 && arg[0] == '$') id = s != null ? s.lastId() : Id.MIN;
        else id = strictId(ctx, 4);
        Key key = ctx.key(2);
        if (s == null) {
            s = new StreamValue();
            ctx.db().put(key, s, false);
            ctx.db().modified(key);
        }
        if (s.createGroup(ctx.key(3), id, t.entriesRead()) == null) return Reply.error("BUSYGROUP Consumer Group name already exists");
        ctx.engine().addDirty(1);
        notify(ctx, "xgroup-create", key);
        return Reply.OK;
    }

    private static Reply xgroupSetid(CommandContext ctx) {
        GroupTarget t = groupTarget(ctx, false, true, true);
        if (ctx.argc() != 5 && ctx.argc() != 7) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        byte[] arg = ctx.arg(4);
        Id id = arg.length == 1 && arg[0] == '$' ? t.stream().lastId() : id(ctx, 4, 0, false);
        t.group().lastId = id;
        t.group().entriesRead = t.entriesRead();
        ctx.engine().addDirty(1);
        notify(ctx, "xgroup-setid", ctx.key(2));
        return Reply.OK;
    }

    private static Reply xgroupDestroy(CommandContext ctx) {
        GroupTarget t = groupTarget(ctx, false, false, false);
        if (ctx.argc() != 4) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        if (t.group() == null) return Reply.ZERO;
        t.stream().groups().remove(ctx.key(3));
        ctx.engine().addDirty(1);
        notify(ctx, "xgroup-destroy", ctx.key(2));
        ctx.db().signalReady(ctx.key(2)); // XREADGROUP clients blocked on it get NOGROUP
        return Reply.ONE;
    }

    private static Reply xgroupCreateConsumer(CommandContext ctx) {
        GroupTarget t = groupTarget(ctx, false, false, true);
        if (ctx.argc() != 5) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        Consumer created = t.group().createConsumer(ctx.key(4), ctx.now());
        if (created != null) {
            ctx.engine().addDirty(1);
            notify(ctx, "xgroup-createconsumer", ctx.key(2));
        }
        return created != null ? Reply.ONE : Reply.ZERO;
    }

    private static Reply xgroupDelConsumer(CommandContext ctx) {
        GroupTarget t = groupTarget(ctx, false, false, true);
        if (ctx.argc() != 5) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        Group g = t.group();
        Consumer c = g.consumers.remove(ctx.key(4));
        if (c == null) return Reply.ZERO;
        for (Id id : c.pending.keySet()) g.pending.remove(id);
        ctx.engine().addDirty(1);
        notify(ctx, "xgroup-delconsumer", ctx.key(2));
        return Reply.integer(c.pending.size());
    }

    // ---------------------------------------------------------------- XACK, XPENDING, XCLAIM, XAUTOCLAIM

    private static Reply xack(CommandContext ctx) {
        StreamValue s = stream(ctx, ctx.key(1));
        Group g = s == null ? null : s.groups().get(ctx.key(2));
        if (g == null) return Reply.ZERO;
        List<Id> ids = new ArrayList<>();
        for (int j = 3; j < ctx.argc(); j++) ids.add(strictId(ctx, j));
        long acknowledged = 0;
        for (Id id : ids) {
            Pending p = g.pending.remove(id);
            if (p != null) {
                p.consumer.pending.remove(id);
                acknowledged++;
            }
        }
        if (acknowledged > 0) ctx.engine().addDirty(acknowledged);
        return Reply.integer(acknowledged);
    }

    private static Reply xpending(CommandContext ctx) {
        boolean justInfo = ctx.argc() == 3;
        if (ctx.argc() != 3 && (ctx.argc() < 6 || ctx.argc() > 9)) return Errors.SYNTAX;
        Id start = null, end = null;
        long count = 0, minIdle = 0;
        Key consumerName = null;
        if (ctx.argc() >= 6) {
            int startIdx = 3;
            if (ctx.isOption(3, "idle")) {
                minIdle = ctx.longArg(4);
                if (ctx.argc() < 8) return Errors.SYNTAX;
                startIdx += 2;
            }
            count = ctx.longArg(startIdx + 2);
            if (count < 0) count = 0;
            start = intervalId(ctx, startIdx, 0, true);
            end = intervalId(ctx, startIdx + 1, -1L, false);
            if (startIdx + 3 < ctx.argc()) consumerName = ctx.key(startIdx + 3);
        }
        StreamValue s = stream(ctx, ctx.key(1));
        Group g = s == null ? null : s.groups().get(ctx.key(2));
        if (g == null) {
            return noGroup("No such key '" + text(ctx.arg(1)) + "' or consumer group '" + text(ctx.arg(2)) + "'");
        }
        if (justInfo) {
            if (g.pending.isEmpty()) return Reply.array(List.of(Reply.ZERO, Reply.NIL, Reply.NIL, Reply.NIL_ARRAY));
            List<Reply> consumers = new ArrayList<>();
            for (Consumer c : g.consumers.values()) {
                if (c.pending.isEmpty()) continue;
                consumers.add(Reply.array(List.of(Reply.bulk(c.name.bytes()), Reply.bulk(Long.toString(c.pending.size())))));
            }
            return Reply.array(List.of(Reply.integer(g.pending.size()), idReply(g.pending.firstKey()),
                    idReply(g.pending.lastKey()), Reply.array(consumers)));
        }
        java.util.TreeMap<Id, Pending> pel = g.pending;
        if (consumerName != null) {
            Consumer c = g.consumer(consumerName);
            if (c == null) return Reply.EMPTY_ARRAY;
            pel = c.pending;
        }
        long now = ctx.now();
        List<Reply> out = new ArrayList<>();
        for (Pending p : pel.tailMap(start, true).values()) {
            if (count == 0 || p.id.compareTo(end) > 0) break;
            if (minIdle != 0 && now - p.deliveryTime < minIdle) continue;
            count--;
            out.add(Reply.array(List.of(idReply(p.id), Reply.bulk(p.consumer.name.bytes()),
                    Reply.integer(Math.max(0, now - p.deliveryTime)), Reply.integer(p.deliveryCount))));
        }
        return Reply.array(out);
    }

    private static Reply xclaim(CommandContext ctx) {
        StreamValue s = stream(ctx, ctx.key(1));
        Group g = s == null ? null : s.groups().get(ctx.key(2));
        if (g == null) return noGroup("No such key '" + text(ctx.arg(1)) + "' or consumer group '" + text(ctx.arg(2)) + "'");
        Long minIdleArg = Numbers.parseLong(ctx.arg(4));
        if (minIdleArg == null) return Reply.error("ERR Invalid min-idle-time argument for XCLAIM");
        long minIdle = Math.max(0, minIdleArg);
        List<Id> ids = new ArrayList<>();
        int j = 5;
        for (; j < ctx.argc(); j++) {
            ParsedId p = parseId(ctx.arg(j), 0, true, false);
            if (p == null) break;
            ids.add(p.id());
        }
        long now = ctx.now();
        long deliveryTime = -1;
        long retryCount = -1;
        boolean force = false, justId = false;
        Id lastId = Id.MIN;
        for (; j < ctx.argc(); j++) {
            boolean more = j + 1 < ctx.argc();
            if (ctx.isOption(j, "force")) force = true;
            else if (ctx.isOption(j, "justid")) justId = true;
            else if (ctx.isOption(j, "idle") && more) {
                deliveryTime = now - longOr(ctx, ++j, "ERR Invalid IDLE option argument for XCLAIM");
            } else if (ctx.isOption(j, "time") && more) {
                deliveryTime = longOr(ctx, ++j, "ERR Invalid TIME option argument for XCLAIM");
            } else if (ctx.isOption(j, "retrycount") && more) {
                retryCount = longOr(ctx, ++j, "ERR Invalid RETRYCOUNT option argument for XCLAIM");
            } else if (ctx.isOption(j, "lastid") && more) {
                lastId = strictId(ctx, ++j);
            } else {
                return Reply.error("ERR Unrecognized XCLAIM option '" + text(ctx.arg(j)) + "'");
            }
        }
        boolean propagateLastId = false;
        if (lastId.compareTo(g.lastId) > 0) {
            g.lastId = lastId;
            propagateLastId = true;
        }
        if (deliveryTime != -1) {
            if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
        } else {
            deliveryTime = now;
        }
        Consumer consumer = null;
        List<Reply> out = new ArrayList<>();
        boolean changed = false;
        Key key = ctx.key(1);
        Key groupName = ctx.key(2);
        for (int k = 0; k < ids.size(); k++) {
            Id id = ids.get(k);
            byte[] idArg = ctx.arg(5 + k);
            Pending p = g.pending.get(id);
            Entry e = s.get(id);
            if (e == null) {
                if (p != null) {
                    propagateClaim(ctx, key, groupName, g, idArg, p); // the replica drops it as well
                    propagateLastId = false;
                    g.pending.remove(id);
                    p.consumer.pending.remove(id);
                    changed = true;
                }
                continue;
            }
            boolean forced = false;
            if (force && p == null) {
                p = g.addUnowned(id, now);
                forced = true;
            }
            if (p == null) continue;
            if (!forced && p.consumer != null && minIdle != 0 && now - p.deliveryTime < minIdle) continue;
            if (consumer == null) consumer = lookupOrCreateConsumer(ctx, ctx.key(1), g, ctx.key(3));
            if (p.consumer != consumer && p.consumer != null) p.consumer.pending.remove(id);
            p.deliveryTime = deliveryTime;
            if (retryCount >= 0) p.deliveryCount = retryCount;
            else if (!justId) p.deliveryCount++;
            if (p.consumer != consumer) {
                consumer.pending.put(id, p);
                p.consumer = consumer;
            }
            out.add(justId ? idReply(id) : entryReply(e));
            propagateClaim(ctx, key, groupName, g, idArg, p);
            propagateLastId = false; // the XCLAIM carries it
            changed = true;
        }
        if (propagateLastId) {
            propagateGroupId(ctx, key, groupName, g);
            changed = true;
        }
        if (changed) ctx.engine().addDirty(1);
        ctx.preventPropagation();
        return Reply.array(out);
    }

    private static long longOr(CommandContext ctx, int i, String error) {
        Long v = Numbers.parseLong(ctx.arg(i));
        if (v == null) throw new CommandFailed(Reply.error(error));
        return v;
    }

    private static Reply xautoclaim(CommandContext ctx) {
        Long minIdleArg = Numbers.parseLong(ctx.arg(4));
        if (minIdleArg == null) return Reply.error("ERR Invalid min-idle-time argument for XAUTOCLAIM");
        long minIdle = Math.max(0, minIdleArg);
        Id start = intervalId(ctx, 5, 0, true);
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < ctx.argc(); j++) {
            boolean more = j + 1 < ctx.argc();
            if (ctx.isOption(j, "count") && more) {
                // getRangeLongFromObjectOrReply with a message: a non-integer gets that message too
                Long c = Numbers.parseLong(ctx.arg(j + 1));
                if (c == null || c < 1 || c > Long.MAX_VALUE / 16) return Reply.error("ERR COUNT must be > 0");
                count = c;
                j++;
            } else if (ctx.isOption(j, "justid")) {
                justId = true;
            } else {
                return Errors.SYNTAX;
            }
        }
        StreamValue s = stream(ctx, ctx.key(1));
        Group g = s == null ? null : s.groups().get(ctx.key(2));
        if (g == null) return noGroup("No such key '" + text(ctx.arg(1)) + "' or consumer group '" + text(ctx.arg(2)) + "'");
        long now = ctx.now();
        long attempts = count * 10;
        Consumer consumer = null;
        List<Reply> claimed = new ArrayList<>();
        List<Reply> deleted = new ArrayList<>();
        Id cursor = start;
        Id next = null;
        boolean changed = false;
        while (true) {
            Map.Entry<Id, Pending> me = g.pending.ceilingEntry(cursor);
            if (me == null) {
                next = null;
                break;
            }
            if (!(attempts-- > 0 && count > 0)) {
                next = me.getKey();
                break;
            }
            Pending p = me.getValue();
            Id id = me.getKey();
            Id after = id.next();
            Entry e = s.get(id);
            if (e == null) {
                propagateClaim(ctx, ctx.key(1), ctx.key(2), g, id.toString(), p); // the replica drops it as well
                g.pending.remove(id);
                p.consumer.pending.remove(id);
                deleted.add(idReply(id));
                count--;
                changed = true;
                if (after == null) break;
                cursor = after;
                continue;
            }
            if (minIdle != 0 && now - p.deliveryTime < minIdle) {
                if (after == null) break;
                cursor = after;
                continue;
            }
            if (consumer == null) consumer = lookupOrCreateConsumer(ctx, ctx.key(1), g, ctx.key(3));
            if (p.consumer != consumer) p.consumer.pending.remove(id);
            p.deliveryTime = now;
            if (!justId) p.deliveryCount++;
            if (p.consumer != consumer) {
                consumer.pending.put(id, p);
                p.consumer = consumer;
            }
            claimed.add(justId ? idReply(id) : entryReply(e));
            propagateClaim(ctx, ctx.key(1), ctx.key(2), g, id.toString(), p);
            count--;
            changed = true;
            if (after == null) break;
            cursor = after;
        }
        if (changed) ctx.engine().addDirty(1);
        ctx.preventPropagation();
        return Reply.array(List.of(idReply(next == null ? Id.MIN : next), Reply.array(claimed), Reply.array(deleted)));
    }

    // ---------------------------------------------------------------- XINFO

    private static StreamValue infoTarget(CommandContext ctx) {
        StreamValue s = stream(ctx, ctx.key(2));
        if (s == null) throw new CommandFailed(Errors.NO_SUCH_KEY);
        return s;
    }

    private static Reply xinfoStream(CommandContext ctx) {
        // xinfoCommand looks the key up before xinfoReplyWithStreamInfo reads FULL/COUNT
        StreamValue s = infoTarget(ctx);
        boolean full = ctx.argc() > 3;
        long count = 10;
        if (full) {
            int optc = ctx.argc() - 3;
            if ((optc != 1 && optc != 3) || !ctx.isOption(3, "full")) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
            if (optc == 3) {
                if (!ctx.isOption(4, "count")) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
                count = ctx.longArg(5);
                if (count < 0) count = 10;
            }
        }
        List<Reply> m = new ArrayList<>();
        m.add(Reply.bulk("length"));
        m.add(Reply.integer(s.length()));
        m.add(Reply.bulk("radix-tree-keys"));
        m.add(Reply.integer(s.nodeCount()));
        m.add(Reply.bulk("radix-tree-nodes"));
        m.add(Reply.integer(RaxShape.nodeCount(s)));
        m.add(Reply.bulk("last-generated-id"));
        m.add(idReply(s.lastId()));
        m.add(Reply.bulk("max-deleted-entry-id"));
        m.add(idReply(s.maxDeletedEntryId()));
        m.add(Reply.bulk("entries-added"));
        m.add(Reply.integer(s.entriesAdded()));
        m.add(Reply.bulk("recorded-first-entry-id"));
        m.add(idReply(s.firstId()));
        if (!full) {
            m.add(Reply.bulk("groups"));
            m.add(Reply.integer(s.groups().size()));
            Entry first = s.edge(true);
            Entry last = s.edge(false);
            m.add(Reply.bulk("first-entry"));
            m.add(first == null ? Reply.NIL : entryReply(first));
            m.add(Reply.bulk("last-entry"));
            m.add(last == null ? Reply.NIL : entryReply(last));
            return Reply.map(m);
        }
        List<Reply> entries = new ArrayList<>();
        for (Entry e : s.range(Id.MIN, Id.MAX, false)) {
            entries.add(entryReply(e));
            if (count != 0 && entries.size() == count) break;
        }
        m.add(Reply.bulk("entries"));
        m.add(Reply.array(entries));
        List<Reply> groups = new ArrayList<>();
        for (Map.Entry<Key, Group> ge : s.groups().entrySet()) {
            Group g = ge.getValue();
            List<Reply> pel = new ArrayList<>();
            for (Pending p : g.pending.values()) {
                if (count != 0 && pel.size() >= count) break;
                pel.add(Reply.array(List.of(idReply(p.id), Reply.bulk(p.consumer.name.bytes()),
                        Reply.integer(p.deliveryTime), Reply.integer(p.deliveryCount))));
            }
            List<Reply> consumers = new ArrayList<>();
            for (Consumer c : g.consumers.values()) {
                List<Reply> cpel = new ArrayList<>();
                for (Pending p : c.pending.values()) {
                    if (count != 0 && cpel.size() >= count) break;
                    cpel.add(Reply.array(List.of(idReply(p.id), Reply.integer(p.deliveryTime), Reply.integer(p.deliveryCount))));
                }
                consumers.add(Reply.map(List.of(
                        Reply.bulk("name"), Reply.bulk(c.name.bytes()),
                        Reply.bulk("seen-time"), Reply.integer(c.seenTime),
                        Reply.bulk("pel-count"), Reply.integer(c.pending.size()),
                        Reply.bulk("pending"), Reply.array(cpel))));
            }
            groups.add(Reply.map(List.of(
                    Reply.bulk("name"), Reply.bulk(ge.getKey().bytes()),
                    Reply.bulk("last-delivered-id"), idReply(g.lastId),
                    Reply.bulk("entries-read"), g.entriesRead != -1 ? Reply.integer(g.entriesRead) : Reply.NIL,
                    Reply.bulk("lag"), lag(s, g),
                    Reply.bulk("pel-count"), Reply.integer(g.pending.size()),
                    Reply.bulk("pending"), Reply.array(pel),
                    Reply.bulk("consumers"), Reply.array(consumers))));
        }
        m.add(Reply.bulk("groups"));
        m.add(Reply.array(groups));
        return Reply.map(m);
    }

    private static Reply xinfoGroups(CommandContext ctx) {
        StreamValue s = infoTarget(ctx); // xinfoCommand: key lookup first, then the argument count
        if (ctx.argc() != 3) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        List<Reply> out = new ArrayList<>();
        for (Map.Entry<Key, Group> ge : s.groups().entrySet()) {
            Group g = ge.getValue();
            out.add(Reply.map(List.of(
                    Reply.bulk("name"), Reply.bulk(ge.getKey().bytes()),
                    Reply.bulk("consumers"), Reply.integer(g.consumers.size()),
                    Reply.bulk("pending"), Reply.integer(g.pending.size()),
                    Reply.bulk("last-delivered-id"), idReply(g.lastId),
                    Reply.bulk("entries-read"), g.entriesRead != -1 ? Reply.integer(g.entriesRead) : Reply.NIL,
                    Reply.bulk("lag"), lag(s, g))));
        }
        return Reply.array(out);
    }

    private static Reply xinfoConsumers(CommandContext ctx) {
        StreamValue s = infoTarget(ctx); // xinfoCommand: key lookup first, then the argument count
        if (ctx.argc() != 4) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        Group g = s.groups().get(ctx.key(3));
        if (g == null) return noGroup("No such consumer group '" + text(ctx.arg(3)) + "' for key name '" + text(ctx.arg(2)) + "'");
        long now = ctx.now();
        List<Reply> out = new ArrayList<>();
        for (Consumer c : g.consumers.values()) {
            out.add(Reply.map(List.of(
                    Reply.bulk("name"), Reply.bulk(c.name.bytes()),
                    Reply.bulk("pending"), Reply.integer(c.pending.size()),
                    Reply.bulk("idle"), Reply.integer(Math.max(0, now - c.seenTime)))));
        }
        return Reply.array(out);
    }
}
