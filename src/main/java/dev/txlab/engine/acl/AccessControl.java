package dev.txlab.engine.acl;

import dev.txlab.engine.ClientSession;
import dev.txlab.engine.Engine;
import dev.txlab.engine.PubSub;
import dev.txlab.engine.command.ClientCommands;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.Flag;
import dev.txlab.engine.table.KeyFinder;
import dev.txlab.engine.table.KeySpec;
import dev.txlab.protocol.Key;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * The engine's users and their permissions (Redis's acl.c): the {@code default} user, AUTH,
 * the permission check every command passes (at call time, when queued in MULTI, again at EXEC,
 * and for each redis.call), and the ACL log.
 */
public final class AccessControl {
    /** Why a command was refused, in Redis's order of relevance (ACL_DENIED_*). */
    public enum Reason { COMMAND, KEY, AUTH, CHANNEL }

    /** Where a refusal happened, as ACL LOG names it. */
    public enum Context {
        TOPLEVEL("toplevel"), MULTI("multi"), LUA("lua");

        final String wireName;

        Context(String wireName) { this.wireName = wireName; }
    }

    /** A refused command: why, and the argument (key or channel) at fault. */
    public record Denial(Reason reason, int position) {
        /** The error processCommand answers. */
        public Reply.Error error(CommandSpec spec) {
            return Reply.error(switch (reason) {
                case COMMAND -> "NOPERM this user has no permissions to run the '" + spec.name() + "' command";
                case KEY -> "NOPERM this user has no permissions to access one of the keys used as arguments";
                case CHANNEL -> "NOPERM this user has no permissions to access one of the channels used as arguments";
                case AUTH -> "ERR no permission";
            });
        }

        /** What follows "The user executing the script " (Redis's getAclErrorMessage). */
        public String scriptMessage() {
            return switch (reason) {
                case COMMAND -> "can't run this command or subcommand";
                case KEY -> "can't access at least one of the keys mentioned in the command arguments";
                case CHANNEL -> "can't publish to the channel mentioned in the command";
                case AUTH -> "lacking the permissions for the command";
            };
        }

        /** EXEC's error when the rules changed after the command was queued. */
        public Reply.Error execError() {
            String why = switch (reason) {
                case COMMAND -> "no permission to execute the command or subcommand";
                case KEY -> "no permission to touch the specified keys";
                case CHANNEL -> "no permission to access one of the channels used as arguments";
                case AUTH -> "no permission";
            };
            return Reply.error("NOPERM ACLs rules changed between the moment the transaction was accumulated and the"
                    + " EXEC call. This command is no longer allowed for the following reason: " + why);
        }
    }

    private final Engine engine;
    final CommandIndex index;
    /** By name, in Redis's rax order (bytes, unsigned). */
    final TreeMap<String, User> users = new TreeMap<>();
    private final User defaultUser;
    final AclLog log = new AclLog();

    public AccessControl(Engine engine) {
        this.engine = engine;
        this.index = new CommandIndex(engine.table());
        defaultUser = new User(bytes("default"), false);
        for (String rule : new String[] {"+@all", "~*", "&*", "on", "nopass"}) defaultUser.apply(index, bytes(rule), false);
        users.put("default", defaultUser);
    }

    public User defaultUser() { return defaultUser; }

    /** Redis's createClient: a new connection is the default user, authenticated if it needs no password. */
    public boolean authenticatedAtConnect() { return defaultUser.noPass() && defaultUser.enabled(); }

    /** Redis's clientSetDefaultAuth (a new connection, RESET): the default user, authenticated if it needs no password. */
    public void setDefaultAuth(ClientSession session) { session.setAclUser(defaultUser, authenticatedAtConnect()); }

    /** Redis's authRequired. */
    public boolean authRequired(ClientSession session) {
        return (!defaultUser.noPass() || !defaultUser.enabled()) && !session.authenticated();
    }

    /** acl-pubsub-default: whether new users and selectors start with allchannels. */
    boolean allChannelsByDefault() {
        String v = engine.config().knows("acl-pubsub-default") ? engine.config().get("acl-pubsub-default") : "resetchannels";
        return "allchannels".equals(v);
    }

    /** acllog-max-len. */
    private long maxLogLength() {
        return engine.config().knows("acllog-max-len") ? Long.parseLong(engine.config().get("acllog-max-len")) : 128;
    }

    User user(byte[] name) { return users.get(latin1(name)); }

