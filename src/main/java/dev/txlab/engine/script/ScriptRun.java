package dev.txlab.engine.script;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Engine;
import dev.txlab.engine.KeySnapshots;
import dev.txlab.engine.acl.AccessControl;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.engine.table.Flag;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import dev.txlab.trace.KeyChange;
import dev.txlab.trace.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * One execution of a script: who called it, the pseudo-client its commands run as, the RESP
 * version it asked for, and what it changed (for the trace: a failed script's changes stay, and
 * the trace lists them).
 */
final class ScriptRun {
    private final Engine engine;
    final ClientSession caller;
    /** Redis's Lua client: starts in the caller's database; SELECT in the script moves only it. */
    final ClientSession client;
    final String sha;
    final boolean readOnly;
    /** redis.setresp(): 2 by default in every run. */
    int resp = 2;
    /** The script declared allow-oom: its writes are never refused over maxmemory. */
    boolean allowOom;
    /** A function (FCALL), not a script (EVAL). */
    boolean function;
    /** The run has called a write command: from now on no write is refused (it cannot stop halfway). */
    private boolean writeDirty;
    private boolean lastCallFailed;
    private final Map<DbKey, KeyChange> changed = new LinkedHashMap<>();

    private record DbKey(int db, Key key) {}

    ScriptRun(Engine engine, ClientSession caller, String sha, boolean readOnly) {
        this.engine = engine;
        this.caller = caller;
        this.client = engine.scriptClient(caller);
        this.sha = sha;
        this.readOnly = readOnly;
    }

    /**
     * redis.call/pcall: the checks scriptCall makes (lookup, arity, noscript, read-only), then
     * the command itself. Returns the reply as a Lua value; {@link #lastCallFailed} says whether
     * it is an error (redis.call then raises it).
     */
    LuaValue call(List<byte[]> argv, boolean protectedCall, int line) {
        CommandTable.Lookup lookup = engine.table().lookup(argv);
        CommandSpec spec = lookup.spec();
        String rejection = null;
        AccessControl.Denial denied;
        if (spec == null) rejection = "Unknown Redis command called from script";
        else if (!spec.arityAccepts(argv.size())) rejection = "Wrong number of args calling Redis command from script";
        else if (spec.has(Flag.NOSCRIPT) && !engine.scripting().denyScriptsDisabled()) rejection = "This Redis command is not allowed from script";
        else if ((denied = engine.acl().check(client.aclUser(), spec, argv)) != null) {
            engine.acl().logDenial(client, caller, denied, AccessControl.Context.LUA, spec, argv);
            rejection = "The user executing the script " + denied.scriptMessage();
        }
        else if (readOnly && dev.txlab.engine.Engine.mayReplicate(spec)) rejection = "Write commands are not allowed from read-only scripts.";
        else rejection = serverStateRefusal(spec);
        if (rejection == null && spec.has(Flag.WRITE)) writeDirty = true;
        Reply reply;
        LuaValue value;
        List<KeyChange> changes = List.of();
        if (rejection != null) {
            LuaTable err = Conversions.errorTable(rejection);
            err.rawset(Conversions.IGNORE_STATS, LuaValue.TRUE);
            reply = Reply.error(Conversions.cString(err.rawget(Conversions.ERR).strvalue()));
            value = err;
            lastCallFailed = true;
        } else {
            KeySnapshots before = engine.snapshotKeys(client, spec, argv);
            reply = engine.call(client, spec, argv);
            changes = before.changes(engine);
            for (KeyChange c : changes) {
                if (!c.changed()) continue;
                DbKey id = new DbKey(c.db(), c.key());
                KeyChange first = changed.get(id);
                changed.put(id, new KeyChange(c.db(), c.key(), first == null ? c.before() : first.before(), c.after()));
            }
            lastCallFailed = reply instanceof Reply.Error;
            value = Conversions.toLua(reply, resp);
        }
        if (engine.tracer().enabled()) {
            engine.tracer().emit(new TraceEvent.ScriptCalledCommand(caller.label(), sha, line, argv,
                    resp == 2 ? reply.resp2() : reply, protectedCall, changes));
        }
        return value;
    }

    /**
     * scriptVerifyWriteCommandAllow and scriptVerifyOOM: the first write of a run is refused
     * without enough replicas, and over maxmemory (as measured before the EVAL or FCALL) unless
     * the script declared allow-oom. After one write the script cannot be stopped halfway, so
     * later writes pass.
     */
    private String serverStateRefusal(CommandSpec spec) {
        if (spec.has(Flag.WRITE) && !writeDirty && engine.config().requiresReplicas()) {
            return "-" + dev.txlab.protocol.Errors.NOREPLICAS.message();
        }
        if (!allowOom && engine.config().maxmemory() > 0 && !writeDirty && engine.preCommandOomState()
                && spec.has(Flag.DENYOOM)) {
            return "-" + dev.txlab.protocol.Errors.OOM.message();
        }
        return null;
    }

    boolean lastCallFailed() { return lastCallFailed; }

    /** Whether the run has called a write command (SCRIPT KILL answers UNKILLABLE then). */
    boolean wroteSomething() { return writeDirty; }
    /** redis.acl_check_cmd: whether the caller's user may run the command (it exists: see {@link #commandExists}). */
    boolean allowed(List<byte[]> argv) {
        return engine.acl().check(caller.aclUser(), engine.table().lookup(argv).spec(), argv) == null;
    }

    /** Whether redis.acl_check_cmd would find the command. */
    boolean commandExists(List<byte[]> argv) {
        return engine.table().lookup(argv).spec() != null;
    }

    /** redis.log: Redis writes it to the server log; the lab puts it in the trace. */
    void logged(int level, String message) {
        if (engine.tracer().enabled()) engine.tracer().emit(new TraceEvent.ScriptLogged(caller.label(), level, message));
    }

    /** The keys the script changed so far, each with its value before the script and now. */
    List<KeyChange> changes() { return new ArrayList<>(changed.values()); }
}
