package dev.txlab.script;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Random sessions of two clients, A and B, mixing plain commands, MULTI/EXEC/WATCH and scripts
 * built from templates: reads, writes, failures half-way (no rollback), pcall, conversions of
 * every Lua type, number formatting, KEYS/ARGV, the redis.* helpers, the bundled libraries,
 * EVALSHA and EVAL_RO, and compile errors of random token soups (through SCRIPT LOAD, which
 * compiles without running). Everything generated is deterministic on a real server: no TTL
 * reads, no unseeded math.random, no table addresses, no negative zero (LuaJ has no -0), no
 * arithmetic on strings such as "inf" or "  inf" (LuaJ converts strings in arithmetic its own way).
 */
final class ScriptSessionGenerator {

    /** One command of a session. */
    record Step(String client, List<byte[]> argv) {
        /** The command as a transcript line (redis-cli quoting). */
        String line() {
            StringBuilder b = new StringBuilder(client).append('>');
            for (byte[] a : argv) b.append(' ').append(quote(a));
            return b.toString();
        }

        private static String quote(byte[] arg) {
            String s = new String(arg, StandardCharsets.ISO_8859_1);
            boolean plain = !s.isEmpty() && s.chars().allMatch(c -> c > 32 && c < 127 && c != '"' && c != '\'' && c != '\\');
            if (plain) return s;
            StringBuilder q = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> q.append("\\\"");
                    case '\\' -> q.append("\\\\");
                    case '\n' -> q.append("\\n");
                    case '\r' -> q.append("\\r");
                    case '\t' -> q.append("\\t");
                    default -> {
                        if (c < 32 || c >= 127) q.append(String.format("\\x%02x", (int) c));
                        else q.append(c);
                    }
                }
            }
            return q.append('"').toString();
        }
    }

    private static final String[] KEYS = {"a", "b", "counter", "list", "hash", "set", "zset", "text"};
    private static final String[] VALUES = {"1", "10", "-5", "0", "x", "hello", "3.5", "007", "", "two words", "99999999999999999999"};

    private final Random random;
    private final List<Step> steps = new ArrayList<>();
    private final List<Script> loadedScripts = new ArrayList<>();
    private final boolean[] inMulti = new boolean[2];

    ScriptSessionGenerator(long seed) { this.random = new Random(seed); }

    List<Step> session() {
        int n = 12 + random.nextInt(20);
        for (int i = 0; i < n; i++) step();
        return steps;
    }

    private <T> T pick(T[] options) { return options[random.nextInt(options.length)]; }

    private String key() { return pick(KEYS); }

    private String value() { return pick(VALUES); }

    private int chance() { return random.nextInt(100); }

    private void add(String client, String... argv) {
        List<byte[]> bytes = new ArrayList<>();
        for (String a : argv) bytes.add(a.getBytes(StandardCharsets.ISO_8859_1));
        steps.add(new Step(client, bytes));
    }

    private void step() {
        int c = random.nextInt(10) < 7 ? 0 : 1;
        String client = c == 0 ? "A" : "B";
        int roll = chance();
        if (inMulti[c] && roll < 25) {
            add(client, random.nextInt(5) == 0 ? "DISCARD" : "EXEC");
            inMulti[c] = false;
        } else if (!inMulti[c] && roll < 8) {
            add(client, "MULTI");
            inMulti[c] = true;
        } else if (!inMulti[c] && roll < 14) {
            add(client, "WATCH", key());
        } else if (roll < 45) {
            plainCommand(client);
        } else {
            script(client);
        }
    }

    private void plainCommand(String client) {
        String k = key();
        switch (random.nextInt(16)) {
            case 0 -> add(client, "SET", k, value());
            case 1 -> add(client, "GET", k);
            case 2 -> add(client, "INCR", k);
            case 3 -> add(client, "INCRBY", k, value());
            case 4 -> add(client, "DEL", k);
            case 5 -> add(client, "LPUSH", k, value());
            case 6 -> add(client, "HSET", k, "f", value());
            case 7 -> add(client, "HGET", k, "f");
            case 8 -> add(client, "SADD", k, value());
            case 9 -> add(client, "SCARD", k);
            case 10 -> add(client, "ZADD", k, pick(new String[] {"1", "2.5", "-1"}), value());
            case 11 -> add(client, "TYPE", k);
            case 12 -> add(client, "EXISTS", k, key());
            case 13 -> add(client, "APPEND", k, value());
            case 14 -> add(client, "UNWATCH");
            default -> add(client, "EXPIRE", k, "1000");
        }
    }

    // ---- scripts -----------------------------------------------------------------------------

    /** A script body with the keys and arguments it is called with. */
    private record Script(String body, List<String> keys, List<String> args) {}

    private void script(String client) {
        int roll = chance();
        if (roll < 5 && !loadedScripts.isEmpty()) {
            // the same keys and arguments as when loaded: some templates loop ARGV[1] times
            Script s = loadedScripts.get(random.nextInt(loadedScripts.size()));
            String sha = random.nextInt(4) == 0 ? Lab.sha1(s.body()).toUpperCase() : Lab.sha1(s.body());
            List<String> argv = new ArrayList<>(List.of(random.nextInt(4) == 0 ? "EVALSHA_RO" : "EVALSHA", sha,
                    Integer.toString(s.keys().size())));
            argv.addAll(s.keys());
            argv.addAll(s.args());
            add(client, argv.toArray(new String[0]));
            return;
        }
        if (roll < 9) {
            Script s = template();
            loadedScripts.add(s);
            add(client, "SCRIPT", "LOAD", s.body());
            return;
        }
        if (roll < 13) {
            add(client, "SCRIPT", "LOAD", tokenSoup());
            return;
        }
        if (roll < 15) {
            add(client, "SCRIPT", "EXISTS", Lab.sha1(template().body()), "ffffffffffffffffffffffffffffffffffffffff");
            return;
        }
        Script s = template();
        List<String> argv = new ArrayList<>();
        argv.add(roll < 20 ? "EVAL_RO" : "EVAL");
        argv.add(s.body());
        argv.add(Integer.toString(s.keys().size()));
        argv.addAll(s.keys());
        argv.addAll(s.args());
        add(client, argv.toArray(new String[0]));
    }

    private Script template() {
        List<Supplier<Script>> templates = List.of(
                () -> script("return redis.call('GET', KEYS[1])", 1, 0),
                () -> script("return redis.call('INCRBY', KEYS[1], ARGV[1])", 1, 1),
                () -> script("return redis.pcall('INCRBY', KEYS[1], ARGV[1])", 1, 1),
                () -> script("local t = {} for i, k in ipairs(KEYS) do t[i] = redis.call('EXISTS', k) end return t", 3, 0),
                () -> script("redis.call('SET', KEYS[1], ARGV[1]) return redis.call('INCR', KEYS[2])", 2, 1),
                () -> script("local n = tonumber(redis.call('GET', KEYS[1]) or '0') if n >= tonumber(ARGV[1]) then "
                        + "return redis.call('DECRBY', KEYS[1], ARGV[1]) end return -1", 1, 1),
                () -> script("return {KEYS[1], ARGV[1], #KEYS, #ARGV, KEYS[2]}", random.nextInt(3), random.nextInt(3)),
                () -> script("return " + literal(0), 0, 0),
                () -> script(failure(), 1, 1),
                () -> script("local ok, e = pcall(redis.call, 'INCR', KEYS[1]) return {tostring(ok), e}", 1, 0),
                () -> script("local r = redis.pcall('" + pick(new String[] {"LPUSH", "HGET", "INCR", "SADD"})
                        + "', KEYS[1], ARGV[1]) if type(r) == 'table' and r.err then return 'failed: ' .. r.err end return r", 1, 1),
                () -> script("redis.call('SET', KEYS[1], " + number() + ") return redis.call('GET', KEYS[1])", 1, 0),
                () -> script("return " + numberText(), 0, 0),
                () -> script("return cjson.encode({" + listOf(this::jsonable) + "})", 0, 0),
                () -> script("local t = cjson.decode(ARGV[1]) return {type(t), #t, t[1]}", 0, 0, json()),
                () -> script("return " + bitExpression(), 0, 0),
                () -> script("return {struct.unpack('" + pick(new String[] {"<i4", ">I2", "<h", "b", "<l", "<d"})
                        + "', struct.pack('" + pick(new String[] {"<i4", ">I2", "<h", "b", "<l", "<d"}) + "', "
                        + (random.nextInt(2000) - 1000) + "))}", 0, 0),
                () -> script("return " + stringExpression(), 0, 1),
                () -> script("for i = 1, tonumber(ARGV[1]) do redis.call('RPUSH', KEYS[1], i) end "
                        + "return redis.call('LLEN', KEYS[1])", 1, 0, pick(new String[] {"0", "2", "3", "x", "-1"})),
                () -> script("redis.call('HSET', KEYS[1], 'f', ARGV[1]) redis.call('HINCRBY', KEYS[1], 'n', 1) "
                        + "return redis.call('HGETALL', KEYS[1])", 1, 1),
                () -> script("redis.call('SELECT', 1) redis.call('SET', KEYS[1], ARGV[1]) local v = redis.call('GET', KEYS[1]) "
                        + "redis.call('SELECT', 0) return {v, redis.call('GET', KEYS[1])}", 1, 1),
                () -> script("return redis.call('TYPE', KEYS[1])", 1, 0),
                () -> script("local v = redis.call('GET', KEYS[1]) if v == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2]) "
                        + "else return 0 end", 1, 2),
                () -> script("redis.call('LPUSH', KEYS[1], ARGV[1]) redis.call('SET', KEYS[2], 'after') "
                        + "error('stopped halfway')", 2, 1),
                () -> script("return redis.call('" + pick(new String[] {"nosuch", "get", "multi", "watch", "eval"}) + "')", 0, 0),
                () -> script("return " + redisHelper(), 0, 0),
                () -> script("local r = redis.setresp(3) return redis.call('" + pick(new String[] {"GET", "ZSCORE", "HGETALL"})
                        + "', KEYS[1]" + (random.nextBoolean() ? ", 'f'" : "") + ")", 1, 0),
                () -> script("math.randomseed(" + random.nextInt(1000) + ") return {math.random(10), math.random(1, 100)}", 0, 0),
                () -> script("local t = {" + listOf(() -> Integer.toString(random.nextInt(20))) + "} table.sort(t"
                        + (random.nextBoolean() ? ", function(a, b) return a > b end" : "") + ") return t", 0, 0),
                () -> script("return {cmsgpack.unpack(cmsgpack.pack(" + listOf(this::jsonable) + "))}", 0, 0),
                () -> script("return {pcall(function() return " + expression(0) + " end)}", 0, 0),
                () -> script("local v = " + expression(0) + "\nreturn {type(v), v}", 0, 0),
                () -> script("local t = {" + listOf(() -> Integer.toString(random.nextInt(12))) + ", "
                        + listOf(() -> Integer.toString(random.nextInt(12))) + "} table.sort(t, function(a, b) return a % 3 < b % 3 end) return t", 0, 0),
                () -> script("local t = {} for k, v in pairs({" + listOf(this::field) + "}) do t[#t+1] = tostring(k) .. '=' .. tostring(v) end return t", 0, 0),
                () -> script("local r = {}\nfor i = " + number() + ", " + number() + ", " + pick(new String[] {"1", "-1", "0.5", "2.5", "-3"})
                        + " do\n  r[#r+1] = i\n  if #r > 20 then break end\nend\nreturn r", 0, 0),
                () -> script("local function level2(x)\n  return x.missing.field\nend\nlocal function level1()\n  return level2({})\nend\nreturn level1()", 0, 0));
        return templates.get(random.nextInt(templates.size())).get();
    }

    private Script script(String body, int nkeys, int nargs, String... fixedArgs) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < nkeys; i++) keys.add(key());
        List<String> args = new ArrayList<>(List.of(fixedArgs));
        for (int i = 0; i < nargs; i++) args.add(value());
        return new Script(body, keys, args);
    }

    private String listOf(Supplier<String> item) {
        int n = random.nextInt(5);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(item.get());
        return String.join(", ", items);
    }

    /** A Lua expression for the conversion rules: numbers, strings, booleans, nil, nested tables. */
    private String literal(int depth) {
        int r = random.nextInt(depth > 2 ? 7 : 10);
        return switch (r) {
            case 0 -> number();
            case 1 -> "'" + pick(new String[] {"text", "", "3.99", "with space"}) + "'";
            case 2 -> "true";
            case 3 -> "false";
            case 4 -> "nil";
            case 5 -> "{ok='" + pick(new String[] {"FINE", "a b", ""}) + "'}";
            case 6 -> "{err='" + pick(new String[] {"ERR custom", "MYCODE oops", "plain"}) + "'}";
            default -> "{" + listOf(() -> literal(depth + 1)) + "}";
        };
    }

    /** A random expression over Lua's operators and values, to compare results and error texts. */
    private String expression(int depth) {
        if (depth > 2 || random.nextInt(3) == 0) {
            return pick(new String[] {number(), "'12'", "'abc'", "' 5 '", "true", "nil", "{}", "'0x10'", "ARGV", "#'abc'",
                    "'1e2'", "false"});
        }
        return switch (random.nextInt(6)) {
            case 0, 1 -> "(" + expression(depth + 1) + " " + pick(new String[] {"+", "-", "*", "/", "%", "^", "..", "==", "~=",
                    "<", "<=", ">", ">=", "and", "or"}) + " " + expression(depth + 1) + ")";
            case 2 -> pick(new String[] {"-", "not ", "#"}) + expression(depth + 1);
            case 3 -> {
                String inner = expression(depth + 1);
                String f = pick(new String[] {"tostring", "tonumber", "type", "math.floor", "string.len", "math.abs",
                        "string.upper", "math.sqrt"});
                // a table's text is its address, different on every server
                yield (holdsTable(inner) && f.equals("tostring") ? "type" : f) + "(" + inner + ")";
            }
            case 4 -> {
                String inner = expression(depth + 1);
                String f = pick(new String[] {"%s", "%d", "%5.2f", "%q", "%x"});
                if (inner.contains("/") && f.equals("%5.2f")) f = "%d"; // 1/0 would print "  inf"
                yield "string.format('" + (holdsTable(inner) && f.equals("%s") ? "%d" : f) + "', " + inner + ")";
            }
            default -> "select('#', " + expression(depth + 1) + ", " + expression(depth + 1) + ")";
        };
    }

    private static boolean holdsTable(String expression) {
        return expression.contains("{}") || expression.contains("ARGV");
    }

    private String field() {
        return switch (random.nextInt(4)) {
            case 0 -> "'v" + random.nextInt(5) + "'";
            case 1 -> "k" + random.nextInt(30) + " = " + random.nextInt(9);
            case 2 -> "[" + random.nextInt(20) + "] = 'n'";
            default -> "[" + number() + "] = 'x'";
        };
    }

    private String number() {
        return switch (random.nextInt(9)) {
            case 0 -> Integer.toString(random.nextInt(200) - 100);
            case 1 -> String.format(java.util.Locale.ROOT, "%.3f", random.nextDouble() * 200 - 100);
            case 2 -> "1/3";
            case 3 -> "2^53";
            case 4 -> "1e20";
            case 5 -> "0.1";
            case 6 -> "-(2^31)";
            case 7 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(30) - 10));
            default -> "(" + random.nextInt(1000) + " / " + (1 + random.nextInt(50)) + ")";
        };
    }

    /** Numbers turned into text: tostring, '..', string.format (%.14g and C's printf). */
    private String numberText() {
        String n = number();
        return switch (random.nextInt(4)) {
            case 0 -> "tostring(" + n + ")";
            case 1 -> "'v=' .. " + n;
            case 2 -> "string.format('" + pick(new String[] {"%d", "%5.2f", "%g", "%e", "%x", "%.3f", "%10.4g", "%-8d|",
                    "%+.1e", "%.0f", "%G", "%o", "%5.1s"}) + "', " + n + ")";
            default -> "{" + n + ", tostring(" + n + ")}";
        };
    }

    private String jsonable() {
        return switch (random.nextInt(5)) {
            case 0 -> number();
            case 1 -> "'" + pick(new String[] {"s", "a/b", "q\\\"", "tab\\t", "x"}) + "'";
            case 2 -> random.nextBoolean() ? "true" : "false";
            case 3 -> "{" + listOf(() -> Integer.toString(random.nextInt(9))) + "}";
            default -> "cjson.null";
        };
    }

    private String json() {
        return pick(new String[] {"[1,2,3]", "[\"a\",null,true]", "[1.5e3, -2, 0.1]", "{\"k\":1}", "[]", "[1,", "\"str\"",
                "[[1],[2,[3]]]", "nul", "[01]", "[1 2]", "[\"\\u00e9\"]"});
    }

    private String bitExpression() {
        String a = Integer.toString(random.nextInt() >> random.nextInt(20));
        String b = Integer.toString(random.nextInt(64));
        return switch (random.nextInt(6)) {
            case 0 -> "bit.band(" + a + ", " + b + ")";
            case 1 -> "bit.bxor(" + a + ", " + b + ", 7)";
            case 2 -> "bit.lshift(" + a + ", " + b + ")";
            case 3 -> "bit.arshift(" + a + ", " + b + ")";
            case 4 -> "bit.tohex(" + a + ", " + (random.nextInt(17) - 8) + ")";
            default -> "bit.tobit(" + number() + ")";
        };
    }

    private String stringExpression() {
        return switch (random.nextInt(7)) {
            case 0 -> "string.rep(ARGV[1], " + random.nextInt(4) + ", '-')";
            case 1 -> "string.sub(ARGV[1], " + (random.nextInt(7) - 3) + ", " + (random.nextInt(7) - 3) + ")";
            case 2 -> "{string.find(ARGV[1], '" + pick(new String[] {"%d+", "o", "^h", "(%a)(%a)", ".-", "[", "%"}) + "')}";
            case 3 -> "{string.gsub(ARGV[1], '" + pick(new String[] {"%d", "l+", "(%w)", "", "x"}) + "', '<%0>')}";
            case 4 -> "string.upper(ARGV[1]) .. string.len(ARGV[1])";
            case 5 -> "{string.byte(ARGV[1], 1, -1)}";
            default -> "string.format('%q', ARGV[1])";
        };
    }

    private String redisHelper() {
        return pick(new String[] {"redis.error_reply('MY_ERR something')", "redis.error_reply('bare')", "redis.status_reply('FINE')",
                "redis.sha1hex('abc')", "redis.sha1hex()", "redis.log(redis.LOG_WARNING, 'msg')", "redis.log(9, 'x')",
                "redis.setresp(4)", "redis.set_repl(redis.REPL_ALL)", "redis.error_reply(1)", "redis.REDIS_VERSION"});
    }

    /** Ways to fail: error() in its forms, runtime errors, the sandbox. */
    private String failure() {
        return pick(new String[] {
                "redis.call('SET', KEYS[1], ARGV[1]) error('after a write')",
                "error({err='CUSTOM ' .. ARGV[1]})",
                "error(ARGV[1], 0)",
                "local x return x.field",
                "return undefined_global",
                "newglobal = 1",
                "redis.call('INCR', KEYS[1]) redis.call('LPUSH', KEYS[1], 'x')",
                "return redis.call('SET', KEYS[1])",
                "return 1 + {}",
                "local t = {} return t.a.b",
                "return #nil",
                "return ('x'):bad()",
                "error(redis.error_reply('NESTED err'))",
                "return string.rep()",
                "return tonumber('1', 1)",
                "return cjson.decode('[1,')",
        });
    }

    /** Random Lua tokens for the 5.1 parser's error messages. */
    private String tokenSoup() {
        String[] tokens = {"local", "x", "=", "1", "(", ")", "{", "}", "[", "]", ",", ".", ":", "..", "...", "'s'", "function",
                "end", "return", "if", "then", "else", "+", "-", "#", "not", "and", "nil", "true", ";", "\n", "do", "f", "t",
                "==", "<", "x.y", "0x1F", "1e5", "[[a]]", "--c\n", "\"q\"", "break", "in", "for", "while", "repeat", "until",
                "elseif", "3..2", "'unfinished", "%", "~=", "@", "$"};
        int n = 1 + random.nextInt(8);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(pick(tokens)).append(random.nextInt(3) == 0 ? "" : " ");
        return s.toString();
    }
}
