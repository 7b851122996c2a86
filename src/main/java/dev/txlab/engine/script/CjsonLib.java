package dev.txlab.engine.script;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The cjson library (lua-cjson 2.1.0 as Redis bundles it): encode and decode with the same
 * output, escapes ({@code /} becomes {@code \/}), number format ({@code %.14g}), sparse-array and
 * depth rules and error texts, plus the configuration functions. Object members come out in
 * the interpreter's table order, which for tables of more than one key can differ from Redis's.
 */
final class CjsonLib {
    private CjsonLib() {}

    /** cjson.null: a light userdata holding NULL. */
    static final class Null extends LuaUserdata {
        Null() { super(new Object()); }

        @Override public String tojstring() { return "userdata: (nil)"; }
    }

    /** The per-interpreter settings the configuration functions change. */
    static final class Config {
        boolean sparseConvert = false;
        int sparseRatio = 2;
        int sparseSafe = 10;
        int encodeMaxDepth = 1000;
        int decodeMaxDepth = 1000;
        int encodeInvalidNumbers = 0; // 0 off, 1 on, 2 null
        boolean decodeInvalidNumbers = true;
        boolean keepBuffer = true;
        int precision = 14;
    }

    static ReadOnlyTable create(LuaVm vm) {
        Config cfg = new Config();
        Null nul = new Null();
        ReadOnlyTable t = new ReadOnlyTable(vm);
        t.define("encode", LuaFn.of(vm, "encode", (self, args) -> {
            if (args.narg() != 1) throw self.argError(1, "expected 1 argument");
            LuaBuffer out = new LuaBuffer("a JSON text");
            new Encoder(self, cfg, out).value(args.arg1(), 0);
            return out.toLuaString();
        }));
        t.define("decode", LuaFn.of(vm, "decode", (self, args) -> {
            if (args.narg() != 1) throw self.argError(1, "expected 1 argument");
            byte[] json = Lua51.toBytes(self.checkString(args, 1));
            if (json.length >= 2 && (json[0] == 0 || json[1] == 0)) {
                throw self.fail("JSON parser does not support UTF-16 or UTF-32");
            }
            return new Decoder(self, cfg, json, nul).decode();
        }));
        t.define("encode_sparse_array", LuaFn.of(vm, "encode_sparse_array", (self, args) -> {
            argInit(self, args, 3);
            LuaValue convert = boolOption(self, args, 1, cfg.sparseConvert);
            cfg.sparseConvert = convert.toboolean();
            cfg.sparseRatio = intOption(self, args, 2, cfg.sparseRatio, 0, Integer.MAX_VALUE);
            cfg.sparseSafe = intOption(self, args, 3, cfg.sparseSafe, 0, Integer.MAX_VALUE);
            return LuaValue.varargsOf(convert, LuaValue.valueOf(cfg.sparseRatio), LuaValue.valueOf(cfg.sparseSafe));
        }));
        t.define("encode_max_depth", LuaFn.of(vm, "encode_max_depth", (self, args) -> {
            argInit(self, args, 1);
            cfg.encodeMaxDepth = intOption(self, args, 1, cfg.encodeMaxDepth, 1, Integer.MAX_VALUE);
            return LuaValue.valueOf(cfg.encodeMaxDepth);
        }));
        t.define("decode_max_depth", LuaFn.of(vm, "decode_max_depth", (self, args) -> {
            argInit(self, args, 1);
            cfg.decodeMaxDepth = intOption(self, args, 1, cfg.decodeMaxDepth, 1, Integer.MAX_VALUE);
            return LuaValue.valueOf(cfg.decodeMaxDepth);
        }));
        t.define("encode_number_precision", LuaFn.of(vm, "encode_number_precision", (self, args) -> {
            argInit(self, args, 1);
            cfg.precision = intOption(self, args, 1, cfg.precision, 1, 14);
            return LuaValue.valueOf(cfg.precision);
        }));
        t.define("encode_keep_buffer", LuaFn.of(vm, "encode_keep_buffer", (self, args) -> {
            argInit(self, args, 1);
            LuaValue v = boolOption(self, args, 1, cfg.keepBuffer);
            cfg.keepBuffer = v.toboolean();
            return v;
        }));
        t.define("encode_invalid_numbers", LuaFn.of(vm, "encode_invalid_numbers", (self, args) -> {
            argInit(self, args, 1);
            LuaValue a = args.arg1();
            if (!a.isnil()) {
                if (a.isboolean()) cfg.encodeInvalidNumbers = a.toboolean() ? 1 : 0;
                else cfg.encodeInvalidNumbers = checkOption(self, args, 1, List.of("off", "on", "null"));
            }
            if (cfg.encodeInvalidNumbers <= 1) return LuaValue.valueOf(cfg.encodeInvalidNumbers == 1);
            return LuaValue.valueOf("null");
        }));
        t.define("decode_invalid_numbers", LuaFn.of(vm, "decode_invalid_numbers", (self, args) -> {
            argInit(self, args, 1);
            LuaValue v = boolOption(self, args, 1, cfg.decodeInvalidNumbers);
            cfg.decodeInvalidNumbers = v.toboolean();
            return v;
        }));
        t.define("new", LuaFn.of(vm, "new", (self, args) -> create(vm)));
        t.define("null", nul);
        t.define("_NAME", LuaValue.valueOf("cjson"));
        t.define("_VERSION", LuaValue.valueOf("2.1.0"));
        return t;
    }

