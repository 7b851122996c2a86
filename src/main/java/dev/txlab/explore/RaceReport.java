package dev.txlab.explore;

import dev.txlab.explore.RaceExplorer.Outcome;
import dev.txlab.explore.RaceExplorer.Result;
import dev.txlab.timeline.TimelineText;
import dev.txlab.trace.Palette;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What {@code txlab explore} prints: the outcomes with their counts, then each bad one's shortest interleaving drawn. */
public final class RaceReport {
    private RaceReport() {}

    public static List<String> render(RaceExplorer explorer, Result result, int width, Palette palette, boolean unicode) {
        List<String> out = new ArrayList<>();
        RaceProgram p = result.program();
        String clients = p.clients().entrySet().stream()
                .map(e -> palette.client(e.getKey()) + " " + e.getValue().size() + (e.getValue().size() == 1 ? " command" : " commands"))
                .collect(Collectors.joining(", "));
        long total = result.interleavings();
        out.add(p.name() + ": " + clients + "; " + total + (total == 1 ? " interleaving" : " interleavings")
                + (result.complete() ? "" : " (stopped there: there are more; shorten the programs)"));
        out.add(palette.quiet("  (MULTI and queued commands go with their EXEC: they touch no data before it.)"));
        out.add("");
        int countWidth = Long.toString(total).length();
        for (Outcome o : result.outcomes()) {
            String count = String.format("%" + countWidth + "d of %d", o.count(), total);
            StringBuilder line = new StringBuilder("  ").append(count).append("  ").append(o.state());
            if (o.retried() > 0) line.append("  ").append(palette.quiet("(" + o.retried() + " after a retry)"));
            if (!o.gaveUp().isEmpty()) line.append("  ").append(palette.bad("gave up retrying: " + String.join(", ", o.gaveUp())));
            for (RaceProgram.Assertion a : o.failed()) line.append("  ").append(palette.bad("fails: assert " + a));
            if (!o.bad()) line.append("  ").append(palette.good(p.assertions().isEmpty() ? "" : "ok"));
            out.add(line.toString().stripTrailing());
        }
        boolean anyBad = false;
        for (Outcome o : result.outcomes()) {
            if (!o.bad()) continue;
            anyBad = true;
            out.add("");
            out.add("The shortest interleaving that ends with " + o.state() + " (" + o.shortestCommands() + " commands):");
            out.addAll(new TimelineText(palette, unicode).render(explorer.timelineOf(o.shortest()), width));
        }
        if (!anyBad && !p.assertions().isEmpty()) {
            out.add("");
            out.add(palette.good("Every interleaving keeps the assertions."));
        }
        return out;
    }
}
