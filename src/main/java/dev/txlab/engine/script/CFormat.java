package dev.txlab.engine.script;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * C's printf conversions as glibc prints them, for Lua 5.1's {@code tostring} ({@code %.14g}),
 * redis.call's number arguments ({@code %.17g}) and {@code string.format}. Java's own Formatter
 * differs in many details (exponent digits, {@code %g} trailing zeros, {@code -nan}), so doubles
 * are expanded exactly with BigDecimal and rounded half-even, as glibc rounds exact binary values.
 */
final class CFormat {
    private CFormat() {}

    /** One parsed conversion: flags, width, precision (-1: none). */
    record Spec(boolean left, boolean plus, boolean space, boolean alt, boolean zero, int width, int precision) {
        static Spec precision(int p) { return new Spec(false, false, false, false, false, 0, p); }
    }

    /** {@code %.14g}, LUAI_NUMFFORMAT: how Lua 5.1 turns a number into a string. */
    static String lua(double v) { return floating('g', v, Spec.precision(14)); }

    /** {@code %.17g}: how Redis 7.0 sends a number argument of redis.call. */
    static String g17(double v) { return floating('g', v, Spec.precision(17)); }

    /** %e %E %f %F %g %G of a double. */
    static String floating(char conv, double v, Spec spec) {
        boolean upper = Character.isUpperCase(conv);
        char lower = Character.toLowerCase(conv);
        boolean negative = (Double.doubleToRawLongBits(v) < 0);
        String body;
        if (Double.isNaN(v)) {
            // x86 arithmetic makes NaNs with the sign bit set, printed "-nan"; only a NaN read
            // from "nan" (see Lua51.PARSED_NAN) has a sign of its own
            negative = !Lua51.isParsedNan(v) || Double.doubleToRawLongBits(v) < 0;
            body = "nan";
        } else if (Double.isInfinite(v)) {
            body = "inf";
        } else {
            BigDecimal exact = new BigDecimal(Math.abs(v));
            int precision = spec.precision < 0 ? 6 : spec.precision;
            switch (lower) {
                case 'f' -> body = fixed(exact, precision, spec.alt);
                case 'e' -> body = exponential(exact, precision, spec.alt);
                default -> body = general(exact, precision, spec.alt);
            }
        }
        if (upper) body = body.toUpperCase(java.util.Locale.ROOT);
        String sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        boolean finite = !Double.isNaN(v) && !Double.isInfinite(v);
        return pad(sign, body, spec, finite && spec.zero);
    }

    private static String fixed(BigDecimal exact, int precision, boolean alt) {
        String s = exact.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        if (precision == 0 && alt) s += ".";
        return s;
    }

    private static String exponential(BigDecimal exact, int precision, boolean alt) {
        if (exact.signum() == 0) {
            String m = precision > 0 ? "0." + "0".repeat(precision) : (alt ? "0." : "0");
            return m + "e+00";
        }
        BigDecimal rounded = exact.round(new java.math.MathContext(precision + 1, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String digits = rounded.unscaledValue().toString();
        if (digits.length() < precision + 1) digits = digits + "0".repeat(precision + 1 - digits.length());
        digits = digits.substring(0, precision + 1);
        String mantissa = digits.charAt(0) + (precision > 0 ? "." + digits.substring(1) : (alt ? "." : ""));
        return mantissa + exponentSuffix(exponent);
    }

    private static String exponentSuffix(int exponent) {
        String e = Integer.toString(Math.abs(exponent));
        return "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }

    private static String general(BigDecimal exact, int precision, boolean alt) {
        int p = precision == 0 ? 1 : precision;
        int exponent;
        if (exact.signum() == 0) {
            exponent = 0;
        } else {
            BigDecimal rounded = exact.round(new java.math.MathContext(p, RoundingMode.HALF_EVEN));
            exponent = rounded.precision() - rounded.scale() - 1;
        }
        String s;
        if (exponent < -4 || exponent >= p) {
            s = exponential(exact, p - 1, alt);
            if (!alt) {
                int e = s.indexOf('e');
                s = stripZeros(s.substring(0, e)) + s.substring(e);
            }
        } else {
            s = fixed(exact, p - 1 - exponent, alt);
            if (!alt) s = stripZeros(s);
        }
        return s;
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) return s;
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }

    /** %d %i of a C long. */
    static String signedInteger(long v, Spec spec) {
        String digits = v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(v));
        digits = integerPrecision(digits, spec);
        String sign = v < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        return pad(sign, digits, spec, spec.zero && spec.precision < 0);
    }

    /** %o %u %x %X of a C unsigned long. */
    static String unsignedInteger(char conv, long v, Spec spec) {
        BigInteger u = new BigInteger(Long.toUnsignedString(v));
        String digits = switch (conv) {
            case 'o' -> u.toString(8);
            case 'x' -> u.toString(16);
            case 'X' -> u.toString(16).toUpperCase(java.util.Locale.ROOT);
            default -> u.toString();
        };
        digits = integerPrecision(digits, spec);
        String prefix = "";
        if (spec.alt) {
            if (conv == 'o' && !digits.startsWith("0")) digits = "0" + digits;
            if ((conv == 'x' || conv == 'X') && v != 0) prefix = conv == 'x' ? "0x" : "0X";
        }
        return pad(prefix, digits, spec, spec.zero && spec.precision < 0);
    }

    private static String integerPrecision(String digits, Spec spec) {
        if (spec.precision == 0 && digits.equals("0")) return "";
        if (spec.precision > digits.length()) return "0".repeat(spec.precision - digits.length()) + digits;
        return digits;
    }

    /** Width padding: spaces left or right, or zeros between sign and digits. */
    static String pad(String sign, String body, Spec spec, boolean zeroPad) {
        int len = sign.length() + body.length();
        if (len >= spec.width) return sign + body;
        int fill = spec.width - len;
        if (spec.left) return sign + body + " ".repeat(fill);
        if (zeroPad) return sign + "0".repeat(fill) + body;
        return " ".repeat(fill) + sign + body;
    }

    /** %s and %c padding of raw bytes (Latin-1 chars). */
    static String padText(String text, Spec spec) {
        return pad("", text, spec, false);
    }
}
