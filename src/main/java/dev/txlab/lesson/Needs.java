package dev.txlab.lesson;

import dev.txlab.engine.Bytes;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.transcript.Transcript;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which commands a part uses that the engine does not have yet (EVAL, until Lua lands). Such a
 * part is skipped, visibly, on the engine and still runs on a real server; it runs on the engine
 * by itself as soon as the command table gains the command. A step whose recorded reply is
 * Redis's unknown-command error uses an unknown command on purpose and needs nothing.
 */
public final class Needs {
    private Needs() {}

    /** Every command is known: a real server. */
    public static final Predicate<String> EVERYTHING = name -> true;

    /** The commands this command table simulates. */
    public static Predicate<String> table(CommandTable table) {
        return name -> table.get(name) != null && table.get(name).isSimulated();
    }

    /** The missing commands of a part, upper case, in order of first use; empty when it can run. */
    public static List<String> missing(Lesson.Part part, Predicate<String> knows) {
        Set<String> out = new LinkedHashSet<>();
        if (part instanceof Lesson.Steps s && s.language() == Lesson.Language.REDIS) {
            add(out, s.transcript(), knows);
        } else if (part instanceof Lesson.Task t) {
            if (t.setup() != null) add(out, t.setup().transcript(), knows);
            add(out, t.solution().transcript(), knows);
            for (Lesson.Attempt a : t.wrong()) add(out, a.steps().transcript(), knows);
            for (Goal.Condition c : t.goal().conditions()) {
                if (!c.kind().namesKey() && !c.argv().isEmpty()) add(out, c.argv(), c.expected(), knows);
            }
        }
        return List.copyOf(out);
    }

    private static void add(Set<String> out, Transcript transcript, Predicate<String> knows) {
        for (Transcript.Step step : transcript.steps()) {
            Optional<List<byte[]>> argv = LessonParser.split(step.command());
            if (argv.isPresent() && !argv.get().isEmpty()) add(out, argv.get(), step.expected(), knows);
        }
    }

    private static void add(Set<String> out, List<byte[]> argv, List<String> expected, Predicate<String> knows) {
        String name = Bytes.lowerAscii(argv.get(0));
        boolean meantUnknown = expected.size() == 1 && expected.get(0).startsWith("(error) ERR unknown command");
        if (!knows.test(name) && !meantUnknown) out.add(name.toUpperCase(Locale.ROOT));
    }

    /** "needs EVAL, which this engine does not have yet". */
    public static String sentence(List<String> missing) {
        return "needs " + String.join(" and ", missing) + ", which this engine does not have yet";
    }
}
