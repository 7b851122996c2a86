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
 * table; after redis.setresp(3) the RESP3 types too ({@code {map=}}, {@code {set=}},
 * {@code {double=}}, booleans, nil for null ...). Lua to Redis (what the script returns):
 * numbers truncated to integers, strings to bulk, {@code true} to 1, {@code false} and nil to
 * nil, {@code {err=}} and {@code {ok=}} tables to error and status replies, {@code {map=}},
 * {@code {set=}}, {@code {double=}} ... to the RESP3 types, other tables to arrays up to the
 * first nil.
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

    /**
     * A command's reply as the script sees it, by the reply's type; {@code resp} is the script's
     * redis.setresp() choice, the protocol its commands answer in. With RESP2 the script sees the
     * RESP2 form; with RESP3, maps, sets, doubles, booleans, big numbers and verbatim strings
     * arrive as themselves and nulls as nil (redisProtocolToLuaType_*).
     */
    static LuaValue toLua(Reply reply, int resp) {
        return resp == 2 ? toLua2(reply.resp2()) : toLua3(reply);
    }

    /** A RESP2 reply: nulls are false. */
    private static LuaValue toLua2(Reply reply) {
        if (reply instanceof Reply.Array array) {
            LuaTable t = new Lua51Table();
            int i = 1;
            if (array.elements().size() > 4096) {
                MemoryGuard.reserveActive(array.elements().size() * 64L, "a reply from redis.call");
            }
            for (Reply element : array.elements()) t.rawset(i++, toLua2(element));
            return t;
        }
        if (reply instanceof Reply.NullBulk || reply instanceof Reply.NullArray) return LuaValue.FALSE;
        return scalarToLua(reply);
    }

    private static LuaValue toLua3(Reply reply) {
        while (reply instanceof Reply.Attribute a) reply = a.value(); // a script never sees attributes
        if (reply instanceof Reply.NullBulk || reply instanceof Reply.NullArray) return LuaValue.NIL;
        if (reply instanceof Reply.Bool b) return LuaValue.valueOf(b.value());
        if (reply instanceof Reply.Double d) return single(DOUBLE, LuaValue.valueOf(d.value()));
        if (reply instanceof Reply.BigNumber n) return single(BIG_NUMBER, LuaString.valueOf(n.digits().getBytes(StandardCharsets.ISO_8859_1)));
        if (reply instanceof Reply.Verbatim v) {
            LuaTable verbatim = new Lua51Table();
            verbatim.rawset(STRING, LuaString.valueOf(v.text()));
            verbatim.rawset(FORMAT, LuaString.valueOf(v.format().getBytes(StandardCharsets.ISO_8859_1)));
            return single(VERBATIM, verbatim);
        }
        if (reply instanceof Reply.Map m) {
            LuaTable map = new Lua51Table();
            for (int i = 0; i < m.flat().size(); i += 2) map.rawset(toLua3(m.flat().get(i)), toLua3(m.flat().get(i + 1)));
            return single(MAP, map);
        }
        if (reply instanceof Reply.Set set) {
            LuaTable members = new Lua51Table();
            for (Reply member : set.elements()) members.rawset(toLua3(member), LuaValue.TRUE);
            return single(SET, members);
        }
        if (reply instanceof Reply.Pairs p) { // sent as an array of 2-element arrays
            LuaTable t = new Lua51Table();
            for (int i = 0; i < p.flat().size(); i += 2) {
                LuaTable pair = new Lua51Table();
                pair.rawset(1, toLua3(p.flat().get(i)));
                pair.rawset(2, toLua3(p.flat().get(i + 1)));
                t.rawset(i / 2 + 1, pair);
            }
            return t;
        }
        List<Reply> elements = reply instanceof Reply.Array a ? a.elements() : reply instanceof Reply.Push p ? p.elements() : null;
        if (elements != null) {
            if (elements.size() > 4096) MemoryGuard.reserveActive(elements.size() * 64L, "a reply from redis.call");
            LuaTable t = new Lua51Table();
            int i = 1;
            for (Reply element : elements) t.rawset(i++, toLua3(element)); // a null leaves a hole
            return t;
        }
        return scalarToLua(reply);
    }

    /** Integer to number, bulk to string, status to {ok=...}, error to {err=...}. */
    private static LuaValue scalarToLua(Reply reply) {
        if (reply instanceof Reply.Int i) return LuaValue.valueOf((double) i.value());
        if (reply instanceof Reply.Bulk b) {
            if (b.bytes().length > 4096) MemoryGuard.reserveActive(b.bytes().length, "a reply from redis.call");
            return LuaString.valueOf(b.bytes());
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
        throw new IllegalArgumentException("not a scalar reply: " + reply);
    }

    private static LuaTable single(LuaString key, LuaValue value) {
        LuaTable t = new Lua51Table();
        t.rawset(key, value);
        return t;
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

    /**
     * What EVAL replies for the script's return value (luaReplyToRedisReply), as a typed reply
     * the caller receives in its own protocol. Only booleans depend on the script's
     * {@code resp}: with RESP2, true is 1 and false a null; with RESP3 they are booleans.
     */
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
                return new Reply.Bool(v.toboolean());
            case LuaValue.TNUMBER:
                return Reply.integer(Lua51.toLong(v.todouble()));
            case LuaValue.TTABLE:
                return tableToReply((LuaTable) v, resp, depth);
            default:
                return Reply.NIL;
        }
    }

    /** Whether {@code v} is an error table whose error was already counted (ignore_error_stats_update). */
    static boolean statsUpdated(LuaValue v) {
        return v instanceof LuaTable t && t.rawget(ERR).type() == LuaValue.TSTRING && t.rawget(IGNORE_STATS).toboolean();
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
        if (dbl.type() == LuaValue.TNUMBER) return new Reply.Double(asC(dbl.todouble()));
        LuaValue big = t.rawget(BIG_NUMBER);
        if (big.type() == LuaValue.TSTRING) {
            byte[] b = Lua51.toBytes(big.strvalue());
            for (int i = 0; i < b.length; i++) if (b[i] == '\r' || b[i] == '\n') b[i] = ' ';
            return new Reply.BigNumber(new String(b, StandardCharsets.ISO_8859_1));
        }
        LuaValue verbatim = t.rawget(VERBATIM);
        if (verbatim.istable()) {
            LuaValue format = verbatim.rawget(FORMAT);
            LuaValue string = verbatim.rawget(STRING);
            if (format.type() == LuaValue.TSTRING && string.type() == LuaValue.TSTRING) {
                return new Reply.Verbatim(verbatimFormat(Lua51.toBytes(format.strvalue())), Lua51.toBytes(string.strvalue()));
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
            return Reply.map(flat);
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
            return Reply.set(members);
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
     * The double C sees: a NaN made by arithmetic (0/0) has the x86 sign bit set and prints as
     * "-nan"; only one read from "nan" has a sign of its own (see {@link CFormat}).
     */
    private static double asC(double d) {
        if (!Double.isNaN(d)) return d;
        boolean negative = !Lua51.isParsedNan(d) || Double.doubleToRawLongBits(d) < 0;
        return Double.longBitsToDouble(negative ? 0xfff8000000000000L : 0x7ff8000000000000L);
    }

    /** addReplyVerbatim's format: the first 3 bytes, up to a NUL, padded with spaces. */
    private static String verbatimFormat(byte[] format) {
        char[] three = {' ', ' ', ' '};
        for (int i = 0; i < 3 && i < format.length && format[i] != 0; i++) three[i] = (char) (format[i] & 0xff);
        return new String(three);
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
