package org.facegate.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facegate.inference.InferenceException;
import org.facegate.inference.OnnxRuntime;
import org.facegate.testsupport.SharedDatasets;
import org.facegate.testsupport.TestModels;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.ImageRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fused PAD descriptor run for real: the build's texture model ({@code facegate-pad.pad.json}) and the faceplugin
 * liveness net ({@code faceplugin-liveness.pad.json}, batch fixed at 1) fused by hand-chosen coefficients, on NUAA
 * photos in {@code ../shared} (skipped where absent, failed under CI: {@link SharedDatasets}). The fused score is the
 * logistic of what each member gives run alone from its own descriptor, a face scores the same alone as in a batch,
 * and the verdict names the fused descriptor.
 */
class FusedPresentationAttackDetectorTest {

    private static final FacePipeline PIPELINE = TestModels.pipeline();
    private static final Path TEXTURE = TestModels.modelsDir().resolve(org.facegate.modelimport.PadImport.TEXTURE_DESCRIPTOR_FILE);
    private static final Path LIVENESS = TestModels.modelsDir().resolve("faceplugin-liveness.pad.json");
    private static final PadDescriptor.Fusion FUSION = PadDescriptor.Fusion.logistic(-0.4, 0.8, 0.6);
    private static final String FUSED_ID = "fusion-test@1";

    /** The two members fused by {@link #FUSION}, written into {@code dir} (model paths relative to it). */
    private static Path fusedFile(Path dir) throws IOException {
        List<PadDescriptor.Member> members = new ArrayList<>();
        for (Path file : List.of(TEXTURE, LIVENESS)) {
            members.add(PadDescriptor.Member.of(PadDescriptor.load(file).relocate(file.getParent(), dir)));
        }
        Path file = dir.resolve("fused.pad.json");
        PadDescriptor.fused(FUSED_ID, members, FUSION, 0.5, List.of(), "hand-chosen coefficients of a test")
                .write(file);
        return file;
    }

    private static OnnxRuntime runtime() {
        return new OnnxRuntime(PIPELINE.settings().inference());
    }

    /** Two live and two print-attack photos of NUAA subjects, as the PAD stage reads them. */
    private static List<PadFace> faces() throws IOException {
        return PresentationAttackDetectorTest.faces(List.of(SharedDatasets.nuaaLivePhoto(),
                SharedDatasets.nuaaAttackPhoto(), PresentationAttackDetectorTest.nuaa("live/0001", 1),
                PresentationAttackDetectorTest.nuaa("attack/0002", 40)));
    }

    private static double logOdds(double p) {
        return Math.log(p / (1 - p));
    }

    @Test
    void theFusedScoreIsTheLogisticOfEachMembersScoreRunAloneFromItsOwnDescriptor(@TempDir Path dir)
            throws IOException {
        List<PadFace> faces = faces();
        try (PresentationAttackDetector fused = PresentationAttackDetector.open(runtime(), fusedFile(dir));
                PresentationAttackDetector texture = PresentationAttackDetector.open(runtime(), TEXTURE);
                PresentationAttackDetector liveness = PresentationAttackDetector.open(runtime(), LIVENESS)) {
            assertEquals(List.of(texture.modelId(), liveness.modelId()), fused.memberIds());
            double[] t = texture.rawScores(faces);
            double[] l = liveness.rawScores(faces);
            List<PadScore> scores = fused.score(faces);
            double changed = 0;
            for (int i = 0; i < faces.size(); i++) {
                double z = -0.4 + 0.8 * logOdds(t[i]) + 0.6 * logOdds(l[i]);
                double expected = 1 / (1 + Math.exp(-z));
                assertEquals(expected, scores.get(i).score(), 1e-5, "face " + i);
                assertEquals(FUSED_ID, scores.get(i).modelId(), "the fused descriptor judged it, not a member");
                assertEquals(0.5, scores.get(i).threshold());
                changed = Math.max(changed, Math.min(Math.abs(expected - t[i]), Math.abs(expected - l[i])));
            }
            assertTrue(changed > 1e-3, "the fusion differs from either member on some face: " + changed);
        }
    }