    /** Whether a user of this name exists (CLIENT KILL USER). */
    public boolean hasUser(String name) { return users.containsKey(name); }

    // ---- authentication --------------------------------------------------------------------

    /**
     * Redis's ACLAuthenticateUser: on success the client is that user, authenticated; on failure
     * the attempt is logged. {@code command} is the AUTH or HELLO argument as typed.
     */
    public boolean authenticate(ClientSession session, byte[] name, byte[] password, byte[] command) {
        User u = user(name);
        if (u != null && u.accepts(password)) {
            session.setAclUser(u, true);
            return true;
        }
        log.add(maxLogLength(), engine.now(), Reason.AUTH, session.transaction().inMulti() ? Context.MULTI : Context.TOPLEVEL,
                command, name, ClientCommands.line(engine, session));
        return false;
    }

    /** The requirepass value last applied (one char per byte), for {@link #requirePassMaybeChanged}. */
    private String appliedRequirePass = "";

    /**
     * For a CONFIG that only says "something was set": applies requirepass when its value differs
     * from the one last applied (so setting another parameter keeps ACL SETUSER default's passwords).
     */
    public void requirePassMaybeChanged(String value) {
        if (!value.equals(appliedRequirePass)) setRequirePass(bytes(value));
    }

    /** CONFIG SET requirepass: the default user's only password, or nopass when empty. */
    public void setRequirePass(byte[] password) {
        appliedRequirePass = password == null ? "" : latin1(password);
        defaultUser.apply(index, bytes("resetpass"), false);
        if (password == null || password.length == 0) {
            defaultUser.apply(index, bytes("nopass"), false);
        } else {
            byte[] op = new byte[password.length + 1];
            op[0] = '>';
            System.arraycopy(password, 0, op, 1, password.length);
            defaultUser.apply(index, op, false);
        }
    }

    /** `txlab serve --user name:pass`: an extra user allowed everything, with that password. */
    public void addUser(String name, byte[] password) {
        User u = new User(bytes(name), allChannelsByDefault());
        for (String rule : new String[] {"on", "+@all", "~*", "&*"}) u.apply(index, bytes(rule), false);
        byte[] op = new byte[password.length + 1];
        op[0] = '>';
        System.arraycopy(password, 0, op, 1, password.length);
        u.apply(index, op, false);
        users.put(name, u);
    }

    // ---- permission checks -----------------------------------------------------------------

    /**
     * Redis's ACLCheckAllUserCommandPerm: null when some selector of the user allows the whole
     * command, else the most relevant refusal (a key or channel over the command itself, the
     * last argument at fault).
     */
    public Denial check(User u, CommandSpec spec, List<byte[]> argv) {
        if (u == null) return null;
        Reason relevant = Reason.COMMAND;
        int lastPosition = 0;
        for (Selector s : u.selectors) {
            if (s.allCommands && s.allKeys && s.allChannels) return null;
            Denial d = check(s, spec, argv, null);
            if (d == null) return null;
            if (d.reason.ordinal() > relevant.ordinal() || (d.reason == relevant && d.position > lastPosition)) {
                relevant = d.reason;
                lastPosition = d.position;
            }
        }
        return new Denial(relevant, lastPosition);
    }

    private Denial check(Selector s, CommandSpec spec, List<byte[]> argv, List<KeyFinder.KeyRef> keys) {
        if (!s.allCommands && !spec.has(Flag.NO_AUTH)) {
            int id = index.id(spec);
            if (!s.bit(id)) {
                List<String> firstArgs = s.firstArgs.get(id);
                if (argv.size() < 2 || firstArgs == null) return new Denial(Reason.COMMAND, 0);
                int idx = index.parent(spec) != null ? 2 : 1;
                String arg = cString(argv.get(idx));
                boolean found = false;
                for (String a : firstArgs) if (a.equalsIgnoreCase(arg)) found = true;
                if (!found) return new Denial(Reason.COMMAND, 0);
            }
        }
        if (!s.allKeys) {
            if (keys == null) keys = KeyFinder.find(spec, argv);
            for (KeyFinder.KeyRef ref : keys) {
                if (!s.allowsKey(argv.get(ref.position()), needed(ref))) return new Denial(Reason.KEY, ref.position());
            }
        }
        if (!s.allChannels) {
            Channels channels = channelsOf(spec);
            if (channels != null) {
                int stop = channels.count < 0 ? argv.size() : Math.min(argv.size(), channels.start + channels.count);
                for (int i = channels.start; i < stop; i++) {
                    if (!Selector.channelAllowed(s.channels, argv.get(i), channels.pattern)) return new Denial(Reason.CHANNEL, i);
                }
            }
        }
        return null;
    }

