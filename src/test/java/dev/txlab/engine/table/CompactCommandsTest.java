package dev.txlab.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The build's compact command table says exactly what the recorded COMMAND INFO says. */
class CompactCommandsTest {

    @Test
    void theCompactFormReadsBackAsTheParsedRecording() throws Exception {
        List<RecordedCommands.Info> parsed = RecordedCommands.parsedInfo();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompactCommands.write(parsed, bytes);
        assertEquals(parsed, CompactCommands.read(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @Test
    void theBuildMadeItAndTheTableReadsIt() throws Exception {
        try (InputStream built = RecordedCommands.class.getResourceAsStream(CompactCommands.RESOURCE)) {
            assertNotNull(built, "the build (process-classes) writes " + CompactCommands.RESOURCE);
        }
        assertEquals(RecordedCommands.parsedInfo(), RecordedCommands.info());
    }

    @Test
    void anythingElseIsRefusedSoTheRecordingIsParsed() throws Exception {
        assertNull(CompactCommands.read(new ByteArrayInputStream(new byte[] {'*', '1', '\r', '\n', 0, 0, 0, 0})));
    }
}
