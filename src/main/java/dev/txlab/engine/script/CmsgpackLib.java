package dev.txlab.engine.script;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The cmsgpack library (lua-cmsgpack 0.4.0 as Redis bundles it): pack, unpack, unpack_one and
 * unpack_limit, with its encoding choices (floats when a double fits in one, the smallest
 * integer form, tables as arrays when their keys are 1..n, nesting cut to nil at 16 levels).
 */
final class CmsgpackLib {
    private CmsgpackLib() {}

    private static final int MAX_NESTING = 16;

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable t = new ReadOnlyTable(vm);
        t.define("pack", LuaFn.of(vm, "pack", CmsgpackLib::pack));
        t.define("unpack", LuaFn.of(vm, "unpack", (self, a) -> unpackFull(self, a, 0, 0)));
        t.define("unpack_one", LuaFn.of(vm, "unpack_one", (self, a) -> {
            long offset = self.optInteger(a, 2, 0);
            return unpackFull(self, a, 1, offset);
        }));
        t.define("unpack_limit", LuaFn.of(vm, "unpack_limit", (self, a) -> {
            long limit = self.checkInteger(a, 2);
            long offset = self.optInteger(a, 3, 0);
            return unpackFull(self, a, limit, offset);
        }));
        t.define("_NAME", LuaValue.valueOf("cmsgpack"));
        t.define("_VERSION", LuaValue.valueOf("lua-cmsgpack 0.4.0"));
        t.define("_COPYRIGHT", LuaValue.valueOf("Copyright (C) 2012, Salvatore Sanfilippo"));
        t.define("_DESCRIPTION", LuaValue.valueOf("MessagePack C implementation for Lua"));
        return t;
    }

    // ---- pack -----------------------------------------------------------------------------------

    private static Varargs pack(LuaFn self, Varargs args) {
        int nargs = args.narg();
        if (nargs == 0) throw self.argError(0, "MessagePack pack needs input.");
        LuaBuffer out = new LuaBuffer("a MessagePack string");
        for (int i = 1; i <= nargs; i++) encode(out, args.arg(i), 0);
        return out.toLuaString();
    }

    private static void encode(ByteArrayOutputStream out, LuaValue v, int level) {
        int t = v.type();
        if (t == LuaValue.TTABLE && level == MAX_NESTING) t = LuaValue.TNIL;
        switch (t) {
            case LuaValue.TSTRING -> bytes(out, v.strvalue());
            case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> number(out, v.todouble());
            case LuaValue.TTABLE -> table(out, (LuaTable) v, level);
            default -> out.write(0xc0);
        }
    }

    private static void bytes(ByteArrayOutputStream out, LuaString s) {
        int len = s.m_length;
        if (len < 32) {
            out.write(0xa0 | len);
        } else if (len <= 0xff) {
            out.write(0xd9);
            out.write(len);
        } else if (len <= 0xffff) {
            out.write(0xda);
            be(out, len, 2);
        } else {
            out.write(0xdb);
            be(out, len, 4);
        }
        out.write(s.m_bytes, s.m_offset, len);
    }

    private static void be(ByteArrayOutputStream out, long v, int n) {
        for (int i = n - 1; i >= 0; i--) out.write((int) (v >>> (8 * i)) & 0xff);
    }

    private static void number(ByteArrayOutputStream out, double d) {
        if (!Double.isInfinite(d) && Lua51.toLong(d) == d) {
            integer(out, Lua51.toLong(d));
            return;
        }
        float f = (float) d;
        if (d == (double) f) {
            out.write(0xca);
            be(out, Float.floatToRawIntBits(f) & 0xffffffffL, 4);
        } else {
            out.write(0xcb);
            be(out, Double.doubleToRawLongBits(d), 8);
        }
    }

    private static void integer(ByteArrayOutputStream out, long n) {
        if (n >= 0) {
            if (n <= 127) out.write((int) n);
            else if (n <= 0xff) { out.write(0xcc); be(out, n, 1); }
            else if (n <= 0xffff) { out.write(0xcd); be(out, n, 2); }
            else if (n <= 0xffffffffL) { out.write(0xce); be(out, n, 4); }
            else { out.write(0xcf); be(out, n, 8); }
        } else {
            if (n >= -32) out.write((int) n & 0xff);
            else if (n >= -128) { out.write(0xd0); be(out, n, 1); }
            else if (n >= -32768) { out.write(0xd1); be(out, n, 2); }
            else if (n >= -2147483648L) { out.write(0xd2); be(out, n, 4); }
            else { out.write(0xd3); be(out, n, 8); }
        }
    }

    private static void table(ByteArrayOutputStream out, LuaTable t, int level) {
        if (isArray(t)) {
            int len = t.rawlen();
            header(out, len, 0x90, 0xdc, 0xdd);
            for (int j = 1; j <= len; j++) encode(out, t.get(j), level + 1);
        } else {
            int len = 0;
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) break;
                len++;
            }
            header(out, len, 0x80, 0xde, 0xdf);
            k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) break;
                encode(out, k, level + 1);
                encode(out, n.arg(2), level + 1);
            }
        }
    }

    private static void header(ByteArrayOutputStream out, long n, int fix, int x16, int x32) {
        if (n <= 15) {
            out.write(fix | (int) n);
        } else if (n <= 65535) {
            out.write(x16);
            be(out, n, 2);
        } else {
            out.write(x32);
            be(out, n, 4);
        }
    }

    /** table_is_an_array: keys are exactly the integers 1..n (fitting an int). */
    private static boolean isArray(LuaTable t) {
        int count = 0;
        double max = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            if (k.type() != LuaValue.TNUMBER) return false;
            double d = k.todouble();
            if (d <= 0 || Lua51.toInt(d) != d) return false;
            max = Math.max(d, max);
            count++;
        }
        return max == count;
    }

    // ---- unpack ---------------------------------------------------------------------------------

    private static final class Cursor {
        final byte[] s;
        int p;
        int left;
        boolean eof;
        boolean badFormat;

        Cursor(byte[] s, int offset) {
            this.s = s;
            this.p = offset;
            this.left = s.length - offset;
        }

        boolean need(long n) {
            if (left < n) {
                eof = true;
                return false;
            }
            return true;
        }

        int u8(int i) { return s[p + i] & 0xff; }

        long be(int from, int n) {
            long v = 0;
            for (int i = 0; i < n; i++) v = (v << 8) | u8(from + i);
            return v;
        }

        void consume(int n) {
            p += n;
            left -= n;
        }
    }

    private static Varargs unpackFull(LuaFn self, Varargs args, long limit, long offset) {
        LuaString str = self.checkString(args, 1);
        byte[] s = Lua51.toBytes(str);
        int len = s.length;
        boolean decodeAll = limit == 0 && offset == 0;
        if (offset < 0 || limit < 0) {
            throw self.fail("Invalid request to unpack with offset of " + (int) offset + " and limit of " + len + ".");
        } else if (offset > len) {
            throw self.fail("Start offset " + (int) offset + " greater than input length " + len + ".");
        }
        if (decodeAll) limit = Integer.MAX_VALUE;
        Cursor c = new Cursor(s, (int) offset);
        List<LuaValue> values = new ArrayList<>();
        for (int cnt = 0; c.left > 0 && cnt < limit; cnt++) {
            LuaValue v = decode(c);
            if (c.eof) throw self.fail("Missing bytes in input.");
            if (c.badFormat) throw self.fail("Bad data format in input.");
            values.add(v);
        }
        if (!decodeAll) {
            long newOffset = len - c.left;
            values.add(0, LuaValue.valueOf(c.left == 0 ? -1 : (double) newOffset));
        }
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    private static LuaValue decode(Cursor c) {
        if (!c.need(1)) return LuaValue.NIL;
        int b = c.u8(0);
        switch (b) {
            case 0xcc: if (!c.need(2)) return LuaValue.NIL; { long v = c.be(1, 1); c.consume(2); return LuaValue.valueOf((double) v); }
            case 0xd0: if (!c.need(2)) return LuaValue.NIL; { int v = (byte) c.u8(1); c.consume(2); return LuaValue.valueOf(v); }
            case 0xcd: if (!c.need(3)) return LuaValue.NIL; { long v = c.be(1, 2); c.consume(3); return LuaValue.valueOf((double) v); }
            case 0xd1: if (!c.need(3)) return LuaValue.NIL; {
                int v = ((short) (c.u8(1) << 8)) | c.u8(2); // as lua_cmsgpack casts it
                c.consume(3);
                return LuaValue.valueOf(v);
            }
            case 0xce: if (!c.need(5)) return LuaValue.NIL; { long v = c.be(1, 4); c.consume(5); return LuaValue.valueOf((double) v); }
            case 0xd2: if (!c.need(5)) return LuaValue.NIL; { int v = (int) c.be(1, 4); c.consume(5); return LuaValue.valueOf(v); }
            case 0xcf: if (!c.need(9)) return LuaValue.NIL; {
                long v = c.be(1, 8);
                c.consume(9);
                return LuaValue.valueOf((double) v); // lua_pushinteger of a uint64: a ptrdiff_t
            }
            case 0xd3: if (!c.need(9)) return LuaValue.NIL; { long v = c.be(1, 8); c.consume(9); return LuaValue.valueOf((double) v); }
            case 0xc0: c.consume(1); return LuaValue.NIL;
            case 0xc3: c.consume(1); return LuaValue.TRUE;
            case 0xc2: c.consume(1); return LuaValue.FALSE;
            case 0xca: if (!c.need(5)) return LuaValue.NIL; {
                float f = Float.intBitsToFloat((int) c.be(1, 4));
                c.consume(5);
                return LuaValue.valueOf(f);
            }
            case 0xcb: if (!c.need(9)) return LuaValue.NIL; {
                double d = Double.longBitsToDouble(c.be(1, 8));
                c.consume(9);
                return LuaValue.valueOf(d);
            }
            case 0xd9: if (!c.need(2)) return LuaValue.NIL; return raw(c, 2, (int) c.be(1, 1));
            case 0xda: if (!c.need(3)) return LuaValue.NIL; return raw(c, 3, (int) c.be(1, 2));
            case 0xdb: if (!c.need(5)) return LuaValue.NIL; return raw(c, 5, c.be(1, 4));
            case 0xdc: if (!c.need(3)) return LuaValue.NIL; { long l = c.be(1, 2); c.consume(3); return array(c, l); }
            case 0xdd: if (!c.need(5)) return LuaValue.NIL; { long l = c.be(1, 4); c.consume(5); return array(c, l); }
            case 0xde: if (!c.need(3)) return LuaValue.NIL; { long l = c.be(1, 2); c.consume(3); return map(c, l); }
            case 0xdf: if (!c.need(5)) return LuaValue.NIL; { long l = c.be(1, 4); c.consume(5); return map(c, l); }
            default:
                if ((b & 0x80) == 0) {
                    c.consume(1);
                    return LuaValue.valueOf(b);
                } else if ((b & 0xe0) == 0xe0) {
                    c.consume(1);
                    return LuaValue.valueOf((int) (byte) b);
                } else if ((b & 0xe0) == 0xa0) {
                    return raw(c, 1, b & 0x1f);
                } else if ((b & 0xf0) == 0x90) {
                    c.consume(1);
                    return array(c, b & 0xf);
                } else if ((b & 0xf0) == 0x80) {
                    c.consume(1);
                    return map(c, b & 0xf);
                }
                c.badFormat = true;
                return LuaValue.NIL;
        }
    }

    private static LuaValue raw(Cursor c, int header, long l) {
        if (header == 5) {
            c.consume(5);
            if (!c.need(l)) return LuaValue.NIL;
            LuaValue v = LuaString.valueOf(c.s, c.p, (int) l);
            c.consume((int) l);
            return v;
        }
        if (!c.need(header + l)) return LuaValue.NIL;
        LuaValue v = LuaString.valueOf(c.s, c.p + header, (int) l);
        c.consume(header + (int) l);
        return v;
    }

    private static LuaValue array(Cursor c, long len) {
        LuaTable t = new Lua51Table();
        int index = 1;
        while (len-- > 0) {
            LuaValue v = decode(c);
            if (c.eof || c.badFormat) return t;
            t.set(index++, v);
        }
        return t;
    }

    private static LuaValue map(Cursor c, long len) {
        LuaTable t = new Lua51Table();
        while (len-- > 0) {
            LuaValue k = decode(c);
            if (c.eof || c.badFormat) return t;
            LuaValue v = decode(c);
            if (c.eof || c.badFormat) return t;
            if (!k.isnil()) t.set(k, v);
        }
        return t;
    }
}
