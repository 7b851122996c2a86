package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Template variables: seeded, distinct when declared together, and expanded with +/- offsets. */
class VariablesTest {

    @Test
    void valuesDeclaredTogetherAreDistinctAndInRange() {
        Variables v = new Variables(List.of(Variables.parseSpec("a, b, c = int 1..3"),
                Variables.parseSpec("x, y = one of: p | q")));
        for (long seed = 0; seed < 50; seed++) {
            Map<String, String> values = v.instantiate(new Random(seed));
            assertEquals(3, java.util.Set.of(values.get("a"), values.get("b"), values.get("c")).size());
            assertNotEquals(values.get("x"), values.get("y"));
            assertTrue(List.of("1", "2", "3").contains(values.get("a")));
        }
    }

    @Test
    void theSameSeedGivesTheSameValues() {
        Variables v = new Variables(List.of(Variables.parseSpec("n = int 1..1000000")));
        assertEquals(v.instantiate(new Random(5)), v.instantiate(new Random(5)));
    }

    @Test
    void anAlternativeMayUseOtherVariables() {
        Variables v = new Variables(List.of(Variables.parseSpec("k = one of: stock"), Variables.parseSpec("n = int 7..7"),
                Variables.parseSpec("cmd = one of: SET {k} {n+1}")));
        assertEquals("SET stock 8", v.instantiate(new Random(1)).get("cmd"));
    }

    @Test
    void placeholdersExpandWithOffsetsAndUnknownOnesStay() {
        Map<String, String> values = Map.of("n", "10", "k", "stock");
        assertEquals("INCRBY stock 11 9 {other} {k+1}", Variables.expand("INCRBY {k} {n+1} {n-1} {other} {k+1}", values));
        assertEquals("return {1, 2}", Variables.expand("return {1, 2}", values), "Lua tables are not placeholders");
        assertEquals("17 3", Variables.expand("{n+m} {n-m}", Map.of("n", "10", "m", "7")));
        assertEquals(java.util.Set.of("n", "m"), Variables.placeholders("{n+m}"));
    }

    @Test
    void badDefinitionsAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> Variables.parseSpec("n = int 5..1"));
        assertThrows(IllegalArgumentException.class, () -> Variables.parseSpec("a, b = one of: x"));
        assertThrows(IllegalArgumentException.class, () -> Variables.parseSpec("N = int 1..2"));
        assertThrows(IllegalArgumentException.class, () -> Variables.parseSpec("n = random"));
        assertThrows(IllegalArgumentException.class, () -> Variables.parseSpec("n int 1..2"));
    }
}
