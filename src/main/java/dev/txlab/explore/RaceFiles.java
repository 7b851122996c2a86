package dev.txlab.explore;

import dev.txlab.lesson.LessonLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where race files are: a path as given, or a name of one shipped in the lessons' races/ folder. */
public final class RaceFiles {
    private RaceFiles() {}

    /** A path as given, else a shipped race file of that name. */
    public static Optional<Path> resolve(String name) {
        Path given = Path.of(name);
        if (Files.isRegularFile(given)) return Optional.of(given);
        String fileName = name.endsWith(".race") ? name : name + ".race";
        return directory().map(d -> d.resolve(fileName)).filter(Files::isRegularFile);
    }

    /** The names of the shipped race files, sorted. */
    public static List<String> shipped() {
        List<String> names = new ArrayList<>();
        directory().ifPresent(d -> {
            try (Stream<Path> files = Files.list(d)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".race"))
                        .map(n -> n.substring(0, n.length() - 5)).sorted().forEach(names::add);
            } catch (IOException e) {
                // nothing to list
            }
        });
        return names;
    }

    private static Optional<Path> directory() {
        for (Path lessons : LessonLibrary.candidates()) {
            Path races = lessons.resolve("races");
            if (Files.isDirectory(races)) return Optional.of(races);
        }
        return Optional.empty();
    }

    /**
     * Runs a race and renders the report, or answers the one-line reason it cannot: the shell's
     * and a lesson's {@code :explore}, and {@code txlab explore}.
     */
    public static List<String> exploreAndRender(RaceProgram program, long limit, int width, dev.txlab.trace.Palette palette,
                                                boolean unicode) {
        try {
            RaceExplorer explorer = new RaceExplorer(program, limit);
            return RaceReport.render(explorer, explorer.explore(), width, palette, unicode);
        } catch (RaceExplorer.Failure e) {
            return List.of(program.name() + ": " + e.getMessage());
        }
    }
}
