package org.facegate.pad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.facegate.inference.ModelsFolder;
import org.facegate.inference.OnnxRuntime;
import org.facegate.testsupport.SharedDatasets;
import org.facegate.testsupport.TestModels;
import org.facegate.vision.DecodeResult;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceBox;
import org.facegate.vision.FaceFinder;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.FaceProblem;
import org.facegate.vision.ImageRole;
import org.facegate.vision.RgbImage;
import org.junit.jupiter.api.Test;

/**
 * The PAD stage with the build's real models on NUAA PAD photos in {@code ../shared} (skipped where absent, failed
 * under CI: {@link SharedDatasets}): the default model in the pipeline judges a live photo bona fide and a print
 * attack an attack, only for the live image; the faceplugin liveness net opens from its descriptor and scores.
 */
class PresentationAttackDetectorTest {

    private static final FacePipeline PIPELINE = TestModels.pipeline();

    private static PadDescriptor defaultDescriptor() throws IOException {
        return PadDescriptor.load(TestModels.modelsDir().resolve(PadSettings.DEFAULT_DESCRIPTOR_FILE));
    }

    private static byte[] bytes(Path photo) throws IOException {
        return Files.readAllBytes(photo);
    }

    /** The {@code rank}-th (1-based) photo of a NUAA folder, e.g. {@code live/0001}. */
    static Path nuaa(String folder, int rank) throws IOException {
        try (Stream<Path> files = Files.list(SharedDatasets.nuaaPad().resolve(folder))) {
            return files.sorted().skip(rank - 1).findFirst().orElseThrow();
        }
    }

    @Test
    void theDefaultModelJudgesALivePhotoBonaFideAndItsEmbeddingCarriesTheScore() throws IOException {
        assertNotNull(PIPELINE.presentationAttackDetector(), "PAD is on by default");
        PadDescriptor d = defaultDescriptor();
        FaceAnalysis a = PIPELINE.analyse(bytes(SharedDatasets.nuaaLivePhoto()), ImageRole.LIVE);
        FaceAnalysis.Embedded e = assertInstanceOf(FaceAnalysis.Embedded.class, a, a.toString());
        PadScore pad = e.presentation();
        assertNotNull(pad, "a live face that went through PAD says so");
        assertTrue(pad.bonaFide(), pad.toString());
        assertTrue(pad.score() >= d.threshold() && pad.score() <= 1, pad.toString());
        assertEquals(d.threshold(), pad.threshold());
        assertEquals(d.id(), pad.modelId());
    }

    @Test
    void aPrintAttackAsTheLiveImageIsRejectedWithItsScoreAndNeverEmbedded() throws IOException {
        PadDescriptor d = defaultDescriptor();
        FaceAnalysis a = PIPELINE.analyse(bytes(SharedDatasets.nuaaAttackPhoto()), ImageRole.LIVE);
        FaceAnalysis.Rejected r = assertInstanceOf(FaceAnalysis.Rejected.class, a, a.toString());
        assertEquals(FaceProblem.PRESENTATION_ATTACK, r.problem());
        PadScore pad = r.presentation();
        assertNotNull(pad, "an attack carries the score that judged it");
        assertTrue(pad.attack());
        assertTrue(pad.score() >= 0 && pad.score() < d.threshold(), pad.toString());
        assertEquals(d.threshold(), pad.threshold());
        assertEquals(d.id(), pad.modelId());
        assertTrue(r.detail().contains("presentation attack"), r.detail());
        assertEquals(0, r.timings().landmarksMs(), "no landmarks for an attack");
        assertEquals(0, r.timings().embedMs(), "no embedding for an attack");
    }

    @Test
    void chipAndEnrolmentPhotosAreNeverCheckedForPresentationAttacks() throws IOException {
        byte[] attack = bytes(SharedDatasets.nuaaAttackPhoto());
        for (ImageRole role : List.of(ImageRole.CHIP, ImageRole.ENROLMENT)) {
            FaceAnalysis a = PIPELINE.analyse(attack, role);
            FaceAnalysis.Embedded e = assertInstanceOf(FaceAnalysis.Embedded.class, a, role + ": " + a);
            assertNull(e.presentation(), role + " photos are photographs by nature");
        }
    }

