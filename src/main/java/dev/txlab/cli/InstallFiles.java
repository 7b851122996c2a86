package dev.txlab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The files an installed txlab brings besides the jar, made from the command line's own model
 * (so a new subcommand or option is in them without another edit): the bash/zsh completion script
 * (picocli's AutoComplete) and a man page, txlab(1), in roff. The build runs
 * {@code java -cp target/classes... dev.txlab.cli.InstallFiles DIR} (pom.xml, prepare-package),
 * and the release archive and scripts/install ship what it writes: DIR/txlab_completion and DIR/txlab.1.
 */
public final class InstallFiles {
    private InstallFiles() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: InstallFiles DIR [VERSION] (writes DIR/txlab_completion and DIR/txlab.1)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        CommandLine cl = Main.commandLine();
        Files.writeString(dir.resolve("txlab_completion"), completion(cl), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("txlab.1"), manPage(cl, args.length > 1 ? args[1] : null), StandardCharsets.UTF_8);
    }

    /** The bash completion script; zsh uses it through bashcompinit (the script says how). */
    static String completion(CommandLine cl) {
        return AutoComplete.bash("txlab", cl);
    }

    /** txlab(1): synopsis, description, options, every visible subcommand with its own, files, environment. */
    static String manPage(CommandLine cl, String version) {
        CommandSpec top = cl.getCommandSpec();
        version = "txlab " + (version != null ? version : "(development build)");
        Roff r = new Roff();
        r.line(".TH TXLAB 1 \"\" \"" + Roff.escape(version) + "\" \"User Commands\"");
        r.section("NAME");
        r.text("txlab \\- a lab for Redis transactions and atomicity");
        r.section("SYNOPSIS");
        r.line(".B txlab");
        r.text("[\\fIOPTIONS\\fR] [\\fICOMMAND\\fR [\\fIARGS\\fR]]");
        r.section("DESCRIPTION");
        for (String d : top.usageMessage().description()) r.paragraph(d);
        r.section("OPTIONS");
        options(r, top);
        r.section("COMMANDS");
        for (CommandLine sub : cl.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.usageMessage().hidden()) continue;
            r.line(".SS \"txlab " + spec.name() + "\"");
            for (String d : spec.usageMessage().description()) r.paragraph(d);
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.hidden()) continue;
                r.item("\\fI" + Roff.escape(p.paramLabel()) + "\\fR", String.join(" ", p.description()));
            }
            options(r, spec);
            List<String> exits = spec.usageMessage().exitCodeList().entrySet().stream()
                    .map(e -> e.getKey().strip() + ": " + e.getValue()).toList();
            if (!exits.isEmpty()) r.paragraph("Exit codes: " + String.join("; ", exits) + ".");
        }
        r.section("ENVIRONMENT");
        r.item("NO_COLOR", "When set and not empty, no colour (as --no-color).");
        r.item("XDG_DATA_HOME", "Lesson and quiz progress are kept in $XDG_DATA_HOME/txlab (default ~/.local/share/txlab).");
        r.item("TXLAB_LESSONS", "A folder of lessons to use instead of the ones txlab ships.");
        r.item("TXLAB_JAVA_OPTS", "More JVM options for the launcher (after its own, so they win).");
        r.item("TXLAB_CDS", "off: no class-data-sharing archive (the launcher records txlab.jsa next to the jar,"
                + " or in ~/.cache/txlab, once per build, for a faster start).");
        r.item("JAVA_HOME", "The Java (17 or later) to run on; else java on the PATH.");
        r.item("TXLAB_DEBUG", "When set, an internal error prints its stack trace.");
        r.section("FILES");
        r.item("~/.txlab_history", "The shell's history.");
        r.item("~/.local/share/txlab/", "Lesson and quiz progress.");
        r.section("SEE ALSO");
        r.text("redis-cli(1), redis-server(1); txlab --help and txlab COMMAND --help print the same as this page.");
        return r.toString();
    }

    private static void options(Roff r, CommandSpec spec) {
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            StringBuilder names = new StringBuilder();
            for (String n : o.names()) {
                if (names.length() > 0) names.append(", ");
                names.append("\\fB").append(Roff.escape(n)).append("\\fR");
            }
            if (!isFlag(o)) names.append(" \\fI").append(Roff.escape(o.paramLabel())).append("\\fR");
            r.item(names.toString(), interpolated(o));
        }
    }

    private static boolean isFlag(ArgSpec a) {
        return a.arity().max() == 0;
    }

    /** The option's description as --help prints it (defaults and candidates filled in). */
    private static String interpolated(OptionSpec o) {
        String[] lines = o.description();
        String text = String.join(" ", lines);
        String def = o.defaultValueString();
        text = text.replace("${DEFAULT-VALUE}", def == null ? "" : def);
        if (text.contains("${COMPLETION-CANDIDATES}") && o.completionCandidates() != null) {
            text = text.replace("${COMPLETION-CANDIDATES}", String.join(", ", o.completionCandidates()));
        }
        return text;
    }

    /** Just enough roff: sections, paragraphs and tagged items, with text escaped. */
    private static final class Roff {
        private final StringBuilder out = new StringBuilder();

        static String escape(String s) {
            String e = s.replace("\\", "\\e").replace("-", "\\-");
            return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
        }

        void line(String s) { out.append(s).append('\n'); }

        void text(String s) { line(s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s); }

        void section(String name) { line(".SH " + name.toUpperCase(Locale.ROOT)); }

        void paragraph(String s) {
            line(".PP");
            text(escape(s));
        }

        void item(String tag, String s) {
            line(".TP");
            line(tag.startsWith("\\") ? tag : escape(tag));
            text(escape(s));
        }

        @Override public String toString() { return out.toString(); }
    }

    /** For tests: the subcommands the man page describes. */
    static List<String> describedSubcommands(CommandLine cl) {
        return cl.getSubcommands().values().stream().map(c -> c.getCommandSpec())
                .filter(s -> !s.usageMessage().hidden()).map(CommandSpec::name).toList();
    }
}
