package org.facegate.bench;

import java.io.IOException;
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
import org.facegate.inference.ModelsFolder;
import org.facegate.modelimport.FlopCounter;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceEmbedder;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.ImageRole;
import org.facegate.vision.StageTimings;

/**
 * Measures the face pipeline without Kafka: per-stage medians, the embedder alone at several batch sizes, a
 * MatMul probe, and whole-pipeline photos per second with several caller threads. Everything runs on the same
 * photos in one JVM after a warm-up; results go into a map that the {@code bench} command prints and writes.
 *
 * <p>Each raw figure is the median of {@link Method#repeats()} windows of whole passes over the photos lasting at
 * least {@link Method#windowSeconds()} each (a warm-up pass per setting excluded), with min, max and spread: single
 * three-second runs on a shared two-core machine moved by tens of percent and a published figure did not
 * reproduce. The figures are also stated against the {@link ComputeFloor}: the networks' work per photo as these
 * photos actually run ({@link PipelineFlops}) at the higher of the two measured per-core peaks.
 */
public final class PipelineBenchmark {

    private final FacePipeline pipeline;
    private final Path modelsDir;
    private final List<byte[]> photos;
    private final NetworkProbes probes;

    public PipelineBenchmark(FacePipeline pipeline, Path modelsDir, List<byte[]> photos) {
        this.pipeline = pipeline;
        this.modelsDir = modelsDir;
        this.photos = photos;
        this.probes = new NetworkProbes(pipeline, photos);
    }