    /** The access a key needs: read for "access", write for insert, delete and update. */
    private static int needed(KeyFinder.KeyRef ref) {
        int needed = 0;
        if (ref.flags().contains(KeySpec.KeyFlag.ACCESS)) needed |= Selector.READ;
        if (ref.flags().contains(KeySpec.KeyFlag.INSERT) || ref.flags().contains(KeySpec.KeyFlag.DELETE)
                || ref.flags().contains(KeySpec.KeyFlag.UPDATE)) {
            needed |= Selector.WRITE;
        }
        return needed;
    }

    private record Channels(int start, int count, boolean pattern) {}

    /** Redis's commands_with_channels, for the checks (publish and subscribe; unsubscribing is free). */
    private static Channels channelsOf(CommandSpec spec) {
        return switch (spec.name()) {
            case "subscribe", "ssubscribe" -> new Channels(1, -1, false);
            case "psubscribe" -> new Channels(1, -1, true);
            case "publish", "spublish" -> new Channels(1, 1, false);
            default -> null;
        };
    }

    /**
     * Redis's ACLUserCheckCmdWithUnrestrictedKeyAccess (SORT's BY and GET): whether some selector
     * allows the command and every key with the given access.
     */
    public boolean allowsWithEveryKey(User u, CommandSpec spec, List<byte[]> argv, boolean write) {
        if (u == null) return true;
        for (Selector s : u.selectors) {
            if (check(s, spec, argv, null) == null && s.allowsEveryKey(write ? Selector.WRITE : Selector.READ)) return true;
        }
        return false;
    }

    /** Records a refusal in the ACL log (Redis's addACLLogEntry). */
    public void logDenial(ClientSession session, ClientSession realClient, Denial d, Context context, CommandSpec spec,
                          List<byte[]> argv) {
        byte[] object = switch (d.reason) {
            case COMMAND -> bytes(spec.name());
            case KEY, CHANNEL -> argv.get(d.position);
            case AUTH -> argv.get(0);
        };
        User u = session.aclUser();
        log.add(maxLogLength(), engine.now(), d.reason, context, object, u == null ? bytes("default") : u.rawName(),
                ClientCommands.line(engine, realClient));
    }

    // ---- changes to users that affect connections ------------------------------------------

    /**
     * Redis's ACLFreeUserAndKillClients: connections of a deleted user become the default user,
     * unauthenticated, and are closed (the current one after its reply).
     */
    void killClientsOf(User u, ClientSession current) {
        for (ClientSession c : new ArrayList<>(engine.clients())) {
            if (c.aclUser() != u) continue;
            c.setAclUser(defaultUser, false);
            engine.kill(c); // the current one after its reply
        }
    }

    /**
     * Redis's ACLKillPubsubClientsIfNeeded: subscribers of the user whose channels the new rules
     * no longer allow are disconnected.
     */
    void killSubscribersIfNeeded(User updated, User original, ClientSession current) {
        for (Selector s : updated.selectors) if (s.allChannels) return;
        List<byte[]> upcoming = new ArrayList<>();
        for (Selector s : updated.selectors) upcoming.addAll(s.channels);
        boolean match = true;
        for (Selector s : original.selectors) {
            if (!match) break;
            if (s.allChannels) {
                match = false;
                break;
            }
            for (byte[] c : s.channels) {
                boolean found = false;
                for (byte[] n : upcoming) if (Arrays.equals(n, c)) found = true;
                if (!found) {
                    match = false;
                    break;
                }
            }
        }
        if (match) return;
        for (ClientSession c : new ArrayList<>(engine.clients())) {
            if (c.aclUser() != original || PubSub.subscriptionTotal(c) == 0) continue;
            boolean kill = false;
            for (Key p : PubSub.subscribedPatterns(c)) kill |= !Selector.channelAllowed(upcoming, p.bytes(), true);
            for (Key ch : PubSub.subscribedChannels(c)) kill |= !Selector.channelAllowed(upcoming, ch.bytes(), false);
            if (kill) engine.kill(c);
        }
    }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    static String latin1(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    Engine engine() { return engine; }

    /** Users by name, in Redis's order. */
    Iterator<User> usersInOrder() { return users.values().iterator(); }
}
