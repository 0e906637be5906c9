package org.facegate.vision;

import java.nio.FloatBuffer;
import java.util.List;
import org.facegate.inference.DirectBuffers;
import org.facegate.inference.Embedding;
import org.facegate.inference.InferenceException;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.OnnxModel;

/**
 * Aligns faces and runs a recognition network on a batch of chips, as its {@link ModelDescriptor} says: input
 * size, layout (NCHW/NHWC), channel order, per-channel normalisation, alignment (face-api square or similarity
 * to a template) and optional flip averaging (the chip and its mirror image in the same run, embeddings
 * averaged). Chips are written straight into one direct buffer per thread; one network run per batch.
 */
public final class FaceEmbedder {

    private final OnnxModel model;
    private final ModelDescriptor descriptor;
    private final FaceAligner aligner;
    private final ChipFormat format;
    private final DirectBuffers buffers = new DirectBuffers();
    private final boolean oneFacePerRun;

    /**
     * @throws InferenceException when the ONNX model lacks the descriptor's input or output name
     */
    public FaceEmbedder(OnnxModel model, ModelDescriptor descriptor) {
        this.model = model;
        this.descriptor = descriptor;
        this.aligner = FaceAligner.of(descriptor.alignment());
        this.format = ChipFormat.of(descriptor.input());
        if (!model.inputNames().contains(descriptor.input().name())) {
            throw new InferenceException(model.name() + " has no input '" + descriptor.input().name() + "' (it has "
                    + model.inputNames() + ")");
        }
        if (!model.outputNames().contains(descriptor.output().name())) {
            throw new InferenceException(model.name() + " has no output '" + descriptor.output().name()
                    + "' (it has " + model.outputNames() + ")");
        }
        this.oneFacePerRun = checkShapes(model, descriptor);
    }

    /**
     * Checks the descriptor against the shapes the ONNX file declares, so that a mismatch stops the start with one
     * line instead of failing every check later; true when the batch dimension is fixed at 1 (faces then run one
     * per network run).
     * @throws InferenceException naming the first mismatch
     */
    static boolean checkShapes(OnnxModel model, ModelDescriptor d) {
        long[] in = model.declaredShape(d.input().name());
        long[] want = d.input().shape(1);
        if (in == null || in.length != 4) {
            throw new InferenceException(model.name() + ": input '" + d.input().name() + "' is "
                    + (in == null ? "not a tensor" : "of rank " + in.length) + ", the descriptor needs rank 4 "
                    + d.input().layout());
        }
        String[] axis = d.input().layout() == ModelDescriptor.Layout.NCHW
                ? new String[] {"batch", "channels", "height", "width"} : new String[] {"batch", "height", "width", "channels"};
        for (int i = 1; i < 4; i++) {
            if (in[i] > 0 && in[i] != want[i]) {
                throw new InferenceException(String.format("%s: input '%s' has %s %d, the descriptor says %d (%s %dx%d)",
                        model.name(), d.input().name(), axis[i], in[i], want[i], d.input().layout(), d.input().width(),
                        d.input().height()));
            }
        }
        long[] out = model.declaredShape(d.output().name());
        if (out != null && out.length >= 2 && out[out.length - 1] > 0 && out[out.length - 1] != d.output().dimension()) {
            throw new InferenceException(String.format("%s: output '%s' has dimension %d, the descriptor says %d",
                    model.name(), d.output().name(), out[out.length - 1], d.output().dimension()));
        }
        return in[0] == 1;
    }