    // ---- configuration arguments --------------------------------------------------------------

    private static void argInit(LuaFn self, Varargs args, int n) {
        if (args.narg() > n) throw self.argError(n + 1, "found too many arguments");
    }

    private static int intOption(LuaFn self, Varargs args, int i, int current, int min, int max) {
        if (args.arg(i).isnil()) return current;
        long value = self.checkInteger(args, i);
        int v = (int) value;
        if (!(min <= v && v <= max)) throw self.argError(1, "expected integer between " + min + " and " + max);
        return v;
    }

    private static LuaValue boolOption(LuaFn self, Varargs args, int i, boolean current) {
        LuaValue a = args.arg(i);
        if (a.isnil()) return LuaValue.valueOf(current);
        if (a.isboolean()) return a;
        return LuaValue.valueOf(checkOption(self, args, i, List.of("off", "on")) == 1);
    }

    /** luaL_checkoption. */
    private static int checkOption(LuaFn self, Varargs args, int i, List<String> options) {
        String name = Lua51.latin1(self.checkString(args, i));
        int index = options.indexOf(name);
        if (index < 0) throw self.argError(i, "invalid option '" + name + "'");
        return index;
    }

    // ---- encoding -----------------------------------------------------------------------------

    private static final class Encoder {
        private final LuaFn fn;
        private final Config cfg;
        private final ByteArrayOutputStream out;

        Encoder(LuaFn fn, Config cfg, ByteArrayOutputStream out) {
            this.fn = fn;
            this.cfg = cfg;
            this.out = out;
        }

        private void write(String ascii) {
            byte[] b = ascii.getBytes(StandardCharsets.ISO_8859_1);
            out.write(b, 0, b.length);
        }

        private ScriptError exception(LuaValue culprit, String reason) {
            return fn.fail("Cannot serialise " + Lua51.typeName(culprit) + ": " + reason);
        }

        void value(LuaValue v, int depth) {
            switch (v.type()) {
                case LuaValue.TSTRING -> string(v.strvalue());
                case LuaValue.TNUMBER -> number(v);
                case LuaValue.TBOOLEAN -> write(v.toboolean() ? "true" : "false");
                case LuaValue.TTABLE -> {
                    depth++;
                    if (depth > cfg.encodeMaxDepth) throw fn.fail("Cannot serialise, excessive nesting (" + depth + ")");
                    LuaTable t = (LuaTable) v;
                    int len = arrayLength(t);
                    if (len > 0) array(t, len, depth);
                    else object(t, depth);
                }
                case LuaValue.TNIL -> write("null");
                default -> {
                    if (v instanceof Null) write("null");
                    else throw exception(v, "type not supported");
                }
            }
        }

        private void string(LuaString s) {
            out.write('"');
            for (int i = 0; i < s.m_length; i++) {
                int c = s.luaByte(i);
                switch (c) {
                    case '"' -> write("\\\"");
                    case '\\' -> write("\\\\");
                    case '/' -> write("\\/");
                    case '\b' -> write("\\b");
                    case '\t' -> write("\\t");
                    case '\n' -> write("\\n");
                    case '\f' -> write("\\f");
                    case '\r' -> write("\\r");
                    default -> {
                        if (c < 32 || c == 127) write(String.format("\\u%04x", c));
                        else out.write(c);
                    }
                }
            }
            out.write('"');
        }

