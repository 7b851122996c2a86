package dev.txlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NumbersTest {

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    @Test
    void integersMustBeCanonicalAndFitIn64Bits() {
        assertEquals(0L, Numbers.parseLong(b("0")));
        assertEquals(-42L, Numbers.parseLong(b("-42")));
        assertEquals(Long.MAX_VALUE, Numbers.parseLong(b("9223372036854775807")));
        assertEquals(Long.MIN_VALUE, Numbers.parseLong(b("-9223372036854775808")));
        for (String bad : new String[] {"", "-", "-0", "010", "+1", " 1", "1 ", "1.0", "2e3", "9223372036854775808", "abc"}) {
            assertNull(Numbers.parseLong(b(bad)), bad);
        }
    }

    @Test
    void scoresParseWithCGrammar() {
        assertEquals(1.5, Numbers.parseDouble(b("1.5")));
        assertEquals(100.0, Numbers.parseDouble(b("1e2")));
        assertEquals(16.0, Numbers.parseDouble(b("0x10")));
        assertEquals(Double.POSITIVE_INFINITY, Numbers.parseDouble(b("+inf")));
        assertEquals(Double.NEGATIVE_INFINITY, Numbers.parseDouble(b("-Infinity")));
        assertEquals(0.5, Numbers.parseDouble(b(".5")));
        for (String bad : new String[] {"", " 1", "1 ", "nan", "1e", "1d", "x", "1e400", "1e-400"}) {
            assertNull(Numbers.parseDouble(b(bad)), bad);
        }
    }

    @Test
    void doublesPrintAsPercent17g() {
        assertEquals("0.10000000000000001", Numbers.formatDouble17g(0.1));
        assertEquals("1", Numbers.formatDouble17g(1.0));
        assertEquals("2.5", Numbers.formatDouble17g(2.5));
        assertEquals("100", Numbers.formatDouble17g(100));
        assertEquals("1.0000000000000001e-05", Numbers.formatDouble17g(1e-5));
        assertEquals("123456789.123", Numbers.formatDouble17g(123456789.123));
        assertEquals("1e+20", Numbers.formatDouble17g(1e20));
        assertEquals("-0", Numbers.formatDouble17g(-0.0));
        assertEquals("inf", Numbers.formatDouble17g(Double.POSITIVE_INFINITY));
    }

    @Test
    void longDoubleArithmeticShowsTheSameBinaryNoiseAsRedis() {
        BigDecimal a = LongDouble.parse(b("5.6")).value();
        BigDecimal sum = LongDouble.add(a, LongDouble.parse(b("5000")).value());
        assertEquals("5005.60000000000000009", LongDouble.formatHuman(sum));
        BigDecimal ten = LongDouble.add(LongDouble.parse(b("10.50")).value(), LongDouble.parse(b("0.1")).value());
        assertEquals("10.6", LongDouble.formatHuman(ten));
        assertEquals("0", LongDouble.formatHuman(LongDouble.parse(b("-0")).value()));
        assertEquals(true, LongDouble.parse(b("inf")).infinite());
        assertNull(LongDouble.parse(b(" 1")));
    }
}
