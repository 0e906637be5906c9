package org.facegate.modelimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.facegate.inference.ExecutionProvider;
import org.facegate.inference.InferenceSettings;
import org.facegate.inference.OnnxModel;
import org.facegate.inference.OnnxRuntime;
import org.facegate.pad.TextureModel;
import org.junit.jupiter.api.Test;

/**
 * FaceGate's colour-texture PAD graph run in ONNX Runtime: the uniform-pattern table, the per-channel LBP histograms
 * on images whose histograms are known, and the whole model as the committed logistic regression of the descriptor.
 */
class ColourTextureGraphTest {

    private static final int SIZE = 16;
    private static final int[] RADII = {1, 2};
    private static final OnnxRuntime RUNTIME = new OnnxRuntime(InferenceSettings.DEFAULTS.withProvider(ExecutionProvider.CPU));

    /** Transitions between neighbouring bits around the 8-bit circle, counted bit by bit. */
    private static int transitions(int code) {
        int n = 0;
        for (int i = 0; i < 8; i++) {
            n += ((code >> i) & 1) != ((code >> ((i + 1) % 8)) & 1) ? 1 : 0;
        }
        return n;
    }

    @Test
    void uniformPatternsGetFiftyEightBinsOfTheirOwnAndEveryOtherCodeSharesOne() {
        long[] bins = ColourTextureGraph.uniformBins();
        assertEquals(256, bins.length);
        Set<Long> uniform = new TreeSet<>();
        for (int code = 0; code < 256; code++) {
            if (transitions(code) <= 2) {
                assertTrue(uniform.add(bins[code]), "code " + code + " shares its bin with another uniform code");
            } else {
                assertEquals(58, bins[code], "non-uniform code " + code);
            }
        }
        assertEquals(58, uniform.size());
        assertEquals(TextureModel.BINS - 1, uniform.size());
        assertTrue(uniform.stream().allMatch(b -> b >= 0 && b < 58));
        assertEquals(0, bins[0], "all neighbours below the centre");
        assertTrue(bins[255] < 58, "all neighbours at or above the centre is uniform");
        assertEquals(58, bins[0b01010101], "alternating bits are not uniform");
        assertTrue(bins[0b00001111] < 58 && bins[0b10000001] < 58, "one run of ones, also across bit 7 to bit 0");
    }

    /** The descriptor graph's output for one {@code SIZE x SIZE} RGB image (values 0..255, channel-major). */
    private static float[] features(float[] image) {
        try (OnnxModel m = RUNTIME.open("features", ColourTextureGraph.features(SIZE, RADII).toByteArray())) {
            return m.run("face", "features", direct(image), 1, 3, SIZE, SIZE);
        }
    }

    private static FloatBuffer direct(float[] values) {
        FloatBuffer b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(values).flip();
        return b;
    }

    private static float[] solid(int r, int g, int b) {
        float[] img = new float[3 * SIZE * SIZE];
        Arrays.fill(img, 0, SIZE * SIZE, r);
        Arrays.fill(img, SIZE * SIZE, 2 * SIZE * SIZE, g);
        Arrays.fill(img, 2 * SIZE * SIZE, 3 * SIZE * SIZE, b);
        return img;
    }

    private static float[] random(long seed) {
        Random rnd = new Random(seed);
        float[] img = new float[3 * SIZE * SIZE];
        for (int i = 0; i < img.length; i++) {
            img[i] = rnd.nextInt(256);
        }
        return img;
    }

    @Test
    void aSolidColourPutsEveryHistogramsWholeMassOnTheBinOfCode255() {
        long bin255 = ColourTextureGraph.uniformBins()[255];
        float[] f = features(solid(200, 120, 40));
        int histograms = RADII.length * TextureModel.CHANNELS.size();
        assertEquals(histograms * TextureModel.BINS, f.length);
        assertEquals(TextureModel.featureCount(RADII), f.length);
        for (int h = 0; h < histograms; h++) {
            for (int bin = 0; bin < TextureModel.BINS; bin++) {
                assertEquals(bin == bin255 ? 1f : 0f, f[h * TextureModel.BINS + bin], 1e-6f,
                        "histogram " + h + " (radius " + RADII[h / TextureModel.CHANNELS.size()] + ", channel "
                                + TextureModel.CHANNELS.get(h % TextureModel.CHANNELS.size()) + "), bin " + bin);
            }
        }
    }

    @Test
    void eachSquareRootedHistogramOfARandomImageHasUnitSumOfSquares() {
        float[] f = features(random(7));
        int histograms = RADII.length * TextureModel.CHANNELS.size();
        for (int h = 0; h < histograms; h++) {
            double sum = 0;
            int nonZero = 0;
            for (int bin = 0; bin < TextureModel.BINS; bin++) {
                float v = f[h * TextureModel.BINS + bin];
                assertTrue(v >= 0 && v <= 1, "square root of a frequency: " + v);
                sum += v * v;
                nonZero += v > 0 ? 1 : 0;
            }
            assertEquals(1.0, sum, 1e-5, "histogram " + h);
            assertTrue(nonZero > 1, "a random texture fills more than one bin, histogram " + h);
        }
    }

    @Test
    void theWholeModelIsTheLogisticRegressionOfTheDescriptorAndAProbability() throws IOException {
        TextureModel shipped = TextureModel.shipped();
        assertNotNull(shipped, "the committed coefficients are on the classpath: " + TextureModel.RESOURCE);
        // The shipped coefficients on a small crop: same radii, so the descriptor length matches.
        TextureModel m = new TextureModel(1, shipped.id(), new org.facegate.pad.PadDescriptor.Crop(1.0, SIZE,
                org.facegate.pad.PadDescriptor.Fill.CLAMP), shipped.radii(), shipped.featureMean(), shipped.featureScale(),
                shipped.weights(), shipped.bias(), shipped.threshold(), null, null);
        assertEquals(Arrays.toString(RADII), Arrays.toString(m.radii()), "this test's descriptor has the shipped radii");
        try (OnnxModel model = RUNTIME.open("pad", ColourTextureGraph.model(m).toByteArray())) {
            for (float[] image : new float[][] {solid(200, 120, 40), random(7), random(8)}) {
                float[] score = model.run("face", "score", direct(image), 1, 3, SIZE, SIZE);
                assertEquals(1, score.length);
                assertTrue(score[0] >= 0 && score[0] <= 1, "a probability (float: 1 once the logit passes ~17): " + score[0]);
                float[] f = features(image);
                double logit = m.bias();
                for (int i = 0; i < f.length; i++) {
                    logit += m.weights()[i] * (f[i] - m.featureMean()[i]) / m.featureScale()[i];
                }
                assertEquals(1 / (1 + Math.exp(-logit)), score[0], 1e-3, "sigmoid(w . (f - mean) / scale + b)");
            }
        }
    }
}
