package dev.txlab.differential;

import java.util.List;

/**
 * Functions: FUNCTION LOAD (with and without REPLACE, a few broken libraries), FCALL and
 * FCALL_RO on the session's keys (a function that writes then fails keeps its first write, a
 * no-writes one, one returning an error reply, one that pcalls), FUNCTION DELETE, LIST of one
 * library of one function (the order of several is undefined) and STATS. Libraries are the family's own; keys
 * are the session's, so functions meet every type, WATCH and MULTI.
 */
final class FunctionsFamily implements SessionGenerator.Family {

    private static final String[] LIBRARIES = {
            // writes its first key, then INCRs its second: a failure leaves the SET in place
            "#!lua name=dlib1\n"
                    + "redis.register_function('dset', function(keys, args) return redis.call('SET', keys[1], args[1]) end)\n"
                    + "redis.register_function('dsetincr', function(keys, args) redis.call('SET', keys[1], args[1])"
                    + " return redis.call('INCR', keys[2]) end)",
            "#!lua name=dlib2\n"
                    + "redis.register_function{function_name='dget', callback=function(keys) return redis.call('GET', keys[1]) end,"
                    + " flags={'no-writes'}, description='reads one key'}\n"
                    + "redis.register_function('derr', function(keys, args) return redis.error_reply('MYERR ' .. (args[1] or 'none')) end)\n"
                    + "redis.register_function('dpcall', function(keys) local r = redis.pcall('LPUSH', keys[1], 'x')"
                    + " if type(r) == 'table' then return r.err end return r end)",
            // the same library again with other bodies (REPLACE swaps it whole)
            "#!lua name=dlib1\n"
                    + "redis.register_function('dset', function(keys, args) return redis.call('APPEND', keys[1], args[1] or '') end)",
            // collides with dlib1's function name
            "#!lua name=dlib3\nredis.register_function('dset', function() return 1 end)",
            // one function only: FUNCTION LIST shows it in a defined order (a library's functions are a dict)
            "#!lua name=dlist\nredis.register_function{function_name='dlisted', callback=function() return 1 end,"
                    + " flags={'allow-oom', 'no-writes'}, description='listed'}",
            // broken: no functions, bad name, Lua syntax error, a global write
            "#!lua name=dlib4\nlocal a = 1",
            "#!lua name=bad-name\nredis.register_function('f', function() return 1 end)",
            "#!lua name=dlib5\nredis.register_function('f', function() return 1 end",
            "#!lua name=dlib6\nx = 1",
            "#!lua\nredis.register_function('f', function() return 1 end)",
    };

    @Override
    public List<byte[]> command(SessionGenerator g) {
        switch (g.random.nextInt(20)) {
            case 0: case 1: return SessionGenerator.args("FUNCTION", "LOAD", g.pick(LIBRARIES));
            case 2: case 3: return SessionGenerator.args("FUNCTION", "LOAD", "REPLACE", g.pick(LIBRARIES));
            case 4: case 5: return SessionGenerator.args("FCALL", "dset", "1", g.key(), g.value());
            case 6: case 7: return SessionGenerator.args("FCALL", "dsetincr", "2", g.key(), g.key(), g.value());
            case 8: return SessionGenerator.args("FCALL_RO", "dget", "1", g.key());
            case 9: return SessionGenerator.args("FCALL_RO", g.pick("dset", "dsetincr"), "2", g.key(), g.key(), "v");
            case 10: return SessionGenerator.args("FCALL", "dget", "1", g.key());
            case 11: return SessionGenerator.args("FCALL", "derr", "0", g.pick("a", "b c"));
            case 12: return SessionGenerator.args("FCALL", "dpcall", "1", g.key());
            case 13: return SessionGenerator.args("FCALL", g.pick("nosuch", "DSET", "dset"), g.pick("0", "-1", "x", "5"), g.key());
            case 14: return SessionGenerator.args("FUNCTION", "DELETE", g.pick("dlib1", "dlib2", "nosuch"));
            case 15: return SessionGenerator.args("FUNCTION", "LIST", "LIBRARYNAME", "dlist");
            case 16: return SessionGenerator.args("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", g.pick("dlist", "dlis*", "nosuch"));
            case 17: return SessionGenerator.args("FUNCTION", "STATS");
            case 18: return SessionGenerator.args("FUNCTION", "FLUSH", g.pick("SYNC", "ASYNC", "x"));
            default: return SessionGenerator.args("FCALL", "dset", "0");
        }
    }
}
