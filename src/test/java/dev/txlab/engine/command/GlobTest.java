package dev.txlab.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Clock;
import dev.txlab.engine.Engine;
import dev.txlab.protocol.ArgSplitter;
import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Glob patterns match as Redis's stringmatchlen does, without its exponential cases. */
class GlobTest {

    /** Redis's recursive matcher, transcribed as a slow reference (signed chars, skipLongerMatches). */
    private static boolean reference(byte[] p, int pi, byte[] s, int si, boolean nocase, boolean[] skipLonger) {
        int plen = p.length - pi;
        int slen = s.length - si;
        while (plen > 0 && slen > 0) {
            switch (p[pi]) {
                case '*' -> {
                    while (plen > 1 && p[pi + 1] == '*') { pi++; plen--; }
                    if (plen == 1) return true;
                    while (slen > 0) {
                        if (reference(p, pi + 1, s, si, nocase, skipLonger)) return true;
                        if (skipLonger[0]) return false;
                        si++;
                        slen--;
                    }
                    skipLonger[0] = true;
                    return false;
                }
                case '?' -> { si++; slen--; }
                case '[' -> {
                    pi++; plen--;
                    boolean not = plen > 0 && p[pi] == '^';
                    if (not) { pi++; plen--; }
                    boolean match = false;
                    while (true) {
                        if (plen >= 2 && p[pi] == '\\') {
                            pi++; plen--;
                            if (p[pi] == s[si]) match = true;
                        } else if (plen > 0 && p[pi] == ']') {
                            break;
                        } else if (plen == 0) {
                            pi--; plen++;
                            break;
                        } else if (plen >= 3 && p[pi + 1] == '-') {
                            int start = p[pi], end = p[pi + 2], c = s[si];
                            if (start > end) { int t = start; start = end; end = t; }
                            if (nocase) { start = lower(start); end = lower(end); c = lower(c); }
                            pi += 2; plen -= 2;
                            if (c >= start && c <= end) match = true;
                        } else if (nocase ? lower(p[pi]) == lower(s[si]) : p[pi] == s[si]) {
                            match = true;
                        }
                        pi++; plen--;
                    }
                    if (not) match = !match;
                    if (!match) return false;
                    si++; slen--;
                }
                default -> {
                    if (p[pi] == '\\' && plen >= 2) { pi++; plen--; }
                    if (nocase ? lower(p[pi]) != lower(s[si]) : p[pi] != s[si]) return false;
                    si++; slen--;
                }
            }
            pi++; plen--;
            if (slen == 0) {
                while (plen > 0 && p[pi] == '*') { pi++; plen--; }
                break;
            }
        }
        return plen == 0 && slen == 0;
    }

    private static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

    @Test
    void answersWhatRedisRecursiveMatcherAnswersOnRandomPatterns() {
        Random random = new Random(7);
        byte[] alphabet = "ab*?[]^-\\A\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] letters = "abA-]\\\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int matched = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] p = random(random, alphabet, 8);
            byte[] s = random(random, letters, 6);
            boolean nocase = random.nextBoolean();
            boolean expected = reference(p, 0, s, 0, nocase, new boolean[1]);
            assertEquals(expected, Glob.matches(p, s, nocase),
                    () -> "pattern " + Bytes.lowerAscii(p) + " string " + Bytes.lowerAscii(s) + " nocase " + nocase);
            if (expected) matched++;
        }
        assertTrue(matched > 5_000, "too few matches to mean anything: " + matched);
    }

    private static byte[] random(Random random, byte[] alphabet, int maxLength) {
        byte[] out = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < out.length; i++) out[i] = alphabet[random.nextInt(alphabet.length)];
        return out;
    }

    @Test
    void redisQuirksHold() {
        assertFalse(Glob.matches(Bytes.utf8("*"), new byte[0]), "Redis: no pattern but an empty one matches an empty name");
        assertTrue(Glob.matches(new byte[0], new byte[0]));
        assertTrue(Glob.matches(Bytes.utf8("h[a-"), Bytes.utf8("ha")), "an unterminated class ends at the pattern's end");
        assertTrue(Glob.matches(Bytes.utf8("a\\"), Bytes.utf8("a\\")), "a trailing backslash is literal");
        assertTrue(Glob.matches(Bytes.utf8("CONFIG*"), Bytes.utf8("config-x"), true));
    }

    @Test
    void aPathologicalPatternAnswersAtOnce() {
        byte[] pattern = Bytes.utf8("a*".repeat(5000) + "b");
        byte[] string = Bytes.utf8("a".repeat(20_000));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertFalse(Glob.matches(pattern, string)));
    }

    @Test
    void keysWithPatternsAnswersAsARealServer() throws Exception {
        Engine engine = new Engine(new Clock.ManualClock(0));
        ClientSession a = engine.connect("A");
        List<String> keys = List.of("hello", "hallo", "hxllo", "hllo", "heeeello", "h[ello", "h\\llo", "a*b", "", "Hello", "x-y");
        try (RedisConnection redis = RedisServer.get().connect()) {
            RedisServer.get().reset();
            for (String k : keys) {
                List<byte[]> set = List.of(Bytes.utf8("SET"), Bytes.utf8(k), Bytes.utf8("v"));
                redis.call(set);
                engine.execute(a, set);
            }
            for (String pattern : List.of("*", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h\\[*", "*\\\\*", "a\\*b",
                    "[", "h[", "*[a-", "**", "?", "", "x[--z]y", "H*", "*o", "a*a*a*a*a*a*a*a*a*a*b")) {
                List<byte[]> argv = new ArrayList<>(List.of(Bytes.utf8("KEYS"), Bytes.utf8(pattern)));
                assertEquals(sorted(redis.call(argv)), sorted(engine.execute(a, argv)), "KEYS " + pattern);
            }
        }
    }

    private static List<String> sorted(Reply reply) {
        List<String> out = new ArrayList<>();
        for (Reply r : ((Reply.Array) reply).elements()) out.add(Bytes.lowerAscii(((Reply.Bulk) r).bytes()) + "|" + r);
        out.sort(null);
        return out;
    }
}
