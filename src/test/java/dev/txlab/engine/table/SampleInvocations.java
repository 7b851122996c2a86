package dev.txlab.engine.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command lines built from a command's documented arguments (COMMAND DOCS): the required
 * arguments alone, then with each optional argument in turn, then with all of them. Repeatable
 * arguments appear twice, numbers are 2 (so a numkeys matches the two keys after it), and keys are
 * named k1, k2 ... in order, so a mistake in finding keys shows as the wrong name.
 */
final class SampleInvocations {
    private SampleInvocations() {}

    static List<List<String>> of(CommandSpec spec) {
        List<CommandDocs.Argument> args = spec.docs().arguments() == null ? List.of() : spec.docs().arguments();
        List<List<String>> out = new ArrayList<>();
        out.add(build(spec, args, -2));
        boolean anyOptional = false;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).has("optional")) {
                out.add(build(spec, args, i));
                anyOptional = true;
            }
        }
        if (anyOptional) out.add(build(spec, args, -1));
        return out;
    }

    /** The name, then the arguments: required ones, plus the optional one at {@code with} (-1: all). */
    private static List<String> build(CommandSpec spec, List<CommandDocs.Argument> args, int with) {
        List<String> words = new ArrayList<>(List.of(spec.displayName().split(" ")));
        int[] keys = {0};
        for (int i = 0; i < args.size(); i++) {
            CommandDocs.Argument a = args.get(i);
            if (a.has("optional") && with != -1 && with != i) continue;
            add(words, a, keys);
        }
        return words;
    }

    private static void add(List<String> words, CommandDocs.Argument a, int[] keys) {
        int times = a.has("multiple") ? 2 : 1;
        for (int t = 0; t < times; t++) {
            if (a.token() != null && (t == 0 || a.has("multiple_token"))) words.add(a.token());
            switch (a.type()) {
                case "pure-token" -> { }
                case "oneof" -> add(words, a.arguments().get(0), keys);
                case "block" -> {
                    for (CommandDocs.Argument sub : a.arguments()) if (!sub.has("optional")) add(words, sub, keys);
                }
                case "key" -> words.add("k" + (++keys[0]));
                case "integer" -> words.add("2");
                case "double" -> words.add("1.5");
                case "unix-time" -> words.add("100");
                case "pattern" -> words.add("*");
                default -> words.add(a.name().toLowerCase(Locale.ROOT));
            }
        }
    }
}
