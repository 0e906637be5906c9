package org.facegate.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fused PAD descriptor ({@code members} + {@code fusion}): written and read back equal under pinned JSON field
 * names, refused with a message naming the broken rule when its coefficients do not fit its members, and changed by
 * the same methods as a one-model descriptor.
 */
class FusedPadDescriptorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PadDescriptor.Member texture() {
        return new PadDescriptor.Member("texture@1", "texture.onnx", "face", "score",
                new PadDescriptor.Crop(1.0, 64, PadDescriptor.Fill.CLAMP),
                new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.RGB, new float[3], new float[] {1, 1, 1}),
                new PadDescriptor.ScoreRule(PadDescriptor.ScoreRule.Kind.PROBABILITY, 0));
    }

    private static PadDescriptor.Member liveness() {
        return new PadDescriptor.Member("liveness@2", "nets/liveness.onnx", "input", "output",
                new PadDescriptor.Crop(2.7, 80, PadDescriptor.Fill.SHIFT),
                new PadDescriptor.Normalisation(PadDescriptor.ChannelOrder.BGR, new float[] {1, 2, 3},
                        new float[] {0.5f, 0.25f, 2f}),
                new PadDescriptor.ScoreRule(PadDescriptor.ScoreRule.Kind.SOFTMAX, 1));
    }

    private static PadDescriptor fused() {
        return PadDescriptor.fused("fusion-test@1", List.of(texture(), liveness()),
                PadDescriptor.Fusion.logistic(-0.75, 1.25, 0.5), 0.4,
                List.of(new PadDescriptor.OperatingPoint(0.3, 0.05, 0.01),
                        new PadDescriptor.OperatingPoint(0.4, 0.03, 0.02)),
                "fitted on a test set");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void aFusedDescriptorWrittenToAFileIsLoadedBackEqual(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("fused.pad.json");
        fused().write(file);
        PadDescriptor loaded = PadDescriptor.load(file);
        assertEquals(fused(), loaded);
        assertEquals(fused(), PadDescriptor.parse(fused().toJson()));
        assertEquals(fused().toJson(), loaded.toJson());
        assertTrue(loaded.fused());
        assertEquals(List.of(texture(), liveness()), loaded.models());
    }

    @Test
    void theFusedJsonFieldNamesArePinned() throws IOException {
        JsonNode root = JSON.readTree(fused().toJson());
        assertEquals(List.of("schemaVersion", "id", "members", "fusion", "threshold", "operatingPoints", "calibration"),
                fieldNames(root), "no top-level model fields in a fusion");
        assertEquals(List.of("id", "onnx", "input", "output", "crop", "normalisation", "score"),
                fieldNames(root.get("members").get(1)));
        assertEquals("nets/liveness.onnx", root.get("members").get(1).get("onnx").asText());
        assertEquals(List.of("boxScale", "size", "fill"), fieldNames(root.get("members").get(1).get("crop")));
        assertEquals(List.of("kind", "bias", "weights"), fieldNames(root.get("fusion")));
        assertEquals("LOGISTIC", root.get("fusion").get("kind").asText());
        assertEquals(-0.75, root.get("fusion").get("bias").asDouble());
        assertEquals(0.5, root.get("fusion").get("weights").get(1).asDouble());
    }

    @Test
    void aOneModelDescriptorWritesNoFusionFieldsAndIsItsOwnOnlyModel() throws IOException {
        PadDescriptor single = new PadDescriptor(PadDescriptor.SCHEMA_VERSION, "texture@1", "texture.onnx", "face",
                "score", texture().crop(), texture().normalisation(), texture().score(), 0.45, List.of(), "c");
        JsonNode root = JSON.readTree(single.toJson());
        assertEquals(List.of("schemaVersion", "id", "onnx", "input", "output", "crop", "normalisation", "score",
                "threshold", "operatingPoints", "calibration"), fieldNames(root));
        assertFalse(single.fused());
        assertEquals(List.of(texture()), single.models(), "its model, as a member under the descriptor's id");
        assertEquals(texture(), PadDescriptor.Member.of(single));
    }

    /** The fused JSON with {@code from} replaced by {@code to} (once), loaded from a file. */
    private static IOException refusedOnLoading(Path dir, String from, String to) throws IOException {
        String json = fused().toJson();
        String changed = json.replaceFirst(from, to);
        assertTrue(!changed.equals(json), "no " + from + " in the JSON");
        Path file = dir.resolve("broken.pad.json");
        Files.writeString(file, changed);
        IOException e = assertThrows(IOException.class, () -> PadDescriptor.load(file), to);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e;
    }

    @Test
    void aWeightCountOtherThanTheMemberCountIsRefusedOnLoading(@TempDir Path dir) throws IOException {
        IOException e = refusedOnLoading(dir, "\"weights\" : \\[ 1.25, 0.5 \\]", "\"weights\" : [ 1.25 ]");
        assertTrue(e.getMessage().contains("fusion has 1 weights for 2 members"), e.getMessage());
    }

    @Test
    void twoMembersWithOneIdAreRefusedOnLoading(@TempDir Path dir) throws IOException {
        IOException e = refusedOnLoading(dir, "\"liveness@2\"", "\"texture@1\"");
        assertTrue(e.getMessage().contains("member ids must be unique, texture@1 appears twice"), e.getMessage());
    }

    @Test
    void aFusionWithoutMembersOrWithATopLevelModelIsRefusedOnLoading(@TempDir Path dir) throws IOException {
        IOException noFusion = refusedOnLoading(dir, "\"fusion\" : \\{[^}]*\\},", "");
        assertTrue(noFusion.getMessage().contains("members (one or more) and fusion are required"),
                noFusion.getMessage());
        IOException both = refusedOnLoading(dir, "\"members\" :", "\"onnx\" : \"x.onnx\", \"members\" :");
        assertTrue(both.getMessage().contains("give one or the other"), both.getMessage());
        IOException memberWithoutCrop = refusedOnLoading(dir, "\"crop\" : \\{[^}]*\\},", "");
        assertTrue(memberWithoutCrop.getMessage().contains(
                "member texture@1: onnx, input, output, crop, normalisation and score are required"),
                memberWithoutCrop.getMessage());
    }

    @Test
    void nonFiniteCoefficientsAreRefused() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                    () -> PadDescriptor.Fusion.logistic(0, 1, bad));
            assertTrue(w.getMessage().contains("weight 1 must be a finite number"), w.getMessage());
            IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                    () -> PadDescriptor.Fusion.logistic(bad, 1, 1));
            assertTrue(b.getMessage().contains("bias must be a finite number"), b.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> PadDescriptor.Fusion.logistic(0));
        assertThrows(IllegalArgumentException.class, () -> new PadDescriptor.Fusion(null, 0, new double[] {1}));
    }

    @Test
    void aNumberTooLargeForADoubleIsRefusedOnLoading(@TempDir Path dir) throws IOException {
        IOException e = refusedOnLoading(dir, "\"bias\" : -0.75", "\"bias\" : 1e999");
        assertTrue(e.getMessage().contains("bias must be a finite number"), e.getMessage());
    }

    @Test
    void theFusionsWeightsCannotBeChangedFromOutside() {
        double[] w = {1, 2};
        PadDescriptor.Fusion f = PadDescriptor.Fusion.logistic(0, w);
        w[0] = 5;
        f.weights()[1] = 7;
        assertEquals(PadDescriptor.Fusion.logistic(0, 1, 2), f);
    }

    @Test
    void withThresholdAndWithCalibrationKeepTheMembersAndFusion() {
        PadDescriptor moved = fused().withThreshold(0.8);
        assertEquals(0.8, moved.threshold());
        assertEquals(fused(), moved.withThreshold(0.4));
        PadDescriptor recalibrated = fused().withCalibration(0.6, List.of(), "a gate's own captures");
        assertEquals(fused().members(), recalibrated.members());
        assertEquals(fused().fusion(), recalibrated.fusion());
        assertEquals("a gate's own captures", recalibrated.calibration());
        assertThrows(IllegalArgumentException.class, () -> fused().withThreshold(1.5));
    }

    @Test
    void relocatingRewritesEachMembersModelPathToNameTheSameFile(@TempDir Path dir) {
        Path from = dir.resolve("models");
        Path to = dir.resolve("site/gate-a");
        PadDescriptor moved = fused().relocate(from, to);
        for (int i = 0; i < 2; i++) {
            PadDescriptor.Member before = fused().members().get(i);
            PadDescriptor.Member after = moved.members().get(i);
            assertEquals(before.onnxPath(from).normalize(), after.onnxPath(to).normalize());
            assertFalse(Path.of(after.onnx()).isAbsolute(), after.onnx());
        }
        assertEquals("../../models/nets/liveness.onnx", moved.members().get(1).onnx());
    }

    @Test
    void aFusionHasNoModelFileOfItsOwn(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fused().onnxPath(dir));
        assertTrue(e.getMessage().contains("fusion-test@1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PadDescriptor.Member.of(fused()));
    }
}
