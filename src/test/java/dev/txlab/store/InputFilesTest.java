package dev.txlab.store;

import static dev.txlab.store.Hostile.withoutHanging;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shared reader every input file goes through. */
class InputFilesTest {
    @TempDir Path dir;

    @Test
    void aSmallRegularFileIsReadWhole() throws Exception {
        Path f = dir.resolve("a.txt");
        Files.write(f, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, InputFiles.read(f, 3));
        Files.writeString(f, "h\u00e9");
        assertEquals("h\u00e9", InputFiles.readUtf8(f, 100));
    }

    @Test
    void aFileOverTheCapIsRefusedWithTheCapInTheReason() throws Exception {
        Path f = dir.resolve("a.txt");
        Files.write(f, new byte[4097]);
        InputFiles.Unreadable e = assertThrows(InputFiles.Unreadable.class, () -> InputFiles.read(f, 4096));
        assertEquals("it is larger than 4 KB", e.reason());
        assertEquals("cannot read " + f + ": it is larger than 4 KB", e.getMessage());
    }

    @Test
    void aFileThatClaimsNoSizeIsStillReadOnlyUpToTheCap() throws Exception {
        Path status = Path.of("/proc/self/status");
        assumeTrue(Files.isRegularFile(status) && Files.size(status) == 0, "no /proc here");
        assertTrue(InputFiles.read(status, 1 << 20).length > 0);
        assertThrows(InputFiles.Unreadable.class, () -> InputFiles.read(status, 10));
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> InputFiles.read(dir.resolve("none"), 10));
    }

    @Test
    void bytesThatAreNotUtf8AreACodingError() throws Exception {
        Path f = dir.resolve("a.txt");
        Files.write(f, new byte[] {(byte) 0xff, 'a'});
        assertThrows(CharacterCodingException.class, () -> InputFiles.readUtf8(f, 10));
    }

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void everyHostileKindIsRefusedInOneLine(Hostile kind) throws Exception {
        Path f = dir.resolve("f");
        kind.create(f);
        InputFiles.Unreadable e = withoutHanging(f, () -> assertThrows(InputFiles.Unreadable.class,
                () -> InputFiles.read(f, 8 << 20)));
        String expected = switch (kind) {
            case DEV_ZERO -> "it is a character device, not a regular file (a link to /dev/zero)";
            case FIFO -> "it is a FIFO (named pipe), not a regular file";
            case SPARSE_3GB -> "it is larger than 8 MB";
            case DIRECTORY -> "it is a directory";
        };
        assertEquals(expected, e.reason());
        assertTrue(e.getMessage().lines().count() == 1);
    }

    @ParameterizedTest
    @EnumSource(value = Hostile.class, names = {"DEV_ZERO", "FIFO", "DIRECTORY"})
    void aWriteTargetThatIsNotARegularFileIsRefused(Hostile kind) throws Exception {
        Path f = dir.resolve("f");
        kind.create(f);
        assertThrows(InputFiles.Unreadable.class, () -> InputFiles.checkWritable(f));
    }

    @Test
    void aWriteTargetThatIsAbsentOrARegularFileIsFine() throws Exception {
        InputFiles.checkWritable(dir.resolve("new.tx"));
        Path f = Files.writeString(dir.resolve("old.tx"), "x");
        InputFiles.checkWritable(f);
    }
}
