package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facegate.inference.Embedding;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceSettings;
import org.facegate.inference.ModelDescriptor.ReferencePoint;
import org.facegate.modelimport.TestNetworks;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline runs models other than face-api's, as their descriptors say: a probe model that returns its input
 * tensor shows the 112x112 NHWC BGR chip, per-channel normalisation, similarity alignment and flip averaging
 * value by value, and the chip given back in RGB for the failure gallery; a random conv net with a cosine metric
 * runs end to end on a real photo.
 */
class FaceEmbedderDescriptorTest {

    private static final PipelineSettings CPU = PipelineSettings.DEFAULTS.withInference(
            InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU));
    private static final int OFF_X = 10;
    private static final int OFF_Y = 20;

    @TempDir
    static Path dir;
    private static RgbImage gradient;
    private static Landmarks shifted;

    /** R = x, G = y, B = 77 on a 200x200 photo; landmarks = the test template moved by (10, 20). */
    @BeforeAll
    static void photoAndLandmarks() {
        int n = 200;
        byte[] rgb = new byte[n * n * 3];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                rgb[(y * n + x) * 3] = (byte) x;
                rgb[(y * n + x) * 3 + 1] = (byte) y;
                rgb[(y * n + x) * 3 + 2] = (byte) 77;
            }
        }
        gradient = new RgbImage(n, n, rgb);
        float[] xy = new float[136];
        for (int i = 0; i < 68; i++) {
            xy[2 * i] = 56 + OFF_X;
            xy[2 * i + 1] = 66 + OFF_Y;
        }
        set(xy, 36, 41, TestNetworks.TEMPLATE.get(ReferencePoint.LEFT_EYE));
        set(xy, 42, 47, TestNetworks.TEMPLATE.get(ReferencePoint.RIGHT_EYE));
        set(xy, 30, 30, TestNetworks.TEMPLATE.get(ReferencePoint.NOSE));
        set(xy, 48, 48, TestNetworks.TEMPLATE.get(ReferencePoint.MOUTH_LEFT));
        set(xy, 54, 54, TestNetworks.TEMPLATE.get(ReferencePoint.MOUTH_RIGHT));
        shifted = new Landmarks(xy);
    }

    private static void set(float[] xy, int from, int to, double[] p) {
        for (int i = from; i <= to; i++) {
            xy[2 * i] = (float) p[0] + OFF_X;
            xy[2 * i + 1] = (float) p[1] + OFF_Y;
        }
    }

    private static float norm(float v, int modelChannel) {
        return (v - TestNetworks.MEAN[modelChannel]) * TestNetworks.SCALE[modelChannel];
    }

    @Test
    void chipIsWrittenNhwcBgrWithPerChannelNormalisationAfterSimilarityAlignment() throws Exception {
        try (FacePipeline p = FacePipeline.open(TestModels.modelsDir(), TestNetworks.probe(dir, false), CPU)) {
            float[] t = p.embedder().embed(List.of(gradient), new Landmarks[] {shifted}).embeddings()[0].values();
            assertEquals(112 * 112 * 3, t.length);
            for (int[] uv : new int[][] {{0, 0}, {5, 90}, {111, 0}, {60, 111}, {111, 111}}) {
                int u = uv[0];
                int v = uv[1];
                int base = (v * 112 + u) * 3;
                // Chip pixel (u, v) shows photo pixel (u + 10, v + 20): R = u + 10, G = v + 20, B = 77.
                assertEquals(norm(77, 0), t[base], 1e-4, "B first at " + u + "," + v);
                assertEquals(norm(v + OFF_Y, 1), t[base + 1], 1e-4, "G second at " + u + "," + v);
                assertEquals(norm(u + OFF_X, 2), t[base + 2], 1e-4, "R third at " + u + "," + v);
            }
        }
    }

    @Test
    void alignedChipUndoesChannelOrderAndNormalisationAndIsNeverMirrored() throws Exception {
        try (FacePipeline p = FacePipeline.open(TestModels.modelsDir(), TestNetworks.probe(dir, true), CPU)) {
            RgbImage chip = p.embedder().alignedChip(gradient, shifted);
            assertEquals(112, chip.width());
            assertEquals(112, chip.height());
            for (int[] uv : new int[][] {{0, 0}, {5, 90}, {111, 0}, {60, 111}, {111, 111}}) {
                int u = uv[0];
                int v = uv[1];
                // The photo as it is, in RGB: R = u + 10, G = v + 20, B = 77 (flip averaging on, chip not mirrored).
                assertEquals(u + OFF_X, chip.channel(u, v, 0), 1, "R at " + u + "," + v);
                assertEquals(v + OFF_Y, chip.channel(u, v, 1), 1, "G at " + u + "," + v);
                assertEquals(77, chip.channel(u, v, 2), 1, "B at " + u + "," + v);
            }
        }
    }

    @Test
    void flipAveragingAveragesTheChipWithItsMirrorImage() throws Exception {
        try (FacePipeline p = FacePipeline.open(TestModels.modelsDir(), TestNetworks.probe(dir, true), CPU)) {
            float[] t = p.embedder().embed(List.of(gradient), new Landmarks[] {shifted}).embeddings()[0].values();
            for (int u : new int[] {0, 30, 111}) {
                int base = (40 * 112 + u) * 3;
                // Mirror column u shows column 111 - u: R averages (u + 10) and (121 - u) to 65.5.
                assertEquals((norm(u + OFF_X, 2) + norm(111 - u + OFF_X, 2)) / 2, t[base + 2], 1e-4);
                assertEquals(norm(40 + OFF_Y, 1), t[base + 1], 1e-4);
            }
        }
    }

    @Test
    void randomConvNetWithCosineMetricRunsEndToEnd() throws Exception {
        Path descriptor = TestNetworks.randomConvNet(dir);
        byte[] photo = Files.readAllBytes(TestModels.samplePhoto("sample2.jpg"));
        try (FacePipeline p = FacePipeline.open(TestModels.modelsDir(), descriptor, CPU)) {
            assertEquals("test-random-conv", p.modelId());
            assertEquals(0.05, p.threshold(), 1e-12, "the descriptor's threshold is the default");
            FaceAnalysis a = p.analyse(photo, ImageRole.LIVE);
            FaceAnalysis.Embedded e = assertInstanceOf(FaceAnalysis.Embedded.class, a);
            assertEquals(64, e.embedding().dimension());
            float[] v = e.embedding().values();
            v[0] += 1;
            Embedding other = new Embedding(v);
            assertEquals(0, p.distance(e.embedding(), e.embedding()), 1e-9);
            assertTrue(p.distance(e.embedding(), other) > 0, "cosine distance of different vectors");
            assertTrue(e.quality().interEyePx() > 20, "quality measured: " + e.quality());
        }
    }

    @Test
    void configuredFalseMatchRateOrThresholdOverridesTheDescriptor() throws Exception {
        Path descriptor = TestNetworks.randomConvNet(dir);
        try (FacePipeline p = FacePipeline.open(TestModels.modelsDir(), descriptor, CPU.withThreshold(0.3))) {
            assertEquals(0.3, p.threshold(), 1e-12);
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FacePipeline.open(TestModels.modelsDir(), descriptor, CPU.withTargetFalseMatchRate(0.001)));
        assertTrue(e.getMessage().contains("no calibration table"), e.getMessage());
    }
}
