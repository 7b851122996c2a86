package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How typed replies are compared with redis-cli's: forgiving where unambiguous, strict elsewhere. */
class ReplyMatcherTest {

    static boolean m(List<String> expected, String... typed) { return ReplyMatcher.matches(expected, List.of(typed)); }

    @Test
    void caseAndSurroundingSpacesDoNotMatterForNilIntegersAndStatusReplies() {
        assertTrue(m(List.of("(nil)"), "  (NIL) "));
        assertTrue(m(List.of("(nil)"), "nil"));
        assertTrue(m(List.of("(integer) 3"), "(Integer)   3"));
        assertTrue(m(List.of("OK"), "ok"));
        assertTrue(m(List.of("QUEUED"), " queued"));
        assertTrue(m(List.of("(empty array)"), "(Empty Array)"));
        assertTrue(m(List.of("(empty array)"), "(empty list or set)"));
    }

    @Test
    void bulkStringsAreExactAndAreNeitherIntegersNorStatusReplies() {
        assertTrue(m(List.of("\"5\""), "\"5\""));
        assertFalse(m(List.of("\"5\""), "(integer) 5"));
        assertFalse(m(List.of("(integer) 5"), "\"5\""));
        assertFalse(m(List.of("(integer) 5"), "5"));
        assertFalse(m(List.of("\"hello\""), "\"Hello\""));
        assertFalse(m(List.of("\"hello\""), "hello"));
        assertFalse(m(List.of("OK"), "\"OK\""));
        assertFalse(m(List.of("(nil)"), "(empty array)"));
        assertFalse(m(List.of("(integer) 3"), "(integer) 4"));
    }

    @Test
    void anErrorMatchesByItsTextOrByItsCodeUnlessTheCodeIsErr() {
        List<String> execabort = List.of("(error) EXECABORT Transaction discarded because of previous errors.");
        assertTrue(m(execabort, "(error) EXECABORT Transaction discarded because of previous errors."));
        assertTrue(m(execabort, "(error) execabort transaction discarded because of previous errors"));
        assertTrue(m(execabort, "(error) EXECABORT"));
        assertFalse(m(execabort, "EXECABORT"), "the (error) marker is part of the reply");
        assertFalse(m(execabort, "(nil)"));
        List<String> syntax = List.of("(error) ERR syntax error");
        assertTrue(m(syntax, "(error) ERR syntax error"));
        assertFalse(m(syntax, "(error) ERR"), "ERR alone says nothing: many errors share it");
        assertFalse(m(syntax, "(error) ERR value is not an integer or out of range"));
        List<String> unknown = List.of("(error) ERR unknown command 'INCRR', with args beginning with: 'a' ");
        assertTrue(m(unknown, "(error) ERR unknown command 'INCRR', with args beginning with: 'a'"));
    }

    @Test
    void aScriptErrorMatchesWithoutItsShaSuffix() {
        List<String> e = List.of("(error) ERR value is not an integer or out of range script: "
                + "e3e9e68d0b7de7ede1daa4e9be7f11cb10f973c4, on @user_script:1.");
        assertTrue(m(e, "(error) ERR value is not an integer or out of range"));
        assertTrue(m(e, e.get(0)));
        assertFalse(m(e, "(error) ERR"));
    }

    @Test
    void arraysNeedTheirIndexesButNotTheirAlignment() {
        List<String> exec = List.of("1) OK", "2) (error) ERR syntax error");
        assertTrue(m(exec, "1) OK", "2) (error) ERR syntax error"));
        assertTrue(m(exec, " 1)ok", "", "  2)   (error) err syntax error "));
        assertFalse(m(exec, "OK", "(error) ERR syntax error"), "without indexes it is not an array");
        assertFalse(m(exec, "1) OK"), "one element short");
        assertFalse(m(exec, "2) OK", "1) (error) ERR syntax error"));
        assertFalse(m(List.of("1) OK"), "OK"), "a one-element array is not a status reply");
    }

    @Test
    void aWholeArrayMayBeTypedOnOneLine() {
        assertTrue(m(List.of("1) (integer) 6", "2) \"6\""), "1) (integer) 6 2) \"6\""));
        assertTrue(m(List.of("1) (nil)", "2) OK"), "1) (nil) 2) OK"));
        assertTrue(m(List.of("1) \"a 2) b\"", "2) OK"), "1) \"a 2) b\" 2) OK"), "no split inside quotes");
        assertEquals(List.of("1) 1) a", "2) b"), ReplyMatcher.splitOneLineArray("1) 1) a 2) b"));
    }

    @Test
    void nestedArraysCompareLineByLine() {
        List<String> nested = List.of("1) (integer) 1", "2) 1) (integer) 2", "   2) \"x\"", "3) (empty array)");
        assertTrue(m(nested, "1) (integer) 1", "2) 1) (integer) 2", "2) \"x\"", "3) (empty array)"));
        assertFalse(m(nested, "1) (integer) 1", "2) (integer) 2", "3) \"x\"", "4) (empty array)"));
    }

    static String close(List<String> expected, String... typed) { return ReplyMatcher.close(expected, List.of(typed)).orElse(null); }

    @Test
    void theRightValueInAnotherNotationIsCloseWithANoteOnHowRedisCliPrintsIt() {
        assertEquals("redis-cli prints a string reply in double quotes: \"15.75\"", close(List.of("\"15.75\""), "15.75"));
        assertTrue(close(List.of("\"5\""), "(integer) 5").contains("an (integer) is another kind of reply"));
        assertEquals("redis-cli prints an integer reply as (integer) 5", close(List.of("(integer) 5"), "5"));
        assertTrue(close(List.of("(integer) 5"), "\"5\"").contains("in quotes it would be a string"));
        assertEquals("redis-cli prints a status reply as it is, without quotes: OK", close(List.of("OK"), "\"OK\""));
        assertTrue(close(List.of("(error) EXECABORT Transaction discarded because of previous errors."), "EXECABORT")
                .startsWith("redis-cli prints an error reply with (error) in front"));
        assertTrue(close(List.of("1) OK", "2) (integer) 3"), "OK", "(integer) 3").contains("with its index"));
        assertTrue(close(List.of("1) \"1\"", "2) (nil)"), "1) 1", "2) (nil)").contains("double quotes: \"1\""));
        assertEquals("redis-cli prints a missing value (a null reply) as (nil)", close(List.of("(nil)"), "null"));
    }

    @Test
    void aWrongValueIsNeverClose() {
        assertNull(close(List.of("\"15.75\""), "15.7"));
        assertNull(close(List.of("\"15.75\""), "\"15.75\""), "right is not close");
        assertNull(close(List.of("(integer) 5"), "6"));
        assertNull(close(List.of("\"hello\""), "Hello"), "strings keep their case");
        assertNull(close(List.of("(error) ERR syntax error"), "ERR"), "ERR alone says nothing");
        assertNull(close(List.of("(nil)"), "0"));
        assertNull(close(List.of("1) OK", "2) (integer) 3"), "OK"), "an element short");
        assertNull(close(List.of("1) OK", "2) (integer) 3"), "2) OK", "1) (integer) 3"), "indexes in the wrong order");
        assertNull(close(List.of("(integer) 1"), "OK"));
    }
}
