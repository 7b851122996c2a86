package dev.txlab.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where txlab keeps what it learns about the learner (XDG base directories): the
 * {@code txlab.data.dir} system property if set (tests), else {@code $XDG_DATA_HOME/txlab} when
 * that is an absolute path, else {@code ~/.local/share/txlab}.
 */
public final class DataDirectory {
    private DataDirectory() {}

    public static final String PROPERTY = "txlab.data.dir";

    public static Path resolve() {
        return resolve(System.getProperty(PROPERTY), System.getenv(), System.getProperty("user.home"));
    }

    static Path resolve(String override, Map<String, String> env, String home) {
        if (override != null && !override.isBlank()) return Path.of(override);
        String xdg = env.get("XDG_DATA_HOME");
        // The XDG spec: a relative value is invalid and must be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "txlab");
        return Path.of(home, ".local", "share", "txlab");
    }
}