    @Test
    void eachMembersLogitColumnIsWhatItsOwnDescriptorGivesAlone(@TempDir Path dir) throws IOException {
        List<PadFace> faces = faces();
        Path fusedFile = fusedFile(dir);
        PadDescriptor fusedDescriptor = PadDescriptor.load(fusedFile);
        try (PresentationAttackDetector fused = PresentationAttackDetector.open(runtime(), fusedFile)) {
            double[][] logits = fused.memberLogits(faces);
            List<Path> own = List.of(TEXTURE, LIVENESS);
            for (int m = 0; m < own.size(); m++) {
                PadDescriptor alone = PadDescriptor.load(own.get(m));
                PadDescriptor.Member member = fusedDescriptor.members().get(m);
                assertEquals(alone.id(), member.id());
                assertEquals(alone.onnxPath(own.get(m).getParent()).normalize(), member.onnxPath(dir).normalize(),
                        "the member runs the file its own descriptor names");
                try (PresentationAttackDetector single = PresentationAttackDetector.open(runtime(), own.get(m))) {
                    assertEquals(List.of(alone.id()), single.memberIds());
                    double[][] column = single.memberLogits(faces);
                    double[] p = single.rawScores(faces);
                    for (int i = 0; i < faces.size(); i++) {
                        assertEquals(column[i][0], logits[i][m], 1e-6, alone.id() + ", face " + i);
                        assertEquals(logOdds(p[i]), column[i][0], 1e-4, "the logit is the log odds of its score");
                    }
                }
            }
        }
    }

    @Test
    void aFacesFusedScoreIsTheSameAloneAsInABatch(@TempDir Path dir) throws IOException {
        List<PadFace> faces = new ArrayList<>(faces());
        faces.add(faces.get(1));
        try (PresentationAttackDetector fused = PresentationAttackDetector.open(runtime(), fusedFile(dir))) {
            double[] together = fused.rawScores(faces);
            for (int i = 0; i < faces.size(); i++) {
                assertEquals(fused.rawScores(List.of(faces.get(i)))[0], together[i], 1e-5, "face " + i);
            }
            assertEquals(0, fused.score(List.of()).size());
            assertEquals(0, fused.memberLogits(List.of()).length);
        }
    }

    @Test
    void thePipelineConfiguredWithAFusedDescriptorNamesItInTheLiveFacesScore(@TempDir Path dir) throws IOException {
        Path file = fusedFile(dir);
        PadSettings settings = PadSettings.DEFAULTS.withDescriptor(file);
        try (FacePipeline pipeline = FacePipeline.open(TestModels.modelsDir(),
                org.facegate.inference.ModelsFolder.faceApiDescriptor(TestModels.modelsDir()), PIPELINE.settings().withPresentation(settings));
                PresentationAttackDetector fused = PresentationAttackDetector.open(runtime(), file)) {
            FaceAnalysis a = pipeline.analyse(java.nio.file.Files.readAllBytes(SharedDatasets.nuaaLivePhoto()),
                    ImageRole.LIVE);
            PadScore pad = a instanceof FaceAnalysis.Embedded e ? e.presentation()
                    : assertInstanceOf(FaceAnalysis.Rejected.class, a).presentation();
            assertEquals(FUSED_ID, pad.modelId());
            assertEquals(fused.rawScores(faces().subList(0, 1))[0], pad.score(), 1e-5);
        }
    }

    @Test
    void aMemberWhoseModelIsMissingFailsToOpenWithItsFileNamed(@TempDir Path dir) throws IOException {
        PadDescriptor d = PadDescriptor.load(fusedFile(dir));
        PadDescriptor.Member m = d.members().get(1);
        PadDescriptor.Member missing = new PadDescriptor.Member(m.id(), "missing.onnx", m.input(), m.output(), m.crop(),
                m.normalisation(), m.score());
        PadDescriptor broken = PadDescriptor.fused(FUSED_ID, List.of(d.members().get(0), missing), FUSION, 0.5,
                List.of(), "");
        InferenceException e = assertThrows(InferenceException.class,
                () -> PresentationAttackDetector.open(runtime(), broken, dir));
        assertTrue(e.getMessage().contains("missing.onnx"), e.getMessage());
    }
}