        private void number(LuaValue v) {
            double d = v.todouble();
            if (cfg.encodeInvalidNumbers == 0) {
                if (Double.isInfinite(d) || Double.isNaN(d)) throw exception(v, "must not be NaN or Inf");
            } else if (cfg.encodeInvalidNumbers == 1) {
                if (Double.isNaN(d)) {
                    write("nan");
                    return;
                }
            } else if (Double.isInfinite(d) || Double.isNaN(d)) {
                write("null");
                return;
            }
            write(CFormat.floating('g', d, CFormat.Spec.precision(cfg.precision)));
        }

        /** lua_array_length: the largest index if every key is a positive integer, else -1. */
        private int arrayLength(LuaTable t) {
            double max = 0;
            int items = 0;
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) break;
                double key;
                if (k.type() == LuaValue.TNUMBER && (key = k.todouble()) != 0 && Math.floor(key) == key && key >= 1) {
                    if (key > max) max = key;
                    items++;
                    continue;
                }
                return -1;
            }
            if (cfg.sparseRatio > 0 && max > (double) items * cfg.sparseRatio && max > cfg.sparseSafe) {
                if (!cfg.sparseConvert) throw exception(t, "excessively sparse array");
                return -1;
            }
            return (int) max;
        }

        private void array(LuaTable t, int len, int depth) {
            out.write('[');
            for (int i = 1; i <= len; i++) {
                if (i > 1) out.write(',');
                value(t.rawget(i), depth);
            }
            out.write(']');
        }

        private void object(LuaTable t, int depth) {
            out.write('{');
            boolean comma = false;
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) break;
                if (comma) out.write(',');
                comma = true;
                if (k.type() == LuaValue.TNUMBER) {
                    out.write('"');
                    number(k);
                    write("\":");
                } else if (k.type() == LuaValue.TSTRING) {
                    string(k.strvalue());
                    out.write(':');
                } else {
                    throw exception(k, "table key must be a number or string");
                }
                value(n.arg(2), depth);
            }
            out.write('}');
        }
    }

    // ---- decoding -----------------------------------------------------------------------------

    private enum Type { OBJ_BEGIN, OBJ_END, ARR_BEGIN, ARR_END, STRING, NUMBER, BOOLEAN, NULL, COLON, COMMA, END, ERROR }

    private static final String[] TYPE_NAMES = {"T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END", "T_STRING",
            "T_NUMBER", "T_BOOLEAN", "T_NULL", "T_COLON", "T_COMMA", "T_END", "T_ERROR"};

    private static final class Token {
        Type type;
        int index;
        LuaValue value;
        String error;
    }

    private static final class Decoder {
        private final LuaFn fn;
        private final Config cfg;
        private final byte[] data;
        private final Null nul;
        private int ptr;
        private int depth;

        Decoder(LuaFn fn, Config cfg, byte[] data, Null nul) {
            this.fn = fn;
            this.cfg = cfg;
            this.data = data;
            this.nul = nul;
        }

        /** The byte at i, or 0 past the end (the C string's NUL). */
        private int at(int i) { return i < data.length ? data[i] & 0xff : 0; }

        LuaValue decode() {
            Token token = new Token();
            next(token);
            LuaValue v = value(token);
            next(token);
            if (token.type != Type.END) throw parseError("the end", token);
            return v;
        }

        private ScriptError parseError(String expected, Token token) {
            String found = token.type == Type.ERROR ? token.error : TYPE_NAMES[token.type.ordinal()];
            return fn.fail("Expected " + expected + " but found " + found + " at character " + (token.index + 1));
        }

        private void error(Token token, String what) {
            token.type = Type.ERROR;
            token.index = ptr;
            token.error = what;
        }

        private void next(Token token) {
            int ch;
            while ((ch = at(ptr)) == ' ' || ch == '\t' || ch == '\n' || ch == '\r') ptr++;
            token.index = ptr;
            switch (ch) {
                case '{' -> single(token, Type.OBJ_BEGIN);
                case '}' -> single(token, Type.OBJ_END);
                case '[' -> single(token, Type.ARR_BEGIN);
                case ']' -> single(token, Type.ARR_END);
                case ',' -> single(token, Type.COMMA);
                case ':' -> single(token, Type.COLON);
                case 0 -> token.type = Type.END;
                case '"' -> string(token);
                default -> {
                    if (ch == '-' || (ch >= '0' && ch <= '9')) {
                        if (!cfg.decodeInvalidNumbers && invalidNumber()) {
                            error(token, "invalid number");
                            return;
                        }
                        number(token);
                    } else if (startsWith("true")) {
                        token.type = Type.BOOLEAN;
                        token.value = LuaValue.TRUE;
                        ptr += 4;
                    } else if (startsWith("false")) {
                        token.type = Type.BOOLEAN;
                        token.value = LuaValue.FALSE;
                        ptr += 5;
                    } else if (startsWith("null")) {
                        token.type = Type.NULL;
                        ptr += 4;
                    } else if ((ch == 'i' || ch == 'I' || ch == 'n' || ch == 'N' || ch == '+')
                            && cfg.decodeInvalidNumbers && invalidNumber()) {
                        number(token);
                    } else if (ch == 'f' || ch == 'i' || ch == 'I' || ch == 'n' || ch == 'N' || ch == 't' || ch == '+') {
                        error(token, "invalid token");
                    } else {
                        error(token, "invalid token");
                    }
                }
            }
        }

        private void single(Token token, Type type) {
            token.type = type;
            ptr++;
        }

        private boolean startsWith(String s) {
            for (int i = 0; i < s.length(); i++) if (at(ptr + i) != s.charAt(i)) return false;
            return true;
        }

        /** json_is_invalid_number: a '+', hex, leading zeros, inf or nan. */
        private boolean invalidNumber() {
            int p = ptr;
            if (at(p) == '+') return true;
            if (at(p) == '-') p++;
            if (at(p) == '0') {
                int ch2 = at(p + 1);
                return (ch2 | 0x20) == 'x' || (ch2 >= '0' && ch2 <= '9');
            } else if (at(p) <= '9') {
                return false;
            }
            String rest = new String(data, p, Math.min(3, data.length - p), StandardCharsets.ISO_8859_1);
            return rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("nan");
        }

        /** strtod over the longest prefix that is a number. */
        private void number(Token token) {
            int end = NumberPrefix.end(data, ptr);
            if (end == ptr) {
                error(token, "invalid number");
                return;
            }
            byte[] text = java.util.Arrays.copyOfRange(data, ptr, end);
            Double d = Lua51.stringToNumber(LuaString.valueOf(text));
            token.type = Type.NUMBER;
            token.value = LuaValue.valueOf(d == null ? 0 : d);
            ptr = end;
        }

        private void string(Token token) {
            ptr++;
            LuaBuffer s = new LuaBuffer();
            int ch;
            while ((ch = at(ptr)) != '"') {
                if (ch == 0 && ptr >= data.length) {
                    error(token, "unexpected end of string");
                    return;
                }
                if (ch == 0) {
                    error(token, "unexpected end of string");
                    return;
                }
                if (ch == '\\') {
                    int esc = at(ptr + 1);
                    int c;
                    switch (esc) {
                        case '"' -> c = '"';
                        case '\\' -> c = '\\';
                        case '/' -> c = '/';
                        case 'b' -> c = '\b';
                        case 't' -> c = '\t';
                        case 'n' -> c = '\n';
                        case 'f' -> c = '\f';
                        case 'r' -> c = '\r';
                        case 'u' -> {
                            if (unicodeEscape(s)) continue;
                            error(token, "invalid unicode escape code");
                            return;
                        }
                        default -> {
                            error(token, "invalid escape code");
                            return;
                        }
                    }
                    ptr++;
                    ch = c;
                }
                s.write(ch);
                ptr++;
            }
            ptr++;
            token.type = Type.STRING;
            token.value = s.toLuaString();
        }

        private int hex4(int p) {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(at(p + i), 16);
                if (d < 0 || at(p + i) >= 128) return -1;
                v = (v << 4) | d;
            }
            return v;
        }

        private boolean unicodeEscape(ByteArrayOutputStream s) {
            int cp = hex4(ptr + 2);
            if (cp < 0) return false;
            int len = 6;
            if ((cp & 0xF800) == 0xD800) {
                if ((cp & 0x400) != 0) return false;
                if (at(ptr + 6) != '\\' || at(ptr + 7) != 'u') return false;
                int low = hex4(ptr + 8);
                if (low < 0 || (low & 0xFC00) != 0xDC00) return false;
                cp = (((cp & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
                len = 12;
            }
            if (cp <= 0x7F) {
                s.write(cp);
            } else if (cp <= 0x7FF) {
                s.write((cp >> 6) | 0xC0);
                s.write((cp & 0x3F) | 0x80);
            } else if (cp <= 0xFFFF) {
                s.write((cp >> 12) | 0xE0);
                s.write(((cp >> 6) & 0x3F) | 0x80);
                s.write((cp & 0x3F) | 0x80);
            } else {
                s.write((cp >> 18) | 0xF0);
                s.write(((cp >> 12) & 0x3F) | 0x80);
                s.write(((cp >> 6) & 0x3F) | 0x80);
                s.write((cp & 0x3F) | 0x80);
            }
            ptr += len;
            return true;
        }

        private void descend() {
            depth++;
            if (depth > cfg.decodeMaxDepth) {
                throw fn.fail("Found too many nested data structures (" + depth + ") at character " + ptr);
            }
        }

        private LuaValue value(Token token) {
            switch (token.type) {
                case STRING, NUMBER, BOOLEAN:
                    return token.value;
                case NULL:
                    return nul;
                case OBJ_BEGIN:
                    return object();
                case ARR_BEGIN:
                    return array();
                default:
                    throw parseError("value", token);
            }
        }

        private LuaValue object() {
            descend();
            LuaTable t = new Lua51Table();
            Token token = new Token();
            next(token);
            if (token.type == Type.OBJ_END) {
                depth--;
                return t;
            }
            while (true) {
                if (token.type != Type.STRING) throw parseError("object key string", token);
                LuaValue key = token.value;
                next(token);
                if (token.type != Type.COLON) throw parseError("colon", token);
                next(token);
                LuaValue v = value(token);
                t.rawset(key, v);
                next(token);
                if (token.type == Type.OBJ_END) {
                    depth--;
                    return t;
                }
                if (token.type != Type.COMMA) throw parseError("comma or object end", token);
                next(token);
            }
        }

        private LuaValue array() {
            descend();
            LuaTable t = new Lua51Table();
            Token token = new Token();
            next(token);
            if (token.type == Type.ARR_END) {
                depth--;
                return t;
            }
            for (int i = 1; ; i++) {
                t.rawset(i, value(token));
                next(token);
                if (token.type == Type.ARR_END) {
                    depth--;
                    return t;
                }
                if (token.type != Type.COMMA) throw parseError("comma or array end", token);
                next(token);
            }
        }
    }

    /** Where C strtod would stop reading a number that starts at from. */
    static final class NumberPrefix {
        private NumberPrefix() {}

        static int end(byte[] s, int from) {
            int p = from;
            if (p < s.length && (s[p] == '+' || s[p] == '-')) p++;
            String rest = new String(s, p, Math.min(8, s.length - p), StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
            if (rest.startsWith("infinity")) return p + 8;
            if (rest.startsWith("inf")) return p + 3;
            if (rest.startsWith("nan")) {
                int q = p + 3;
                if (q < s.length && s[q] == '(') {
                    int r = q + 1;
                    while (r < s.length && (Character.isLetterOrDigit(s[r]) || s[r] == '_')) r++;
                    if (r < s.length && s[r] == ')') return r + 1;
                }
                return q;
            }
            boolean hex = p + 1 < s.length && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X');
            if (hex) {
                int q = p + 2;
                int digits = 0;
                while (q < s.length && Character.digit(s[q], 16) >= 0) { q++; digits++; }
                if (q < s.length && s[q] == '.') {
                    q++;
                    while (q < s.length && Character.digit(s[q], 16) >= 0) { q++; digits++; }
                }
                if (digits == 0) return p + 1; // just the "0"
                if (q < s.length && (s[q] == 'p' || s[q] == 'P')) {
                    int e = q + 1;
                    if (e < s.length && (s[e] == '+' || s[e] == '-')) e++;
                    int ds = e;
                    while (e < s.length && s[e] >= '0' && s[e] <= '9') e++;
                    if (e > ds) q = e;
                }
                return q;
            }
            int q = p;
            int digits = 0;
            while (q < s.length && s[q] >= '0' && s[q] <= '9') { q++; digits++; }
            if (q < s.length && s[q] == '.') {
                q++;
                while (q < s.length && s[q] >= '0' && s[q] <= '9') { q++; digits++; }
            }
            if (digits == 0) return from;
            if (q < s.length && (s[q] == 'e' || s[q] == 'E')) {
                int e = q + 1;
                if (e < s.length && (s[e] == '+' || s[e] == '-')) e++;
                int ds = e;
                while (e < s.length && s[e] >= '0' && s[e] <= '9') e++;
                if (e > ds) q = e;
            }
            return q;
        }
    }
}
