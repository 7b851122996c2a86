package dev.txlab.timeline;

import dev.txlab.store.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/** {@code :save FILE.svg} and {@code :save FILE.html}: the timeline as a standalone picture. */
public final class TimelineFiles {
    private TimelineFiles() {}

    /** Whether {@code :save} should write a picture rather than a transcript. */
    public static boolean isPicture(String file) {
        String name = file.toLowerCase(Locale.ROOT);
        return name.endsWith(".svg") || name.endsWith(".html") || name.endsWith(".htm");
    }

    /**
     * Writes the picture (atomically: a temporary file renamed over the target) and returns the
     * one-line message for the user.
     */
    public static String save(Timeline timeline, Path path, String title) throws IOException {
        InputFiles.checkWritable(path);
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String content = name.endsWith(".svg") ? TimelineSvg.svg(timeline, title) : TimelineSvg.html(timeline, title);
        Path folder = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(folder, ".txlab-timeline", ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return "Saved the timeline (" + timeline.steps().size() + (timeline.steps().size() == 1 ? " step" : " steps") + ", "
                + timeline.clients().size() + (timeline.clients().size() == 1 ? " client" : " clients") + ") to " + path
                + (name.endsWith(".svg") ? " (SVG: open it in a browser or an image viewer)." : " (open it in a browser).");
    }
}
