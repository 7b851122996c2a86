package dev.txlab.engine.script;

import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Values crossing between Redis and Lua, both ways, as Redis 7.0's script_lua.c converts them.
 *
 * <p>Redis to Lua (a redis.call reply): integer to number, bulk to string, nil bulk and nil
 * array to {@code false}, status to {@code {ok=...}}, error to {@code {err=...}}, array to a
 * table. Lua to Redis (what the script returns): numbers truncated to integers, strings to bulk,
 * {@code true} to 1, {@code false} and nil to nil, {@code {err=}} and {@code {ok=}} tables to
 * error and status replies, other tables to arrays up to the first nil.
 */
final class Conversions {
    private Conversions() {}

    static final LuaString OK = LuaValue.valueOf("ok");
    static final LuaString ERR = LuaValue.valueOf("err");
    static final LuaString IGNORE_STATS = LuaValue.valueOf("ignore_error_stats_update");
    private static final LuaString DOUBLE = LuaValue.valueOf("double");
    private static final LuaString MAP = LuaValue.valueOf("map");
    private static final LuaString SET = LuaValue.valueOf("set");
    private static final LuaString BIG_NUMBER = LuaValue.valueOf("big_number");
    private static final LuaString VERBATIM = LuaValue.valueOf("verbatim_string");
    private static final LuaString FORMAT = LuaValue.valueOf("format");
    private static final LuaString STRING = LuaValue.valueOf("string");

    /**
     * How deep a returned table may nest before Redis's reply conversion runs out of Lua stack
     * (LUAI_MAXCSTACK 8000 slots); checked on 7.0.15 with a self-referencing table: 7995 arrays.
     */
    static final int MAX_REPLY_DEPTH = 7995;

    // ---- Redis -> Lua ----------------------------------------------------------------------

    /** A command's reply as the script sees it; resp is the script's redis.setresp() choice. */
    static LuaValue toLua(Reply reply, int resp) {
        if (reply instanceof Reply.Int i) return LuaValue.valueOf((double) i.value());
        if (reply instanceof Reply.Bulk b) return LuaString.valueOf(b.bytes());
        if (reply instanceof Reply.NullBulk || reply instanceof Reply.NullArray) {
            return resp == 3 ? LuaValue.NIL : LuaValue.FALSE;
        }
        if (reply instanceof Reply.Simple s) {
            LuaTable t = new Lua51Table();
            t.rawset(OK, LuaString.valueOf(s.text().getBytes(StandardCharsets.ISO_8859_1)));
            return t;
        }
        if (reply instanceof Reply.Error e) {
            LuaTable t = errorTable("-" + e.message());
            t.rawset(IGNORE_STATS, LuaValue.TRUE);
            return t;
        }
        Reply.Array array = (Reply.Array) reply;
        LuaTable t = new Lua51Table();
        int i = 1;
        for (Reply element : array.elements()) t.rawset(i++, toLua(element, resp));
        return t;
    }

    /**
     * A reply as a script that chose {@code redis.setresp(3)} sees it: nulls become nil (so an
     * array with a null has a hole), and the commands that answer maps, sets and doubles in RESP3
     * give {@code {map=...}}, {@code {set=...}} and {@code {double=...}} tables.
     */
    static LuaValue toLuaResp3(String command, List<byte[]> argv, Reply reply) {
        switch (command) {
            case "hgetall":
                if (reply instanceof Reply.Array a) {
                    LuaTable map = new Lua51Table();
                    for (int i = 0; i + 1 < a.elements().size(); i += 2) {
                        map.rawset(toLua(a.elements().get(i), 3), toLua(a.elements().get(i + 1), 3));
                    }
                    return single(MAP, map);
                }
                break;
            case "smembers":
                if (reply instanceof Reply.Array a) {
                    LuaTable set = new Lua51Table();
                    for (Reply m : a.elements()) set.rawset(toLua(m, 3), LuaValue.TRUE);
                    return single(SET, set);
                }
                break;
            case "zscore", "zincrby", "zadd":
                if (reply instanceof Reply.Bulk b) return doubleOf(b);
                break;
            case "zmscore":
                if (reply instanceof Reply.Array a) {
                    LuaTable t = new Lua51Table();
                    int i = 1;
                    for (Reply e : a.elements()) t.rawset(i++, e instanceof Reply.Bulk b ? doubleOf(b) : LuaValue.NIL);
                    return t;
                }
                break;
            case "zrange", "zrevrange", "zrangebyscore", "zrevrangebyscore":
                if (reply instanceof Reply.Array a && hasOption(argv, "withscores")) {
                    LuaTable t = new Lua51Table();
                    int i = 1;
                    for (int j = 0; j + 1 < a.elements().size(); j += 2) {
                        LuaTable pair = new Lua51Table();
                        pair.rawset(1, toLua(a.elements().get(j), 3));
                        pair.rawset(2, a.elements().get(j + 1) instanceof Reply.Bulk b ? doubleOf(b) : LuaValue.NIL);
                        t.rawset(i++, pair);
                    }
                    return t;
                }
                break;
            default:
                break;
        }
        return toLua(reply, 3);
    }

    private static LuaTable single(LuaString key, LuaValue value) {
        LuaTable t = new Lua51Table();
        t.rawset(key, value);
        return t;
    }

    private static LuaValue doubleOf(Reply.Bulk b) {
        Double d = dev.txlab.engine.Numbers.parseDoubleSaturating(b.bytes());
        return single(DOUBLE, LuaValue.valueOf(d == null ? 0 : d));
    }

