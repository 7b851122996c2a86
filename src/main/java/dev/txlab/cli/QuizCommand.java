package dev.txlab.cli;

import dev.txlab.engine.table.CommandTable;
import dev.txlab.quiz.AnswerInput;
import dev.txlab.quiz.Bank;
import dev.txlab.quiz.BankException;
import dev.txlab.quiz.BankLoader;
import dev.txlab.quiz.Card;
import dev.txlab.store.DataDirectory;
import dev.txlab.store.InputFiles;
import dev.txlab.quiz.Drill;
import dev.txlab.quiz.Leitner;
import dev.txlab.quiz.ProgressStore;
import dev.txlab.quiz.Stats;
import dev.txlab.quiz.TerminalInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code txlab quiz}: interview drills graded by the engine, scheduled by spaced repetition. */
@Command(name = "quiz", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Drills interview questions on Redis transactions and atomicity. Predict-the-reply and fix-it"
                + " questions are graded by the engine. Missed cards come back first; known ones after 1, 3, 7, then 21 days.",
                "Answers may come from a file or a pipe; the last line is 'score: R/N'."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the drill ran (whatever the score)", "1:the question bank or the answers file could not be read",
                "2:bad command line"})
public final class QuizCommand implements Callable<Integer> {

    /** An answers file is typed text: a few lines per question. */
    static final long MAX_ANSWERS_BYTES = 16L << 20;

    @Spec CommandSpec spec;

    @Option(names = "--topic", split = ",", paramLabel = "TOPIC",
            description = "Only these topics (repeat or separate with commas): ${COMPLETION-CANDIDATES}.",
            completionCandidates = Topics.class)
    List<String> topics = new ArrayList<>();

    @Option(names = "--count", paramLabel = "N", defaultValue = "10", description = "Questions in the drill (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for the order of new cards, options and template values.")
    Long seed;

    @Option(names = "--all", description = "Ask every card (of the chosen topics), due ones first.")
    boolean all;

    @Option(names = "--stats", description = "Show progress per topic and the cards most often missed, then exit.")
    boolean stats;

    @Option(names = "--reset", description = "Forget all quiz progress, then exit.")
    boolean reset;

    @Option(names = "--answers", paramLabel = "FILE", description = "Read the answers from FILE instead of the terminal.")
    Path answers;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where progress is kept (default: $XDG_DATA_HOME/txlab or ~/.local/share/txlab).")
    Path dataDir;

    /** The topics of the shipped bank, for --help. */
    static final class Topics extends ArrayList<String> {
        Topics() {
            try {
                addAll(BankLoader.standard().topics());
            } catch (BankException e) {
                // --help still works; the drill itself reports the broken bank.
            }
        }
    }

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (count < 1) {
            err.println("txlab quiz: --count must be at least 1");
            return 2;
        }
        Path directory = dataDir != null ? dataDir : DataDirectory.resolve();
        ProgressStore store = new ProgressStore(directory);
        if (reset) {
            if (java.nio.file.Files.exists(store.file()) && !Confirm.ask("Forget all quiz progress (" + store.file() + ")?")) {
                out.println("Nothing was deleted.");
                return 0;
            }
            try {
                boolean existed = store.reset();
                out.println(existed ? "Quiz progress reset (" + store.file() + " deleted)." : "No quiz progress to reset.");
                return 0;
            } catch (IOException e) {
                err.println("txlab quiz: cannot delete " + store.file() + ": " + e.getMessage());
                return 1;
            }
        }
        Bank bank;
        try {
            bank = BankLoader.standard();
        } catch (BankException e) {
            err.println("txlab quiz: the question bank is broken: " + e.getMessage());
            return 1;
        }
        List<Card> pool = bank.available(Bank.engineKnows(CommandTable.standard()));
        Set<String> wanted = new LinkedHashSet<>();
        for (String t : topics) if (!t.isBlank()) wanted.add(t.strip().toLowerCase(Locale.ROOT));
        for (String t : wanted) {
            if (!bank.topics().contains(t)) {
                err.println("txlab quiz: unknown topic '" + t + "' (topics: " + String.join(", ", bank.topics()) + ")");
                return 2;
            }
        }
        if (!wanted.isEmpty()) pool = pool.stream().filter(c -> wanted.contains(c.topic())).toList();

        ProgressStore.Loaded loaded = store.load();
        if (loaded.warning() != null) {
            err.println("txlab quiz: " + loaded.warning());
            err.flush();
        }
        long now = System.currentTimeMillis();
        if (stats) {
            out.println("Quiz progress (" + store.file() + ")");
            Stats.print(bank, pool, loaded.progress(), now, out);
            return 0;
        }
        if (pool.isEmpty()) {
            err.println("txlab quiz: no questions available for " + String.join(", ", wanted));
            return 1;
        }
        long drillSeed = seed != null ? seed : new SecureRandom().nextLong() & 0xFFFFFFFFL;
        List<Card> cards = Leitner.select(pool, loaded.progress(), now, count, all, drillSeed);
        long due = cards.stream().filter(c -> loaded.progress().get(c.id()) != null
                && Leitner.isDue(loaded.progress().get(c.id()), now)).count();
        long fresh = cards.stream().filter(c -> loaded.progress().get(c.id()) == null).count();
        out.println("txlab quiz: " + cards.size() + " question" + (cards.size() == 1 ? "" : "s") + " (" + due + " due for review, "
                + fresh + " new), seed " + drillSeed + ". Type :skip to skip a question, :quit to stop.");
        out.flush();

        if (answers != null) {
            String text;
            try {
                // Decoded as piped answers are: a byte that is not UTF-8 becomes U+FFFD.
                text = new String(InputFiles.read(answers, MAX_ANSWERS_BYTES), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("txlab quiz: cannot read answers file " + answers + ": " + InputFiles.reason(e));
                return 1;
            }
            return run(bank, loaded, store, new AnswerInput.Scripted(new BufferedReader(new StringReader(text)), out), out, err,
                    cards, drillSeed);
        }
        if (System.console() != null) {
            TerminalInput terminal = null;
            try {
                terminal = new TerminalInput();
            } catch (IOException | RuntimeException e) {
                // No usable terminal after all: read stdin as plain lines below.
            }
            if (terminal != null) {
                try (TerminalInput t = terminal) {
                    return run(bank, loaded, store, t, out, err, cards, drillSeed);
                }
            }
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return run(bank, loaded, store, new AnswerInput.Scripted(stdin, out), out, err, cards, drillSeed);
    }

    private static int run(Bank bank, ProgressStore.Loaded loaded, ProgressStore store, AnswerInput input,
                           PrintWriter out, PrintWriter err, List<Card> cards, long drillSeed) throws IOException {
        Drill drill = new Drill(bank, loaded.progress(), store, System::currentTimeMillis, input, out, err);
        // Prose wraps to the terminal's width; without a terminal, to 80 columns.
        if (input instanceof TerminalInput terminal) drill.wrapTo(terminal::width);
        drill.run(cards, drillSeed);
        return 0;
    }
}
