package dev.txlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The completion script and man page come from the command line's model, so they follow it. */
class InstallFilesTest {

    @Test
    void theManPageDescribesEveryVisibleSubcommandAndItsOptions() {
        CommandLine cl = Main.commandLine();
        String man = InstallFiles.manPage(cl, "9.9");
        assertTrue(man.startsWith(".TH TXLAB 1 \"\" \"txlab 9.9\""), man);
        assertEquals(List.of("shell", "replay", "lesson", "quiz", "serve", "explore", "help"), InstallFiles.describedSubcommands(cl));
        for (String name : InstallFiles.describedSubcommands(cl)) assertTrue(man.contains(".SS \"txlab " + name + "\""), name);
        assertTrue(man.contains("\\fB\\-\\-check\\fR"), "replay's --check");
        assertTrue(man.contains("(default: 6380;"), "defaults are filled in");
        assertFalse(man.contains("${"), "no picocli variable left");
        assertFalse(man.contains("generate-completion"), "hidden commands stay hidden");
    }

    @Test
    void mainWritesTheCompletionAndTheManPage(@TempDir Path dir) throws Exception {
        InstallFiles.main(new String[] {dir.toString(), "1.2.3"});
        String completion = Files.readString(dir.resolve("txlab_completion"));
        assertTrue(completion.contains("complete -F"), completion);
        assertTrue(completion.contains("--topic") && completion.contains("--against"), "every subcommand's options");
        assertTrue(Files.readString(dir.resolve("txlab.1")).contains("txlab 1.2.3"));
    }
}
