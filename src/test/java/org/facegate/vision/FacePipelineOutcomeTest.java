package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.facegate.inference.ModelsFolder;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

/** Every kind of bad or awkward photo gets its typed outcome from the whole pipeline, never an exception. */
class FacePipelineOutcomeTest {

    private static final FacePipeline PIPELINE = TestModels.pipeline();

    @Test
    void aNegativeThresholdIsRefusedForOneModelAndTakenForAFusion() {
        Path models = TestModels.modelsDir();
        PipelineSettings negative = PipelineSettings.DEFAULTS.withThreshold(-2.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FacePipeline.open(models, ModelsFolder.faceApiDescriptor(models), negative).close());
        assertTrue(e.getMessage().contains("positive distance"), e.getMessage());
        try (FacePipeline fused = FacePipeline.open(models, ModelsFolder.defaultDescriptor(models), negative)) {
            assertEquals(-2.5, fused.threshold());
        }
    }

    @Test
    void emptyBytesAreUnreadable() {
        assertRejected(new byte[0], FaceProblem.UNREADABLE_IMAGE);
    }

    @Test
    void randomBytesAreUnreadable() {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        assertRejected(noise, FaceProblem.UNREADABLE_IMAGE);
    }

    @Test
    void truncatedJpegIsUnreadable() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestModels.samplePhoto("sample2.jpg"));
        assertRejected(Arrays.copyOf(jpeg, jpeg.length / 3), FaceProblem.UNREADABLE_IMAGE);
    }

    @Test
    void pngClaimingSixtyThousandPixelsSquareIsTooLarge() {
        assertRejected(TestImages.handMadePng(60000, 60000, new byte[] {0, 0, 0, 0}), FaceProblem.IMAGE_TOO_LARGE);
    }

    @Test
    void onePixelImageHasNoFace() throws Exception {
        assertRejected(png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)), FaceProblem.NO_FACE);
    }

    @Test
    void photoWithoutAFaceHasNoFace() throws Exception {
        BufferedImage sky = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                sky.setRGB(x, y, (40 + y / 4) << 16 | (90 + y / 3) << 8 | 200);
            }
        }
        assertRejected(png(sky), FaceProblem.NO_FACE);
    }

    @Test
    void groupPhotoWithoutADominantFaceIsMultipleFaces() throws Exception {
        // sample1.jpg: three people of about the same size side by side.
        assertRejected(Files.readAllBytes(TestModels.samplePhoto("sample1.jpg")), FaceProblem.MULTIPLE_FACES);
    }

    @Test
    void tinyFaceIsTooSmall() throws Exception {
        // A portrait framed like LFW's (sample2's face, 480x480 px) scaled to 60x60 px: the face box is well under
        // the 32 px minimum (LFW's Aaron_Peirsol_0001 gives the same outcome; at 70 px both are still embedded).
        BufferedImage full = ImageIO.read(TestModels.samplePhoto("sample2.jpg").toFile())
                .getSubimage(1300, 60, 480, 480);
        BufferedImage small = new BufferedImage(60, 60, BufferedImage.TYPE_INT_RGB);
        small.createGraphics().drawImage(full, 0, 0, 60, 60, null);
        FaceAnalysis a = PIPELINE.analyse(png(small), ImageRole.LIVE);
        if (a instanceof FaceAnalysis.Rejected r) {
            assertTrue(r.problem() == FaceProblem.FACE_TOO_SMALL || r.problem() == FaceProblem.NO_FACE,
                    "tiny face rejected as too small (or not found at all), got " + r.problem());
        } else {
            throw new AssertionError("a 60x60 px portrait must not yield an embedding");
        }
    }

    @Test
    void portraitYieldsOneEmbeddingWithTimings() throws Exception {
        FaceAnalysis a = PIPELINE.analyse(Files.readAllBytes(TestModels.samplePhoto("sample2.jpg")), ImageRole.LIVE);
        FaceAnalysis.Embedded e = assertInstanceOf(FaceAnalysis.Embedded.class, a);
        assertEquals(128, e.embedding().dimension());
        assertTrue(e.timings().decodeMs() > 0 && e.timings().detectMs() > 0 && e.timings().embedMs() > 0);
    }

    @Test
    void jpeg2000ChipPhotoIsEmbeddedLikeTheJpeg() throws Exception {
        // e-passport chips (ICAO 9303 DG2) often hold JPEG 2000: the same portrait must give the same person.
        BufferedImage full = ImageIO.read(TestModels.samplePhoto("sample2.jpg").toFile());
        BufferedImage portrait = new BufferedImage(480, 480, BufferedImage.TYPE_3BYTE_BGR);
        portrait.createGraphics().drawImage(full.getSubimage(1300, 60, 480, 480), 0, 0, null);
        byte[] jp2 = TestImages.encode(portrait, "jpeg2000");
        FaceAnalysis.Embedded fromJp2 = assertInstanceOf(FaceAnalysis.Embedded.class,
                PIPELINE.analyse(jp2, ImageRole.CHIP));
        FaceAnalysis.Embedded fromPng = assertInstanceOf(FaceAnalysis.Embedded.class,
                PIPELINE.analyse(png(portrait), ImageRole.CHIP));
        assertTrue(fromJp2.embedding().euclideanDistance(fromPng.embedding()) < 0.1);
    }

    @Test
    void batchKeepsOrderAndMixesOutcomes() throws Exception {
        byte[] portrait = Files.readAllBytes(TestModels.samplePhoto("sample2.jpg"));
        List<FaceAnalysis> out = PIPELINE.analyseAll(List.of(new byte[0], portrait, new byte[] {1, 2, 3}, portrait),
                ImageRole.LIVE);
        assertInstanceOf(FaceAnalysis.Rejected.class, out.get(0));
        FaceAnalysis.Embedded first = assertInstanceOf(FaceAnalysis.Embedded.class, out.get(1));
        assertInstanceOf(FaceAnalysis.Rejected.class, out.get(2));
        FaceAnalysis.Embedded second = assertInstanceOf(FaceAnalysis.Embedded.class, out.get(3));
        assertTrue(first.embedding().euclideanDistance(second.embedding()) < 1e-4,
                "the same photo in one batch embeds the same");
    }

    private static void assertRejected(byte[] photo, FaceProblem expected) {
        FaceAnalysis a = PIPELINE.analyse(photo, ImageRole.LIVE);
        FaceAnalysis.Rejected r = assertInstanceOf(FaceAnalysis.Rejected.class, a, "expected " + expected);
        assertEquals(expected, r.problem(), r.detail());
    }

    static byte[] png(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
