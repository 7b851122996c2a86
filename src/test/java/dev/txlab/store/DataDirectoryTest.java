package dev.txlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where progress is kept (XDG base directories). */
class DataDirectoryTest {

    @Test
    void xdgDataHomeWinsOverTheHomeDirectory() {
        assertEquals(Path.of("/data/txlab"), DataDirectory.resolve(null, Map.of("XDG_DATA_HOME", "/data"), "/home/u"));
    }

    @Test
    void withoutXdgDataHomeItIsUnderDotLocalShare() {
        assertEquals(Path.of("/home/u/.local/share/txlab"), DataDirectory.resolve(null, Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.local/share/txlab"), DataDirectory.resolve(null, Map.of("XDG_DATA_HOME", ""), "/home/u"));
    }

    @Test
    void aRelativeXdgDataHomeIsIgnoredAsTheSpecificationSays() {
        assertEquals(Path.of("/home/u/.local/share/txlab"), DataDirectory.resolve(null, Map.of("XDG_DATA_HOME", "rel"), "/home/u"));
    }

    @Test
    void theSystemPropertyOverridesEverything() {
        assertEquals(Path.of("/tmp/t"), DataDirectory.resolve("/tmp/t", Map.of("XDG_DATA_HOME", "/data"), "/home/u"));
    }
}
