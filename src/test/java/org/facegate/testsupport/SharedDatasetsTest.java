package org.facegate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A data set that is there is handed over; one that is not skips the test, or fails it under CI. */
class SharedDatasetsTest {

    @TempDir
    Path dir;

    @Test
    void aPresentDataSetIsItsFolderWithOrWithoutCi() throws Exception {
        Files.writeString(dir.resolve("pairs.txt"), "10 300\n");
        assertEquals(dir, SharedDatasets.require("LFW", dir, "pairs.txt", SharedDatasets.LFW_PROPERTY, false));
        assertEquals(dir, SharedDatasets.require("LFW", dir, "pairs.txt", SharedDatasets.LFW_PROPERTY, true));
    }

    @Test
    void anAbsentDataSetSkipsTheTestWithTheMessage() {
        Path lfw = dir.resolve("lfw");
        TestAbortedException skip = assertThrows(TestAbortedException.class,
                () -> SharedDatasets.require("LFW", lfw, "pairs.txt", SharedDatasets.LFW_PROPERTY, false));
        assertMessage(skip.getMessage(), lfw.resolve("pairs.txt"), "-Dfacegate.lfw.dir=");
    }

    @Test
    void anAbsentDataSetFailsTheTestUnderCiWithTheSameMessage() {
        Path nuaa = dir.resolve("nuaa-pad");
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> SharedDatasets.require("NUAA PAD", nuaa, "attack", SharedDatasets.NUAA_PROPERTY, true));
        assertMessage(failure.getMessage(), nuaa.resolve("attack"), "-Dfacegate.nuaa.dir=");
        TestAbortedException skip = assertThrows(TestAbortedException.class,
                () -> SharedDatasets.require("NUAA PAD", nuaa, "attack", SharedDatasets.NUAA_PROPERTY, false));
        assertEquals(failure.getMessage(), skip.getMessage(), "the same message, skipped or failed");
    }

    @Test
    void theFolderAloneIsNotTheDataSet() throws Exception {
        Files.createDirectories(dir.resolve("lfw/images"));
        assertThrows(AssertionFailedError.class,
                () -> SharedDatasets.require("LFW", dir.resolve("lfw"), "pairs.txt", SharedDatasets.LFW_PROPERTY, true));
    }

    private static void assertMessage(String message, Path missing, String property) {
        assertTrue(message.contains(missing.toAbsolutePath().normalize().toString()), message);
        assertTrue(message.contains("../shared/datasets beside the checkout"), message);
        assertTrue(message.contains(property), message);
        assertTrue(message.contains("CI=true"), message);
    }
}
