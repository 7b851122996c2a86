package dev.txlab.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The x87 80-bit {@code long double} that Redis's INCRBYFLOAT and HINCRBYFLOAT compute in: a
 * 64-bit significand, rounded to nearest-even after every operation. Emulated exactly with
 * BigDecimal so that {@code 5.6 + 5000} prints {@code 5005.60000000000000009} as on a real
 * server.
 */
public final class LongDouble {
    private LongDouble() {}

    private static final int SIGNIFICAND_BITS = 64;
    /** Largest finite x87 exponent: values at or beyond 2^16384 overflow to infinity. */
    private static final int MAX_EXPONENT = 16383;
    /** Beyond this many bytes string2ld refuses the input (MAX_LONG_DOUBLE_CHARS). */
    private static final int MAX_CHARS = 5 * 1024;

    /**
     * A value string2ld accepted: finite (exact, already rounded to long double precision) or
     * infinite, since strtold takes "inf" and only the sum is then refused.
     */
    public record Parsed(BigDecimal value, boolean infinite) {}

    /** Redis's string2ld (strtold over the whole string); null for anything it rejects. */
    public static Parsed parse(byte[] s) {
        if (s.length == 0 || s.length >= MAX_CHARS) return null;
        // string2ld copies the bytes into a C string, then refuses it unless strtold consumed all
        // slen bytes: a NUL byte inside makes it invalid ("1\0002" is not 1).
        for (byte b : s) if (b == 0) return null;
        Numbers.CFloat f = Numbers.CFloat.parse(s, true);
        if (f == null || f.nan) return null;
        if (f.infinite) return new Parsed(null, true);
        BigDecimal rounded = round(f.exact);
        if (rounded == null) return null; // overflow: ERANGE with HUGE_VAL
        if (rounded.signum() == 0 && f.exact.signum() != 0) return null; // underflow to zero
        return new Parsed(rounded, false);
    }

    /** a + b in long double arithmetic; null when the result overflows. */
    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        return round(a.add(b));
    }

    /** a * b in long double arithmetic; null when the result overflows. */
    public static BigDecimal multiply(BigDecimal a, BigDecimal b) {
        return round(a.multiply(b));
    }

    /** Rounds an exact value to a 64-bit significand, nearest-even; null on overflow. */
    static BigDecimal round(BigDecimal exact) {
        if (exact.signum() == 0) return BigDecimal.ZERO;
        BigDecimal abs = exact.abs();
        // e = floor(log2(abs)); start from an estimate and correct it.
        int e = (int) Math.floor((abs.precision() - abs.scale() - 1) * 3.321928094887362);
        while (pow2(e).compareTo(abs) > 0) e--;
        while (pow2(e + 1).compareTo(abs) <= 0) e++;
        if (e > MAX_EXPONENT) return null;
        int shift = SIGNIFICAND_BITS - 1 - e; // scale so the significand has 64 integer bits
        BigDecimal scaled = shift >= 0 ? abs.multiply(pow2(shift)) : abs.divide(pow2(-shift));
        BigInteger significand = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        BigDecimal result = shift >= 0
                ? new BigDecimal(significand).divide(pow2(shift))
                : new BigDecimal(significand).multiply(pow2(-shift));
        if (significand.bitLength() > SIGNIFICAND_BITS && e + 1 > MAX_EXPONENT) return null;
        return exact.signum() < 0 ? result.negate() : result;
    }

    private static BigDecimal pow2(int e) {
        return e >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(e)) : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e)));
    }

    /**
     * Redis's ld2string in LD_STR_HUMAN mode: {@code %.17Lf}, then trailing zeros and a trailing
     * '.' removed, and "-0" turned into "0".
     */
    public static String formatHuman(BigDecimal value) {
        String s = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') end--;
            if (s.charAt(end - 1) == '.') end--;
            s = s.substring(0, end);
        }
        if (s.equals("-0")) s = "0";
        return s;
    }
}
