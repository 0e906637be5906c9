package org.facegate.modelimport;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facegate.modelimport.onnx.OnnxProto.GraphProto;
import org.facegate.modelimport.onnx.OnnxProto.ModelProto;
import org.facegate.modelimport.onnx.OnnxProto.TensorProto;
import org.facegate.modelimport.onnx.OnnxProto.TypeProto;
import org.facegate.modelimport.onnx.OnnxProto.ValueInfoProto;

/**
 * Measures the range of every activation {@link Int8Quantiser} quantises, by running the fp32 network on calibration
 * inputs with all those activations exposed as outputs (CPU, one thread), in two passes over the same inputs: the
 * first finds each activation's lowest and highest value, the second counts its values in {@value #BINS} bins
 * between them; the range kept clips the rarest {@code tail} of values at each end (a handful of outlying
 * activations would otherwise stretch the uint8 step for all the others).
 */
public final class ActivationRangeMeter implements AutoCloseable {

    private final OrtSession session;
    private final String inputName;
    private final List<String> activations;
    static final int BINS = 4096;

    private final Map<String, float[]> minMax = new HashMap<>();
    private final Map<String, long[]> histograms = new HashMap<>();
    private boolean counting;
    private int inputs;

    public ActivationRangeMeter(ModelProto fp32) {
        this.activations = Int8Quantiser.activations(fp32);
        GraphProto.Builder g = fp32.getGraph().toBuilder();
        java.util.Set<String> declared = new java.util.HashSet<>();
        g.getOutputList().forEach(v -> declared.add(v.getName()));
        for (String a : activations) {
            if (!declared.contains(a)) {
                g.addOutput(ValueInfoProto.newBuilder().setName(a).setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()))));
            }
        }
        byte[] instrumented = fp32.toBuilder().setGraph(g).build().toByteArray();
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            this.session = OrtEnvironment.getEnvironment().createSession(instrumented, options);
            this.inputName = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot open the instrumented network: " + e.getMessage(), e);
        }
    }

    /** Runs one batch ({@code shape[0]} inputs) and widens every activation's range by what it computed. */
    public void add(FloatBuffer batch, long... shape) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor in = OnnxTensor.createTensor(env, batch, shape);
                OrtSession.Result result = session.run(Map.of(inputName, in), new java.util.HashSet<>(activations))) {
            for (Map.Entry<String, OnnxValue> e : result) {
                if (!(e.getValue() instanceof OnnxTensor t) || t.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                    continue;
                }
                observe(e.getKey(), t.getFloatBuffer());
            }
            FloatBuffer copy = batch.duplicate(); // the input is an activation too
            copy.rewind();
            observe(inputName, copy);
            inputs += counting ? 0 : (int) shape[0];
        } catch (OrtException e) {
            throw new IllegalStateException("calibration run failed: " + e.getMessage(), e);
        }
    }

    /** Ends the first pass: from now on {@link #add} counts values in bins between the ranges seen so far. */
    public void startCounting() {
        counting = true;
    }

    private void observe(String tensor, FloatBuffer values) {
        if (!counting) {
            float[] mm = minMax.computeIfAbsent(tensor, k -> new float[] {Float.MAX_VALUE, -Float.MAX_VALUE});
            float lo = mm[0];
            float hi = mm[1];
            while (values.hasRemaining()) {
                float v = values.get();
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            mm[0] = lo;
            mm[1] = hi;
            return;
        }
        float[] mm = minMax.get(tensor);
        long[] h = histograms.computeIfAbsent(tensor, k -> new long[BINS]);
        double width = Math.max(mm[1] - mm[0], 1e-20f);
        while (values.hasRemaining()) {
            int bin = (int) ((values.get() - mm[0]) / width * BINS);
            h[Math.max(0, Math.min(BINS - 1, bin))]++;
        }
    }

    /** Inputs seen so far. */
    public int inputs() {
        return inputs;
    }

    /**
     * The table of what was measured: each range clipped so that a fraction {@code tail} of the values lies below its
     * low end and as much above its high end ({@code 0}: the lowest and highest value seen; needs the second pass
     * otherwise).
     */
    public ActivationRanges ranges(String modelFile, String calibration, double tail) {
        Map<String, ActivationRanges.Range> out = new HashMap<>();
        for (String a : activations) {
            float[] mm = minMax.get(a);
            if (mm == null) {
                throw new IllegalStateException("activation " + a + " was never computed (no calibration input yet?)");
            }
            if (tail <= 0) {
                out.put(a, new ActivationRanges.Range(mm[0], mm[1]));
                continue;
            }
            long[] h = histograms.get(a);
            if (h == null) {
                throw new IllegalStateException("clipped ranges need the counting pass (startCounting, then add again)");
            }
            long total = 0;
            for (long c : h) {
                total += c;
            }
            long cut = (long) Math.floor(total * tail);
            int lo = 0;
            for (long seen = 0; lo < BINS - 1 && seen + h[lo] <= cut; lo++) {
                seen += h[lo];
            }
            int hi = BINS - 1;
            for (long seen = 0; hi > lo && seen + h[hi] <= cut; hi--) {
                seen += h[hi];
            }
            double width = (mm[1] - mm[0]) / (double) BINS;
            out.put(a, new ActivationRanges.Range((float) (mm[0] + lo * width), (float) (mm[0] + (hi + 1) * width)));
        }
        return new ActivationRanges(modelFile, calibration, out, List.of());
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
