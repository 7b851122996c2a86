package dev.txlab.script;

import static dev.txlab.script.LuaLimitsTest.answers;

import org.junit.jupiter.api.Test;

/**
 * What the Lua fuzz test ({@link LuaFuzzTest}) found different from redis-server 7.0.15, each
 * answer checked against a real server when one is installed.
 */
class LuaFuzzFindingsTest {

    private static String error(String body, String message, String where) {
        return "(error) ERR " + message + " script: " + Lab.sha1(body) + ", on " + where + ".";
    }

    /** lmathlib.c checks both arguments inside one C call, which GCC evaluates right to left. */
    @Test
    void twoArgumentMathFunctionsCheckTheSecondArgumentFirst() throws Exception {
        for (String f : new String[] {"fmod", "pow", "atan2", "ldexp", "mod"}) {
            answers("return {pcall(math." + f + ", {})}",
                    "1) (nil)\n2) \"bad argument #2 to '?' (number expected, got no value)\"");
            answers("return {pcall(math." + f + ", 'x', 'y')}",
                    "1) (nil)\n2) \"bad argument #2 to '?' (number expected, got string)\"");
        }
        answers("return math.fmod(7, 3)", "(integer) 1");
    }

    @Test
    void aFormatEndingInPercentNamesNoOption() throws Exception {
        answers("return {pcall(string.format, '%', 1)}", "1) (nil)\n2) \"invalid option '%' to 'format'\"");
    }

    @Test
    void aConcatMetamethodOverflowingTheCStackIsPositioned() throws Exception {
        answers("local mt = {} mt.__concat = function(a, b) return a .. b end local t = setmetatable({}, mt) "
                + "return {pcall(function() return t .. 'x' end)}", "1) (nil)\n2) \"user_script:1: C stack overflow\"");
    }

    /** __redis__err__handler's err['source'] = ... fails on a protected table, and reports that. */
    @Test
    void raisingAProtectedTableFailsInRedisErrorHandler() throws Exception {
        for (String value : new String[] {"_G", "redis", "string", "getmetatable('')"}) {
            String body = "error(" + value + ")";
            answers(body, error(body, "err_handler_def:10: Attempt to modify a readonly table", "@err_handler_def:10"));
        }
    }

    /** Redis's pcall reads the error's err field with lua_getfield: metamethods run, outside the pcall. */
    @Test
    void pcallReadsTheErrFieldWithMetamethods() throws Exception {
        answers("return {pcall(error, setmetatable({}, {__index = function(t, k) return 'E:' .. k end}))}",
                "1) (nil)\n2) \"E:err\"");
        String body = "return {pcall(error, setmetatable({}, {__index = function(t, k) error('inner') end}))}";
        answers(body, error(body, "user_script:1: inner", "@user_script:1"));
        body = "return {pcall(error, _G)}";
        answers(body, error(body, "Script attempted to access nonexistent global variable 'err'", "=[C]:-1"));
    }

    /** The error handler names the caller of the C function that raised: another C function is =[C]:-1. */
    @Test
    void anErrorRaisedByACFunctionThatAnotherCalledIsPlacedInC() throws Exception {
        String body = "table.sort({'nosuch', 'x'}, redis.call)";
        answers(body, error(body, "Unknown Redis command called from script", "=[C]:-1"));
        body = "string.gsub('ab', '.', error)";
        answers(body, error(body, "a", "=[C]:-1"));
        body = "local t = setmetatable({}, {__index = redis.call}) return t.x";
        answers(body, error(body, "Lua redis lib command arguments must be strings or integers", "@user_script:1"));
        body = "redis.call('nosuch')";
        answers(body, error(body, "Unknown Redis command called from script", "@user_script:1"));
    }

    /** n = -2^31 cannot be negated; the C code then prints 8 digits in upper case (it threw here). */
    @Test
    void bitTohexOfMinusTwoToThe31PrintsEightUpperCaseDigits() throws Exception {
        answers("return bit.tohex(255, 2^31)", "\"000000FF\"");
        answers("return bit.tohex(255, -2^31)", "\"000000FF\"");
        answers("return bit.tohex(-1/0, 2^31)", "\"00000000\"");
        answers("return bit.tohex(255, -9)", "\"000000FF\"");
    }

    /**
     * string.rep's count is a C int: -1e15 wraps to 1530494976, a 1.5 GB string Redis builds (in
     * about two minutes); the lab built it by doubling and overflowed past 2^30. A smaller
     * count past 2^30 shows the same path without the 1.5 GB.
     */
    @Test
    void repeatingPastTwoToThe30BytesStaysInsideTheArray() {
        Lab lab = new Lab();
        lab.engine.setScriptTimeLimit(java.time.Duration.ofMinutes(2));
        String reply = LuaLimitsTest.eval(lab, "local s = string.rep('ab', 2^29 + 3) return {#s, s:sub(-4)}");
        org.junit.jupiter.api.Assertions.assertTrue(reply.equals("1) (integer) 1073741830\n2) \"abab\"")
                || reply.startsWith("(error) ERR Script stopped by txlab: "), reply); // a small heap may not hold 1 GB
        LuaLimitsTest.assertEngineStillWorks(lab);
    }
}
