package org.facegate.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facegate.vision.DecodeResult;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceEmbedder;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.RgbImage;

/**
 * The networks of {@link PipelineBenchmark} measured alone: the recognition nets on real aligned chips of the
 * benchmark's photos (embeddings per second at a batch size, and the cosine between two pipelines' outputs on the
 * same chips) and the MatMul probe that gives the machine's reachable GFLOP/s. Each figure runs for the seconds it is
 * given after one unmeasured run. Fails with {@link IllegalStateException} when no photo has a face.
 */
final class NetworkProbes {

    private final FacePipeline pipeline;
    private final List<byte[]> photos;

    NetworkProbes(FacePipeline pipeline, List<byte[]> photos) {
        this.pipeline = pipeline;
        this.photos = photos;
    }

    /**
     * {@code n} aligned chips of the photos whose face the pipeline found ({@code analyses}, same order), the photos
     * taken in turn. Fails when no photo has a face: the embedder cannot be measured without one.
     */
    FloatBuffer realChips(int n, List<FaceAnalysis> analyses) {
        return realChips(pipeline.embedder(), n, analyses);
    }

    FloatBuffer realChips(FaceEmbedder embedder, int n, List<FaceAnalysis> analyses) {
        List<Integer> withFace = new ArrayList<>();
        for (int i = 0; i < analyses.size(); i++) {
            if (analyses.get(i) instanceof FaceAnalysis.Embedded e && e.landmarks() != null) {
                withFace.add(i);
            }
        }
        if (withFace.isEmpty()) {
            throw new IllegalStateException("the pipeline found no face in any of the " + photos.size()
                    + " photos: the benchmark needs photos with faces");
        }
        FloatBuffer buf = ByteBuffer.allocateDirect(n * embedder.floatsPerChip() * 4)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int written = 0; written < n; written++) {
            int i = withFace.get(written % withFace.size());
            RgbImage img = ((DecodeResult.Decoded) pipeline.decoder().decode(photos.get(i))).image();
            embedder.writeChip(img, ((FaceAnalysis.Embedded) analyses.get(i)).landmarks(), buf, written);
        }
        return buf;
    }

    /** GFLOP/s of one 2048x2048 matrix product in ONNX Runtime with the pipeline's settings. */
    double peakGflops(double seconds) {
        int n = 2048;
        try (org.facegate.inference.OnnxModel probe = new org.facegate.inference.OnnxRuntime(
                pipeline.settings().inference()).open("matmul_probe", org.facegate.modelimport.MatMulProbeModel.bytes(n))) {
            FloatBuffer x = ByteBuffer.allocateDirect(n * n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int i = 0; i < n * n; i++) {
                x.put(i, (i % 17) * 0.01f);
            }
            probe.run(x, n, n);
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            long runs = 0;
            while (System.nanoTime() < deadline) {
                x.clear();
                probe.run(x, n, n);
                runs++;
            }
            return runs * 2.0 * n * n * n / ((System.nanoTime() - start) / 1e9) / 1e9;
        }
    }

    double embedderThroughput(FloatBuffer chips, int batch, double seconds) {
        return embedderThroughput(pipeline.embedder(), chips, batch, seconds);
    }

    static double embedderThroughput(FaceEmbedder e, FloatBuffer chips, int batch, double seconds) {
        e.embedPrepared(chips, batch);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long done = 0;
        while (System.nanoTime() < deadline) {
            e.embedPrepared(chips, batch);
            done += batch;
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }

    /** Batch sizes each network is measured at against the baseline: one face (ArcFace), one face with its mirror. */
    static final int[] NETWORK_BATCHES = {1, 2, 8};

    /** Per network, the lowest and mean cosine between this pipeline's and the baseline's outputs on the same chips. */
    Map<String, Object> outputCosines(FacePipeline base, List<FloatBuffer> memberChips) {
        Map<String, Object> out = new LinkedHashMap<>();
        int n = NETWORK_BATCHES[NETWORK_BATCHES.length - 1];
        for (int m = 0; m < pipeline.embedders().size(); m++) {
            org.facegate.inference.Embedding[] a = pipeline.embedders().get(m).embedPrepared(memberChips.get(m), n);
            org.facegate.inference.Embedding[] b = base.embedders().get(m).embedPrepared(memberChips.get(m), n);
            double min = 1;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double c = 1 - a[i].cosineDistance(b[i]);
                min = Math.min(min, c);
                sum += c;
            }
            out.put(pipeline.embedders().get(m).descriptor().id(), Map.of("chips", n, "minCosine", min,
                    "meanCosine", sum / n));
        }
        return out;
    }
}
