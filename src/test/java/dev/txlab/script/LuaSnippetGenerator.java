package dev.txlab.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random, mostly valid Lua for the fuzz test: statements and expressions from a small grammar
 * (locals, loops, closures, pcall/error, coroutines, metatables), calls to every library Redis
 * gives scripts with arguments of every type, redis.call with random commands and arguments, and
 * now and then an abuse: a huge constructor, deep nesting, long concatenations, huge string.rep,
 * unpack of huge tables, deep recursion, many coroutines, extreme numbers.
 *
 * <p>A snippet is {@link Snippet#comparable} when a real Redis must answer it exactly as the
 * engine: no table or function addresses, nothing slow or memory hungry, none of the lab's known
 * differences (negative zero, NaN's sign, arithmetic coercion of strings such as "0x10" or " inf").
 */
final class LuaSnippetGenerator {

    /** A generated script body, and whether a real server must give the same reply. */
    record Snippet(String body, boolean comparable, String kind) {}

    private static final String[] COMMANDS = {"get", "set", "incr", "incrby", "decr", "append", "strlen", "del", "exists",
            "type", "lpush", "rpush", "lpop", "rpop", "lrange", "llen", "lindex", "hset", "hget", "hgetall", "hdel",
            "hincrby", "sadd", "srem", "sismember", "scard", "zadd", "zrange", "zscore", "zincrby", "mset", "mget",
            "getrange", "setrange", "ping", "echo", "expire", "persist", "rename", "select", "dbsize", "nosuchcmd",
            "eval", "multi", "incrbyfloat", "setnx", "getset", "lset", "ltrim"}; // only commands txlab simulates
    private static final String[] KEYS = {"'k'", "'k2'", "'list'", "'h'", "'s'", "'z'", "KEYS[1]", "ARGV[1]", "'{k}'"};
    private static final String[] STRINGS = {"'abc'", "''", "'hello world'", "'10'", "'3.5'", "'-7'", "'0x10'", "' 5 '",
            "'1e2'", "'nan'", "'inf'", "'\\0'", "'a\\0b'", "'\\255\\254'", "'%'", "'%d'", "'%s%s'", "'[a-z]+'", "'(%w+)'",
            "'%'", "'.-'", "'^a'", "'\\n'", "\"quote'd\"", "[[long\nstring]]", "'{\"a\":1}'", "'[1,2,3]'", "'x'"};
    private static final String[] NUMBERS = {"0", "1", "-1", "2", "3", "7", "10", "100", "0.5", "-2.5", "1e3", "255", "256",
            "65535", "2^31", "2^31-1", "-2^31", "2^32", "2^53", "2^53+1", "2^63", "-2^63", "1e308", "-1e308", "1/0", "-1/0",
            "1e-300", "123456789012", "0.1", "3.14159", "8000", "7999", "1e15", "-0.5"};
    private static final String[] LIBRARY = {"string.len", "string.sub", "string.upper", "string.lower", "string.rep",
            "string.reverse", "string.byte", "string.char", "string.format", "string.find", "string.match", "string.gsub",
            "string.gmatch", "table.concat", "table.insert", "table.remove", "table.sort", "table.getn", "table.maxn",
            "math.floor", "math.ceil", "math.abs", "math.max", "math.min", "math.sqrt", "math.fmod", "math.modf",
            "math.pow", "math.log", "math.exp", "math.random", "math.huge", "tonumber", "tostring", "type", "select",
            "unpack", "rawget", "rawset", "rawequal", "next", "ipairs", "pairs", "setmetatable", "getmetatable", "assert",
            "error", "pcall", "xpcall", "loadstring", "cjson.encode", "cjson.decode", "cmsgpack.pack", "cmsgpack.unpack",
            "struct.pack", "struct.unpack", "struct.size", "bit.band", "bit.bor", "bit.bxor", "bit.bnot", "bit.lshift",
            "bit.rshift", "bit.arshift", "bit.tohex", "bit.tobit", "redis.sha1hex", "redis.status_reply",
            "redis.error_reply", "coroutine.create", "coroutine.resume", "coroutine.status", "coroutine.wrap",
            "coroutine.running", "coroutine.yield", "redis.setresp", "redis.log", "redis.breakpoint", "redis.debug",
            "redis.set_repl", "redis.replicate_commands", "collectgarbage", "gcinfo"};

    private static final java.util.Set<Integer> HEAVY = java.util.Set.of(0, 6, 7, 8, 9, 10, 19, 21);

    private final Random random;
    private boolean comparable = true;
    private final List<List<String>> scopes = new ArrayList<>();
    private int depth;
    private int names;
    private String kind = "random";

    LuaSnippetGenerator(long seed) { this.random = new Random(seed); }

    Snippet snippet() {
        scopes.add(new ArrayList<>());
        StringBuilder b = new StringBuilder();
        if (chance() < 12) {
            b.append(abuse());
        } else {
            int n = 1 + random.nextInt(6);
            for (int i = 0; i < n; i++) b.append(statement()).append('\n');
            if (chance() < 75) b.append("return ").append(returnValue());
        }
        return new Snippet(b.toString(), comparable, kind);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private int chance() { return random.nextInt(100); }

    private <T> T pick(T[] options) { return options[random.nextInt(options.length)]; }

    private String newName() {
        String n = "v" + (names++);
        scopes.get(scopes.size() - 1).add(n);
        return n;
    }

    private String anyLocal() {
        List<String> all = new ArrayList<>();
        for (List<String> s : scopes) all.addAll(s);
        return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
    }

    private void open() { scopes.add(new ArrayList<>()); }

    private void close() { scopes.remove(scopes.size() - 1); }

    /**
     * A string literal. Known differences, outside comparisons: 'nan' and 'inf' in arithmetic
     * (LuaJ's coercion refuses them, C's strtod takes them), and an expression spanning lines,
     * such as one holding a long string, whose operators and calls Lua 5.1 places on the line
     * where the expression ends and LuaJ on the line where it starts.
     */
    private String string() {
        String s = pick(STRINGS);
        if (s.equals("'nan'") || s.equals("'inf'") || s.contains("\n")) comparable = false;
        return s;
    }

    private String number() {
        String n = pick(NUMBERS);
        if (n.contains("/0") || n.equals("1e308") || n.equals("-1e308")) comparable = false; // inf/nan signs
        return n;
    }

    // ---- statements ---------------------------------------------------------------------------------

    private String statement() {
        depth++;
        try {
            if (depth > 4) return "local " + newName() + " = " + expr();
            return switch (random.nextInt(16)) {
                case 0, 1 -> "local " + newName() + " = " + expr();
                case 2 -> {
                    String v = anyLocal();
                    yield v == null ? "local " + newName() + " = " + expr() : v + " = " + expr();
                }
                case 3 -> {
                    String t = newName();
                    yield "local " + t + " = " + table() + " " + t + "[" + expr() + "] = " + expr();
                }
                case 4 -> "if " + expr() + " then " + block() + " else " + block() + " end";
                case 5 -> "for " + loopVar() + " = " + (random.nextInt(3)) + ", " + random.nextInt(12) + " do " + block() + " end";
                case 6 -> "for k, v in pairs(" + table() + ") do " + block() + " end";
                case 7 -> "pcall(function() " + block() + " end)";
                case 8 -> callStatement();
                case 9 -> "redis.pcall(" + redisArgs() + ")";
                case 10 -> "local ok, err = pcall(" + functionValue() + ", " + expr() + ")";
                case 11 -> {
                    String f = newName();
                    open();
                    String s = "local function " + f + "(a, b, ...) " + block() + " return " + expr() + " end local "
                            + newName() + " = " + f + "(" + expr() + ", " + expr() + ")";
                    close();
                    yield s;
                }
                case 12 -> {
                    String i = newName();
                    yield "local " + i + " = 0 while " + i + " < " + random.nextInt(8) + " do " + i + " = " + i + " + 1 "
                            + block() + " end";
                }
                case 13 -> "do " + block() + " end";
                case 14 -> chance() < 50 ? "error(" + errorValue() + ")" : "assert(" + expr() + ", " + expr() + ")";
                default -> {
                    String co = newName();
                    yield "local " + co + " = coroutine.wrap(function(...) " + block() + " coroutine.yield(" + expr()
                            + ") return " + expr() + " end) pcall(" + co + ", " + expr() + ") pcall(" + co + ")";
                }
            };
        } finally {
            depth--;
        }
    }

    private String loopVar() {
        open();
        String v = newName();
        close();
        return v;
    }

    private String block() {
        open();
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) b.append(statement()).append(' ');
        close();
        return b.toString();
    }

    private String callStatement() {
        if (chance() < 40) return "redis.call(" + redisArgs() + ")";
        return "local " + newName() + " = " + libraryCall();
    }

    private String errorValue() {
        return switch (random.nextInt(6)) {
            case 0 -> "'boom'";
            case 1 -> "{err='my error'}";
            case 2 -> "{err=" + expr() + "}";
            case 3 -> "nil";
            case 4 -> "'x', 0";
            default -> {
                comparable = false; // a function or table raised prints its address
                yield expr();
            }
        };
    }

    // ---- expressions ---------------------------------------------------------------------------------

    private String returnValue() {
        if (chance() < 30) return "{" + expr() + ", " + expr() + ", " + expr() + "}";
        return expr();
    }

    private String expr() {
        depth++;
        try {
            if (depth > 6) return atom();
            return switch (random.nextInt(14)) {
                case 0, 1, 2 -> atom();
                case 3 -> expr() + " " + pick(new String[] {"+", "-", "*", "/", "%", "^", "..", "==", "~=", "<", "<=",
                        ">", ">=", "and", "or"}) + " " + expr();
                case 4 -> pick(new String[] {"-", "not ", "#"}) + atomForUnary();
                case 5 -> table();
                case 6, 7 -> libraryCall();
                case 8 -> "redis.pcall(" + redisArgs() + ")";
                case 9 -> "(" + expr() + ")";
                case 10 -> functionValue();
                case 11 -> "select('#', " + expr() + ", " + expr() + ")";
                case 12 -> "(" + string() + "):" + pick(new String[] {"len", "upper", "rep", "sub", "byte", "format",
                        "find", "gsub", "match", "reverse", "lower"}) + "(" + expr() + ")";
                default -> "({pcall(" + functionValue() + ", " + expr() + ")})[2]";
            };
        } finally {
            depth--;
        }
    }

    private String atomForUnary() {
        String a = atom();
        return a.startsWith("-") ? "(" + a + ")" : a;
    }

    private String atom() {
        return switch (random.nextInt(9)) {
            case 0, 1 -> number();
            case 2, 3 -> string();
            case 4 -> pick(new String[] {"nil", "true", "false"});
            case 5 -> pick(new String[] {"KEYS[1]", "ARGV[1]", "#KEYS", "#ARGV", "KEYS", "ARGV"});
            case 6 -> {
                String v = anyLocal();
                yield v == null ? number() : v;
            }
            case 7 -> pick(new String[] {"math.huge", "math.pi", "redis", "string", "_G", "_VERSION", "cjson.null"});
            default -> {
                String v = anyLocal();
                yield v == null ? string() : v;
            }
        };
    }

    private String table() {
        return switch (random.nextInt(5)) {
            case 0 -> "{}";
            case 1 -> "{" + expr() + ", " + expr() + "}";
            case 2 -> "{a=" + expr() + ", b=" + expr() + ", " + expr() + "}";
            case 3 -> "{[" + expr() + "]=" + expr() + "}";
            default -> "{" + expr() + ", {" + expr() + ", {" + expr() + "}}}";
        };
    }

    private String functionValue() {
        return switch (random.nextInt(4)) {
            case 0 -> libraryFunction();
            case 1 -> "function(...) return " + expr() + " end";
            case 2 -> "function(a) error(a) end";
            default -> {
                open();
                String s = "function(a, b) " + block() + " return a, b end";
                close();
                yield s;
            }
        };
    }

    /** Functions whose results depend on more than the snippet: addresses, memory, the shared PRNG. */
    private static final java.util.Set<String> UNCOMPARABLE = java.util.Set.of("tostring", "coroutine.running",
            "coroutine.create", "coroutine.wrap", "getmetatable", "next", "pairs", "ipairs", "loadstring", "setmetatable",
            "collectgarbage", "gcinfo", "rawget", "select", "string.format", "redis.setresp", "unpack",
            "coroutine.resume", "math.random"); // math.random: Redis 7.0 keeps one generator across scripts

    private String libraryFunction() {
        String f = pick(LIBRARY);
        if (UNCOMPARABLE.contains(f)) comparable = false;
        return f;
    }

    private String libraryCall() {
        String f = libraryFunction();
        int n = random.nextInt(4);
        StringBuilder b = new StringBuilder(f).append('(');
        for (int i = 0; i < n; i++) b.append(i > 0 ? ", " : "").append(expr());
        return b.append(')').toString();
    }

    private String redisArgs() {
        StringBuilder b = new StringBuilder("'").append(pick(COMMANDS)).append('\'');
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            b.append(", ");
            switch (random.nextInt(4)) {
                case 0 -> b.append(pick(KEYS));
                case 1 -> b.append(number());
                case 2 -> b.append(string());
                default -> b.append(expr());
            }
        }
        return b.toString();
    }

    // ---- abuse -------------------------------------------------------------------------------------

    private String abuse() {
        comparable = false;
        int n;
        int which = random.nextInt(22);
        // the costly ones (big compiles, thousands of frames or threads) come a quarter as often
        while (HEAVY.contains(which) && random.nextInt(4) != 0) which = random.nextInt(22);
        kind = "abuse " + which;
        return switch (which) {
            case 0 -> {
                n = pick(new Integer[] {25_000, 25_600, 26_200, 30_000, 60_000});
                StringBuilder b = new StringBuilder("local t = {");
                for (int i = 0; i < n; i++) b.append(i > 0 ? "," : "").append(random.nextInt(3) == 0 ? "'s'" : Integer.toString(i % 1000));
                comparable = true;
                yield b.append(chance() < 50 ? ", ...}" : "}").append(" return {#t, t[1], t[#t]}").toString();
            }
            case 1 -> {
                n = 180 + random.nextInt(40);
                comparable = true;
                yield "return " + "(".repeat(n) + "1" + ")".repeat(n);
            }
            case 2 -> {
                n = 180 + random.nextInt(40);
                comparable = true;
                yield "local t = " + "{".repeat(n) + "}".repeat(n) + " return type(t)";
            }
            case 3 -> {
                n = 150 + random.nextInt(150);
                comparable = true;
                yield "local x = 'ab' return #(" + "x .. ".repeat(n) + "x)";
            }
            // 2^31-1 bytes and more are more than a Java array holds: the lab stops at once
            case 4 -> "return #string.rep('" + pick(new String[] {"x", "ab", ""}) + "', " + pick(new String[] {"1e6", "2^31",
                    "2^31-1", "2^40", "-1", "0/0", "1e7"}) + ")";
            case 5 -> {
                n = 7985 + random.nextInt(30);
                comparable = true;
                yield "local t = {} for i = 1, " + n + " do t[i] = i end return select('#', unpack(t))";
            }
            case 6 -> "local t = {} for i = 1, " + pick(new String[] {"1e4", "1e5"}) + " do t[i] = i end return #{unpack(t)}";
            case 7 -> {
                comparable = true;
                yield "local n = 0 local function f() n = n + 1 return 1 + f() end local ok, e = pcall(f) return e";
            }
            case 8 -> {
                comparable = true;
                yield "local co = coroutine.wrap(function() local function f(n) return 1 + f(n + 1) end return f(1) end) "
                        + "local ok, e = pcall(co) return e";
            }
            case 9 -> "local t = {} for i = 1, " + pick(new String[] {"10", "100", "300"}) + " do t[i] = coroutine.create("
                    + "function(a) coroutine.yield(a) return a end) coroutine.resume(t[i], i) end return #t";
            case 10 -> {
                comparable = true;
                yield "local depth = 0 local function f(n) depth = n local co = coroutine.create(f) "
                        + "coroutine.resume(co, n + 1) end f(1) return depth";
            }
            case 11 -> {
                comparable = true;
                yield "local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k] end "
                        + "return {pcall(function() return t.x end)}";
            }
            case 12 -> {
                comparable = true;
                yield "local mt = {} mt.__concat = function(a, b) return a .. b end local t = setmetatable({}, mt) "
                        + "return {pcall(function() return t .. 'x' end)}";
            }
            case 13 -> "local t = {} for i = 1, 100 do t[i] = " + pick(new String[] {"i", "-i", "'x'..i", "i % 7"}) + " end "
                    + "return {pcall(table.sort, t, function(a, b) return " + pick(new String[] {"true", "a <= b", "a > b",
                    "error('cmp')", "nil"}) + " end)}";
            case 14 -> "return string.find(string.rep('a', " + pick(new String[] {"30", "1000", "20000"}) + "), "
                    + "string.rep('a?', 20) .. string.rep('a', 20))";
            case 15 -> {
                comparable = true;
                yield "local ok, e = pcall(string.format, '" + pick(new String[] {"%099d", "%.100f", "%5.3s", "%-99.99g",
                        "%c%c%c", "%q", "%i", "%x", "%o", "%e", "%G", "%10", "%", "%z"}) + "', " + number() + ", 'a', 'b') return {ok, e}";
            }
            case 16 -> "local t = {} local c = t for i = 1, " + pick(new String[] {"500", "1000", "1001", "5000"})
                    + " do c[1] = {} c = c[1] end return {pcall(" + pick(new String[] {"cjson.encode", "cmsgpack.pack"}) + ", t)}";
            case 17 -> "return {pcall(cjson.decode, string.rep('[', " + pick(new String[] {"999", "1000", "1001", "100000"})
                    + ") .. string.rep(']', " + pick(new String[] {"999", "1000", "1001", "100000"}) + "))}";
            case 18 -> "return {pcall(struct.pack, '" + pick(new String[] {"c2000000000", "i17", "i0", "c0", "!3i", "<>=",
                    "i" + "9".repeat(12), "s", "xxxxx"}) + "', 'abc', 1)}";
            case 19 -> "return {pcall(loadstring, " + pick(new String[] {"'return ' .. string.rep('(', 300) .. '1' .. string.rep(')', 300)",
                    "string.rep('x = 1 ', 1e5)", "'return {' .. string.rep('1,', 3e5) .. '}'", "'\\27Lua'", "string.rep('local a ', 250)",
                    "'return ' .. string.rep('a..', 300) .. 'a'", "'goto x'", "'for i=1,2 do break break end'"}) + ")}";
            case 20 -> {
                comparable = true;
                yield "return {" + number() + " % " + number() + ", math.floor(" + number() + "), tostring(" + number()
                        + "), " + number() + " .. '', bit.tobit(" + number() + "), tonumber(" + string() + ")}";
            }
            default -> "local s = '' for i = 1, " + pick(new String[] {"1000", "5000"}) + " do s = s .. i end return #s";
        };
    }
}
