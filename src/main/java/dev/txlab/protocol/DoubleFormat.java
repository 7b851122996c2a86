package dev.txlab.protocol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** C's {@code %g} for doubles and exact decimals, as Redis prints scores and floats. */
public final class DoubleFormat {
    private DoubleFormat() {}

    /**
     * C's {@code printf("%.17g", d)}, as Redis 7.0 prints scores (inf as "inf"). glibc prints a
     * NaN's sign: x86 arithmetic (0/0 in a script) makes "-nan".
     */
    public static String g17(double d) {
        if (Double.isNaN(d)) return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        return g(new BigDecimal(d), 17);
    }

    /** C's %.Pg of an exact value: P significant digits, trailing zeros dropped. */
    public static String g(BigDecimal exact, int precision) {
        BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1; // decimal exponent of the first digit
        String sign = rounded.signum() < 0 ? "-" : "";
        String digits = rounded.unscaledValue().abs().toString();
        // pad to exactly `precision` digits so the layout below can take what it needs
        if (digits.length() < precision) digits = digits + "0".repeat(precision - digits.length());
        digits = digits.substring(0, precision);
        String out;
        if (exponent < -4 || exponent >= precision) {
            String mantissa = stripZeros(digits.charAt(0) + "." + digits.substring(1));
            String exp = Integer.toString(Math.abs(exponent));
            out = mantissa + "e" + (exponent < 0 ? "-" : "+") + (exp.length() < 2 ? "0" + exp : exp);
        } else if (exponent >= 0) {
            out = stripZeros(digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1));
        } else {
            out = stripZeros("0." + "0".repeat(-exponent - 1) + digits);
        }
        return sign + out;
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) return s;
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }
}
