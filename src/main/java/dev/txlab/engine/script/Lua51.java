package dev.txlab.engine.script;

import dev.txlab.engine.Numbers;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * Lua 5.1's value conversions where LuaJ (a Lua 5.2) differs: numbers print with {@code %.14g},
 * strings convert to numbers with C's strtod, type names. Lua strings are bytes; here they cross
 * into Java as Latin-1 strings, one char per byte, so no byte is ever changed on the way.
 */
final class Lua51 {
    private Lua51() {}

    static String typeName(LuaValue v) {
        return switch (v.type()) {
            case LuaValue.TNIL, LuaValue.TNONE -> "nil";
            case LuaValue.TBOOLEAN -> "boolean";
            case LuaValue.TNUMBER -> "number";
            case LuaValue.TSTRING -> "string";
            case LuaValue.TTABLE -> "table";
            case LuaValue.TFUNCTION -> "function";
            case LuaValue.TTHREAD -> "thread";
            default -> "userdata";
        };
    }

    /** A Lua string's bytes as a Latin-1 Java string. */
    static String latin1(LuaString s) {
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
    }

    /** A Latin-1 Java string (one char per byte) as a Lua string. */
    static LuaString bytes(String latin1) {
        return LuaString.valueOf(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] toBytes(LuaString s) {
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }

    /** How Lua 5.1 prints a number: {@code %.14g}. */
    static String numberText(double d) {
        if (d == (int) d && !(d == 0 && 1 / d < 0)) return Integer.toString((int) d);
        return CFormat.lua(d);
    }

    static LuaString numberString(LuaValue number) {
        if (number instanceof LuaInteger) return number.strvalue();
        return bytes(numberText(number.todouble()));
    }

    /** lua_tolstring: a string as is, a number as Lua 5.1 prints it, anything else null. */
    static LuaString toLuaString(LuaValue v) {
        if (v.type() == LuaValue.TSTRING) return v.strvalue();
        if (v.type() == LuaValue.TNUMBER) return numberString(v);
        return null;
    }

    /** luaV_tonumber: a number, or a string that converts; null otherwise. */
    static Double toNumber(LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) return v.todouble();
        if (v.type() == LuaValue.TSTRING) return stringToNumber(v.strvalue());
        return null;
    }

    /**
     * luaO_str2d: C strtod over the string, which may be surrounded by blanks; "0x10", "1e3",
     * "inf" and "nan" all convert. Like C, it stops at a NUL byte.
     */
    static Double stringToNumber(LuaString s) {
        int start = s.m_offset;
        int end = s.m_offset + s.m_length;
        for (int i = start; i < end; i++) if (s.m_bytes[i] == 0) { end = i; break; }
        while (start < end && isSpace(s.m_bytes[start])) start++;
        while (end > start && isSpace(s.m_bytes[end - 1])) end--;
        if (start == end) return null;
        byte[] text = java.util.Arrays.copyOfRange(s.m_bytes, start, end);
        String lower = new String(text, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        boolean negative = lower.startsWith("-");
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (unsigned.equals("nan") || unsigned.matches("nan\\([0-9a-z_]*\\)")) return negative ? -PARSED_NAN : PARSED_NAN;
        return Numbers.parseDoubleSaturating(text);
    }

    /**
     * The NaN strtod returns for "nan": positive, so Lua prints it as "nan". NaNs from arithmetic
     * (0/0) carry the x86 default pattern, which C prints as "-nan"; a distinct payload tells them apart.
     */
    static final double PARSED_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

    static boolean isParsedNan(double d) {
        return Double.isNaN(d) && (Double.doubleToRawLongBits(d) & 0x000fffffffffffffL) == 0x0008000000000001L;
    }

    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c;
    }

    /** C's cast of a double to a 64-bit integer on x86-64: out of range and NaN give LONG_MIN. */
    static long toLong(double d) {
        if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) return Long.MIN_VALUE;
        return (long) d;
    }

    /**
     * C's cast of a double to unsigned long as gcc compiles it on x86-64: below 2^63 a signed
     * conversion, above it a signed conversion of d - 2^63 with the top bit flipped; anything
     * out of range ends up 0 (or LONG_MIN's bits for large negatives).
     */
    static long toUnsignedLong(double d) {
        if (d < 9.223372036854775808E18) return toLong(d);
        return toLong(d - 9.223372036854775808E18) ^ Long.MIN_VALUE;
    }

    /** C's cast of a double to int on x86-64 (cvttsd2si): out of range gives INT_MIN. */
    static int toInt(double d) {
        if (Double.isNaN(d) || d >= 2147483648.0 || d <= -2147483649.0) return Integer.MIN_VALUE;
        return (int) d;
    }
}