    /** Photo files under {@code dir} (LFW layout or flat), sorted by path, at most {@code limit}. */
    public static List<Path> listPhotos(Path dir, int limit) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().toLowerCase().matches(".*\\.(jpe?g|png|jp2)$"))
                    .sorted().limit(limit).toList();
        }
    }

    /**
     * How long and how often each figure is measured.
     *
     * @param windowSeconds each raw pipeline figure is whole passes over the photos until at least this long
     * @param repeats each figure (raw settings, embedder, MatMul probe, paired measurement) is taken this often
     * @param probeSeconds each embedder batch size and the MatMul probe run this long per repeat
     */
    public record Method(double windowSeconds, int repeats, double probeSeconds) {

        public Method {
            if (!(windowSeconds > 0) || repeats < 1 || !(probeSeconds > 0)) {
                throw new IllegalArgumentException("the benchmark needs windows and probes of positive length and "
                        + "at least one repeat: " + windowSeconds + " s, " + repeats + " repeats, " + probeSeconds + " s");
            }
        }

        /** For the benchmark's JSON: the fields above and the warm-up passes per raw setting. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("windowSeconds", windowSeconds);
            m.put("repeats", repeats);
            m.put("probeSeconds", probeSeconds);
            m.put("warmUpPassesPerSetting", 1);
            return m;
        }
    }

    /**
     * A measurement of another system run right after each repeat's raw windows (face-api on the same photos), so
     * that the ratio of the two is taken per repeat, back to back, under the same load from the rest of the machine.
     */
    @FunctionalInterface
    public interface PairedMeasurement {
        /** Photos per second of the paired system in repeat {@code repeat} (0-based). */
        double photosPerSecond(int repeat) throws Exception;
    }

    /**
     * Runs everything; {@code paired} (may be empty) runs after each repeat's raw windows. The raw settings run in
     * the same order in every repeat, interleaved, so that a burst of other load touches one sample of several
     * settings rather than every sample of one.
     */
    public Map<String, Object> run(int[] batchSizes, int[] callerThreads, Method method,
            java.util.Optional<PairedMeasurement> paired) throws Exception {
        return run(batchSizes, callerThreads, method, paired, java.util.Optional.empty());
    }

    /**
     * As {@link #run(int[], int[], Method, java.util.Optional)}, and {@code baseline} (another pipeline on the same
     * photos, e.g. the fp32 graphs of the same models) runs every raw setting right after this pipeline's in each
     * repeat, so that the ratio of the two is taken from windows seconds apart.
     */
    public Map<String, Object> run(int[] batchSizes, int[] callerThreads, Method method,
            java.util.Optional<PairedMeasurement> paired, java.util.Optional<FacePipeline> baseline) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        pipeline.analyseAll(photos.subList(0, Math.min(8, photos.size())), ImageRole.LIVE);

        // 1. Per-stage medians, one photo at a time.
        List<StageTimings> timings = new ArrayList<>();
        List<FaceAnalysis> analyses = new ArrayList<>();
        int faces = 0;
        for (byte[] p : photos) {
            FaceAnalysis a = pipeline.analyse(p, ImageRole.LIVE);
            analyses.add(a);
            timings.add(a.timings());
            if (a instanceof FaceAnalysis.Embedded) {
                faces++;
            }
        }
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("decode", median(timings.stream().mapToDouble(StageTimings::decodeMs).toArray()));
        stages.put("detect", median(timings.stream().mapToDouble(StageTimings::detectMs).toArray()));
        if (pipeline.presentationAttackDetector() != null) { // live photos: PAD runs between detection and landmarks
            stages.put("pad", median(timings.stream().mapToDouble(StageTimings::padMs).toArray()));
        }
        stages.put("landmarks", median(timings.stream().mapToDouble(StageTimings::landmarksMs).toArray()));
        stages.put("align", median(timings.stream().mapToDouble(StageTimings::alignMs).toArray()));
        stages.put("embed", median(timings.stream().mapToDouble(StageTimings::embedMs).toArray()));
        stages.put("total", median(timings.stream().mapToDouble(StageTimings::totalMs).toArray()));
        r.put("images", photos.size());
        r.put("imagesWithFace", faces);
        r.put("stageMedianMs", stages);

        // 2. FLOPs per model at the configured sizes, and per photo as the pipeline runs these photos.
        Map<String, Double> gflop = new LinkedHashMap<>();
        int detSize = pipeline.settings().detectorInputSize();
        gflop.put("detector@" + detSize, FlopCounter.count(modelsDir.resolve(ModelsFolder.DETECTOR_FILE), detSize,
                detSize) / 1e9);
        gflop.put("landmarks@112", FlopCounter.count(modelsDir.resolve(ModelsFolder.LANDMARKS_FILE), 112, 112) / 1e9);
        List<org.facegate.inference.ModelDescriptor> members = pipeline.descriptor().members();
        double embedGflop = 0; // the first member's: the embedder benchmark below runs it
        for (org.facegate.inference.ModelDescriptor m : members) {
            int w = m.input().width();
            double g = FlopCounter.count(m.onnxPath(modelsDir), m.input().height(), w) / 1e9;
            gflop.put((members.size() == 1 ? "embedder" : "embedder " + m.id()) + "@" + w, g);
            embedGflop = m == members.get(0) ? g : embedGflop;
        }
        r.put("gflopPerInference", gflop);
        PipelineFlops.Cost cost = new PipelineFlops(pipeline, modelsDir).of(photos, analyses);
        r.put("computePerImage", cost.toJson());

        // 3. Repeats: the embedder alone per batch size, the MatMul probe, then each raw setting in its window.
        int maxBatch = Arrays.stream(batchSizes).max().orElse(1);
        FloatBuffer chips = probes.realChips(maxBatch, analyses);
        List<String> settings = new ArrayList<>();
        Map<String, int[]> settingShape = new LinkedHashMap<>();
        for (int threads : callerThreads) {
            for (int batch : new int[] {1, 8}) {
                String key = threads + " caller thread(s), batch " + batch;
                settings.add(key);
                settingShape.put(key, new int[] {threads, batch});
                runPipeline(pipeline, threads, batch); // warm-up pass, not measured
                if (baseline.isPresent()) {
                    runPipeline(baseline.get(), threads, batch);
                }
            }
        }
        MeasurementWindow window = new MeasurementWindow(method.windowSeconds(), System::nanoTime);
        Map<Integer, List<Double>> embedSamples = new LinkedHashMap<>();
        List<Double> matmulSamples = new ArrayList<>();
        SettingSamples raw = new SettingSamples();
        List<Double> pairedSamples = new ArrayList<>();
        SettingSamples baselineRaw = new SettingSamples();
        Map<String, List<double[]>> networkSamples = new LinkedHashMap<>();
        List<FloatBuffer> memberChips = new ArrayList<>();
        if (baseline.isPresent()) {
            for (FaceEmbedder e : pipeline.embedders()) {
                memberChips.add(probes.realChips(e, NetworkProbes.NETWORK_BATCHES[NetworkProbes.NETWORK_BATCHES.length - 1],
                        analyses));
            }
        }
        for (int rep = 0; rep < method.repeats(); rep++) {
            for (int b : batchSizes) {
                embedSamples.computeIfAbsent(b, x -> new ArrayList<>())
                        .add(probes.embedderThroughput(chips, b, method.probeSeconds()));
            }
            matmulSamples.add(probes.peakGflops(method.probeSeconds()));
            if (baseline.isPresent()) {
                for (int m = 0; m < pipeline.embedders().size(); m++) {
                    for (int b : NetworkProbes.NETWORK_BATCHES) {
                        String key = pipeline.embedders().get(m).descriptor().id() + " batch " + b;
                        networkSamples.computeIfAbsent(key, x -> new ArrayList<>()).add(new double[] {
                            NetworkProbes.embedderThroughput(pipeline.embedders().get(m), memberChips.get(m), b,
                                    method.probeSeconds()),
                            NetworkProbes.embedderThroughput(baseline.get().embedders().get(m), memberChips.get(m), b,
                                    method.probeSeconds())});
                    }
                }
            }
            StringBuilder progress = new StringBuilder();
            for (String key : settings) {
                int[] shape = settingShape.get(key);
                CpuMeter cpu = new CpuMeter().start();
                MeasurementWindow.Measured m = window.measure(() -> {
                    runPipeline(pipeline, shape[0], shape[1]);
                    return photos.size();
                });
                raw.add(key, m, cpu.stop());
                progress.append(String.format(" %.1f", m.photosPerSecond()));
                if (baseline.isPresent()) {
                    CpuMeter baseCpu = new CpuMeter().start();
                    MeasurementWindow.Measured b = window.measure(() -> {
                        runPipeline(baseline.get(), shape[0], shape[1]);
                        return photos.size();
                    });
                    baselineRaw.add(key, b, baseCpu.stop());
                    progress.append(String.format(" (baseline %.1f)", b.photosPerSecond()));
                }
            }
            if (paired.isPresent()) {
                pairedSamples.add(paired.get().photosPerSecond(rep));
                progress.append(String.format(", paired %.1f", pairedSamples.get(rep)));
            }
            System.err.printf("bench: repeat %d of %d, photos/s per setting:%s%n", rep + 1, method.repeats(), progress);
        }

        Map<String, Double> embedPerSec = new LinkedHashMap<>();
        Map<String, Double> embedGflops = new LinkedHashMap<>();
        Map<String, Object> embedRepeats = new LinkedHashMap<>();
        int bestBatch = batchSizes[0];
        for (int b : batchSizes) {
            RepeatSummary s = RepeatSummary.of(embedSamples.get(b));
            embedPerSec.put(Integer.toString(b), s.median());
            embedGflops.put(Integer.toString(b), s.median() * embedGflop);
            embedRepeats.put(Integer.toString(b), s.toJson());
            bestBatch = s.median() > embedPerSec.get(Integer.toString(bestBatch)) ? b : bestBatch;
        }
        r.put("embeddingsPerSecByBatch", embedPerSec);
        r.put("embeddingsPerSecByBatchRepeats", embedRepeats);
        RepeatSummary matmul = RepeatSummary.of(matmulSamples);
        double peak = matmul.median();
        r.put("peakGflopsPerSec", peak);
        r.put("peakGflopsPerSecRepeats", matmul.toJson());
        double bestEmbed = embedGflops.get(Integer.toString(bestBatch));
        r.put("gflopsPerSec", bestEmbed);
        r.put("embedderShareOfPeak", bestEmbed / peak);
        r.put("embedderGflopsPerSecByBatch", embedGflops);

        // 4. The compute floor: the higher of the two probes per core (each ran one session on one caller thread).
        int machineCores = Runtime.getRuntime().availableProcessors();
        int threadsPerSession = Math.min(machineCores, pipeline.settings().inference().effectiveIntraOpThreads());
        double matmulPerCore = peak / threadsPerSession;
        double embedPerCore = bestEmbed / threadsPerSession;
        ComputeFloor floor = matmulPerCore >= embedPerCore
                ? new ComputeFloor(cost.gflopPerImage(), matmulPerCore, "MatMul 2048x2048 probe", machineCores)
                : new ComputeFloor(cost.gflopPerImage(), embedPerCore, "recognition net alone, batch " + bestBatch,
                        machineCores);
        Map<String, Object> floorJson = floor.toJson();
        floorJson.put("matmulGflopsPerSecPerCore", matmulPerCore);
        floorJson.put("embedderGflopsPerSecPerCore", embedPerCore);
        floorJson.put("intraOpThreadsPerSession", threadsPerSession);
        r.put("computeFloor", floorJson);

        // 5. The raw figures: medians over the repeats, each against the floor of the cores its setting can use.
        Map<String, Double> rawPerSec = new LinkedHashMap<>();
        Map<String, Object> rawRepeats = new LinkedHashMap<>();
        double best = 0;
        String bestSetting = settings.get(0);
        for (String key : settings) {
            RepeatSummary s = RepeatSummary.of(raw.photosPerSecond(key));
            int cores = Math.min(machineCores, settingShape.get(key)[0] * threadsPerSession);
            ComputeFloor own = floor.withCores(cores);
            Map<String, Object> j = s.toJson();
            j.put("processCpuMsPerImage", raw.processCpuMsPerImage(key));
            j.put("coresUsed", cores);
            j.put("floorImagesPerSec", own.floorImagesPerSec());
            j.put("shareOfFloor", own.shareOf(s.median()));
            j.put("windows", raw.windows(key).stream().map(MeasurementWindow.Measured::toJson).toList());
            rawRepeats.put(key, j);
            rawPerSec.put(key, s.median());
            if (s.median() > best) {
                best = s.median();
                bestSetting = key;
            }
        }
        List<CpuMeter.Span> bestSpans = raw.spans(bestSetting);
        r.put("rawProcessCpuMsPerImage", raw.processCpuMsPerImage(bestSetting));
        r.put("rawMachineBusyShare", median(bestSpans.stream().mapToDouble(CpuMeter.Span::machineBusyShare).toArray()));
        r.put("rawCpuSecondsByOsThreadName", bestSpans.get(bestSpans.size() - 1).cpuSecondsByOsThreadName());
        r.put("rawImagesPerSecBySetting", rawPerSec);
        r.put("rawRepeatsBySetting", rawRepeats);
        r.put("rawImagesPerSec", best);
        r.put("rawBestSetting", bestSetting);
        r.put("rawBestRepeats", rawRepeats.get(bestSetting));
        r.put("rawShareOfFloor", ((Map<?, ?>) rawRepeats.get(bestSetting)).get("shareOfFloor"));

        // 6. The baseline's figures, and the ratio per repeat of each pipeline's best setting.
        if (!baselineRaw.isEmpty()) {
            Map<String, Object> base = new LinkedHashMap<>();
            base.put("modelId", baseline.get().modelId());
            base.put("graphs", baseline.get().recognitionGraphs());
            Map<String, Double> perSetting = new LinkedHashMap<>();
            String baseBest = settings.get(0);
            for (String key : settings) {
                perSetting.put(key, RepeatSummary.of(baselineRaw.photosPerSecond(key)).median());
                baseBest = perSetting.get(key) > perSetting.get(baseBest) ? key : baseBest;
            }
            base.put("imagesPerSecBySetting", perSetting);
            base.put("bestSetting", baseBest);
            base.put("imagesPerSec", perSetting.get(baseBest));
            base.put("bestRepeats", RepeatSummary.of(baselineRaw.photosPerSecond(baseBest)).toJson());
            base.put("processCpuMsPerImage", baselineRaw.processCpuMsPerImage(baseBest));
            // Per repeat, this pipeline's best setting against the baseline at the same setting, seconds apart.
            List<Double> ratios = new ArrayList<>();
            for (int rep = 0; rep < method.repeats(); rep++) {
                ratios.add(raw.photosPerSecond(bestSetting).get(rep) / baselineRaw.photosPerSecond(bestSetting).get(rep));
            }
            Map<String, Double> ratioBySetting = new LinkedHashMap<>();
            for (String key : settings) {
                List<Double> perRepeat = new ArrayList<>();
                for (int rep = 0; rep < method.repeats(); rep++) {
                    perRepeat.add(raw.photosPerSecond(key).get(rep) / baselineRaw.photosPerSecond(key).get(rep));
                }
                ratioBySetting.put(key, RepeatSummary.of(perRepeat).median());
            }
            base.put("ratioBySetting", ratioBySetting);
            List<Map<String, Object>> networks = new ArrayList<>();
            networkSamples.forEach((key, samples) -> {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("network", key);
                n.put("embeddingsPerSec", RepeatSummary.of(samples.stream().map(x -> x[0]).toList()).median());
                n.put("baselineEmbeddingsPerSec", RepeatSummary.of(samples.stream().map(x -> x[1]).toList()).median());
                n.put("ratioRepeats", RepeatSummary.of(samples.stream().map(x -> x[0] / x[1]).toList()).toJson());
                networks.add(n);
            });
            base.put("networks", networks);
            base.put("networkOutputCosine", probes.outputCosines(baseline.get(), memberChips));
            r.put("baseline", base);
            r.put("rawToBaselineRatio", RepeatSummary.of(ratios).median());
            r.put("rawToBaselineRatioRepeats", RepeatSummary.of(ratios).toJson());
        }

        // 7. The paired measurement and the ratio per repeat (the best setting's sample of that repeat).
        if (!pairedSamples.isEmpty()) {
            List<Double> ratios = new ArrayList<>();
            for (int rep = 0; rep < pairedSamples.size(); rep++) {
                ratios.add(raw.photosPerSecond(bestSetting).get(rep) / pairedSamples.get(rep));
            }
            r.put("pairedImagesPerSecRepeats", RepeatSummary.of(pairedSamples).toJson());
            r.put("rawToPairedRatioRepeats", RepeatSummary.of(ratios).toJson());
        }
        return r;
    }

    /** Runs every photo through the whole pipeline once, in batches of {@code batch} from {@code threads} callers. */
    private void runPipeline(FacePipeline p, int threads, int batch) throws Exception {
        List<List<byte[]>> work = new ArrayList<>();
        for (int i = 0; i < photos.size(); i += batch) {
            work.add(photos.subList(i, Math.min(photos.size(), i + batch)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<byte[]> chunk : work) {
                futures.add(pool.submit(() -> p.analyseAll(chunk, ImageRole.LIVE)));
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