    private static boolean hasOption(List<byte[]> argv, String option) {
        for (int i = 1; i < argv.size(); i++) {
            if (new String(argv.get(i), StandardCharsets.ISO_8859_1).equalsIgnoreCase(option)) return true;
        }
        return false;
    }

    /**
     * luaPushErrorBuff: {@code -CODE message} keeps its code, a text without a leading '-' gets
     * {@code ERR}, and so does a '-' text without a space. Trailing CR/LF go.
     */
    static LuaTable errorTable(String errorText) {
        String code;
        String message;
        if (errorText.startsWith("-")) {
            int space = errorText.indexOf(' ');
            if (space < 0) {
                code = "ERR";
                message = errorText.substring(1);
            } else {
                code = errorText.substring(1, space);
                message = errorText.substring(space + 1);
            }
        } else {
            code = "ERR";
            message = errorText;
        }
        message = trim(message, "\r\n");
        LuaTable t = new Lua51Table();
        t.rawset(ERR, Lua51.bytes(code + " " + message));
        return t;
    }

    // ---- Lua -> Redis ----------------------------------------------------------------------

    /** What EVAL replies for the script's return value (luaReplyToRedisReply). */
    static Reply toReply(LuaValue v, int resp) {
        return toReply(v, resp, 0);
    }

    private static Reply toReply(LuaValue v, int resp, int depth) {
        if (depth >= MAX_REPLY_DEPTH) return Reply.error("ERR reached lua stack limit");
        switch (v.type()) {
            case LuaValue.TSTRING:
                return Reply.bulk(Lua51.toBytes(v.strvalue()));
            case LuaValue.TBOOLEAN:
                if (resp == 2) return v.toboolean() ? Reply.ONE : Reply.NIL;
                return v.toboolean() ? Reply.ONE : Reply.ZERO; // a RESP3 boolean, as a RESP2 client gets it
            case LuaValue.TNUMBER:
                return Reply.integer(Lua51.toLong(v.todouble()));
            case LuaValue.TTABLE:
                return tableToReply((LuaTable) v, resp, depth);
            default:
                return Reply.NIL;
        }
    }

    private static Reply tableToReply(LuaTable t, int resp, int depth) {
        LuaValue err = t.rawget(ERR);
        if (err.type() == LuaValue.TSTRING) {
            return Reply.error(errorReplyText(cString(err.strvalue())));
        }
        LuaValue ok = t.rawget(OK);
        if (ok.type() == LuaValue.TSTRING) {
            return new Reply.Simple(cString(ok.strvalue()).replace('\r', ' ').replace('\n', ' '));
        }
        LuaValue dbl = t.rawget(DOUBLE);
        if (dbl.type() == LuaValue.TNUMBER) {
            double d = dbl.todouble();
            if (Double.isInfinite(d)) return Reply.bulk(d > 0 ? "inf" : "-inf");
            return Reply.bulk(CFormat.g17(d));
        }
        LuaValue big = t.rawget(BIG_NUMBER);
        if (big.type() == LuaValue.TSTRING) {
            byte[] b = Lua51.toBytes(big.strvalue());
            for (int i = 0; i < b.length; i++) if (b[i] == '\r' || b[i] == '\n') b[i] = ' ';
            return Reply.bulk(b);
        }
        LuaValue verbatim = t.rawget(VERBATIM);
        if (verbatim.istable()) {
            LuaValue format = verbatim.rawget(FORMAT);
            LuaValue string = verbatim.rawget(STRING);
            if (format.type() == LuaValue.TSTRING && string.type() == LuaValue.TSTRING) {
                return Reply.bulk(Lua51.toBytes(string.strvalue()));
            }
        }
        LuaValue map = t.rawget(MAP);
        if (map.istable()) {
            List<Reply> flat = new ArrayList<>();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = map.next(k);
                if ((k = n.arg1()).isnil()) break;
                flat.add(toReply(k, resp, depth + 1));
                flat.add(toReply(n.arg(2), resp, depth + 1));
            }
            return Reply.array(flat);
        }
        LuaValue set = t.rawget(SET);
        if (set.istable()) {
            List<Reply> members = new ArrayList<>();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = set.next(k);
                if ((k = n.arg1()).isnil()) break;
                members.add(toReply(k, resp, depth + 1));
            }
            return Reply.array(members);
        }
        List<Reply> elements = new ArrayList<>();
        for (int j = 1; ; j++) {
            LuaValue e = t.rawget(j);
            if (e.isnil()) break;
            elements.add(toReply(e, resp, depth + 1));
        }
        return Reply.array(elements);
    }

    /**
     * An error reply from an {@code err} string: Redis formats it with {@code "-%s"}, trims CR/LF
     * at the end and turns the others into spaces; the text is sent as is, code and all.
     */
    static String errorReplyText(String err) {
        String s = trimEnd(err, "\r\n");
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    /** The bytes of a Lua string up to its first NUL, as C sees it, in Latin-1. */
    static String cString(LuaString s) {
        String text = Lua51.latin1(s);
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }

    static String trim(String s, String chars) {
        int start = 0;
        int end = s.length();
        while (start < end && chars.indexOf(s.charAt(start)) >= 0) start++;
        while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(start, end);
    }

    static String trimEnd(String s, String chars) {
        int end = s.length();
        while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(0, end);
    }
}
