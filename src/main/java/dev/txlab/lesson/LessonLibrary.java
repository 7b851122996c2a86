package dev.txlab.lesson;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the lessons directory and loads the lessons in it. The lessons are Markdown files at the
 * repository root ({@code lessons/}), so they are looked for, in order: where the user says
 * ({@code --lessons DIR}), {@code $TXLAB_LESSONS}, {@code $TXLAB_HOME/lessons} (set by
 * {@code scripts/txlab}), a {@code lessons/} directory packaged on the class path, next to the
 * build ({@code target/../lessons}), and {@code ./lessons}.
 */
public final class LessonLibrary {
    private LessonLibrary() {}

    /** The lessons that loaded, in number order, and a one-line message for each file that did not. */
    public record Loaded(Path directory, List<Lesson> lessons, List<String> problems) {
        public Loaded {
            lessons = List.copyOf(lessons);
            problems = List.copyOf(problems);
        }

        /** The lesson after this one, if any. */
        public Optional<Lesson> after(Lesson lesson) {
            for (Lesson l : lessons) if (l.number() > lesson.number()) return Optional.of(l);
            return Optional.empty();
        }
    }

    /** Where the lessons are; empty when no candidate holds any lesson file. */
    public static Optional<Path> locate(Path explicit) {
        if (explicit != null) return Optional.of(explicit);
        for (Path candidate : candidates()) {
            if (holdsLessons(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** The places {@link #locate} looks, for the message when it finds nothing. */
    public static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String env = System.getenv("TXLAB_LESSONS");
        if (env != null && !env.isBlank()) out.add(Path.of(env));
        String home = System.getenv("TXLAB_HOME");
        if (home != null && !home.isBlank()) out.add(Path.of(home, "lessons"));
        packaged().ifPresent(out::add);
        besideBuild().ifPresent(out::add);
        out.add(Path.of("lessons"));
        return out;
    }

    /** A lessons/ directory on the class path (in the jar, when the build packages it). */
    private static Optional<Path> packaged() {
        URL url = LessonLibrary.class.getResource("/lessons/README.md");
        if (url == null) return Optional.empty();
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    // opened before: Path.of below finds it
                }
            }
            return Optional.of(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code target/txlab.jar} or {@code target/classes} -> the repository's lessons/. */
    private static Optional<Path> besideBuild() {
        try {
            Path code = Path.of(LessonLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.getParent();
            if (target == null || target.getParent() == null) return Optional.empty();
            return Optional.of(target.getParent().resolve("lessons"));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean holdsLessons(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(LessonLibrary::isLessonFile);
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isLessonFile(Path file) {
        Path name = file.getFileName();
        return name != null && LessonParser.FILE_NAME.matcher(name.toString()).matches() && Files.isRegularFile(file);
    }

    /** Every NN-name.md in the directory, parsed; a file that does not parse becomes a problem line. */
    public static Loaded load(Path directory) throws IOException {
        List<Path> files;
        // Checked first: listing opens the path, and opening a FIFO waits for a writer.
        if (!Files.isDirectory(directory)) {
            throw Files.exists(directory) ? new NotDirectoryException(directory.toString()) : new NoSuchFileException(directory.toString());
        }
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(LessonLibrary::isLessonFile).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause(); // the listing failed half way: the caller's one line, not a stack trace
        }
        List<Lesson> lessons = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                Lesson lesson = LessonParser.parse(file);
                Optional<Lesson> clash = lessons.stream().filter(l -> l.number() == lesson.number() || l.name().equals(lesson.name())).findFirst();
                if (clash.isPresent()) {
                    problems.add(file + ": lesson " + lesson.number() + " (" + lesson.name() + ") clashes with " + clash.get().source());
                } else {
                    lessons.add(lesson);
                }
            } catch (LessonException e) {
                problems.add(e.getMessage());
            }
        }
        lessons.sort(Comparator.comparingInt(Lesson::number));
        return new Loaded(directory, lessons, problems);
    }

    /** The lesson a user means by a number ({@code 4}), a name ({@code no-rollback}) or the start of one ({@code no-r}). */
    public static Optional<Lesson> find(List<Lesson> lessons, String query) {
        String q = query.strip().toLowerCase(Locale.ROOT);
        if (q.matches("\\d+")) {
            int n = Integer.parseInt(q.length() > 6 ? "-1" : q);
            return lessons.stream().filter(l -> l.number() == n).findFirst();
        }
        for (Lesson l : lessons) if (l.name().equals(q)) return Optional.of(l);
        List<Lesson> prefixed = lessons.stream().filter(l -> l.name().startsWith(q)).toList();
        if (prefixed.size() == 1) return Optional.of(prefixed.get(0));
        List<Lesson> containing = lessons.stream().filter(l -> l.name().contains(q)).toList();
        return containing.size() == 1 ? Optional.of(containing.get(0)) : Optional.empty();
    }
}
