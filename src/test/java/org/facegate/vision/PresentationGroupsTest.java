package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceException;
import org.facegate.inference.InferenceSettings;
import org.facegate.pad.PadDescriptor;
import org.facegate.pad.PadGroup;
import org.facegate.pad.PadScore;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPadDescriptors;
import org.facegate.testsupport.TestPhotos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline with PAD per gate group: in one micro-batch of live photos from several gates, each face is judged
 * by its gate group's descriptor (two copies of the build's model whose thresholds sit just above and at the live
 * photo's own score), results stay in input order, and a gate in no group falls back to the default descriptor.
 */
class PresentationGroupsTest {

    @TempDir
    static Path dir;
    private static byte[] live;
    private static double score;
    private static FacePipeline pipeline;

    @BeforeAll
    static void open() {
        live = TestPhotos.distinctPeople(1).get(0).live();
        FaceAnalysis alone = TestModels.pipeline().analyse(live, ImageRole.LIVE);
        score = assertInstanceOf(FaceAnalysis.Embedded.class, alone).presentation().score();
        assertTrue(score < 1, "the live photo leaves room for a threshold above its score: " + score);
        PipelineSettings settings = PipelineSettings.DEFAULTS
                .withInference(InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU))
                .withPresentation(PipelineSettings.DEFAULTS.presentation().withThreshold(0).withGroups(List.of(
                        new PadGroup("strict", List.of("S-"), TestPadDescriptors.copy(dir, "strict", score + (1 - score) / 2)),
                        new PadGroup("lenient", List.of("L-"), TestPadDescriptors.copy(dir, "lenient", 0)))));
        pipeline = FacePipeline.open(TestModels.modelsDir(), org.facegate.inference.ModelsFolder.faceApiDescriptor(TestModels.modelsDir()), settings);
    }

    @AfterAll
    static void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private static PadScore presentation(FaceAnalysis a) {
        return a instanceof FaceAnalysis.Embedded e ? e.presentation() : ((FaceAnalysis.Rejected) a).presentation();
    }

    @Test
    void eachLiveFaceOfAMixedBatchIsJudgedByItsGateGroupsDescriptorInInputOrder() throws Exception {
        String base = PadDescriptor.load(TestPadDescriptors.buildDefault()).id();
        List<FaceAnalysis> out = pipeline.analyseAll(List.of(live, live, live, live, live), ImageRole.LIVE,
                Arrays.asList("S-01", "G-7", "L-2", null, "S-02"));
        List<String> groups = out.stream().map(a -> presentation(a).group()).toList();
        assertEquals(List.of("strict", "default", "lenient", "default", "strict"), groups);
        assertEquals(List.of(base + "@strict", base, base + "@lenient", base, base + "@strict"),
                out.stream().map(a -> presentation(a).modelId()).toList());
        for (int i : new int[] {0, 4}) {
            FaceAnalysis.Rejected r = assertInstanceOf(FaceAnalysis.Rejected.class, out.get(i));
            assertEquals(FaceProblem.PRESENTATION_ATTACK, r.problem(), "above its score: an attack at gate S-");
            assertEquals(score + (1 - score) / 2, r.presentation().threshold(), 1e-12);
        }
        for (int i : new int[] {1, 2, 3}) {
            FaceAnalysis.Embedded e = assertInstanceOf(FaceAnalysis.Embedded.class, out.get(i));
            assertEquals(0.0, e.presentation().threshold(), "the default group at the configured 0, the lenient at its own 0");
        }
        out.forEach(a -> assertEquals(score, presentation(a).score(), 1e-4, "one model, one photo: one score"));
    }

    @Test
    void withoutGatesEveryFaceIsJudgedByTheDefaultDescriptor() {
        List<FaceAnalysis> out = pipeline.analyseAll(List.of(live, live), ImageRole.LIVE);
        assertEquals(List.of("default", "default"), out.stream().map(a -> presentation(a).group()).toList());
    }

    @Test
    void aGroupWhoseDescriptorCannotBeOpenedStopsThePipelineWithTheGroupsName() {
        PipelineSettings settings = PipelineSettings.DEFAULTS.withPresentation(PipelineSettings.DEFAULTS.presentation()
                .withGroups(List.of(new PadGroup("t9", List.of("T9-"), dir.resolve("missing.pad.json")))));
        InferenceException e = assertThrows(InferenceException.class, () -> FacePipeline.open(TestModels.modelsDir(),
                org.facegate.inference.ModelsFolder.faceApiDescriptor(TestModels.modelsDir()), settings).close());
        assertTrue(e.getMessage().startsWith("PAD group t9: ") && e.getMessage().contains("missing.pad.json"), e.getMessage());
    }
}
