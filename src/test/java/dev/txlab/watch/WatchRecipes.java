package dev.txlab.watch;

import dev.txlab.protocol.ArgSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The recipes of {@code src/test/resources/watch/write-commands.txt}: for each write command, how
 * to run it so that it changes data, changes nothing, or fails. The file's header describes the
 * format; this class only reads it, and rejects anything it does not understand, with the line.
 */
final class WatchRecipes {
    static final String RESOURCE = "/watch/write-commands.txt";

    private WatchRecipes() {}

    /** What a variant does to the data; checked on the real server, so a recipe cannot lie. */
    enum Kind {
        CHANGE("change"), NO_OP("no-op"), ERROR("error");

        final String word;

        Kind(String word) { this.word = word; }

        static Kind of(String word) {
            for (Kind k : values()) if (k.word.equals(word)) return k;
            return null;
        }
    }

    /** One Redis command line of the file, split as redis-cli splits it. */
    record Line(int number, String text, List<byte[]> argv) {
        @Override public String toString() { return text; }
    }

    /** The keys client A watches, in database {@code db}; null keys: the keys the command names. */
    record Watch(int db, List<String> keys) {}

    /**
     * One way to run the command: its kind, the command line B runs, why (may be empty), extra
     * setup, commands B runs first (SELECT), and what A watches instead of the command's keys.
     */
    record Variant(Recipe recipe, Kind kind, Line command, String why, List<Line> with, List<Line> first, Watch watch) {
        /** "SMOVE src dst m (no-op: dst already has m)". */
        String title() {
            return command.text() + " (" + kind.word + (why.isEmpty() ? "" : ": " + why) + ")";
        }

        // A variant and its recipe point at each other: identity, not the records' recursive defaults.
        @Override public boolean equals(Object o) { return this == o; }

        @Override public int hashCode() { return System.identityHashCode(this); }

        @Override public String toString() { return title(); }

        /** Every line this variant sends besides the command itself. */
        List<Line> preparation() {
            List<Line> all = new ArrayList<>(recipe.setup());
            all.addAll(with);
            all.addAll(first);
            return all;
        }
    }

    /**
     * One write command: its name as the command table spells it ({@code smove},
     * {@code function|load}), the setup every variant starts from, the variants, and why there
     * is no change variant when there is none.
     */
    record Recipe(String name, int line, List<Line> setup, List<Variant> variants, String noChangeBecause) {
        /** As users type it: SMOVE, FUNCTION LOAD. */
        String displayName() { return name.replace('|', ' ').toUpperCase(Locale.ROOT); }

        @Override public boolean equals(Object o) { return this == o; }

        @Override public int hashCode() { return System.identityHashCode(this); }

        @Override public String toString() { return displayName(); }
    }

    static List<Recipe> load() {
        try (InputStream in = WatchRecipes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing test resource " + RESOURCE);
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Recipe> parse(String text) {
        List<Recipe> recipes = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        RecipeBuilder current = null;
        VariantBuilder variant = null;
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String raw = lines[i].stripTrailing();
            if (raw.isBlank() || raw.stripLeading().startsWith("#")) continue;
            if (!Character.isWhitespace(raw.charAt(0))) {
                if (current != null) recipes.add(current.build());
                current = new RecipeBuilder(raw.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "|"), number);
                variant = null;
                continue;
            }
            if (current == null) throw error(number, "an indented line before the first command name");
            String content = raw.trim();
            String word = content.split("\\s+", 2)[0];
            String rest = content.length() > word.length() ? content.substring(word.length()).trim() : "";
            Kind kind = Kind.of(word);
            if (kind != null) {
                String[] commandAndWhy = splitComment(rest);
                variant = new VariantBuilder(current, kind, line(number, commandAndWhy[0]), commandAndWhy[1]);
                current.variants.add(variant);
            } else if (word.equals("setup")) {
                if (variant != null) throw error(number, "setup after a variant (use `with` under the variant)");
                current.setup.add(line(number, rest));
            } else if (word.equals("no") && rest.startsWith("change:")) {
                current.noChange = rest.substring("change:".length()).trim();
            } else if (word.equals("with") || word.equals("first") || word.equals("watch")) {
                if (variant == null) throw error(number, "`" + word + "` outside a variant");
                switch (word) {
                    case "with" -> variant.with.add(line(number, rest));
                    case "first" -> variant.first.add(line(number, rest));
                    default -> {
                        if (variant.watch != null) throw error(number, "a second `watch` for one variant");
                        variant.watch = watch(number, rest);
                    }
                }
            } else {
                throw error(number, "expected setup, change, no-op, error, with, first, watch or `no change:`, got: " + content);
            }
        }
        if (current != null) recipes.add(current.build());
        return recipes;
    }

    private static Watch watch(int number, String rest) {
        String[] words = rest.split("\\s+");
        int db = 0;
        int from = 0;
        if (words.length >= 2 && words[0].equals("db")) {
            db = Integer.parseInt(words[1]);
            from = 2;
        }
        if (from >= words.length) throw error(number, "watch names no key");
        return new Watch(db, List.of(words).subList(from, words.length));
    }

    /** The command and the `# why` after it; a # inside quotes belongs to the command. */
    private static String[] splitComment(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                return new String[] {s.substring(0, i).trim(), s.substring(i + 1).trim()};
            }
        }
        return new String[] {s.trim(), ""};
    }

    private static Line line(int number, String text) {
        if (text.isEmpty()) throw error(number, "a command line is missing");
        List<byte[]> argv = ArgSplitter.split(text).orElseThrow(() -> error(number, "cannot split: " + text));
        return new Line(number, text, argv);
    }

    private static IllegalArgumentException error(int number, String message) {
        return new IllegalArgumentException(RESOURCE + ":" + number + ": " + message);
    }

    private static final class RecipeBuilder {
        final String name;
        final int line;
        final List<Line> setup = new ArrayList<>();
        final List<VariantBuilder> variants = new ArrayList<>();
        String noChange;

        RecipeBuilder(String name, int line) {
            this.name = name;
            this.line = line;
        }

        Recipe build() {
            List<Variant> built = new ArrayList<>();
            Recipe recipe = new Recipe(name, line, List.copyOf(setup), built, noChange);
            for (VariantBuilder v : variants) {
                built.add(new Variant(recipe, v.kind, v.command, v.why, List.copyOf(v.with), List.copyOf(v.first), v.watch));
            }
            return recipe;
        }
    }

    private static final class VariantBuilder {
        final Kind kind;
        final Line command;
        final String why;
        final List<Line> with = new ArrayList<>();
        final List<Line> first = new ArrayList<>();
        Watch watch;

        VariantBuilder(RecipeBuilder recipe, Kind kind, Line command, String why) {
            this.kind = kind;
            this.command = command;
            this.why = why;
        }
    }
}
