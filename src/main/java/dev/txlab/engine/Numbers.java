package dev.txlab.engine;

import dev.txlab.protocol.DoubleFormat;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Number parsing and printing exactly as Redis 7.0 does it in C: {@code string2ll} for integers,
 * {@code strtod} for scores, and {@code %.17g} for printing doubles. Java's own parsers accept
 * and reject different strings ({@code "1d"}, {@code " 1"}, {@code "inf"}), so they are used only
 * after the C grammar has been checked here.
 */
public final class Numbers {
    private Numbers() {}

    /**
     * Redis's string2ll: an optional '-', then a canonical decimal (no '+', no leading zeros, no
     * spaces) that fits in 64 bits; null otherwise.
     */
    public static Long parseLong(byte[] s) {
        int n = s.length;
        if (n == 0 || n > 20) return null;
        if (n == 1 && s[0] == '0') return 0L;
        int p = 0;
        boolean negative = false;
        if (s[0] == '-') {
            negative = true;
            p = 1;
            if (n == 1) return null;
        }
        if (s[p] < '1' || s[p] > '9') return null;
        long v = 0; // accumulate negatively so that Long.MIN_VALUE fits
        for (; p < n; p++) {
            int d = s[p] - '0';
            if (d < 0 || d > 9) return null;
            if (v < (Long.MIN_VALUE + d) / 10) return null;
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) return null;
            return -v;
        }
        return v;
    }

    /** Whether value + increment leaves the 64-bit range (Redis's check before INCRBY and HINCRBY). */
    public static boolean addOverflows(long value, long increment) {
        return (increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value);
    }

    public static Long parseLong(String s) { return parseLong(s.getBytes(StandardCharsets.ISO_8859_1)); }

    /**
     * Redis's getDoubleFromObject: C {@code strtod} over the whole string, rejecting a leading
     * space, trailing bytes, NaN and overflow/underflow to zero. Accepts "inf", "-infinity", hex
     * floats and exponents as C does. Null when rejected.
     */
    public static Double parseDouble(byte[] s) {
        CFloat f = CFloat.parse(s, true);
        if (f == null || f.nan) return null;
        if (f.infinite) return f.negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        double d = f.exact.doubleValue();
        if (Double.isInfinite(d)) return null; // ERANGE with HUGE_VAL
        if (d == 0 && f.exact.signum() != 0) return null; // ERANGE underflow to zero
        if (d == 0 && f.negative) return -0.0;
        return d;
    }

    /**
     * C strtod over the whole string where the caller rejects any ERANGE, as SORT does: like
     * {@link #parseDouble}, and also refusing a result glibc flags as underflow (a subnormal that
     * is not exact). Null when rejected.
     */
    public static Double parseDoubleNoRangeError(byte[] s) {
        Double d = parseDouble(s);
        if (d == null || d == 0 || Double.isInfinite(d) || Math.abs(d) >= Double.MIN_NORMAL) return d;
        CFloat f = CFloat.parse(s, true);
        return new BigDecimal(d).compareTo(f.exact) == 0 ? d : null;
    }

    /**
     * Bare C strtod over the whole string (no leading blank allowed here): overflow saturates to
     * infinity and underflow to zero, as strtod returns them; null for anything not a number.
     */
    public static Double parseDoubleSaturating(byte[] s) {
        CFloat f = CFloat.parse(s, true);
        if (f == null || f.nan) return null;
        if (f.infinite) return f.negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        double d = f.exact.doubleValue();
        return d == 0 && f.negative ? -0.0 : d;
    }

    /** C's {@code printf("%.17g", d)}, as Redis 7.0 prints scores (inf as "inf"). */
    public static String formatDouble17g(double d) { return DoubleFormat.g17(d); }

    /** C's %.Pg of an exact value: P significant digits, trailing zeros dropped. */
    static String formatG(BigDecimal exact, int precision) { return DoubleFormat.g(exact, precision); }

    /**
     * A number in C's strtod/strtold grammar, held exactly. Hex floats and decimal notation are
     * both exact in BigDecimal, so rounding to double or to x87 long double is done once, right.
     */
    static final class CFloat {
        boolean negative;
        boolean infinite;
        boolean nan;
        BigDecimal exact = BigDecimal.ZERO;

        /**
         * Parses the whole of s; null unless every byte was consumed. When rejectLeadingSpace,
         * a leading blank is an error (Redis checks isspace(s[0]) itself).
         */
        static CFloat parse(byte[] s, boolean rejectLeadingSpace) {
            int n = s.length;
            if (n == 0) return null;
            int p = 0;
            if (isSpace(s[0])) {
                if (rejectLeadingSpace) return null;
                while (p < n && isSpace(s[p])) p++;
            }
            CFloat f = new CFloat();
            if (p < n && (s[p] == '+' || s[p] == '-')) {
                f.negative = s[p] == '-';
                p++;
            }
            String rest = new String(s, p, n - p, StandardCharsets.ISO_8859_1);
            String lower = rest.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("inf") || lower.equals("infinity")) {
                f.infinite = true;
                return f;
            }
            if (lower.startsWith("nan")) {
                // "nan" or "nan(chars)"
                if (lower.equals("nan") || (lower.startsWith("nan(") && lower.endsWith(")")
                        && lower.substring(4, lower.length() - 1).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_'))) {
                    f.nan = true;
                    return f;
                }
                return null;
            }
            BigDecimal value = lower.startsWith("0x") ? parseHex(lower.substring(2)) : parseDecimal(lower);
            if (value == null) return null;
            f.exact = f.negative ? value.negate() : value;
            return f;
        }

        private static BigDecimal parseDecimal(String s) {
            int i = 0;
            int n = s.length();
            int digitStart = i;
            while (i < n && isDigit(s.charAt(i))) i++;
            int intDigits = i - digitStart;
            int fracDigits = 0;
            if (i < n && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                while (i < n && isDigit(s.charAt(i))) i++;
                fracDigits = i - fracStart;
            }
            if (intDigits + fracDigits == 0) return null;
            String mantissa = s.substring(0, i);
            long exponent = 0;
            if (i < n && s.charAt(i) == 'e') {
                int j = i + 1;
                boolean expNegative = false;
                if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                    expNegative = s.charAt(j) == '-';
                    j++;
                }
                int expStart = j;
                while (j < n && isDigit(s.charAt(j))) j++;
                if (j == expStart) return null; // "1e" would stop strtod before the 'e': trailing garbage
                String digits = s.substring(expStart, j);
                exponent = digits.length() > 9 ? 999_999_999L : Long.parseLong(digits);
                if (expNegative) exponent = -exponent;
                i = j;
            }
            if (i != n) return null;
            BigDecimal m = new BigDecimal(mantissa.endsWith(".") ? mantissa + "0" : (mantissa.startsWith(".") ? "0" + mantissa : mantissa));
            if (m.signum() == 0) return BigDecimal.ZERO;
            // Clamp absurd exponents: the value is then far outside any float range either way.
            if (exponent > 100_000) exponent = 100_000;
            if (exponent < -100_000) exponent = -100_000;
            return m.scaleByPowerOfTen((int) exponent);
        }

        private static BigDecimal parseHex(String s) {
            int i = 0;
            int n = s.length();
            BigInteger mantissa = BigInteger.ZERO;
            int digits = 0;
            int fracDigits = 0;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s.charAt(i), 16)));
                i++;
                digits++;
            }
            if (i < n && s.charAt(i) == '.') {
                i++;
                while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
                    mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s.charAt(i), 16)));
                    i++;
                    digits++;
                    fracDigits++;
                }
            }
            if (digits == 0) return null; // "0x" alone: strtod reads "0" and stops at 'x'
            long exponent = 0;
            if (i < n && s.charAt(i) == 'p') {
                int j = i + 1;
                boolean expNegative = false;
                if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                    expNegative = s.charAt(j) == '-';
                    j++;
                }
                int expStart = j;
                while (j < n && isDigit(s.charAt(j))) j++;
                if (j == expStart) return null;
                String d = s.substring(expStart, j);
                exponent = d.length() > 9 ? 999_999_999L : Long.parseLong(d);
                if (expNegative) exponent = -exponent;
                i = j;
            }
            if (i != n) return null;
            long binaryExponent = Math.max(-70_000, Math.min(70_000, exponent - 4L * fracDigits));
            BigDecimal value = new BigDecimal(mantissa);
            if (binaryExponent >= 0) return value.multiply(new BigDecimal(BigInteger.TWO.pow((int) binaryExponent)));
            return value.divide(new BigDecimal(BigInteger.TWO.pow((int) -binaryExponent)));
        }

        private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }
    }

    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c;
    }
}
