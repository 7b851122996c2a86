package dev.txlab.shell;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.engine.table.CommandTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The grey argument hint redis-cli shows after what is typed: {@code SET } hints
 * {@code key value [NX|XX] ...}, and each typed argument uses up one parameter. Read from the
 * command table's syntax strings, so hints and help never disagree.
 */
final class ArgumentHints {
    /** Past this length no hint is worked out (a pasted megabyte needs none). */
    static final int MAX_BUFFER = 4096;

    private final Supplier<CommandTable> table;

    ArgumentHints(Supplier<CommandTable> table) { this.table = table; }

    /** The text to show after {@code buffer} (the cursor being at its end), or "" for none. */
    String hint(String buffer) {
        if (buffer.length() > MAX_BUFFER) return "";
        java.util.regex.Matcher labelled = ShellSession.LABELLED.matcher(buffer);
        boolean hasLabel = labelled.matches();
        String line = hasLabel ? labelled.group(2) : buffer;
        List<String> words = words(line);
        if (words.isEmpty()) return "";
        boolean atNewWord = Character.isWhitespace(line.charAt(line.length() - 1));
        int typed = words.size() - 1; // arguments after the command name, the one being typed included
        String lead = atNewWord ? "" : " ";
        if (!hasLabel && words.get(0).startsWith(":")) {
            for (ShellSession.MetaCommand meta : ShellSession.META) {
                if (meta.name().equalsIgnoreCase(words.get(0)) && typed == 0 && !meta.usage().isEmpty()) return lead + meta.usage();
            }
            return "";
        }
        CommandSpec spec = table.get().get(words.get(0));
        if (spec == null) return "";
        if (spec.isContainer()) {
            if (typed == 0) return lead + String.join("|", upper(spec.subcommands().keySet()));
            spec = spec.subcommands().get(words.get(1).toLowerCase(Locale.ROOT));
            if (spec == null) return "";
            typed--;
        }
        List<String> params = parameters(spec.syntax());
        if (params.isEmpty()) return "";
        List<String> rest;
        if (typed < params.size()) {
            rest = params.subList(typed, params.size());
        } else {
            String last = params.get(params.size() - 1);
            rest = last.contains("...") ? List.of(last) : List.of();
        }
        return rest.isEmpty() ? "" : lead + String.join(" ", rest);
    }

    /** A syntax string cut into its top-level parameters: "key [key ...]" is [key, [key ...]]. */
    static List<String> parameters(String syntax) {
        List<String> params = new ArrayList<>();
        int depth = 0;
        int start = -1;
        for (int i = 0; i <= syntax.length(); i++) {
            char c = i < syntax.length() ? syntax.charAt(i) : ' ';
            if (c == '[' || c == '{' || c == '(') depth++;
            if (c == ']' || c == '}' || c == ')') depth = Math.max(0, depth - 1);
            if (c == ' ' && depth == 0) {
                if (start >= 0) params.add(syntax.substring(start, i));
                start = -1;
            } else if (start < 0) {
                start = i;
            }
        }
        return params;
    }

    /** Blank-separated words, quotes kept together but never an error. */
    static List<String> words(String line) {
        return new RedisLineParser().parse(line, line.length(), null).words().stream().filter(w -> !w.isEmpty()).toList();
    }

    private static List<String> upper(java.util.Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) out.add(n.toUpperCase(Locale.ROOT));
        return out;
    }
}
