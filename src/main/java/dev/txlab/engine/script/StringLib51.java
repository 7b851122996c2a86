package dev.txlab.engine.script;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1's string library (lstrlib.c) with its exact argument checks and messages, C-locale
 * character classes and C printf formats. Strings are bytes throughout.
 */
final class StringLib51 {
    private StringLib51() {}

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable t = new ReadOnlyTable(vm, 15); // luaL_register sizes it for its 15 functions
        t.define("byte", LuaFn.of(vm, "byte", StringLib51::byteFn));
        t.define("char", LuaFn.of(vm, "char", StringLib51::charFn));
        t.define("dump", LuaFn.of(vm, "dump", StringLib51::dump));
        t.define("find", LuaFn.of(vm, "find", (self, args) -> find(self, args, true)));
        t.define("format", LuaFn.of(vm, "format", StringLib51::format));
        LuaFn gmatch = LuaFn.of(vm, "gmatch", StringLib51::gmatch);
        t.define("gfind", gmatch);
        t.define("gmatch", gmatch);
        t.define("gsub", LuaFn.of(vm, "gsub", StringLib51::gsub));
        t.define("len", LuaFn.of(vm, "len", (self, args) -> LuaValue.valueOf(self.checkString(args, 1).m_length)));
        t.define("lower", LuaFn.of(vm, "lower", (self, args) -> mapCase(self, self.checkString(args, 1), false)));
        t.define("match", LuaFn.of(vm, "match", (self, args) -> find(self, args, false)));
        t.define("rep", LuaFn.of(vm, "rep", StringLib51::rep));
        t.define("reverse", LuaFn.of(vm, "reverse", StringLib51::reverse));
        t.define("sub", LuaFn.of(vm, "sub", StringLib51::sub));
        t.define("upper", LuaFn.of(vm, "upper", (self, args) -> mapCase(self, self.checkString(args, 1), true)));
        return t;
    }

    /** posrelat: negative positions count from the end. */
    static long posrelat(long pos, int len) {
        if (pos < 0) pos += (long) len + 1;
        return pos >= 0 ? pos : 0;
    }

    private static Varargs sub(LuaFn self, Varargs args) {
        LuaString s = self.checkString(args, 1);
        int l = s.m_length;
        long start = posrelat(self.checkInteger(args, 2), l);
        long end = posrelat(self.optInteger(args, 3, -1), l);
        if (start < 1) start = 1;
        if (end > l) end = l;
        if (start <= end) return s.substring((int) start - 1, (int) end);
        return LuaValue.valueOf("");
    }

    private static Varargs reverse(LuaFn self, Varargs args) {
        LuaString s = self.checkString(args, 1);
        if (s.m_length > 4096) self.vm.memory.reserve(s.m_length, "a string");
        byte[] b = Lua51.toBytes(s);
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
        return LuaString.valueUsing(b);
    }

    private static LuaValue mapCase(LuaFn self, LuaString s, boolean upper) {
        if (s.m_length > 4096) self.vm.memory.reserve(s.m_length, "a string");
        byte[] b = Lua51.toBytes(s);
        for (int i = 0; i < b.length; i++) {
            if (upper && b[i] >= 'a' && b[i] <= 'z') b[i] -= 32;
            else if (!upper && b[i] >= 'A' && b[i] <= 'Z') b[i] += 32;
        }
        return LuaString.valueUsing(b);
    }

    private static Varargs rep(LuaFn self, Varargs args) {
        LuaString s = self.checkString(args, 1);
        long n = self.checkInt(args, 2);
        if (n <= 0 || s.m_length == 0) return LuaValue.valueOf("");
        self.vm.memory.reserve(n * s.m_length, "a string");
        byte[] out = new byte[(int) (n * s.m_length)];
        s.copyInto(0, out, 0, s.m_length);
        for (long filled = s.m_length; filled < out.length; filled *= 2) { // doubling, not n copies
            System.arraycopy(out, 0, out, (int) filled, (int) Math.min(filled, out.length - filled));
        }
        return LuaString.valueUsing(out);
    }

    private static Varargs byteFn(LuaFn self, Varargs args) {
        LuaString s = self.checkString(args, 1);
        int l = s.m_length;
        long posi = posrelat(self.optInteger(args, 2, 1), l);
        long pose = posrelat(self.optInteger(args, 3, posi), l);
        if (posi <= 0) posi = 1;
        if (pose > l) pose = l;
        if (posi > pose) return LuaValue.NONE;
        long n = pose - posi + 1;
        if (n >= 8000) throw self.fail("stack overflow (string slice too long)");
        LuaValue[] values = new LuaValue[(int) n];
        for (int i = 0; i < n; i++) values[i] = LuaValue.valueOf(s.luaByte((int) posi - 1 + i));
        return LuaValue.varargsOf(values);
    }

    private static Varargs charFn(LuaFn self, Varargs args) {
        int n = args.narg();
        byte[] out = new byte[n];
        for (int i = 1; i <= n; i++) {
            int c = self.checkInt(args, i);
            if ((c & 0xff) != c) throw self.argError(i, "invalid value");
            out[i - 1] = (byte) c;
        }
        return LuaString.valueOf(out);
    }

    /**
     * string.dump: LuaJ's own bytecode under Lua 5.1's header byte, so that loadstring refuses it
     * with the same message as Redis ({@code [string "\27LuaQ"]:1: unexpected symbol ...}).
     */
    private static Varargs dump(LuaFn self, Varargs args) {
        LuaValue f = args.arg1();
        if (!f.isfunction()) throw self.typeError(args, 1, "function");
        if (!(f instanceof LuaClosure c)) throw self.fail("unable to dump given function");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            org.luaj.vm2.compiler.DumpState.dump(c.p, out, true);
            byte[] b = out.toByteArray();
            if (b.length > 4) b[4] = 'Q';
            return LuaString.valueOf(b);
        } catch (java.io.IOException e) {
            throw self.fail("unable to dump given function");
        }
    }

    // ---- patterns ---------------------------------------------------------------------------

    private static LuaValue capture(LuaPattern ms, int i, int s, int e) {
        if (i >= ms.level) {
            if (i == 0) return LuaString.valueOf(ms.src, s, e - s);
            throw new LuaPattern.PatternError("invalid capture index");
        }
        int l = ms.captureLen[i];
        if (l == LuaPattern.CAP_UNFINISHED) throw new LuaPattern.PatternError("unfinished capture");
        if (l == LuaPattern.CAP_POSITION) return LuaValue.valueOf(ms.captureStart[i] + 1);
        return LuaString.valueOf(ms.src, ms.captureStart[i], l);
    }

    /** push_captures: the captures, or the whole match when there are none (wholeIfNone). */
    private static LuaValue[] captures(LuaPattern ms, int s, int e, boolean wholeIfNone) {
        int n = (ms.level == 0 && wholeIfNone) ? 1 : ms.level;
        LuaValue[] values = new LuaValue[n];
        for (int i = 0; i < n; i++) values[i] = capture(ms, i, s, e);
        return values;
    }

    private static Varargs find(LuaFn self, Varargs args, boolean find) {
        LuaString s = self.checkString(args, 1);
        LuaString p = self.checkString(args, 2);
        int l1 = s.m_length;
        long init = posrelat(self.optInteger(args, 3, 1), l1) - 1;
        if (init < 0) init = 0;
        else if (init > l1) init = l1;
        byte[] src = Lua51.toBytes(s);
        byte[] pat = Lua51.toBytes(p);
        try {
            if (find && (args.arg(4).toboolean() || !LuaPattern.hasSpecials(pat))) {
                int at = indexOf(src, (int) init, pat);
                if (at >= 0) return LuaValue.varargsOf(LuaValue.valueOf(at + 1), LuaValue.valueOf(at + pat.length));
            } else {
                LuaPattern ms = new LuaPattern(src, pat);
                int pStart = 0;
                boolean anchor = ms.pat.length > 0 && ms.pat[0] == '^';
                if (anchor) pStart = 1;
                int s1 = (int) init;
                do {
                    ms.level = 0;
                    int res = ms.match(s1, pStart);
                    if (res >= 0) {
                        if (find) {
                            LuaValue[] caps = captures(ms, -1, -1, false);
                            LuaValue[] out = new LuaValue[caps.length + 2];
                            out[0] = LuaValue.valueOf(s1 + 1);
                            out[1] = LuaValue.valueOf(res);
                            System.arraycopy(caps, 0, out, 2, caps.length);
                            return LuaValue.varargsOf(out);
                        }
                        return LuaValue.varargsOf(captures(ms, s1, res, true));
                    }
                } while (s1++ < ms.srcEnd && !anchor);
            }
        } catch (LuaPattern.PatternError e) {
            throw self.fail(e.getMessage());
        }
        return LuaValue.NIL;
    }

    /** lmemfind: the plain search; the pattern counts its bytes, NULs included. */
    private static int indexOf(byte[] src, int from, byte[] pat) {
        if (pat.length == 0) return from;
        outer:
        for (int i = from; i + pat.length <= src.length; i++) {
            for (int j = 0; j < pat.length; j++) if (src[i + j] != pat[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static Varargs gmatch(LuaFn self, Varargs args) {
        LuaString s = self.checkString(args, 1);
        LuaString p = self.checkString(args, 2);
        byte[] src = Lua51.toBytes(s);
        byte[] pat = Lua51.toBytes(p);
        int[] position = {0};
        return LuaFn.of(self.vm, "gmatch_aux", (it, a) -> {
            LuaPattern ms = new LuaPattern(src, pat);
            try {
                for (int at = position[0]; at <= ms.srcEnd; at++) {
                    ms.level = 0;
                    int e = ms.match(at, 0);
                    if (e >= 0) {
                        position[0] = e == at ? e + 1 : e;
                        return LuaValue.varargsOf(captures(ms, at, e, true));
                    }
                }
            } catch (LuaPattern.PatternError e) {
                throw it.fail(e.getMessage());
            }
            return LuaValue.NONE;
        });
    }

    private static Varargs gsub(LuaFn self, Varargs args) {
        LuaString srcString = self.checkString(args, 1);
        LuaString p = self.checkString(args, 2);
        int tr = args.arg(3).type();
        int srcl = srcString.m_length;
        int maxS = self.optInt(args, 4, srcl + 1);
        if (!(tr == LuaValue.TNUMBER || tr == LuaValue.TSTRING || tr == LuaValue.TFUNCTION || tr == LuaValue.TTABLE)) {
            throw self.argError(3, "string/function/table expected");
        }
        byte[] src = Lua51.toBytes(srcString);
        LuaPattern ms = new LuaPattern(src, Lua51.toBytes(p));
        int pStart = 0;
        boolean anchor = ms.pat.length > 0 && ms.pat[0] == '^';
        if (anchor) pStart = 1;
        LuaBuffer out = new LuaBuffer();
        int n = 0;
        int at = 0;
        try {
            while (n < maxS) {
                ms.level = 0;
                int e = ms.match(at, pStart);
                if (e >= 0) {
                    n++;
                    addValue(self, ms, out, at, e, args.arg(3));
                }
                if (e >= 0 && e > at) at = e;
                else if (at < ms.srcEnd) out.write(src[at++]);
                else break;
                if (anchor) break;
            }
        } catch (LuaPattern.PatternError e) {
            throw self.fail(e.getMessage());
        }
        out.write(src, at, ms.srcEnd - at);
        return LuaValue.varargsOf(out.toLuaString(), LuaValue.valueOf(n));
    }

    private static void addValue(LuaFn self, LuaPattern ms, ByteArrayOutputStream out, int s, int e, LuaValue repl) {
        LuaValue value;
        switch (repl.type()) {
            case LuaValue.TNUMBER, LuaValue.TSTRING: {
                byte[] news = Lua51.toBytes(Lua51.toLuaString(repl));
                for (int i = 0; i < news.length; i++) {
                    if (news[i] != '%') {
                        out.write(news[i]);
                        continue;
                    }
                    i++;
                    int c = i < news.length ? news[i] & 0xff : 0; // a final '%' reads the C string's NUL
                    if (!LuaPattern.isDigit(c)) {
                        out.write(c);
                    } else if (c == '0') {
                        out.write(ms.src, s, e - s);
                    } else {
                        LuaString cap = Lua51.toLuaString(capture(ms, c - '1', s, e));
                        out.write(cap.m_bytes, cap.m_offset, cap.m_length);
                    }
                }
                return;
            }
            case LuaValue.TFUNCTION:
                value = repl.invoke(LuaValue.varargsOf(captures(ms, s, e, true))).arg1();
                break;
            default:
                value = repl.get(capture(ms, 0, s, e));
                break;
        }
        if (!value.toboolean()) {
            out.write(ms.src, s, e - s);
        } else {
            LuaString text = Lua51.toLuaString(value);
            if (text == null) throw self.fail("invalid replacement value (a " + Lua51.typeName(value) + ")");
            out.write(text.m_bytes, text.m_offset, text.m_length);
        }
    }

    // ---- format -----------------------------------------------------------------------------

    private static Varargs format(LuaFn self, Varargs args) {
        int top = args.narg();
        int arg = 1;
        byte[] fmt = Lua51.toBytes(self.checkString(args, arg));
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < fmt.length) {
            char ch = (char) (fmt[i] & 0xff);
            if (ch != '%') {
                b.append(ch);
                i++;
                continue;
            }
            i++;
            if (i < fmt.length && fmt[i] == '%') {
                b.append('%');
                i++;
                continue;
            }
            if (++arg > top) throw self.argError(arg, "no value");
            // scanformat: flags, then at most 2 digits of width and of precision
            int start = i;
            while (i < fmt.length && "-+ #0".indexOf(fmt[i]) >= 0) i++;
            if (i - start >= 6) throw self.fail("invalid format (repeated flags)");
            String flags = new String(fmt, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1);
            int width = 0;
            int widthStart = i;
            if (i < fmt.length && isDigit(fmt[i])) i++;
            if (i < fmt.length && isDigit(fmt[i])) i++;
            if (i > widthStart) width = Integer.parseInt(new String(fmt, widthStart, i - widthStart, java.nio.charset.StandardCharsets.ISO_8859_1));
            int precision = -1;
            if (i < fmt.length && fmt[i] == '.') {
                i++;
                int ps = i;
                if (i < fmt.length && isDigit(fmt[i])) i++;
                if (i < fmt.length && isDigit(fmt[i])) i++;
                precision = i > ps ? Integer.parseInt(new String(fmt, ps, i - ps, java.nio.charset.StandardCharsets.ISO_8859_1)) : 0;
            }
            if (i < fmt.length && isDigit(fmt[i])) throw self.fail("invalid format (width or precision too long)");
            CFormat.Spec spec = new CFormat.Spec(flags.indexOf('-') >= 0, flags.indexOf('+') >= 0,
                    flags.indexOf(' ') >= 0, flags.indexOf('#') >= 0, flags.indexOf('0') >= 0, width, precision);
            char conv = i < fmt.length ? (char) (fmt[i] & 0xff) : '\0';
            i++;
            switch (conv) {
                case 'c': {
                    int c = Lua51.toInt(self.checkNumber(args, arg));
                    b.append(CFormat.padText(String.valueOf((char) (c & 0xff)), spec));
                    break;
                }
                case 'd': case 'i':
                    b.append(CFormat.signedInteger(Lua51.toLong(self.checkNumber(args, arg)), spec));
                    break;
                case 'o': case 'u': case 'x': case 'X':
                    b.append(CFormat.unsignedInteger(conv, Lua51.toUnsignedLong(self.checkNumber(args, arg)), spec));
                    break;
                case 'e': case 'E': case 'f': case 'g': case 'G':
                    b.append(CFormat.floating(conv, self.checkNumber(args, arg), spec));
                    break;
                case 'q': {
                    LuaString s = self.checkString(args, arg);
                    if (s.m_length > 4096) self.vm.memory.reserve(3L * (b.length() + 2L * s.m_length), "a string");
                    addQuoted(b, s);
                    break;
                }
                case 's': {
                    LuaString s = self.checkString(args, arg);
                    if (s.m_length > 4096) self.vm.memory.reserve(3L * (b.length() + s.m_length), "a string");
                    String text = Lua51.latin1(s);
                    if (precision < 0 && s.m_length >= 100) {
                        b.append(text); // too long to format: kept as is, NULs included
                    } else {
                        int nul = text.indexOf('\0');
                        if (nul >= 0) text = text.substring(0, nul);
                        if (precision >= 0 && text.length() > precision) text = text.substring(0, precision);
                        b.append(CFormat.padText(text, spec));
                    }
                    break;
                }
                default:
                    // luaL_error's %c: a NUL ends the C string it is put in
                    throw self.fail("invalid option '%" + (conv == '\0' ? "" : String.valueOf(conv)) + "' to 'format'");
            }
        }
        return Lua51.bytes(b.toString());
    }

    private static boolean isDigit(byte b) { return b >= '0' && b <= '9'; }

    private static void addQuoted(StringBuilder b, LuaString s) {
        b.append('"');
        for (int i = 0; i < s.m_length; i++) {
            char c = (char) (s.luaByte(i) & 0xff);
            switch (c) {
                case '"', '\\', '\n' -> b.append('\\').append(c);
                case '\r' -> b.append("\\r");
                case '\0' -> b.append("\\000");
                default -> b.append(c);
            }
        }
        b.append('"');
    }
}
