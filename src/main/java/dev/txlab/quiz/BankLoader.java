package dev.txlab.quiz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the question bank: {@code quiz/index.txt} names the bank files, {@code quiz/lessons.txt}
 * the lessons. The format is described in {@code src/main/resources/quiz/README.md}: a card starts
 * with {@code [id]}, then {@code field: value} lines; a field's value may continue (or, when the
 * value is empty, start) on the following lines indented by spaces.
 */
public final class BankLoader {
    private BankLoader() {}

    static final String ROOT = "quiz/";

    private static final Pattern CARD_START = Pattern.compile("\\[([a-z0-9][a-z0-9-]*)]\\s*");
    private static final Pattern FIELD = Pattern.compile("([a-z][a-z-]*)(\\*?):(.*)");
    private static final Pattern SCRIPT_LINE = Pattern.compile("(\\??)([A-Za-z0-9_-]+)> (.*)");
    private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Set<String> CONDITIONS = Set.of("exec-ok", "no-errors");

    /** The bank that ships in the jar. */
    public static Bank standard() throws BankException {
        Lessons lessons = Lessons.parse(ROOT + "lessons.txt", resource(ROOT + "lessons.txt"));
        List<Card> cards = new ArrayList<>();
        String index = resource(ROOT + "index.txt");
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) continue;
            cards.addAll(parse(ROOT + name, resource(ROOT + name), lessons));
        }
        return new Bank(cards, lessons);
    }

    private static String resource(String name) throws BankException {
        try (InputStream in = BankLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new BankException(name, 0, "missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BankException(name, 0, "cannot read: " + e.getMessage());
        }
    }

    /** One field as written: its name, its (dedented) value and the line it started on. */
    record Field(String name, boolean starred, String value, int line, int valueLine) {}

    /** A card as written, before it is checked. */
    record RawCard(String id, int line, List<Field> fields) {
        List<Field> all(String name) { return fields.stream().filter(f -> f.name().equals(name)).toList(); }
    }

    /** Parses one bank file. */
    public static List<Card> parse(String source, String text, Lessons lessons) throws BankException {
        List<Card> cards = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (RawCard raw : split(source, text)) {
            if (!ids.add(raw.id())) throw new BankException(source, raw.line(), "card [" + raw.id() + "] appears twice");
            cards.add(build(source, raw, lessons));
        }
        return cards;
    }

    static List<RawCard> split(String source, String text) throws BankException {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        List<RawCard> cards = new ArrayList<>();
        String id = null;
        int idLine = 0;
        List<Field> fields = new ArrayList<>();
        String fieldName = null;
        boolean starred = false;
        int fieldLine = 0;
        int valueLine = 0;
        List<String> value = new ArrayList<>();
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : null;
            boolean continuation = line != null && !line.isEmpty() && Character.isWhitespace(line.charAt(0)) && !line.isBlank();
            boolean blank = line != null && line.isBlank();
            if (continuation) {
                if (fieldName == null) throw new BankException(source, i + 1, "indented line outside a field");
                value.add(line);
                continue;
            }
            if (blank) {
                if (fieldName != null) value.add("");
                continue;
            }
            // Anything else ends the current field.
            if (fieldName != null) {
                fields.add(new Field(fieldName, starred, dedent(value), fieldLine, valueLine));
                fieldName = null;
            }
            if (line == null) break;
            if (line.startsWith("#")) continue;
            Matcher start = CARD_START.matcher(line);
            if (start.matches()) {
                if (id != null) cards.add(new RawCard(id, idLine, List.copyOf(fields)));
                id = start.group(1);
                idLine = i + 1;
                fields.clear();
                continue;
            }
            Matcher field = FIELD.matcher(line);
            if (!field.matches()) {
                throw new BankException(source, i + 1, "expected '[card-id]', 'field: value' or an indented continuation, got: " + line);
            }
            if (id == null) throw new BankException(source, i + 1, "field before the first [card-id]");
            fieldName = field.group(1);
            starred = !field.group(2).isEmpty();
            fieldLine = i + 1;
            value.clear();
            String inline = field.group(3).strip();
            if (!inline.isEmpty()) value.add(inline);
            valueLine = inline.isEmpty() ? fieldLine + 1 : fieldLine;
        }
        if (id != null) cards.add(new RawCard(id, idLine, List.copyOf(fields)));
        return cards;
    }

    /** Removes trailing blank lines and the indentation common to the indented lines. */
    private static String dedent(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        while (!copy.isEmpty() && copy.get(copy.size() - 1).isBlank()) copy.remove(copy.size() - 1);
        int common = Integer.MAX_VALUE;
        // The first line may be the inline value (no indentation): skip it when measuring.
        boolean firstInline = !copy.isEmpty() && !copy.get(0).isEmpty() && !Character.isWhitespace(copy.get(0).charAt(0));
        for (int i = firstInline ? 1 : 0; i < copy.size(); i++) {
            String l = copy.get(i);
            if (l.isBlank()) continue;
            int n = 0;
            while (n < l.length() && Character.isWhitespace(l.charAt(n))) n++;
            common = Math.min(common, n);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < copy.size(); i++) {
            String l = copy.get(i);
            if (i > 0) out.append('\n');
            if (l.isBlank()) continue;
            out.append(i == 0 && firstInline ? l : l.substring(Math.min(common, l.length())).stripTrailing());
        }
        return out.toString();
    }

    private static final Map<Kind, Set<String>> FIELDS = new LinkedHashMap<>();
    static {
        Set<String> common = Set.of("kind", "topic", "lesson", "covers", "requires", "explain");
        FIELDS.put(Kind.CHOICE, union(common, "question", "right", "wrong"));
        FIELDS.put(Kind.TRUE_FALSE, union(common, "question", "answer"));
        FIELDS.put(Kind.SHORT, union(common, "question", "accept"));
        FIELDS.put(Kind.PREDICT, union(common, "question", "var", "script", "option"));
        FIELDS.put(Kind.FIX_IT, union(common, "goal", "var", "setup", "broken", "solution", "check", "must-use", "require"));
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> s = new LinkedHashSet<>(base);
        s.addAll(List.of(more));
        return Set.copyOf(s);
    }

    private static Card build(String source, RawCard raw, Lessons lessons) throws BankException {
        Field kindField = one(source, raw, "kind", true);
        Kind kind = Kind.parse(kindField.value());
        if (kind == null) {
            throw new BankException(source, kindField.line(), "unknown kind '" + kindField.value()
                    + "' (choice, truefalse, short, predict or fixit)");
        }
        Set<String> allowed = FIELDS.get(kind);
        for (Field f : raw.fields()) {
            if (!allowed.contains(f.name())) {
                throw new BankException(source, f.line(), "field '" + f.name() + "' does not belong in a " + kind.fileName() + " card");
            }
            if (f.starred()) throw new BankException(source, f.line(), "'" + f.name() + "*:' is not a field (write 'right:' for the correct option)");
        }
        Field topicField = one(source, raw, "topic", true);
        if (!TOPIC.matcher(topicField.value()).matches()) {
            throw new BankException(source, topicField.line(), "topic '" + topicField.value() + "' must be one lower-case word (dashes allowed)");
        }
        Field lessonField = one(source, raw, "lesson", true);
        int lesson;
        try {
            lesson = Integer.parseInt(lessonField.value());
        } catch (NumberFormatException e) {
            throw new BankException(source, lessonField.line(), "lesson must be a number, got '" + lessonField.value() + "'");
        }
        if (!lessons.has(lesson)) throw new BankException(source, lessonField.line(), "lesson " + lesson + " is not listed in quiz/lessons.txt");
        Field explain = one(source, raw, "explain", true);
        Set<String> covers = words(one(source, raw, "covers", false));
        Set<String> requires = new LinkedHashSet<>();
        for (String r : words(one(source, raw, "requires", false))) requires.add(r.toLowerCase(Locale.ROOT));
        String where = source + ":" + raw.line();

        switch (kind) {
            case CHOICE -> {
                Field right = one(source, raw, "right", true);
                List<String> wrong = raw.all("wrong").stream().map(Field::value).toList();
                if (wrong.isEmpty()) throw new BankException(source, raw.line(), "a choice card needs at least one 'wrong:' option");
                Card.Header h = header(raw, kind, topicField, lesson, covers, requires, explain, where);
                return new Card.Concept(h, one(source, raw, "question", true).value(), right.value(), wrong, null, List.of());
            }
            case TRUE_FALSE -> {
                Field answer = one(source, raw, "answer", true);
                String a = answer.value().toLowerCase(Locale.ROOT);
                if (!a.equals("true") && !a.equals("false")) throw new BankException(source, answer.line(), "answer must be true or false");
                Card.Header h = header(raw, kind, topicField, lesson, covers, requires, explain, where);
                return new Card.Concept(h, one(source, raw, "question", true).value(), null, List.of(), a.equals("true"), List.of());
            }
            case SHORT -> {
                List<String> accepted = raw.all("accept").stream().map(Field::value).toList();
                if (accepted.isEmpty()) throw new BankException(source, raw.line(), "a short card needs at least one 'accept:' line");
                Card.Header h = header(raw, kind, topicField, lesson, covers, requires, explain, where);
                return new Card.Concept(h, one(source, raw, "question", true).value(), null, List.of(), null, accepted);
            }
            case PREDICT -> {
                Variables vars = variables(source, raw);
                List<Card.Script> variants = new ArrayList<>();
                for (Field f : raw.all("script")) {
                    Card.Script script = script(source, f);
                    long hidden = script.lines().stream().filter(Card.Line::hidden).count();
                    if (hidden != 1) {
                        throw new BankException(source, f.line(), "a predict script needs exactly one hidden step ('?A> ...'), found " + hidden);
                    }
                    variants.add(script);
                }
                if (variants.isEmpty()) throw new BankException(source, raw.line(), "a predict card needs a 'script:'");
                List<String> options = raw.all("option").stream().map(Field::value).toList();
                String question = one(source, raw, "question", true).value();
                checkPlaceholders(source, raw, vars);
                requires.addAll(commandsOf(variants));
                Card.Header h = header(raw, kind, topicField, lesson, covers, requires, explain, where);
                return new Card.Predict(h, question, vars, variants, options);
            }
            case FIX_IT -> {
                Variables vars = variables(source, raw);
                Field setupField = one(source, raw, "setup", false);
                Card.Script setup = setupField == null ? new Card.Script(List.of()) : script(source, setupField);
                Card.Script broken = script(source, one(source, raw, "broken", true));
                Card.Script solution = script(source, one(source, raw, "solution", true));
                for (Card.Script s : List.of(setup, broken, solution)) {
                    for (Card.Line l : s.lines()) {
                        if (l.hidden()) throw new BankException(source, l.sourceLine(), "only predict scripts hide a step");
                    }
                }
                Field checkField = one(source, raw, "check", true);
                List<String> check = checkField.value().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
                List<String> mustUse = new ArrayList<>();
                for (String w : words(one(source, raw, "must-use", false))) mustUse.add(w.toUpperCase(Locale.ROOT));
                Set<String> conditions = words(one(source, raw, "require", false));
                for (String c : conditions) {
                    if (!CONDITIONS.contains(c)) {
                        throw new BankException(source, raw.line(), "unknown condition '" + c + "' (exec-ok, no-errors)");
                    }
                }
                checkPlaceholders(source, raw, vars);
                requires.addAll(commandsOf(List.of(setup, broken, solution)));
                Card.Header h = header(raw, kind, topicField, lesson, covers, requires, explain, where);
                return new Card.FixIt(h, one(source, raw, "goal", true).value(), vars, setup, broken, solution,
                        check, List.copyOf(mustUse), conditions);
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static Card.Header header(RawCard raw, Kind kind, Field topic, int lesson, Set<String> covers,
                                      Set<String> requires, Field explain, String where) {
        return new Card.Header(raw.id(), kind, topic.value(), lesson, Set.copyOf(covers), Set.copyOf(requires),
                explain.value(), where);
    }

    private static Field one(String source, RawCard raw, String name, boolean required) throws BankException {
        List<Field> found = raw.all(name);
        if (found.size() > 1) throw new BankException(source, found.get(1).line(), "'" + name + ":' given twice");
        if (found.isEmpty()) {
            if (required) throw new BankException(source, raw.line(), "card [" + raw.id() + "] has no '" + name + ":'");
            return null;
        }
        Field f = found.get(0);
        if (required && f.value().isBlank()) throw new BankException(source, f.line(), "'" + name + ":' is empty");
        return f;
    }

    private static Set<String> words(Field f) {
        Set<String> out = new LinkedHashSet<>();
        if (f == null) return out;
        for (String w : f.value().split("[\\s,]+")) if (!w.isEmpty()) out.add(w);
        return out;
    }

    private static Variables variables(String source, RawCard raw) throws BankException {
        List<Variables.Spec> specs = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Field f : raw.all("var")) {
            try {
                Variables.Spec spec = Variables.parseSpec(f.value());
                for (String n : spec.names()) {
                    if (!seen.add(n)) throw new IllegalArgumentException("variable '" + n + "' declared twice");
                }
                specs.add(spec);
            } catch (IllegalArgumentException e) {
                throw new BankException(source, f.line(), e.getMessage());
            }
        }
        return new Variables(specs);
    }

    private static void checkPlaceholders(String source, RawCard raw, Variables vars) throws BankException {
        Set<String> names = vars.names();
        for (Field f : raw.fields()) {
            if (f.name().equals("explain")) continue; // prose may show braces
            for (String used : Variables.placeholders(f.value())) {
                if (!names.contains(used)) {
                    throw new BankException(source, f.line(), "placeholder {" + used + "} is not a declared var");
                }
            }
        }
    }

    private static Card.Script script(String source, Field f) throws BankException {
        List<Card.Line> lines = new ArrayList<>();
        String[] text = f.value().split("\n", -1);
        for (int i = 0; i < text.length; i++) {
            String l = text[i];
            if (l.isBlank() || l.startsWith("#")) continue;
            Matcher m = SCRIPT_LINE.matcher(l);
            if (!m.matches()) {
                throw new BankException(source, f.valueLine() + i,
                        "a script line looks like 'A> COMMAND' (or '?A> COMMAND' for the hidden step), got: " + l);
            }
            lines.add(new Card.Line(m.group(2), m.group(3), !m.group(1).isEmpty(), f.valueLine() + i));
        }
        if (lines.isEmpty()) throw new BankException(source, f.line(), "'" + f.name() + ":' has no command lines");
        return new Card.Script(lines);
    }

    /** Command names written literally in scripts (not placeholders): the engine must know them. */
    private static Set<String> commandsOf(List<Card.Script> scripts) {
        Set<String> names = new LinkedHashSet<>();
        for (Card.Script s : scripts) {
            for (Card.Line l : s.lines()) {
                String first = l.command().strip().split("\\s+", 2)[0];
                if (!first.isEmpty() && !first.contains("{")) names.add(first.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