    /** True when the model's batch dimension is fixed at 1: every face then gets its own network run. */
    public boolean oneFacePerRun() {
        return oneFacePerRun;
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** Floats one chip takes in the input tensor. */
    public int floatsPerChip() {
        return format.floats();
    }

    /** Embeddings, the quality of each face, and nanoseconds spent aligning and in the network. */
    public record Timed(Embedding[] embeddings, FaceQuality[] quality, long alignNanos, long embedNanos) {
    }

    /** Aligns face {@code i} of {@code images.get(i)} using {@code landmarks[i]} and embeds all in one run. */
    public Timed embed(List<RgbImage> images, Landmarks[] landmarks) {
        int n = landmarks.length;
        int per = format.floats();
        int runs = descriptor.flipAverage() ? 2 * n : n;
        long t0 = System.nanoTime();
        FloatBuffer input = buffers.floats(runs * per);
        FaceQuality[] quality = new FaceQuality[n];
        for (int i = 0; i < n; i++) {
            aligner.writeChip(images.get(i), landmarks[i], format, input, i * per);
            quality[i] = FaceQuality.measure(landmarks[i], input, i * per, format);
            if (descriptor.flipAverage()) {
                format.copyMirrored(input, i * per, (n + i) * per);
            }
        }
        long t1 = System.nanoTime();
        Embedding[] raw = runChips(input, runs);
        Embedding[] out = descriptor.flipAverage() ? new Embedding[n] : raw;
        if (descriptor.flipAverage()) {
            for (int i = 0; i < n; i++) {
                float[] a = raw[i].values();
                float[] b = raw[n + i].values();
                for (int k = 0; k < a.length; k++) {
                    a[k] = (a[k] + b[k]) * 0.5f;
                }
                out[i] = new Embedding(a);
            }
        }
        return new Timed(out, quality, t1 - t0, System.nanoTime() - t1);
    }

    /**
     * Embeds ready-made chips of exactly the input size (no alignment, no flip): for tests that isolate the
     * network and for benchmarks of the embedder alone.
     */
    public Embedding[] embedChips(List<RgbImage> chips) {
        int per = format.floats();
        FloatBuffer input = buffers.floats(chips.size() * per);
        for (int i = 0; i < chips.size(); i++) {
            RgbImage c = chips.get(i);
            if (c.width() != format.width || c.height() != format.height) {
                throw new IllegalArgumentException("chips must be " + format.width + "x" + format.height + ", got " + c);
            }
            Resampler.cropPadResize(c, 0, 0, c.width(), c.height(), Resampler.Placement.CENTRED,
                    Resampler.Border.ZERO, format, input, i * per);
        }
        return runChips(input, chips.size());
    }

    /** Writes the aligned chip of face {@code landmarks} into {@code out} at chip index {@code index}. */
    public void writeChip(RgbImage image, Landmarks landmarks, FloatBuffer out, int index) {
        aligner.writeChip(image, landmarks, format, out, index * format.floats());
    }

    /**
     * Writes every network input one embedding of this face takes (its chip, and its mirror image when the model
     * flip-averages) into {@code out} from input index {@code index}; returns how many were written. For calibrating
     * the network's int8 graph on the inputs it really gets.
     */
    public int writeNetworkInputs(RgbImage image, Landmarks landmarks, FloatBuffer out, int index) {
        int per = format.floats();
        aligner.writeChip(image, landmarks, format, out, index * per);
        if (!descriptor.flipAverage()) {
            return 1;
        }
        format.copyMirrored(out, index * per, (index + 1) * per);
        return 2;
    }

    /**
     * The chip the network sees for this face, back in 8-bit RGB with the normalisation undone (never mirrored):
     * for looking at what went wrong (the evaluation's failure gallery). The hot path does not use it; it writes
     * chips straight into the input tensor.
     */
    public RgbImage alignedChip(RgbImage image, Landmarks landmarks) {
        FloatBuffer chip = FloatBuffer.allocate(format.floats());
        aligner.writeChip(image, landmarks, format, chip, 0);
        byte[] rgb = new byte[3 * format.width * format.height];
        for (int y = 0; y < format.height; y++) {
            for (int x = 0; x < format.width; x++) {
                for (int c = 0; c < 3; c++) {
                    int v = Math.round(format.pixel(chip.get(format.index(x, y, c)), c));
                    rgb[(y * format.width + x) * 3 + c] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return new RgbImage(format.width, format.height, rgb);
    }

    /** Runs the network on {@code n} chips already written by {@link #writeChip} (no flip averaging). */
    public Embedding[] embedPrepared(FloatBuffer chips, int n) {
        chips.clear();
        chips.limit(n * format.floats());
        return runChips(chips, n);
    }

    private Embedding[] runChips(FloatBuffer input, int n) {
        int dim = descriptor.output().dimension();
        float[] flat;
        if (oneFacePerRun && n > 1) {
            flat = new float[n * dim];
            int per = format.floats();
            for (int i = 0; i < n; i++) {
                FloatBuffer one = input.duplicate();
                one.position(i * per).limit((i + 1) * per);
                float[] v = model.run(descriptor.input().name(), descriptor.output().name(), one.slice(),
                        descriptor.input().shape(1));
                System.arraycopy(v, 0, flat, i * dim, Math.min(dim, v.length));
            }
        } else {
            flat = model.run(descriptor.input().name(), descriptor.output().name(), input, descriptor.input().shape(n));
        }
        if (flat.length != n * dim) {
            throw new InferenceException(model.name() + ": expected " + n + " x " + dim + " outputs, got "
                    + flat.length + " values (check output.dimension in the model descriptor)");
        }
        Embedding[] out = new Embedding[n];
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            System.arraycopy(flat, i * dim, v, 0, dim);
            out[i] = new Embedding(v);
        }
        return out;
    }
}
