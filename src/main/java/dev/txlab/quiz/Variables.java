package dev.txlab.quiz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template's variables: {@code var: k = one of: balance | stock} or {@code var: n, m = int 2..9}.
 * Names declared together get distinct values. {@link #instantiate} picks values with a seeded
 * {@link Random}; {@link #expand} fills {@code {name}} placeholders, and {@code {n+1}}, {@code {n-m}} for
 * integer variables. An alternative may itself hold placeholders of other variables.
 */
public final class Variables {

    /** One {@code var:} line. */
    public record Spec(List<String> names, List<String> alternatives, long low, long high) {
        boolean isInt() { return alternatives == null; }
    }

    public static final Variables NONE = new Variables(List.of());

    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)(?:([+-])(\\d+|[a-z][a-z0-9_]*))?}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern INT_RANGE = Pattern.compile("int\\s+(-?\\d+)\\s*\\.\\.\\s*(-?\\d+)");
    private static final Pattern ONE_OF = Pattern.compile("one of:\\s*(.+)");

    private final List<Spec> specs;

    public Variables(List<Spec> specs) { this.specs = List.copyOf(specs); }

    public List<Spec> specs() { return specs; }

    /** Every declared name. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Spec s : specs) names.addAll(s.names());
        return names;
    }

    /**
     * Parses the text after {@code var:}; throws {@link IllegalArgumentException} with a
     * one-line reason when it is malformed.
     */
    public static Spec parseSpec(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) throw new IllegalArgumentException("a var line looks like 'var: k = one of: a | b' or 'var: n = int 1..9'");
        List<String> names = new ArrayList<>();
        for (String n : text.substring(0, eq).split(",")) {
            String name = n.trim();
            if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("bad variable name '" + name + "' (lower case letters, digits, _)");
            names.add(name);
        }
        String def = text.substring(eq + 1).trim();
        Matcher range = INT_RANGE.matcher(def);
        if (range.matches()) {
            long low = Long.parseLong(range.group(1));
            long high = Long.parseLong(range.group(2));
            if (high < low) throw new IllegalArgumentException("empty range " + low + ".." + high);
            if (high - low + 1 < names.size()) throw new IllegalArgumentException("range too small for " + names.size() + " distinct values");
            return new Spec(names, null, low, high);
        }
        Matcher oneOf = ONE_OF.matcher(def);
        if (oneOf.matches()) {
            List<String> alternatives = new ArrayList<>();
            for (String a : oneOf.group(1).split("\\|")) {
                String alt = a.trim();
                if (alt.isEmpty()) throw new IllegalArgumentException("empty alternative in '" + def + "'");
                alternatives.add(alt);
            }
            if (new LinkedHashSet<>(alternatives).size() < names.size()) {
                throw new IllegalArgumentException("not enough distinct alternatives for " + names.size() + " variables");
            }
            return new Spec(names, List.copyOf(alternatives), 0, 0);
        }
        throw new IllegalArgumentException("unknown variable definition '" + def + "' (use 'one of: a | b' or 'int LOW..HIGH')");
    }

    /** Picks a value for every variable; the same seed always gives the same values. */
    public Map<String, String> instantiate(Random random) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Spec spec : specs) {
            if (spec.isInt()) {
                Set<Long> used = new LinkedHashSet<>();
                for (String name : spec.names()) {
                    long v;
                    do {
                        v = spec.low() + (long) Math.floor(random.nextDouble() * (spec.high() - spec.low() + 1));
                    } while (!used.add(v));
                    values.put(name, Long.toString(v));
                }
            } else {
                List<String> pool = new ArrayList<>(new LinkedHashSet<>(spec.alternatives()));
                Collections.shuffle(pool, random);
                for (int i = 0; i < spec.names().size(); i++) values.put(spec.names().get(i), pool.get(i));
            }
        }
        // Alternatives may refer to other variables ("SET {k} {n}"): resolve them now.
        Map<String, String> resolved = new HashMap<>(values);
        for (int pass = 0; pass < 4; pass++) {
            for (Map.Entry<String, String> e : values.entrySet()) resolved.put(e.getKey(), expand(e.getValue(), resolved));
        }
        values.replaceAll((k, v) -> resolved.get(k));
        return values;
    }

    /** Fills every placeholder; an unknown name is left as written (the loader rejects those). */
    public static String expand(String text, Map<String, String> values) {
        if (text.indexOf('{') < 0) return text;
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            String replacement;
            if (value == null) {
                replacement = m.group();
            } else if (m.group(2) != null) {
                // {n+1}, {n-m}: arithmetic on integer variables, for answers and distractors.
                String operand = Character.isDigit(m.group(3).charAt(0)) ? m.group(3) : values.get(m.group(3));
                try {
                    long base = Long.parseLong(value);
                    long delta = Long.parseLong(operand);
                    replacement = Long.toString(m.group(2).equals("+") ? base + delta : base - delta);
                } catch (NumberFormatException | NullPointerException e) {
                    replacement = m.group();
                }
            } else {
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The variable names used in a text's placeholders (both sides of {n+m}). */
    public static Set<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
            if (m.group(3) != null && !Character.isDigit(m.group(3).charAt(0))) names.add(m.group(3));
        }
        return names;
    }

    /** Whether a text still holds a placeholder after expansion (a typo or a non-number). */
    public static boolean hasPlaceholder(String text) { return PLACEHOLDER.matcher(text).find(); }
}