    @Test
    void aBatchOfLivePhotosKeepsEachPhotosOwnOutcomeAndScore() throws IOException {
        byte[] live = bytes(SharedDatasets.nuaaLivePhoto());
        byte[] attack = bytes(SharedDatasets.nuaaAttackPhoto());
        byte[] otherLive = bytes(nuaa("live/0001", 1));
        List<FaceAnalysis> batch = PIPELINE.analyseAll(List.of(live, attack, otherLive, attack), ImageRole.LIVE);
        List<byte[]> photos = List.of(live, attack, otherLive, attack);
        for (int i = 0; i < photos.size(); i++) {
            FaceAnalysis alone = PIPELINE.analyse(photos.get(i), ImageRole.LIVE);
            FaceAnalysis together = batch.get(i);
            assertEquals(alone.getClass(), together.getClass(), "photo " + i);
            PadScore a = alone instanceof FaceAnalysis.Embedded e ? e.presentation() : ((FaceAnalysis.Rejected) alone).presentation();
            PadScore b = together instanceof FaceAnalysis.Embedded e ? e.presentation() : ((FaceAnalysis.Rejected) together).presentation();
            assertEquals(a.score(), b.score(), 1e-5, "photo " + i + "'s own score");
        }
        assertInstanceOf(FaceAnalysis.Embedded.class, batch.get(0));
        assertInstanceOf(FaceAnalysis.Rejected.class, batch.get(1));
        assertInstanceOf(FaceAnalysis.Embedded.class, batch.get(2));
        assertInstanceOf(FaceAnalysis.Rejected.class, batch.get(3));
    }

    @Test
    void aConfiguredThresholdReplacesTheDescriptorsAndOffMeansNoCheck() throws IOException {
        byte[] attack = bytes(SharedDatasets.nuaaAttackPhoto());
        try (FacePipeline lenient = FacePipeline.open(TestModels.modelsDir(),
                ModelsFolder.faceApiDescriptor(TestModels.modelsDir()),
                PIPELINE.settings().withPresentation(PadSettings.DEFAULTS.withThreshold(0)))) {
            FaceAnalysis.Embedded e = assertInstanceOf(FaceAnalysis.Embedded.class, lenient.analyse(attack, ImageRole.LIVE));
            assertEquals(0, e.presentation().threshold(), "every score passes threshold 0");
        }
        try (FacePipeline off = FacePipeline.open(TestModels.modelsDir(),
                ModelsFolder.faceApiDescriptor(TestModels.modelsDir()), PIPELINE.settings().withPresentation(PadSettings.OFF))) {
            assertNull(off.presentationAttackDetector());
            FaceAnalysis.Embedded e = assertInstanceOf(FaceAnalysis.Embedded.class, off.analyse(attack, ImageRole.LIVE));
            assertNull(e.presentation(), "PAD switched off did not run");
        }
    }

    /** The face the pipeline chooses in each photo, as the PAD stage reads it. */
    static List<PadFace> faces(List<Path> photos) throws IOException {
        List<PadFace> faces = new ArrayList<>();
        for (Path p : photos) {
            RgbImage img = ((DecodeResult.Decoded) PIPELINE.decoder().decode(bytes(p))).image();
            FaceFinder.Chosen c = assertInstanceOf(FaceFinder.Chosen.class, PIPELINE.finder().find(List.of(img)).get(0), p.toString());
            FaceBox b = c.detection().box();
            faces.add(new PadFace(img.width(), img.height(), img.rgb(), b.x(), b.y(), b.width(), b.height()));
        }
        return faces;
    }

    @Test
    void theFacepluginLivenessNetWithItsBatchFixedAtOneScoresSeveralFacesInOrder() throws IOException {
        Path file = TestModels.modelsDir().resolve("faceplugin-liveness.pad.json");
        PadDescriptor d = PadDescriptor.load(file);
        List<PadFace> faces = faces(List.of(SharedDatasets.nuaaLivePhoto(), SharedDatasets.nuaaAttackPhoto(),
                nuaa("live/0001", 1)));
        try (PresentationAttackDetector pad = PresentationAttackDetector.open(new OnnxRuntime(PIPELINE.settings().inference()), file)) {
            assertEquals(d.id(), pad.modelId());
            List<PadScore> scores = pad.score(faces);
            assertEquals(faces.size(), scores.size());
            for (int i = 0; i < faces.size(); i++) {
                PadScore s = scores.get(i);
                assertTrue(s.score() >= 0 && s.score() <= 1, "a softmax probability: " + s);
                assertEquals(d.threshold(), s.threshold());
                assertEquals(d.id(), s.modelId());
                assertEquals(pad.rawScores(List.of(faces.get(i)))[0], s.score(), 1e-6, "face " + i + " scored alone");
            }
            assertEquals(0, pad.score(List.of()).size());
        }
    }
}
