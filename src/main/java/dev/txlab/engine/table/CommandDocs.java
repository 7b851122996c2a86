package dev.txlab.engine.table;

import java.util.List;
import java.util.Map;

/**
 * A command's documentation, as COMMAND DOCS answers it. Optional fields are null (or empty)
 * when Redis leaves them out of the reply.
 *
 * @param group            "string", "sorted-set" ... (always present)
 * @param docFlags         "deprecated", "syscmd"
 * @param history          (version, change) pairs
 * @param arguments        null when Redis sends no "arguments" field (not the same as none)
 * @param subcommands      a container's subcommands' docs by full name, null for other commands
 */
public record CommandDocs(String summary, String since, String group, String complexity, List<String> docFlags,
                          String deprecatedSince, String replacedBy, List<History> history,
                          List<Argument> arguments, Map<String, CommandDocs> subcommands) {

    /** One line of a command's history: the version and what changed. */
    public record History(String since, String changes) {}

    /**
     * One argument in the docs' tree. {@code type} is key, string, integer, double, pattern,
     * unix-time, pure-token, oneof or block; oneof and block have {@code arguments}.
     *
     * @param keySpecIndex the key spec this key argument belongs to, or -1
     * @param flags        "optional", "multiple", "multiple_token"
     */
    public record Argument(String name, String type, int keySpecIndex, String token, String summary, String since,
                           String deprecatedSince, List<String> flags, List<Argument> arguments) {
        public boolean has(String flag) { return flags.contains(flag); }
    }

    /**
     * The arguments as redis-cli's hints show them (its cliAddArgument): {@code [x]} optional,
     * {@code a|b} one of, {@code x [x ...]} repeated, tokens spelled out.
     */
    public String syntax() {
        return arguments == null ? "" : join(arguments, " ");
    }

    private static String join(List<Argument> args, String separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) out.append(separator);
            out.append(render(args.get(i)));
        }
        return out.toString();
    }

    private static String render(Argument a) {
        String token = a.token() == null ? "" : orQuotes(a.token());
        String repeat = switch (a.type()) {
            case "oneof" -> join(a.arguments(), "|");
            case "block" -> join(a.arguments(), " ");
            case "pure-token" -> "";
            default -> orQuotes(a.name());
        };
        if (!token.isEmpty() && !a.type().equals("pure-token")) token += " ";
        StringBuilder out = new StringBuilder();
        if (a.has("optional")) out.append('[');
        out.append(token).append(repeat);
        if (a.has("multiple")) {
            out.append(" [");
            if (a.has("multiple_token")) out.append(token);
            out.append(repeat).append(" ...]");
        }
        if (a.has("optional")) out.append(']');
        return out.toString();
    }

    private static String orQuotes(String s) { return s.isEmpty() ? "\"\"" : s; }
}
