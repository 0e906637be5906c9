package org.facegate.pad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PAD descriptor ({@code *.pad.json}): what is written is read back the same, and a file that is not a usable
 * descriptor is refused on loading with a message that names the file and the broken rule.
 */
class PadDescriptorTest {

    private static PadDescriptor descriptor() {
        return new PadDescriptor(PadDescriptor.SCHEMA_VERSION, "pad-test@1", "pad.onnx", "input", "output",
                new PadDescriptor.Crop(2.7, 128, PadDescriptor.Fill.SHIFT),
                new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.BGR, new float[] {104, 117, 123},
                        new float[] {0.5f, 0.25f, 2f}),
                new PadDescriptor.ScoreRule(PadDescriptor.ScoreRule.Kind.SOFTMAX, 1), 0.42,
                List.of(new PadDescriptor.OperatingPoint(0.3, 0.04, 0.01), new PadDescriptor.OperatingPoint(0.42, 0.02, 0.02)),
                "measured on a test set");
    }

    /** The JSON of a valid descriptor with one field's value replaced ({@code "field": value} as written). */
    private static String withField(String field, String value) {
        String json = descriptor().toJson();
        String replaced = json.replaceFirst("\"" + field + "\" : [^,\\n]*", "\"" + field + "\" : " + value);
        assertTrue(!replaced.equals(json), "no field " + field);
        return replaced;
    }

    private static String withoutField(String field) {
        String json = descriptor().toJson();
        String removed = json.replaceFirst("\"" + field + "\" : \\{[^}]*\\},", "");
        assertTrue(!removed.equals(json), "no object field " + field);
        return removed;
    }

    private static void assertSameDescriptor(PadDescriptor expected, PadDescriptor actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.onnx(), actual.onnx());
        assertEquals(expected.input(), actual.input());
        assertEquals(expected.output(), actual.output());
        assertEquals(expected.crop(), actual.crop());
        assertEquals(expected.normalisation().order(), actual.normalisation().order());
        assertArrayEquals(expected.normalisation().mean(), actual.normalisation().mean());
        assertArrayEquals(expected.normalisation().scale(), actual.normalisation().scale());
        assertEquals(expected.score(), actual.score());
        assertEquals(expected.threshold(), actual.threshold());
        assertEquals(expected.operatingPoints(), actual.operatingPoints());
        assertEquals(expected.calibration(), actual.calibration());
    }

    @Test
    void aDescriptorWrittenToAFileIsLoadedBackUnchanged(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("test.pad.json");
        descriptor().write(file);
        assertSameDescriptor(descriptor(), PadDescriptor.load(file));
        assertSameDescriptor(descriptor(), PadDescriptor.parse(descriptor().toJson()));
        assertEquals(List.of(file), listing(dir), "the atomic write leaves no temporary file behind");
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void theModelFileIsResolvedAgainstTheDescriptorsFolder(@TempDir Path dir) {
        assertEquals(dir.resolve("pad.onnx"), descriptor().onnxPath(dir));
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefusedOnLoadingWithTheFileNamed(@TempDir Path dir) throws IOException {
        for (String bad : List.of("1.5", "-0.1")) {
            Path file = dir.resolve("bad-threshold.pad.json");
            Files.writeString(file, withField("threshold", bad));
            IOException e = assertThrows(IOException.class, () -> PadDescriptor.load(file), bad);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("threshold must be a probability in [0, 1]"), e.getMessage());
        }
    }

    @Test
    void aDescriptorWithoutCropIsRefusedOnLoading(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("no-crop.pad.json");
        Files.writeString(file, withoutField("crop"));
        IOException e = assertThrows(IOException.class, () -> PadDescriptor.load(file));
        assertTrue(e.getMessage().contains("crop, normalisation and score are required"), e.getMessage());
    }

    @Test
    void anUnknownSchemaVersionIsRefusedOnLoading(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("v2.pad.json");
        Files.writeString(file, withField("schemaVersion", "2"));
        IOException e = assertThrows(IOException.class, () -> PadDescriptor.load(file));
        assertTrue(e.getMessage().contains("schemaVersion must be 1, got 2"), e.getMessage());
    }

    @Test
    void aCropOutsideItsLimitsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PadDescriptor.Crop(0, 64, PadDescriptor.Fill.CLAMP));
        assertThrows(IllegalArgumentException.class, () -> new PadDescriptor.Crop(1, 4, PadDescriptor.Fill.CLAMP));
        assertThrows(IllegalArgumentException.class, () -> new PadDescriptor.Crop(1, 64, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.RGB, new float[2], new float[3]));
        assertTrue(e.getMessage().contains("three means"), e.getMessage());
    }

    @Test
    void withThresholdChangesTheThresholdAloneAndKeepsItAProbability() {
        PadDescriptor original = descriptor();
        PadDescriptor moved = original.withThreshold(0.8);
        assertEquals(0.8, moved.threshold());
        assertSameDescriptor(original, moved.withThreshold(original.threshold()));
        assertEquals(0.42, original.threshold(), "the original is unchanged");
        assertThrows(IllegalArgumentException.class, () -> original.withThreshold(1.01));
        assertThrows(IllegalArgumentException.class, () -> original.withThreshold(Double.NaN));
    }
}
