package dev.txlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.engine.Clock;
import dev.txlab.engine.table.Binding;
import dev.txlab.engine.table.CommandTable;
import dev.txlab.shell.Backend;
import dev.txlab.shell.EngineBackend;
import dev.txlab.shell.RemoteBackend;
import dev.txlab.shell.ShellSession;
import dev.txlab.support.RedisServer;
import dev.txlab.trace.ExplainLevel;
import dev.txlab.trace.Palette;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The player on any {@link Backend}: what it shows depends only on what the backend says it can run. */
class LessonPlayerTest {

    /** Records what the player reports instead of saving it. */
    static final class Recorded implements LessonPlayer.Progress {
        final List<String> events = new ArrayList<>();

        @Override public void reached(int part) { events.add("reached " + part); }

        @Override public void solved(String taskId) { events.add("solved " + taskId); }

        @Override public void completed() { events.add("completed"); }
    }

    /** Plays a lesson on a backend with piped input; returns what it printed. */
    static String play(Lesson lesson, Backend backend, String input, LessonPlayer.Progress progress) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ShellSession session = new ShellSession(backend, out::println, Palette.PLAIN, ExplainLevel.OFF, false);
        new LessonPlayer(lesson, session, new LessonInput.Piped(new BufferedReader(new StringReader(input)), out), out::println,
                Palette.PLAIN, progress, "Next: somewhere").play(0);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static Lesson lesson(int number) {
        return LessonLibrary.find(ShippedLessons.load().lessons(), Integer.toString(number)).orElseThrow();
    }

    /** The engine, claiming not to have EVAL: how txlab looked before Lua, and how a backend without a command looks. */
    static final class WithoutEval implements Backend {
        final EngineBackend engine = new EngineBackend(new Clock.ManualClock(0));
        final CommandTable table;

        WithoutEval() {
            List<Binding> bindings = new ArrayList<>(CommandTable.standardBindings());
            bindings.removeIf(b -> b.name().equals("eval"));
            table = new CommandTable(bindings);
        }

        @Override public Result send(String label, List<byte[]> argv) { return engine.send(label, argv); }
        @Override public CommandTable commands() { return table; }
        @Override public List<String> clients() { return engine.clients(); }
        @Override public Optional<ClientState> client(String label) { return engine.client(label); }
        @Override public List<KeyEntry> keys(int db, int limit) { return engine.keys(db, limit); }
        @Override public void reset() { engine.reset(); }
        @Override public String description() { return "an engine without EVAL"; }
        @Override public void close() { engine.close(); }
    }

    @Test
    void onABackendWithoutEvalLuaBlocksShowTheRecordedRepliesAndLuaTasksCanBeSkipped() throws Exception {
        Recorded progress = new Recorded();
        String out;
        try (WithoutEval backend = new WithoutEval()) {
            out = play(lesson(8), backend, "\n\n\n" + ":next\n".repeat(5) + ":solution\n\n\n", progress);
        }
        assertTrue(flat(out).contains("-- 2 steps. This engine has no EVAL yet, so Enter shows each step with the reply redis-server 7.0.15"
                + " gave (recorded). The block runs here for real once txlab has EVAL."), out);
        assertTrue(out.contains("A> EVAL \"return redis.call('INCR', KEYS[1])\" 1 counter\n(integer) 1\n"
                + "A> EVAL \"return redis.call('INCR', KEYS[1])\" 1 counter\n(integer) 2\n"), out);
        assertTrue(flat(out).contains("This task needs EVAL, which this engine does not have yet: :solution shows a worked answer"), out);
        assertTrue(out.contains("A solution:\n"), out);
        assertTrue(out.contains("That is the end of lesson 8"), out);
        assertFalse(progress.events.stream().anyMatch(e -> e.startsWith("solved")), progress.events.toString());
        assertEquals("completed", progress.events.get(progress.events.size() - 1));
    }

    @Test
    void onTheEngineTheSameLuaBlocksRunForReal() throws Exception {
        String out;
        try (EngineBackend backend = new EngineBackend(new Clock.ManualClock(0))) {
            out = play(lesson(8), backend, "\n\n", new Recorded());
        }
        assertFalse(out.contains("This engine has no EVAL"), out);
        assertTrue(out.contains("A> EVAL \"return redis.call('INCR', KEYS[1])\" 1 counter\n(integer) 1\n"), out);
        assertFalse(out.contains("The lesson shows a different reply here"), out);
    }

    /** :explore in lesson 1's first task runs the race the lesson gives it, and draws a lost sale. */
    @Test
    void exploreRunsThePartsRace() throws Exception {
        Lesson lesson = lesson(1);
        int task = -1;
        for (int i = 0; i < lesson.parts().size(); i++) {
            if (lesson.parts().get(i) instanceof Lesson.Task) {
                task = i;
                break;
            }
        }
        String out;
        try (EngineBackend backend = new EngineBackend(new Clock.ManualClock(0))) {
            Lesson.Task t = (Lesson.Task) lesson.parts().get(task);
            StringBuilder solve = new StringBuilder();
            for (var step : t.solution().steps()) solve.append(step.label()).append("> ").append(step.command()).append('\n');
            out = play(lesson, backend, ":next\n".repeat(task) + solve + ":timeline\n:explore\n:quit\n", new Recorded());
        }
        assertTrue(flat(out).contains("Yours was one order of many: :explore runs them all, :timeline draws yours."), out);
        assertTrue(out.contains("| SET stock 4 -> OK"), out);
        assertTrue(out.contains("4 of 6  stock=\"4\"  fails: assert GET stock == 3"), out);
        assertTrue(out.contains("The shortest interleaving that ends with stock=\"4\" (4 commands):"), out);
    }

    @Test
    void thePlayerRunsUnchangedOnARealServerBackend() throws Exception {
        RedisServer server = RedisServer.get();
        server.reset();
        // Lesson 4 to its first task, which is solved by typing its solution, all on redis-server itself.
        Lesson lesson = lesson(4);
        StringBuilder input = new StringBuilder();
        Lesson.Task task = null;
        for (Lesson.Part part : lesson.parts()) {
            if (part instanceof Lesson.Steps s) input.append("\n".repeat(s.steps().size() + 1));
            if (part instanceof Lesson.Task t) {
                task = t;
                for (var step : t.solution().steps()) input.append(step.label()).append("> ").append(step.command()).append('\n');
                break;
            }
        }
        input.append(":quit\n");
        Recorded progress = new Recorded();
        String out;
        try (RemoteBackend backend = RemoteBackend.connect(server.uri(), true, 10_000)) {
            out = play(lesson, backend, input.toString(), progress);
        }
        assertTrue(out.contains("A(TX)> EXEC\n1) OK\n2) (error) ERR value is not an integer or out of range\nA> GET a\n\"1\"\n"), out);
        assertFalse(out.contains("The lesson shows a different reply here"), out);
        assertTrue(out.contains("Goal reached: " + task.title() + "."), out);
        assertTrue(progress.events.contains("solved " + task.id()), progress.events.toString());
    }

    /** Prose as words: wrapped lines joined again. */
    static String flat(String out) {
        return out.replaceAll(" *\n *", " ");
    }
}
