package dev.txlab.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.table.CommandTable;
import dev.txlab.support.Cli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, item 6: counters that cannot overflow, and an answer saved before it is shown. */
class QuizRobustnessTest {
    static final long NOW = 1_800_000_000_000L;
    static final int MAX = Integer.MAX_VALUE;

    @TempDir Path data;

    @Test
    void countersStopAtTheirMaximumInsteadOfOverflowing() {
        CardProgress full = new CardProgress(5, NOW, MAX, MAX, NOW, true);
        CardProgress right = Leitner.answer(full, true, NOW);
        assertEquals(MAX, right.right());
        assertEquals(MAX, right.wrong());
        CardProgress wrong = Leitner.answer(full, false, NOW);
        assertEquals(MAX, wrong.wrong());
        assertEquals(1, wrong.box());
        assertEquals(2L * MAX, full.seen());
    }

    /** The first card a one-question drill with this seed asks, for a learner with no progress. */
    static Card firstCard(long seed) throws BankException {
        Bank bank = BankLoader.standard();
        List<Card> pool = bank.available(Bank.engineKnows(CommandTable.standard()));
        return Leitner.select(pool, new Progress(), NOW, 1, false, seed).get(0);
    }

    @Test
    void aDrillOverACardWhoseCountersAreAtTheirMaximumDoesNotCrash() throws Exception {
        // The card is due (box 1, due long ago), so the drill asks it first; ":skip" counts as missed.
        Card card = firstCard(1);
        Files.writeString(data.resolve(ProgressStore.FILE_NAME), ProgressStore.HEADER + "\n"
                + card.id() + "\t1\t0\t" + MAX + "\t" + MAX + "\t0\t0\n");
        Cli.Run run = Cli.txlabWithInput(":skip\n", "quiz", "--data-dir", data.toString(), "--seed", "1", "--count", "1");
        assertFalse((run.out() + run.err()).contains("internal error"), run.err());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("score: 0/1"), run.out());
        CardProgress after = new ProgressStore(data).load().progress().get(card.id());
        assertEquals(MAX, after.wrong());
        assertEquals(MAX, after.right());

        Cli.Run stats = Cli.txlab("quiz", "--data-dir", data.toString(), "--stats");
        assertEquals(0, stats.exit(), stats.err());
        assertTrue(stats.out().lines().anyMatch(l -> l.startsWith("all ") && l.contains(" " + MAX + " ")), stats.out());
        assertFalse(stats.out().contains("-"  + "2147483"), "no count wrapped around: " + stats.out());
    }

    @Test
    void totalsOverManyCardsDoNotWrapAround() throws Exception {
        Bank bank = BankLoader.standard();
        List<Card> pool = bank.available(Bank.engineKnows(CommandTable.standard()));
        Progress progress = new Progress();
        for (Card c : pool.subList(0, 3)) progress.put(c.id(), new CardProgress(2, NOW, MAX, MAX, NOW, true));
        StringWriter out = new StringWriter();
        Stats.print(bank, pool, progress, NOW, new PrintWriter(out));
        long total = 3L * MAX;
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("all ") && l.contains(" " + total + " ")), out.toString());
    }

    /** Output that, the moment the verdict of an answer is printed, looks at what the progress file holds. */
    static final class Watching extends Writer {
        final StringBuilder text = new StringBuilder();
        final Path file;
        String fileWhenVerdictShown;
        boolean verdictShown;

        Watching(Path file) { this.file = file; }

        @Override public void write(char[] buf, int off, int len) throws IOException {
            text.append(buf, off, len);
            if (!verdictShown && text.indexOf("SKIPPED (counts as missed)") >= 0) {
                verdictShown = true;
                fileWhenVerdictShown = Files.exists(file) ? Files.readString(file) : null;
            }
        }

        @Override public void flush() {}

        @Override public void close() {}
    }

    @Test
    void theAnswerIsSavedBeforeItsResultIsShown() throws Exception {
        Card card = firstCard(4);
        ProgressStore store = new ProgressStore(data);
        Watching screen = new Watching(store.file());
        PrintWriter out = new PrintWriter(screen, true);
        AnswerInput in = new AnswerInput.Scripted(new BufferedReader(new StringReader(":skip\n")), out);
        new Drill(BankLoader.standard(), new Progress(), store, () -> NOW, in, out, new PrintWriter(new StringWriter()))
                .run(List.of(card), 4);
        assertTrue(screen.verdictShown, screen.text.toString());
        assertNotNull(screen.fileWhenVerdictShown, "nothing was saved when the result was shown: a kill now loses the answer");
        assertTrue(screen.fileWhenVerdictShown.contains(card.id() + "\t1\t"), screen.fileWhenVerdictShown);
        assertNull(store.load().warning());
    }
}
