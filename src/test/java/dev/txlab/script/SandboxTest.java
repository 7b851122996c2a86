package dev.txlab.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.protocol.Reply;
import dev.txlab.remote.RedisConnection;
import dev.txlab.support.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandbox scripts run in, as Redis 7.0 builds it: nothing outside the Lua 5.1 base libraries,
 * the redis table and the bundled cjson/bit/struct/cmsgpack is reachable, and nothing can be
 * written into the globals or the libraries. Each error text is Redis's; where a real server is
 * installed, the test also asks it and requires the same answer.
 */
class SandboxTest {

    private static String error(String body, String message) {
        return "(error) ERR user_script:1: " + message + " script: " + Lab.sha1(body) + ", on @user_script:1.";
    }

    /** Asks the real server, when there is one, for the same command's reply. */
    private static void sameOnRealRedis(String body, String expected) throws Exception {
        RedisServer server;
        try {
            server = RedisServer.get();
        } catch (org.opentest4j.TestAbortedException noServer) {
            return; // the engine's answer was checked against the text Redis documents
        }
        server.reset();
        try (RedisConnection c = server.connect()) {
            Reply reply = c.call(List.of("EVAL".getBytes(), body.getBytes(StandardCharsets.ISO_8859_1), "0".getBytes()));
            assertEquals(expected, String.join("\n", dev.txlab.protocol.ReplyFormatter.lines(reply)), "redis-server says");
        }
    }

    @ParameterizedTest(name = "{0} is not there: Script attempted to access nonexistent global variable")
    @ValueSource(strings = {"os", "io", "package", "require", "module", "loadfile", "dofile", "print", "debug",
            "getfenv", "setfenv", "newproxy", "luajava", "java", "Packages", "coroutine_wrap", "rawlen", "bit32",
            "utf8", "jit", "collectgarbageX", "arg"})
    void everyForbiddenGlobalIsUnreachableWithRedisError(String name) throws Exception {
        String body = "return " + name;
        String expected = error(body, "Script attempted to access nonexistent global variable '" + name + "'");
        assertEquals(expected, new Lab().show("EVAL \"" + body + "\" 0"));
        sameOnRealRedis(body, expected);
    }

    @ParameterizedTest(name = "{0} fails: Attempt to modify a readonly table")
    @ValueSource(strings = {"newglobal = 1", "redis = nil", "redis.call = 1", "string.rep = nil", "table.x = 1",
            "math.pi = 3", "cjson.encode = nil", "bit.band = nil", "struct.pack = nil", "cmsgpack.pack = nil",
            "coroutine.wrap = nil", "_G = {}", "_G.x = 1", "getmetatable(_G).__index = nil",
            "getmetatable('').__index = {}", "KEYS = {}"})
    void theGlobalsAndEveryLibraryTableAreReadOnly(String statement) throws Exception {
        String expected = error(statement, "Attempt to modify a readonly table");
        assertEquals(expected, new Lab().show("EVAL \"" + statement + "\" 0"));
        sameOnRealRedis(statement, expected);
    }

    @ParameterizedTest(name = "{0} fails without a position (the check is in Lua's C API)")
    @ValueSource(strings = {"rawset(_G, 'x', 1)", "setmetatable(_G, nil)", "table.insert(redis, 1)", "rawset(string, 'x', 1)"})
    void libraryFunctionsCannotWriteReadOnlyTablesEither(String statement) throws Exception {
        String expected = "(error) ERR Attempt to modify a readonly table script: " + Lab.sha1(statement) + ", on @user_script:1.";
        assertEquals(expected, new Lab().show("EVAL \"" + statement + "\" 0"));
        sameOnRealRedis(statement, expected);
    }

    @Test
    void theGlobalsAreExactlyRedisOnes() {
        String listing = new Lab().show("EVAL \"local t = {} for k in pairs(_G) do t[#t+1] = k end table.sort(t) "
                + "return table.concat(t, ' ')\" 0");
        assertEquals("\"ARGV KEYS _G _VERSION __redis__err__handler assert bit cjson cmsgpack collectgarbage coroutine "
                + "error gcinfo getmetatable ipairs load loadstring math next pairs pcall rawequal rawget rawset redis "
                + "select setmetatable string struct table tonumber tostring type unpack xpcall\"", listing);
    }

    @Test
    void noJavaObjectIsReachableFromAScript() {
        // walk everything reachable from _G (tables, metatables, library tables): only plain Lua values
        String walk = "local seen, bad = {}, {} "
                + "local function visit(v, path) "
                + "  local t = type(v) "
                + "  if t == 'userdata' and v ~= cjson.null then bad[#bad+1] = path end "
                + "  if t == 'thread' then bad[#bad+1] = path end "
                + "  if t ~= 'table' or seen[v] then return end "
                + "  seen[v] = true "
                + "  for k, x in pairs(v) do visit(x, path .. '.' .. tostring(k)) end "
                + "  local m = getmetatable(v) if m then visit(m, path .. '<meta>') end "
                + "end "
                + "visit(_G, '_G') visit(getmetatable(''), 'string<meta>') "
                + "return #bad";
        assertEquals("(integer) 0", new Lab().show("EVAL \"" + walk + "\" 0"));
    }

    @Test
    void loadstringCompilesSourceButRefusesBytecode() {
        Lab lab = new Lab();
        assertEquals("(integer) 1", lab.show("EVAL \"return loadstring('return 1')()\" 0"));
        assertEquals("1) \"nil\"\n2) \"[string \\\"\\x1bLuaQ\\\"]:1: unexpected symbol near 'char(27)'\"",
                lab.show("EVAL \"local f, e = loadstring(string.dump(function() return 1 end)) return {tostring(f), e}\" 0"));
    }

    @Test
    void aScriptLeavesNothingBehindForTheNextOne() {
        Lab lab = new Lab();
        lab.run("EVAL \"KEYS[1] = 'changed' KEYS.extra = 1 return 1\" 1 a");
        assertEquals("1) \"b\"\n2) \"nil\"", lab.show("EVAL \"return {KEYS[1], tostring(KEYS.extra)}\" 1 b"));
        assertTrue(lab.show("EVAL \"leftover = 1\" 0").contains("Attempt to modify a readonly table"));
        assertTrue(lab.show("EVAL \"return leftover\" 0").contains("nonexistent global variable 'leftover'"));
    }

    @Test
    void scriptFlushResetsTheInterpreter() {
        Lab lab = new Lab();
        lab.run("SCRIPT LOAD \"return 1\"");
        assertEquals("OK", lab.show("SCRIPT FLUSH"));
        assertEquals("1) (integer) 0", lab.show("SCRIPT EXISTS e0e1f9fabfc9d4800c877a703b823ac0578ff8db"));
        assertEquals("(integer) 3", lab.show("EVAL \"return 3\" 0"));
    }
}
