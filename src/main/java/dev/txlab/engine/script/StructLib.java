package dev.txlab.engine.script;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The struct library (Roberto Ierusalimschy's struct, as Redis bundles it): pack, unpack and size
 * of binary records, on x86-64 sizes (long 8, int 4, short 2), little-endian by default, with
 * its alignment rules and error texts.
 */
final class StructLib {
    private StructLib() {}

    private static final int MAXINTSIZE = 32;
    private static final int MAXALIGN = 8;

    /** The format being read, and the endianness and alignment options so far. */
    private static final class Format {
        final byte[] fmt;
        int pos;
        boolean little = true;
        int align = 1;

        Format(LuaString s) {
            byte[] b = Lua51.toBytes(s);
            int n = 0;
            while (n < b.length && b[n] != 0) n++; // a C string
            fmt = java.util.Arrays.copyOf(b, n);
        }

        boolean more() { return pos < fmt.length; }

        int next() { return fmt[pos++] & 0xff; }

        boolean digit() { return pos < fmt.length && fmt[pos] >= '0' && fmt[pos] <= '9'; }
    }

    static ReadOnlyTable create(LuaVm vm) {
        ReadOnlyTable t = new ReadOnlyTable(vm, 3);
        t.define("pack", LuaFn.of(vm, "pack", StructLib::pack));
        t.define("unpack", LuaFn.of(vm, "unpack", StructLib::unpack));
        t.define("size", LuaFn.of(vm, "size", StructLib::size));
        return t;
    }

    private static int getnum(LuaFn self, Format f, int df) {
        if (!f.digit()) return df;
        long a = 0;
        do {
            a = a * 10 + (f.next() - '0');
            if (a > Integer.MAX_VALUE) throw self.fail("integral size overflow");
        } while (f.digit());
        return (int) a;
    }

    private static int optsize(LuaFn self, int opt, Format f) {
        switch (opt) {
            case 'B': case 'b': return 1;
            case 'H': case 'h': return 2;
            case 'L': case 'l': case 'T': return 8;
            case 'f': return 4;
            case 'd': return 8;
            case 'x': return 1;
            case 'c': return getnum(self, f, 1);
            case 'i': case 'I': {
                int sz = getnum(self, f, 4);
                if (sz > MAXINTSIZE) throw self.fail("integral size " + sz + " is larger than limit of " + MAXINTSIZE);
                return sz;
            }
            default: return 0;
        }
    }

    private static int gettoalign(long len, Format f, int opt, int size) {
        if (size == 0 || opt == 'c') return 0;
        if (size > f.align) size = f.align;
        return (int) ((size - (len & (size - 1))) & (size - 1));
    }

    private static void controloptions(LuaFn self, int opt, Format f) {
        switch (opt) {
            case ' ':
                return;
            case '>':
                f.little = false;
                return;
            case '<':
                f.little = true;
                return;
            case '!': {
                int a = getnum(self, f, MAXALIGN);
                if (!(a > 0 && (a & (a - 1)) == 0)) throw self.fail("alignment " + a + " is not a power of 2");
                f.align = a;
                return;
            }
            default:
                throw self.argError(1, "invalid format option '" + (char) opt + "'");
        }
    }

    private static Varargs pack(LuaFn self, Varargs given) {
        Format f = new Format(self.checkString(given, 1));
        // b_pack pushes a nil to mark the end of the arguments: a missing one is "nil", not "no value"
        LuaValue[] withMark = new LuaValue[given.narg() + 1];
        for (int i = 0; i < given.narg(); i++) withMark[i] = given.arg(i + 1);
        withMark[given.narg()] = LuaValue.NIL;
        Varargs args = LuaValue.varargsOf(withMark);
        int arg = 2;
        long total = 0;
        LuaBuffer out = new LuaBuffer();
        while (f.more()) {
            int opt = f.next();
            int size = optsize(self, opt, f);
            int toalign = gettoalign(total, f, opt, size);
            total += toalign;
            while (toalign-- > 0) out.write(0);
            switch (opt) {
                case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I': {
                    double n = self.checkNumber(args, arg++);
                    long value = n < 0 ? Lua51.toLong(n) : Lua51.toUnsignedLong(n);
                    byte[] buf = new byte[size];
                    for (int i = 0; i < size; i++) {
                        buf[f.little ? i : size - 1 - i] = (byte) (i < 8 ? value >>> (8 * i) : 0);
                    }
                    out.write(buf, 0, size);
                    break;
                }
                case 'x':
                    out.write(0);
                    break;
                case 'f': {
                    int bits = Float.floatToRawIntBits((float) self.checkNumber(args, arg++));
                    writeBytes(out, bits & 0xffffffffL, 4, f.little);
                    break;
                }
                case 'd': {
                    long bits = Double.doubleToRawLongBits(self.checkNumber(args, arg++));
                    writeBytes(out, bits, 8, f.little);
                    break;
                }
                case 'c': case 's': {
                    LuaString s = self.checkString(args, arg++);
                    int l = s.m_length;
                    if (size == 0) size = l;
                    if (!(l >= size)) throw self.argError(arg, "string too short");
                    out.write(s.m_bytes, s.m_offset, size);
                    if (opt == 's') {
                        out.write(0);
                        size++;
                    }
                    break;
                }
                default:
                    controloptions(self, opt, f);
            }
            total += size;
        }
        return out.toLuaString();
    }

    private static void writeBytes(ByteArrayOutputStream out, long bits, int size, boolean little) {
        for (int i = 0; i < size; i++) {
            int shift = little ? 8 * i : 8 * (size - 1 - i);
            out.write((int) (bits >>> shift) & 0xff);
        }
    }

    private static long readBytes(byte[] data, int pos, int size, boolean little) {
        long l = 0;
        for (int i = 0; i < size; i++) {
            int b = data[pos + (little ? size - 1 - i : i)] & 0xff;
            l = (l << 8) | b;
        }
        return l;
    }

    private static Varargs unpack(LuaFn self, Varargs args) {
        Format f = new Format(self.checkString(args, 1));
        LuaString d = self.checkString(args, 2);
        byte[] data = Lua51.toBytes(d);
        long ld = data.length;
        long pos = self.optInteger(args, 3, 1);
        if (!(pos > 0 || pos < 0)) throw self.argError(3, "offset must be 1 or greater");
        if (pos < 0) pos = Long.MAX_VALUE; // a size_t: far past the end
        pos--;
        List<LuaValue> results = new ArrayList<>();
        while (f.more()) {
            int opt = f.next();
            long size = optsize(self, opt, f);
            pos += gettoalign(pos, f, opt, (int) size);
            if (!(size <= ld && pos <= ld - size)) throw self.argError(2, "data string too short");
            switch (opt) {
                case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I': {
                    int sz = (int) size;
                    long l = 0;
                    for (int i = 0; i < sz; i++) {
                        int b = data[(int) pos + (f.little ? sz - 1 - i : i)] & 0xff;
                        l = (l << 8) | b;
                    }
                    boolean signed = Character.isLowerCase(opt);
                    if (!signed) {
                        results.add(LuaValue.valueOf(new java.math.BigDecimal(Long.toUnsignedString(l)).doubleValue()));
                    } else {
                        if (sz < 8 && sz > 0) {
                            long mask = -1L << (sz * 8 - 1);
                            if ((l & mask) != 0) l |= mask;
                        }
                        results.add(LuaValue.valueOf((double) l));
                    }
                    break;
                }
                case 'x':
                    break;
                case 'f':
                    results.add(LuaValue.valueOf(Float.intBitsToFloat((int) readBytes(data, (int) pos, 4, f.little))));
                    break;
                case 'd':
                    results.add(LuaValue.valueOf(Double.longBitsToDouble(readBytes(data, (int) pos, 8, f.little))));
                    break;
                case 'c': {
                    if (size == 0) {
                        if (results.isEmpty() || Lua51.toNumber(results.get(results.size() - 1)) == null) {
                            throw self.fail("format 'c0' needs a previous size");
                        }
                        size = (long) results.remove(results.size() - 1).todouble();
                        if (!(size <= ld && pos <= ld - size)) throw self.argError(2, "data string too short");
                    }
                    results.add(LuaString.valueOf(data, (int) pos, (int) size));
                    break;
                }
                case 's': {
                    int e = (int) pos;
                    while (e < data.length && data[e] != 0) e++;
                    if (e >= data.length) throw self.fail("unfinished string in data");
                    size = e - pos + 1;
                    results.add(LuaString.valueOf(data, (int) pos, (int) size - 1));
                    break;
                }
                default:
                    controloptions(self, opt, f);
            }
            pos += size;
        }
        results.add(LuaValue.valueOf((double) (pos + 1)));
        return LuaValue.varargsOf(results.toArray(new LuaValue[0]));
    }

    private static Varargs size(LuaFn self, Varargs args) {
        Format f = new Format(self.checkString(args, 1));
        long pos = 0;
        while (f.more()) {
            int opt = f.next();
            int size = optsize(self, opt, f);
            pos += gettoalign(pos, f, opt, size);
            if (opt == 's') throw self.argError(1, "option 's' has no fixed size");
            else if (opt == 'c' && size == 0) throw self.argError(1, "option 'c0' has no fixed size");
            if (!Character.isLetterOrDigit(opt) || opt > 127) controloptions(self, opt, f);
            pos += size;
        }
        return LuaValue.valueOf((double) pos);
    }
}
