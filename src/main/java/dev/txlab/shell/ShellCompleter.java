package dev.txlab.shell;

import dev.txlab.engine.table.CommandSpec;
import dev.txlab.trace.Describe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: command names from the command table, meta commands, client labels (as
 * {@code B>}), subcommands, the option words of a command's syntax (NX, XX, WITHSCORES ...) and
 * the keys that exist in the current client's database.
 */
final class ShellCompleter implements Completer {
    /** More keys than this are not offered: the list would help no one. */
    static final int MAX_KEYS = 500;
    private static final Pattern OPTION_WORD = Pattern.compile("\\b[A-Z][A-Z_]+\\b");

    private final ShellSession session;

    ShellCompleter(ShellSession session) { this.session = session; }

    @Override public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        candidates.addAll(candidates(line.words(), line.wordIndex()));
    }

    /** The candidates for word {@code index} of {@code words}. */
    List<Candidate> candidates(List<String> words, int index) {
        List<Candidate> out = new java.util.ArrayList<>();
        boolean labelled = !words.isEmpty() && words.get(0).matches("[A-Za-z0-9_-]+>");
        int first = labelled ? 1 : 0;
        if (index == 0 && !labelled) {
            for (String label : labels()) {
                out.add(new Candidate(label + ">", label + ">", "clients", "run one command as " + label, null, null, true));
            }
            for (ShellSession.MetaCommand meta : ShellSession.META) {
                out.add(new Candidate(meta.name(), meta.name(), "shell", meta.summary(), null, null, true));
            }
        }
        if (index == first) {
            for (CommandSpec spec : session.backend().commands().all()) {
                String name = spec.displayName();
                out.add(new Candidate(name, name, spec.group(), spec.summary(), null, null, true));
            }
            return out;
        }
        if (index < first) return out;
        String command = words.get(first);
        if (!labelled && command.startsWith(":")) {
            metaArguments(command.toLowerCase(Locale.ROOT), index - first, out);
            return out;
        }
        CommandSpec spec = session.backend().commands().get(command);
        if (spec == null) return out;
        if (spec.isContainer()) {
            if (index == first + 1) {
                for (CommandSpec sub : spec.subcommands().values()) {
                    String name = sub.name().substring(sub.name().indexOf('|') + 1).toUpperCase(Locale.ROOT);
                    out.add(new Candidate(name, name, null, sub.summary(), null, null, true));
                }
                return out;
            }
            CommandSpec sub = index > first + 1 ? spec.subcommands().get(words.get(first + 1).toLowerCase(Locale.ROOT)) : null;
            if (sub == null) return out;
            spec = sub;
        }
        Set<String> options = new LinkedHashSet<>();
        Matcher m = OPTION_WORD.matcher(spec.syntax());
        while (m.find()) options.add(m.group());
        for (String option : options) out.add(new Candidate(option, option, null, null, null, null, true));
        if (spec.mayHaveKeys()) addKeys(out);
        return out;
    }

    private void metaArguments(String meta, int position, List<Candidate> out) {
        if (position != 1) return;
        switch (meta) {
            case ":client" -> {
                for (String label : labels()) out.add(new Candidate(label, label, null, null, null, null, true));
            }
            case ":explain" -> {
                for (String level : List.of("off", "brief", "full")) out.add(new Candidate(level));
            }
            case ":help" -> {
                for (String g : HelpText.groups(session.backend().commands())) out.add(new Candidate("@" + g));
                for (CommandSpec spec : session.backend().commands().all()) out.add(new Candidate(spec.displayName()));
            }
            default -> { }
        }
    }

    private Set<String> labels() {
        Set<String> labels = new LinkedHashSet<>(session.backend().clients());
        labels.add(session.currentClient());
        return labels;
    }

    private void addKeys(List<Candidate> out) {
        int db = session.backend().client(session.currentClient()).map(Backend.ClientState::db).orElse(session.backend().initialDb());
        try {
            for (Backend.KeyEntry key : session.backend().keys(db, MAX_KEYS)) {
                String text = new String(key.key().bytes(), StandardCharsets.UTF_8);
                out.add(new Candidate(text, Describe.key(key.key()), "keys", null, null, null, true));
            }
        } catch (IOException e) {
            // No keys to offer; completion must never interrupt typing.
        }
    }
}
