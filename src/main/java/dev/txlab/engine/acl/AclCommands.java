package dev.txlab.engine.acl;

import static dev.txlab.engine.table.Binding.bind;

import dev.txlab.engine.CommandContext;
import dev.txlab.engine.Numbers;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.protocol.Errors;
import dev.txlab.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** AUTH and the ACL subcommands (Redis's authCommand and aclCommand). */
public final class AclCommands {
    private AclCommands() {}

    public static List<Binding> bindings() {
        return List.of(
                bind("auth", AclCommands::auth),
                bind("acl|whoami", ctx -> {
                    User u = ctx.session().aclUser();
                    return u == null ? Reply.NIL : Reply.bulk(u.name());
                }),
                bind("acl|users", ctx -> users(ctx, true)),
                bind("acl|list", ctx -> users(ctx, false)),
                bind("acl|getuser", AclCommands::getUser),
                bind("acl|setuser", AclCommands::setUser),
                bind("acl|deluser", AclCommands::delUser),
                bind("acl|cat", AclCommands::cat),
                bind("acl|genpass", AclCommands::genPass),
                bind("acl|log", AclCommands::log),
                bind("acl|dryrun", AclCommands::dryRun),
                bind("acl|load", ctx -> NO_ACL_FILE),
                bind("acl|save", ctx -> NO_ACL_FILE),
                bind("acl|help", AclCommands::help));
    }

    private static final Reply.Error NO_ACL_FILE = Reply.error("ERR This Redis instance is not configured to use an"
            + " ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE"
            + " (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.");

    private static AccessControl acl(CommandContext ctx) { return ctx.engine().acl(); }

    private static Reply bulk(String latin1) { return Reply.bulk(latin1.getBytes(StandardCharsets.ISO_8859_1)); }

    /** AUTH password, or AUTH username password. */
    private static Reply auth(CommandContext ctx) {
        if (ctx.argc() > 3) return Errors.SYNTAX;
        ctx.redactArgument(1); // authCommand: the password, or the user name, is never shown
        byte[] user;
        byte[] password;
        if (ctx.argc() == 2) {
            if (acl(ctx).defaultUser().noPass()) {
                return Reply.error("ERR AUTH <password> called without any password configured for the default user."
                        + " Are you sure your configuration is correct?");
            }
            user = AccessControl.bytes("default");
            password = ctx.arg(1);
        } else {
            user = ctx.arg(1);
            password = ctx.arg(2);
            ctx.redactArgument(2);
        }
        return acl(ctx).authenticate(ctx.session(), user, password, ctx.arg(0)) ? Reply.OK : Errors.WRONGPASS;
    }

    private static Reply users(CommandContext ctx, boolean namesOnly) {
        List<Reply> out = new ArrayList<>();
        for (User u : acl(ctx).users.values()) {
            out.add(namesOnly ? Reply.bulk(u.name())
                    : bulk("user " + u.displayName() + " " + Describe.user(acl(ctx).index, u)));
        }
        return Reply.array(out);
    }

    private static Reply getUser(CommandContext ctx) {
        User u = acl(ctx).user(ctx.arg(2));
        if (u == null) return Reply.NIL;
        CommandIndex index = acl(ctx).index;
        List<Reply> flags = new ArrayList<>();
        for (int j = 0; j < User.FLAG_NAMES.length; j++) if ((u.flags & (1 << j)) != 0) flags.add(Reply.bulk(User.FLAG_NAMES[j]));
        List<Reply> passwords = new ArrayList<>();
        for (String p : u.passwords) passwords.add(Reply.bulk(p));
        List<Reply> fields = new ArrayList<>(List.of(
                Reply.bulk("flags"), Reply.set(flags),
                Reply.bulk("passwords"), Reply.array(passwords)));
        fields.addAll(selectorFields(index, u.root()));
        List<Reply> selectors = new ArrayList<>();
        for (Selector s : u.selectors.subList(1, u.selectors.size())) selectors.add(Reply.map(selectorFields(index, s)));
        fields.add(Reply.bulk("selectors"));
        fields.add(Reply.array(selectors));
        return Reply.map(fields);
    }

    private static List<Reply> selectorFields(CommandIndex index, Selector s) {
        return List.of(
                Reply.bulk("commands"), bulk(Describe.commandRules(index, s)),
                Reply.bulk("keys"), bulk(Describe.keys(s)),
                Reply.bulk("channels"), bulk(Describe.channels(s)));
    }

    /**
     * Redis's ACLStringSetUser: selectors spread over several arguments are joined, every rule is
     * applied to a copy, and only when all succeed does the user change (or come to exist).
     */
    private static Reply setUser(CommandContext ctx) {
        // whatever happens next, the user and rules never reach SLOWLOG or MONITOR (aclCommand)
        for (int j = 2; j < ctx.argc(); j++) ctx.redactArgument(j);
        byte[] name = ctx.arg(2);
        if (Selector.hasSpaces(name)) return Reply.error("ERR Usernames can't contain spaces or null characters");
        AccessControl acl = acl(ctx);
        User existing = acl.user(name);
        List<byte[]> rules = new ArrayList<>();
        ByteBuilder selector = null;
        int openedAt = -1;
        for (int j = 3; j < ctx.argc(); j++) {
            byte[] op = ctx.arg(j);
            if (op.length > 0 && op[0] == '(' && op[op.length - 1] != ')') {
                selector = new ByteBuilder(op);
                openedAt = j;
                continue;
            }
            if (openedAt != -1) {
                selector.append((byte) ' ').append(op);
                if (op.length > 0 && op[op.length - 1] == ')') {
                    openedAt = -1;
                    rules.add(selector.bytes());
                }
                continue;
            }
            rules.add(op);
        }
        // an empty argument makes C read before its first byte; it is never ')' there in practice
        if (openedAt != -1) {
            return Reply.error("ERR Unmatched parenthesis in acl selector starting at '"
                    + cString(ctx.arg(openedAt)) + "'.");
        }
        boolean allChannels = acl.allChannelsByDefault();
        User staged = existing != null ? existing.copy(name) : new User(name, allChannels);
        for (byte[] rule : rules) {
            AclError error = staged.apply(acl.index, rule, allChannels);
            if (error != null) {
                return Reply.error(Errors.withoutNewlines("ERR Error in ACL SETUSER modifier '" + cString(rule) + "': "
                        + error.message));
            }
        }
        if (existing != null) {
            acl.killSubscribersIfNeeded(staged, existing, ctx.session());
            existing.copyFrom(staged);
        } else {
            acl.users.put(AccessControl.latin1(name), staged);
        }
        return Reply.OK;
    }

    private static Reply delUser(CommandContext ctx) {
        for (int j = 2; j < ctx.argc(); j++) {
            if (cString(ctx.arg(j)).equals("default")) return Reply.error("ERR The 'default' user cannot be removed");
        }
        AccessControl acl = acl(ctx);
        int deleted = 0;
        for (int j = 2; j < ctx.argc(); j++) {
            User u = acl.users.remove(AccessControl.latin1(ctx.arg(j)));
            if (u != null) {
                acl.killClientsOf(u, ctx.session());
                deleted++;
            }
        }
        return Reply.integer(deleted);
    }

    private static Reply cat(CommandContext ctx) {
        if (ctx.argc() == 2) {
            List<Reply> out = new ArrayList<>();
            for (String c : CommandIndex.CATEGORIES) out.add(Reply.bulk(c));
            return Reply.array(out);
        }
        if (ctx.argc() != 3) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        int category = CommandIndex.category(cString(ctx.arg(2)));
        if (category < 0) {
            String given = cString(ctx.arg(2));
            if (given.length() > 128) given = given.substring(0, 128);
            return Reply.error(Errors.withoutNewlines("ERR Unknown category '" + given + "'"));
        }
        List<Reply> out = new ArrayList<>();
        for (CommandSpec spec : acl(ctx).index.inCategory(category)) out.add(Reply.bulk(spec.name()));
        if (out.size() > 1) ctx.orderUndefined("the command table's hash table");
        return Reply.array(out);
    }

    /** In a holder: made when ACL GENPASS first runs, not when the command table loads this class. */
    private static final class Random {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private static Reply genPass(CommandContext ctx) {
        // aclCommand takes GENPASS only with argc 2 or 3; more falls to its catch-all error
        if (ctx.argc() > 3) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        long bits = 256;
        if (ctx.argc() == 3) bits = ctx.longArg(2);
        if (bits <= 0 || bits > 4096) {
            return Reply.error("ERR ACL GENPASS argument must be the number of bits for the output password, a positive"
                    + " number up to 4096");
        }
        int chars = (int) ((bits + 3) / 4);
        StringBuilder out = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) out.append(Character.forDigit(Random.RANDOM.nextInt(16), 16));
        return Reply.bulk(out.toString());
    }

    private static Reply log(CommandContext ctx) {
        // aclCommand takes LOG only with argc 2 or 3; more falls to its catch-all error
        if (ctx.argc() > 3) return Errors.subcommandSyntax(ctx.arg(0), ctx.arg(1));
        AccessControl acl = acl(ctx);
        long count = 10;
        if (ctx.argc() == 3) {
            if (ctx.isOption(2, "reset")) {
                acl.log.reset();
                return Reply.OK;
            }
            count = ctx.longArg(2);
            if (count < 0) count = 0;
        }
        long now = ctx.engine().now();
        List<Reply> out = new ArrayList<>();
        for (AclLog.Entry e : acl.log.latest(count)) {
            double age = (double) (now - e.createdAt) / 1000;
            out.add(Reply.map(List.of(
                    Reply.bulk("count"), Reply.integer(e.count),
                    Reply.bulk("reason"), Reply.bulk(e.reason.name().toLowerCase(java.util.Locale.ROOT)),
                    Reply.bulk("context"), Reply.bulk(e.context.wireName),
                    Reply.bulk("object"), Reply.bulk(e.object),
                    Reply.bulk("username"), Reply.bulk(e.username),
                    Reply.bulk("age-seconds"), new Reply.Double(age),
                    Reply.bulk("client-info"), bulk(e.clientInfo))));
        }
        return Reply.array(out);
    }

    private static Reply dryRun(CommandContext ctx) {
        AccessControl acl = acl(ctx);
        User u = acl.user(ctx.arg(2));
        if (u == null) return Reply.error(Errors.withoutNewlines("ERR User '" + cString(ctx.arg(2)) + "' not found"));
        List<byte[]> argv = ctx.argv().subList(3, ctx.argc());
        CommandTable.Lookup lookup = ctx.engine().table().lookup(argv);
        CommandSpec spec = lookup.spec();
        if (spec == null) return Reply.error(Errors.withoutNewlines("ERR Command '" + cString(ctx.arg(3)) + "' not found"));
        if (!spec.arityAccepts(argv.size())) {
            return Reply.error("ERR wrong number of arguments for '" + spec.name() + "' command");
        }
        AccessControl.Denial d = acl.check(u, spec, argv);
        if (d == null) return Reply.OK;
        return bulk(switch (d.reason()) {
            case COMMAND -> "This user has no permissions to run the '" + spec.name() + "' command";
            case KEY -> "This user has no permissions to access the '" + cString(argv.get(d.position())) + "' key";
            case CHANNEL -> "This user has no permissions to access the '" + cString(argv.get(d.position())) + "' channel";
            case AUTH -> throw new IllegalStateException("no AUTH denial from a permission check");
        });
    }

    private static final String[] HELP = {
        "CAT [<category>]",
        "    List all commands that belong to <category>, or all command categories",
        "    when no category is specified.",
        "DELUSER <username> [<username> ...]",
        "    Delete a list of users.",
        "DRYRUN <username> <command> [<arg> ...]",
        "    Returns whether the user can execute the given command without executing the command.",
        "GETUSER <username>",
        "    Get the user's details.",
        "GENPASS [<bits>]",
        "    Generate a secure 256-bit user password. The optional `bits` argument can",
        "    be used to specify a different size.",
        "LIST",
        "    Show users details in config file format.",
        "LOAD",
        "    Reload users from the ACL file.",
        "LOG [<count> | RESET]",
        "    Show the ACL log entries.",
        "SAVE",
        "    Save the current config to the ACL file.",
        "SETUSER <username> <attribute> [<attribute> ...]",
        "    Create or modify a user with the specified attributes.",
        "USERS",
        "    List all the registered usernames.",
        "WHOAMI",
        "    Return the current connection username.",
    };

    private static Reply help(CommandContext ctx) { return dev.txlab.engine.command.Help.reply(ctx, HELP); }

    /** An argument as C's %s prints it: up to its first NUL. */
    static String cString(byte[] arg) {
        int n = 0;
        while (n < arg.length && arg[n] != 0) n++;
        return new String(arg, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** A growing byte string, for selectors given over several arguments. */
    private static final class ByteBuilder {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        ByteBuilder(byte[] first) { out.writeBytes(first); }

        ByteBuilder append(byte b) {
            out.write(b);
            return this;
        }

        ByteBuilder append(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() { return out.toByteArray(); }
    }
}
