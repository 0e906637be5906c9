package org.facegate.modelimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facegate.inference.InferenceSettings;
import org.facegate.inference.OnnxRuntime;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PresentationAttackDetector;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing a fused PAD descriptor from the build's one-model descriptors and coefficients: each member keeps its
 * descriptor's id and rules, its model path still names the same file from the fused descriptor's folder, the file
 * opens as a detector, and coefficients that do not fit are refused.
 */
class PadFusionWriterTest {

    private static final Path TEXTURE = TestModels.modelsDir().resolve(PadImport.TEXTURE_DESCRIPTOR_FILE);
    private static final Path LIVENESS = TestModels.modelsDir().resolve(PadImport.FACEPLUGIN_DESCRIPTOR_FILE);

    @Test
    void theWrittenFusionHoldsEachMemberDescriptorAndOpens(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("site/fused.pad.json");
        PadDescriptor.Fusion fusion = PadDescriptor.Fusion.logistic(0.1, 1.5, 0.5);
        List<PadDescriptor.OperatingPoint> table = List.of(new PadDescriptor.OperatingPoint(0.6, 0.04, 0.03));
        PadDescriptor written = PadFusionWriter.write(file, "fused-test@1", List.of(TEXTURE, LIVENESS), fusion, 0.6,
                table, "hand-chosen");
        PadDescriptor loaded = PadDescriptor.load(file);
        assertEquals(written, loaded);
        assertEquals(fusion, loaded.fusion());
        assertEquals(table, loaded.operatingPoints());
        List<Path> own = List.of(TEXTURE, LIVENESS);
        for (int m = 0; m < own.size(); m++) {
            PadDescriptor alone = PadDescriptor.load(own.get(m));
            PadDescriptor.Member member = loaded.members().get(m);
            assertEquals(alone.id(), member.id());
            assertEquals(alone.crop(), member.crop());
            assertEquals(alone.normalisation(), member.normalisation());
            assertEquals(alone.score(), member.score());
            assertEquals(alone.onnxPath(own.get(m).getParent()).toRealPath(),
                    member.onnxPath(file.getParent()).toRealPath(), "the same model file");
        }
        try (PresentationAttackDetector d = PresentationAttackDetector.open(new OnnxRuntime(InferenceSettings.DEFAULTS),
                file)) {
            assertEquals("fused-test@1", d.modelId());
            assertEquals(List.of(loaded.members().get(0).id(), loaded.members().get(1).id()), d.memberIds());
        }
    }

    @Test
    void coefficientsThatDoNotFitTheMembersOrAFusedMemberAreRefused(@TempDir Path dir) throws IOException {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> PadFusionWriter.write(
                dir.resolve("f.pad.json"), "f@1", List.of(TEXTURE, LIVENESS), PadDescriptor.Fusion.logistic(0, 1),
                0.5, List.of(), ""));
        assertTrue(count.getMessage().contains("1 weights for 2 members"), count.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> PadFusionWriter.write(
                dir.resolve("f.pad.json"), "f@1", List.of(TEXTURE, TEXTURE), PadDescriptor.Fusion.logistic(0, 1, 1),
                0.5, List.of(), ""));
        assertTrue(twice.getMessage().contains("appears twice"), twice.getMessage());
        Path fused = dir.resolve("fused.pad.json");
        PadFusionWriter.write(fused, "f@1", List.of(TEXTURE), PadDescriptor.Fusion.logistic(0, 1), 0.5, List.of(), "");
        IOException nested = assertThrows(IOException.class, () -> PadFusionWriter.write(dir.resolve("g.pad.json"),
                "g@1", List.of(fused, LIVENESS), PadDescriptor.Fusion.logistic(0, 1, 1), 0.5, List.of(), ""));
        assertTrue(nested.getMessage().contains("is itself a fusion"), nested.getMessage());
        assertEquals(List.of(fused), listing(dir), "nothing written for a refused fusion");
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
