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
        assertEquals(List.of(), Main.subcommandsFor());
        assertEquals(List.of(), Main.subcommandsFor("--version"));
        assertEquals(List.of(), Main.subcommandsFor("-V"));
        assertEquals(List.of(), Main.subcommandsFor("--explain", "full", "--no-color"));
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertEquals(List.of(ReplayCommand.class), Main.subcommandsFor("replay", "--check", "x.tx"));
        assertEquals(List.of(QuizCommand.class), Main.subcommandsFor("quiz", "--help"));
        // Picocli finds the word after the top-level options, so an option's value is not taken for it.
        assertEquals(List.of(LessonCommand.class), Main.subcommandsFor("--explain", "full", "lesson", "1"));
        assertEquals(List.of(), Main.subcommandsFor("--against", "quiz"));
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
        for (Class<?> sub : TxlabCommand.SUBCOMMANDS) if (sub.getPackageName().equals("dev.txlab.cli")) own.add(sub);
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
    void subcommandNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (Class<?> sub : TxlabCommand.SUBCOMMANDS) assertTrue(names.add(Main.name(sub)), Main.name(sub));
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
