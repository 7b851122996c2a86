package dev.txlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.txlab.support.Cli;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Main builds only the subcommand a command line names; help and mistakes still see them all. */
class LazySubcommandsTest {

    @Test
    void aCommandLineThatNamesNoSubcommandBuildsNone() {
        assertEquals(List.of(), names());
        assertEquals(List.of(), names("--version"));
        assertEquals(List.of(), names("-V"));
        assertEquals(List.of(), names("--explain", "full", "--no-color"));
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertEquals(List.of("replay"), names("replay", "--check", "x.tx"));
        assertEquals(List.of("quiz"), names("quiz", "--help"));
        // Picocli finds the word after the top-level options, so an option's value is not taken for it.
        assertEquals(List.of("lesson"), names("--explain", "full", "lesson", "1"));
        assertEquals(List.of(), names("--against", "quiz"));
    }

    private static List<String> names(String... args) {
        return Main.subcommandsFor(args).stream().map(TxlabCommand.Subcommand::name).toList();
    }

    @Test
    void helpCompletionAndMistakesSeeEverySubcommand() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"help", "quiz"},
                new String[] {"generate-completion"}, new String[] {"replai"}, new String[] {"--explain"})) {
            assertEquals(TxlabCommand.SUBCOMMANDS, Main.subcommandsFor(args), String.join(" ", args));
        }
    }

    @Test
    void txlabsCommandsDoNotMakePicocliLookForMethodSubcommands() {
        // addMethodSubcommands = false: else picocli reads the annotations of every public method, Object's too.
        List<Class<?>> own = new java.util.ArrayList<>(List.of(TxlabCommand.class));
        for (TxlabCommand.Subcommand sub : TxlabCommand.SUBCOMMANDS) {
            if (sub.model().get() instanceof Class<?> c && c.getPackageName().equals("dev.txlab.cli")) own.add(c);
        }
        for (Class<?> c : own) {
            assertTrue(!c.getAnnotation(picocli.CommandLine.Command.class).addMethodSubcommands(), c.getSimpleName());
        }
    }

    @Test
    void aSubcommandNamedFirstStillReadsAsTxlabsInUsageAndErrors() {
        Cli.Run help = Cli.txlab("replay", "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("Usage: txlab replay "), help.out());
        Cli.Run wrong = Cli.txlab("quiz", "--count", "x");
        assertEquals(2, wrong.exit());
        assertTrue(wrong.err().startsWith("txlab quiz: Invalid value for option '--count'"), wrong.err());
        assertTrue(wrong.err().contains("(see 'txlab quiz --help')"), wrong.err());
    }

    @Test
    void subcommandNamesAreUniqueAndTheModelsOwn() {
        Set<String> names = new HashSet<>();
        for (TxlabCommand.Subcommand sub : TxlabCommand.SUBCOMMANDS) {
            assertTrue(names.add(sub.name()), sub.name());
            Object model = sub.model().get();
            String own = model instanceof Class<?> c ? c.getAnnotation(picocli.CommandLine.Command.class).name()
                    : ((picocli.CommandLine.Model.CommandSpec) model).name();
            assertEquals(sub.name(), own);
        }
    }

    @Test
    void aSubcommandsVersionIsTxlabs() {
        for (String sub : List.of("replay", "lesson", "quiz", "serve", "explore")) {
            Cli.Run version = Cli.txlab(sub, "-V");
            assertEquals(0, version.exit(), version.err());
            assertTrue(version.out().startsWith("txlab "), sub + ": " + version.out());
        }
    }

    @Test
    void helpStillListsEverySubcommandAndHidesTheCompletionGenerator() {
        Cli.Run help = Cli.txlab("--help");
        assertEquals(0, help.exit(), help.err());
        for (String name : List.of("shell", "replay", "lesson", "quiz", "serve", "explore", "help")) {
            assertTrue(help.out().contains("\n  " + name + " "), name + " in:\n" + help.out());
        }
        assertTrue(!help.out().contains("generate-completion"), help.out());
        Cli.Run completion = Cli.txlab("generate-completion");
        assertEquals(0, completion.exit(), completion.err());
        assertTrue(completion.out().contains("replay") && completion.out().contains("--topic"), completion.out());
    }
}
