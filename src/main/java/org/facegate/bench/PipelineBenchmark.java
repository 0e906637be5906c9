package org.facegate.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.facegate.modelimport.FlopCounter;
import org.facegate.modelimport.ModelImporter;
import org.facegate.vision.DecodeResult;
import org.facegate.vision.Detection;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceEmbedder;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.ImageRole;
import org.facegate.vision.Landmarks;
import org.facegate.vision.RgbImage;
import org.facegate.vision.StageTimings;

/**
 * Measures the face pipeline without Kafka: per-stage medians, the embedder alone at several batch sizes,
 * and whole-pipeline photos per second with several caller threads. Everything runs on the same photos in
 * one JVM after a warm-up; results go into a map that the {@code bench} command prints and writes.
 */
public final class PipelineBenchmark {

    private final FacePipeline pipeline;
    private final Path modelsDir;
    private final List<byte[]> photos;

    public PipelineBenchmark(FacePipeline pipeline, Path modelsDir, List<byte[]> photos) {
        this.pipeline = pipeline;
        this.modelsDir = modelsDir;
        this.photos = photos;
    }

    /** Photo files under {@code dir} (LFW layout or flat), sorted by path, at most {@code limit}. */
    public static List<Path> listPhotos(Path dir, int limit) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().toLowerCase().matches(".*\\.(jpe?g|png|jp2)$"))
                    .sorted().limit(limit).toList();
        }
    }

    public Map<String, Object> run(int[] batchSizes, int[] callerThreads, double secondsPerPoint) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        pipeline.analyseAll(photos.subList(0, Math.min(8, photos.size())), ImageRole.LIVE);

        // 1. Per-stage medians, one photo at a time.
        List<StageTimings> timings = new ArrayList<>();
        int faces = 0;
        for (byte[] p : photos) {
            FaceAnalysis a = pipeline.analyse(p, ImageRole.LIVE);
            timings.add(a.timings());
            if (a instanceof FaceAnalysis.Embedded) {
                faces++;
            }
        }
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("decode", median(timings.stream().mapToDouble(StageTimings::decodeMs).toArray()));
        stages.put("detect", median(timings.stream().mapToDouble(StageTimings::detectMs).toArray()));
        stages.put("landmarks", median(timings.stream().mapToDouble(StageTimings::landmarksMs).toArray()));
        stages.put("align", median(timings.stream().mapToDouble(StageTimings::alignMs).toArray()));
        stages.put("embed", median(timings.stream().mapToDouble(StageTimings::embedMs).toArray()));
        stages.put("total", median(timings.stream().mapToDouble(StageTimings::totalMs).toArray()));
        r.put("images", photos.size());
        r.put("imagesWithFace", faces);
        r.put("stageMedianMs", stages);

        // 2. FLOPs per model.
        Map<String, Double> gflop = new LinkedHashMap<>();
        int detSize = pipeline.settings().detectorInputSize();
        gflop.put("detector@" + detSize, FlopCounter.count(modelsDir.resolve(ModelImporter.DETECTOR_FILE), detSize,
                detSize) / 1e9);
        gflop.put("landmarks@112", FlopCounter.count(modelsDir.resolve(ModelImporter.LANDMARKS_FILE), 112, 112) / 1e9);
        // Every member model of the descriptor embeds each face; the embedder benchmark below runs the first.
        List<org.facegate.inference.ModelDescriptor> members = pipeline.descriptor().members();
        double embedGflop = 0; // the first member's: the embedder benchmark below runs it
        for (org.facegate.inference.ModelDescriptor m : members) {
            int w = m.input().width();
            double g = FlopCounter.count(m.onnxPath(modelsDir), w, m.input().height()) / 1e9;
            gflop.put((members.size() == 1 ? "embedder" : "embedder " + m.id()) + "@" + w, g);
            embedGflop = m == members.get(0) ? g : embedGflop;
        }
        r.put("gflopPerInference", gflop);

        // 3. The embedder alone on real aligned chips, per batch size.
        int maxBatch = Arrays.stream(batchSizes).max().orElse(1);
        FloatBuffer chips = realChips(maxBatch);
        Map<String, Double> embedPerSec = new LinkedHashMap<>();
        Map<String, Double> embedGflops = new LinkedHashMap<>();
        for (int b : batchSizes) {
            double perSec = embedderThroughput(chips, b, secondsPerPoint);
            embedPerSec.put(Integer.toString(b), perSec);
            embedGflops.put(Integer.toString(b), perSec * embedGflop);
        }
        r.put("embeddingsPerSecByBatch", embedPerSec);
        double peak = peakGflops(secondsPerPoint);
        r.put("peakGflopsPerSec", peak);
        double bestEmbed = embedGflops.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        r.put("gflopsPerSec", bestEmbed);
        r.put("embedderShareOfPeak", bestEmbed / peak);
        r.put("embedderGflopsPerSecByBatch", embedGflops);

        // 4. The whole pipeline (decode-detect-landmarks-align-embed), batches of 8 from N caller threads.
        Map<String, Double> rawPerSec = new LinkedHashMap<>();
        double best = 0;
        String bestSetting = "";
        CpuMeter.Span bestSpan = null;
        for (int threads : callerThreads) {
            for (int batch : new int[] {1, 8}) {
                CpuMeter cpu = new CpuMeter().start();
                runPipeline(threads, batch);
                CpuMeter.Span span = cpu.stop();
                double perSec = photos.size() / span.wallSeconds();
                String key = threads + " caller thread(s), batch " + batch;
                rawPerSec.put(key, perSec);
                if (perSec > best) {
                    best = perSec;
                    bestSetting = key;
                    bestSpan = span;
                }
            }
        }
        if (bestSpan != null) {
            r.put("rawProcessCpuMsPerImage", bestSpan.processCpuMsPer(photos.size()));
            r.put("rawMachineBusyShare", bestSpan.machineBusyShare());
            r.put("rawCpuSecondsByOsThreadName", bestSpan.cpuSecondsByOsThreadName());
        }
        r.put("rawImagesPerSecBySetting", rawPerSec);
        r.put("rawImagesPerSec", best);
        r.put("rawBestSetting", bestSetting);
        return r;
    }

    private FloatBuffer realChips(int n) {
        FloatBuffer buf = ByteBuffer.allocateDirect(n * pipeline.embedder().floatsPerChip() * 4)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        int written = 0;
        for (int i = 0; written < n; i = (i + 1) % photos.size()) {
            if (pipeline.decoder().decode(photos.get(i)) instanceof DecodeResult.Decoded d) {
                RgbImage img = d.image();
                List<Detection> found = pipeline.detector().detect(img, pipeline.settings().detectorInputSize(),
                        pipeline.settings().scoreThreshold());
                if (!found.isEmpty()) {
                    Landmarks lm = pipeline.landmarker().landmarks(List.of(img), List.of(found.get(0).box()))[0];
                    pipeline.embedder().writeChip(img, lm, buf, written++);
                }
            }
        }
        return buf;
    }

    /** GFLOP/s of one 2048x2048 matrix product in ONNX Runtime with the pipeline's settings. */
    private double peakGflops(double seconds) {
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

    private double embedderThroughput(FloatBuffer chips, int batch, double seconds) {
        FaceEmbedder e = pipeline.embedder();
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

    /** Runs every photo through the whole pipeline once, in batches of {@code batch} from {@code threads} callers. */
    private void runPipeline(int threads, int batch) throws Exception {
        List<List<byte[]>> work = new ArrayList<>();
        for (int i = 0; i < photos.size(); i += batch) {
            work.add(photos.subList(i, Math.min(photos.size(), i + batch)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<byte[]> chunk : work) {
                futures.add(pool.submit(() -> pipeline.analyseAll(chunk, ImageRole.LIVE)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
