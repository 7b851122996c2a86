package dev.txlab.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The table that binds a command file at a time is the table that binds all at once. */
class LazyBindingsTest {

    @Test
    void theBuildWroteTheIndexOfTheseBindings() {
        assertNotNull(LazyBindings.fromIndex(), "the build (process-classes) writes " + LazyBindings.RESOURCE);
        Map<String, String> index = LazyBindings.index(CommandTable.standardBindings());
        assertNotNull(index, "every standard binding is a lambda of a file whose bindings() returns it");
        LazyBindings built = LazyBindings.fromIndex();
        assertEquals(index, new TreeMap<>(built.fileOf()), "rebuild: mvn process-classes");
        assertEquals("dev.txlab.engine.command.StringCommands", index.get("get"));
    }

    @Test
    void everyCommandAnswersAsInTheEagerTable() {
        CommandTable eager = new CommandTable(CommandTable.standardBindings());
        CommandTable lazy = CommandTable.standardTable(LazyBindings.fromIndex());
        assertEquals(rows(eager), rows(lazy));
    }

    @Test
    void onlyTheFilesOfTheCommandsUsedAreLoaded() {
        LazyBindings lazy = LazyBindings.fromIndex();
        CommandTable table = CommandTable.standardTable(lazy);
        assertEquals(List.of(), List.copyOf(lazy.loadedFiles()));
        assertTrue(table.get("get").isSimulated());
        assertEquals(List.of("dev.txlab.engine.command.StringCommands"), List.copyOf(lazy.loadedFiles()));
        assertTrue(table.get("zunionstore").isSimulated()); // ZSetAlgebra's, handed on by SortedSetCommands
        assertTrue(lazy.loadedFiles().contains("dev.txlab.engine.command.ZSetAlgebra"), lazy.loadedFiles().toString());
    }

    /** What the table says of each command and subcommand that a binding decides. */
    private static List<String> rows(CommandTable table) {
        List<String> rows = new ArrayList<>();
        for (CommandSpec spec : table.all()) {
            rows.add(row(spec));
            for (CommandSpec sub : spec.subcommands().values()) rows.add(row(sub));
        }
        return rows;
    }

    private static String row(CommandSpec s) {
        return s.name() + " simulated=" + s.isSimulated() + " atOnceInMulti=" + s.runsAtOnceInMulti()
                + " subscribed=" + s.allowedInSubscribedMode() + " mayBlock=" + s.mayBlock() + " teaching=" + s.teaching()
                + " impl=" + (s.implementation() != null);
    }
}
