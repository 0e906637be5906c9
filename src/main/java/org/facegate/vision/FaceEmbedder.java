package org.facegate.vision;

import java.nio.FloatBuffer;
import java.util.List;
import org.facegate.inference.DirectBuffers;
import org.facegate.inference.Embedding;
import org.facegate.inference.OnnxModel;

/**
 * Aligns faces and runs the recognition network on a batch of chips. Input normalisation is face-api's:
 * {@code (rgb - (122.782, 117.001, 104.298)) / 255} on a 150x150 chip.
 */
public final class FaceEmbedder {

    public static final int CHIP_SIZE = 150;
    private static final float[] MEAN = {122.782f, 117.001f, 104.298f};
    private static final float SCALE = 1f / 255f;

    private final OnnxModel model;
    private final FaceAligner aligner;
    private final DirectBuffers buffers = new DirectBuffers();

    public FaceEmbedder(OnnxModel model, FaceAligner aligner) {
        this.model = model;
        this.aligner = aligner;
    }

    /** Nanoseconds of the last call's alignment and network run on this thread (for stage timings). */
    public record Timed(Embedding[] embeddings, long alignNanos, long embedNanos) {
    }

    /** Aligns face {@code i} of {@code images.get(i)} using {@code landmarks[i]} and embeds all in one run. */
    public Timed embed(List<RgbImage> images, Landmarks[] landmarks) {
        int n = landmarks.length;
        int per = 3 * CHIP_SIZE * CHIP_SIZE;
        long t0 = System.nanoTime();
        FloatBuffer input = buffers.floats(n * per);
        for (int i = 0; i < n; i++) {
            aligner.writeChip(images.get(i), landmarks[i], CHIP_SIZE, MEAN, SCALE, input, i * per);
        }
        long t1 = System.nanoTime();
        Embedding[] out = runChips(input, n);
        return new Timed(out, t1 - t0, System.nanoTime() - t1);
    }

    /**
     * Embeds ready-made 150x150 RGB chips (no alignment): for tests that isolate the network and for
     * benchmarks of the embedder alone.
     */
    public Embedding[] embedChips(List<RgbImage> chips) {
        int per = 3 * CHIP_SIZE * CHIP_SIZE;
        FloatBuffer input = buffers.floats(chips.size() * per);
        for (int i = 0; i < chips.size(); i++) {
            RgbImage c = chips.get(i);
            if (c.width() != CHIP_SIZE || c.height() != CHIP_SIZE) {
                throw new IllegalArgumentException("chips must be 150x150, got " + c);
            }
            Resampler.cropPadResize(c, 0, 0, CHIP_SIZE, CHIP_SIZE, Resampler.Placement.CENTRED, CHIP_SIZE, MEAN,
                    SCALE, input, i * per);
        }
        return runChips(input, chips.size());
    }

    /** Writes the aligned chip of face {@code landmarks} into {@code out} at chip index {@code index}. */
    public void writeChip(RgbImage image, Landmarks landmarks, FloatBuffer out, int index) {
        aligner.writeChip(image, landmarks, CHIP_SIZE, MEAN, SCALE, out, index * 3 * CHIP_SIZE * CHIP_SIZE);
    }

    /** Runs the network on {@code n} chips already written by {@link #writeChip} into a direct buffer. */
    public Embedding[] embedPrepared(FloatBuffer chips, int n) {
        chips.clear();
        chips.limit(n * 3 * CHIP_SIZE * CHIP_SIZE);
        return runChips(chips, n);
    }

    private Embedding[] runChips(FloatBuffer input, int n) {
        float[] flat = model.run(input, n, 3, CHIP_SIZE, CHIP_SIZE);
        int dim = flat.length / n;
        Embedding[] out = new Embedding[n];
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            System.arraycopy(flat, i * dim, v, 0, dim);
            out[i] = new Embedding(v);
        }
        return out;
    }
}
