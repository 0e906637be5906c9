package org.facegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.facegate.bench.PeerBenchmark;
import org.facegate.bench.PipelineBenchmark;
import org.facegate.bench.StreamBenchmark;
import org.facegate.config.UsageException;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.PipelineSettings;

/**
 * {@code bench --images DIR [--limit N] [--seconds S] [--repeats R] [--json] [--out DIR] [--cohort-size N]}: measures
 * the face pipeline on a folder of photos (LFW layout works) and prints a table; writes {@code bench.json} and
 * {@code bench.md} into the results folder (default {@code results/}); with {@code --json} also prints the JSON as
 * the last line. Each raw figure (and face-api's with {@code --peer}) is the median of R windows of at least S
 * seconds, with its spread, and is set against the compute floor the command measures itself. {@code --cohort-size N}
 * adds the CPU a check's cohort normalisation costs against N cohort faces ({@link org.facegate.bench.CohortCostBenchmark}).
 */
final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "--images DIR [--limit N] [--seconds S] [--repeats R] [--json] [--out DIR] [--peer] [--no-stream] [--stream-variants all|default|SPEC]: measure the pipeline, the topology and face-api";
    }

    @Override
    public Set<String> options() {
        return Command.optionSet(PipelineOptions.OPTIONS, "images", "limit", "json", "out", "seconds-per-point", "seconds",
                "repeats", "peer", "no-stream", "latency-seconds", "peer-dir", "stream-variants", "no-pad-cost",
                "cohort-size", "baseline-model");
    }

    @Override
    public int run(Arguments args) throws Exception {
        Path dir = Path.of(args.option("images").orElseThrow(() -> new UsageException("--images DIR is required")));
        int limit = args.intOption("limit", 300);
        boolean json = args.flag("json");
        Path out = Path.of(args.option("out", "results"));
        double probeSeconds = positiveSeconds(args, "seconds-per-point", "3");
        double windowSeconds = positiveSeconds(args, "seconds", "20");
        int repeats = args.intOption("repeats", 3);
        if (repeats < 1) {
            throw new UsageException("--repeats needs at least 1, not " + repeats);
        }
        PipelineBenchmark.Method method = new PipelineBenchmark.Method(windowSeconds, repeats, probeSeconds);
        boolean peer = args.flag("peer");
        boolean stream = !args.flag("no-stream");
        boolean padCost = !args.flag("no-pad-cost"); // read before rejectUnknown, or the switch would be refused
        String baselineOption = args.option("baseline-model", "");
        int cohortSize = args.intOption("cohort-size", 0);
        double latencySeconds = positiveSeconds(args, "latency-seconds", Double.toString(windowSeconds));
        Path peerDir = Path.of(args.option("peer-dir", "tools/reference"));
        List<StreamBenchmark.Variant> toMeasure = StreamBenchmark.parseVariants(args.option("stream-variants", "all"));
        if (!Files.isDirectory(dir)) {
            throw new UsageException("no such folder: " + dir);
        }
        List<Path> files = PipelineBenchmark.listPhotos(dir, limit);
        if (files.isEmpty()) {
            throw new UsageException("no .jpg/.png/.jp2 photos under " + dir);
        }
        List<byte[]> photos = new ArrayList<>();
        for (Path f : files) {
            photos.add(Files.readAllBytes(f));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        PeerBenchmark peerBench = new PeerBenchmark(peerDir);
        List<com.fasterxml.jackson.databind.JsonNode> peerRuns = new ArrayList<>();
        Optional<PipelineBenchmark.PairedMeasurement> paired = !peer ? Optional.empty() : Optional.of(rep -> {
            com.fasterxml.jackson.databind.JsonNode p = peerBench.run(dir, limit, windowSeconds);
            peerRuns.add(p);
            return p.get("imagesPerSec").asDouble();
        });
        // PAD at threshold 0: every face goes on to landmarks and embedding, as a genuine traveller's does (a face judged
        // an attack would skip them and make the pipeline look faster than it is for the travellers it lets through).
        PipelineSettings settings = PipelineOptions.settings(args);
        settings = settings.withPresentation(settings.presentation().withThreshold(0));
        try (FacePipeline pipeline = PipelineOptions.open(args, settings)) {
            args.rejectUnknown();
            result.put("command", "bench " + String.join(" ", args.raw()));
            result.put("method", method.toJson());
            result.put("date", Instant.now().toString());
            result.put("cores", Runtime.getRuntime().availableProcessors());
            result.put("provider", pipeline.provider().name());
            result.put("cpu", org.facegate.inference.CpuFeatures.current());
            result.put("modelId", pipeline.modelId());
            result.put("graphs", pipeline.recognitionGraphs());
            result.put("detectorInputSize", pipeline.settings().detectorInputSize());
            Optional<Path> baselineFile = baselineDescriptor(baselineOption, pipeline, PipelineOptions.modelsDir(args));
            try (FacePipeline baseline = baselineFile.map(f -> FacePipeline.open(PipelineOptions.modelsDir(args), f,
                    pipeline.settings())).orElse(null)) {
                result.putAll(new PipelineBenchmark(pipeline, PipelineOptions.modelsDir(args), photos)
                        .run(new int[] {1, 8, 32}, new int[] {1, 2}, method, paired, Optional.ofNullable(baseline)));
            }
            if (peer) {
                // face-api ran after each repeat's raw windows; the ratio is taken per repeat, back to back.
                @SuppressWarnings("unchecked")
                Map<String, Object> peerRepeats = (Map<String, Object>) result.remove("pairedImagesPerSecRepeats");
                @SuppressWarnings("unchecked")
                Map<String, Object> ratios = (Map<String, Object>) result.remove("rawToPairedRatioRepeats");
                result.put("peer", new ObjectMapper().convertValue(peerRuns.get(peerRuns.size() - 1), Map.class));
                result.put("peerImagesPerSec", peerRepeats.get("median"));
                result.put("peerRepeats", peerRepeats);
                result.put("rawToPeerRatio", ratios.get("median"));
                result.put("rawToPeerRatioRepeats", ratios);
            }
            if (padCost) {
                try (FacePipeline withPad = PipelineOptions.open(args, pipeline.settings().withPresentation(
                        pipeline.settings().presentation().withEnabled(true).withThreshold(0)));
                        FacePipeline withoutPad = PipelineOptions.open(args, pipeline.settings().withPresentation(
                                org.facegate.pad.PadSettings.OFF))) {
                    result.put("padCost", new org.facegate.bench.PadCostBenchmark(withPad, withoutPad,
                            photos.subList(0, Math.min(photos.size(), 64))).run(windowSeconds, repeats));
                }
            }
            if (cohortSize > 0) {
                if (!(pipeline.descriptor() instanceof org.facegate.inference.FusionDescriptor fusion)
                        || fusion.cohortNormalisation() == null) {
                    throw new UsageException("--cohort-size measures a cohort rule; " + pipeline.modelId() + " has none");
                }
                result.put("cohortCost", new org.facegate.bench.CohortCostBenchmark(fusion, cohortSize,
                        org.facegate.topology.TopologySettings.DEFAULT_TEMPLATES_PER_IDENTITY).run(windowSeconds, repeats));
            }
            if (stream) {
                Path work = java.nio.file.Files.createTempDirectory("facegate-bench-");
                try {
                    double raw = (Double) result.get("rawImagesPerSec");
                    Map<String, Object> s = new StreamBenchmark(pipeline, work).run(files, photos, toMeasure,
                            new StreamBenchmark.Windows(raw, windowSeconds, latencySeconds));
                    result.putAll(s);
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> variants = (List<Map<String, Object>>) s.get("streamVariants");
                    Map<String, Object> chosen = variants.get(variants.size() - 1);
                    result.put("streamImagesPerSec", chosen.get("streamImagesPerSec"));
                    result.put("streamToRawRatio", (Double) chosen.get("streamImagesPerSec") / raw);
                    result.put("offeredLoadPerSec", chosen.get("offeredLoadPerSec"));
                    result.put("latencyMs", chosen.get("latencyMs"));
                    @SuppressWarnings("unchecked")
                    Map<String, Double> latency = (Map<String, Double>) chosen.get("latencyMs");
                    result.put("p99AtHalfRawLoadMs", latency.get("p99"));
                    result.put("streamSettings", chosen.get("variant"));
                } finally {
                    deleteRecursively(work);
                }
            }
        }
        String table = table(result);
        System.out.print(table);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.createDirectories(out);
        Files.writeString(out.resolve("bench.json"), mapper.writeValueAsString(result));
        Files.writeString(out.resolve("bench.md"), "# FaceGate benchmark\n\n```\n" + table + "```\n");
        System.out.println("written: " + out.resolve("bench.json") + ", " + out.resolve("bench.md"));
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(result));
        }
        return 0;
    }

    /**
     * The pipeline the raw figures are set against in the same run: {@code --baseline-model FILE}, none with
     * {@code none}, by default the fp32 fusion of the build when the benchmarked pipeline runs an int8 graph.
     */
    static Optional<Path> baselineDescriptor(String option, FacePipeline pipeline, Path models) {
        if (option.equals("none")) {
            return Optional.empty();
        }
        if (!option.isEmpty()) {
            Path f = Path.of(option);
            if (!Files.isRegularFile(f)) {
                throw new UsageException("--baseline-model: no such descriptor " + f);
            }
            return Optional.of(f);
        }
        Path fp32 = models.resolve("facegate-fusion-fp32.model.json");
        boolean int8 = pipeline.recognitionGraphs().stream().anyMatch(g -> g.endsWith(".int8.onnx"));
        return int8 && Files.isRegularFile(fp32) ? Optional.of(fp32) : Optional.empty();
    }

    private static double positiveSeconds(Arguments args, String name, String defaultValue) {
        String v = args.option(name, defaultValue);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a number of seconds, not '" + v + "'");
        }
        if (!(d > 0)) {
            throw new UsageException("--" + name + " needs more than 0 seconds, not " + v);
        }
        return d;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("photos %s (%s with a face), provider %s, %s cores, detector %s px%n",
                r.get("images"), r.get("imagesWithFace"), r.get("provider"), r.get("cores"), r.get("detectorInputSize")));
        if (r.get("cpu") instanceof org.facegate.inference.CpuFeatures cpu) {
            s.append(String.format("processor: %s%n", cpu.describe()));
        }
        if (r.get("graphs") != null) {
            s.append(String.format("recognition graphs: %s%n", r.get("graphs")));
        }
        s.append(String.format("%n%-12s %10s%n", "stage", "median ms"));
        ((Map<String, Double>) r.get("stageMedianMs")).forEach((k, v) -> s.append(String.format("%-12s %10.2f%n", k, v)));
        s.append(String.format("%n%-16s %12s%n", "model", "GFLOP/run"));
        ((Map<String, Double>) r.get("gflopPerInference")).forEach((k, v) -> s.append(String.format("%-16s %12.3f%n", k, v)));
        s.append(String.format("%n%-10s %14s %12s%n", "batch", "embeddings/s", "GFLOP/s"));
        Map<String, Double> gf = (Map<String, Double>) r.get("embedderGflopsPerSecByBatch");
        ((Map<String, Double>) r.get("embeddingsPerSecByBatch")).forEach((k, v) ->
                s.append(String.format("%-10s %14.1f %12.1f%n", k, v, gf.get(k))));
        s.append(String.format("embedder best %.1f GFLOP/s = %.0f%% of the %.1f GFLOP/s a 2048x2048 MatMul reaches%n",
                (Double) r.get("gflopsPerSec"), 100 * (Double) r.get("embedderShareOfPeak"),
                (Double) r.get("peakGflopsPerSec")));
        Map<String, Object> method = (Map<String, Object>) r.get("method");
        Map<String, Object> floor = (Map<String, Object>) r.get("computeFloor");
        Map<String, Object> cost = (Map<String, Object>) r.get("computePerImage");
        s.append(String.format("%ncompute per photo as these photos run (GFLOP, own count over the ONNX graphs):%n"));
        ((Map<String, Double>) cost.get("gflopPerImageByNetwork")).forEach((k, v) ->
                s.append(String.format("  %-40s %8.3f%n", k, v)));
        s.append(String.format("  %-40s %8.3f   (detector runs by input size %s; %s photos landmarked)%n", "total",
                cost.get("gflopPerImage"), cost.get("detectorRunsBySize"), cost.get("imagesReachingLandmarks")));
        s.append(String.format("peak per core %.1f GFLOP/s (%s; MatMul %.1f, recognition net %.1f per core, medians)%n",
                floor.get("peakGflopsPerCore"), floor.get("peakSource"), floor.get("matmulGflopsPerSecPerCore"),
                floor.get("embedderGflopsPerSecPerCore")));
        s.append(String.format("compute floor = %s cores x %.1f GFLOP/s / %.3f GFLOP = %.1f photos/s%n",
                floor.get("cores"), floor.get("peakGflopsPerCore"), floor.get("gflopPerImage"),
                floor.get("floorImagesPerSec")));
        s.append(String.format("%nwhole pipeline: median of %s windows of >= %s s each (one warm-up pass excluded)%n",
                method.get("repeats"), method.get("windowSeconds")));
        s.append(String.format("%-36s %9s %8s %8s %8s %10s %6s %9s%n", "setting", "photos/s", "min", "max",
                "spread", "CPU ms/ph", "cores", "of floor"));
        ((Map<String, Map<String, Object>>) r.get("rawRepeatsBySetting")).forEach((k, v) ->
                s.append(String.format("%-36s %9.1f %8.1f %8.1f %7.1f%% %10.1f %6s %8.0f%%%n", k, v.get("median"),
                        v.get("min"), v.get("max"), v.get("spreadPercent"), v.get("processCpuMsPerImage"),
                        v.get("coresUsed"), 100 * (Double) v.get("shareOfFloor"))));
        s.append(String.format("best: %s, %.1f photos/s = %.0f%% of the floor%n", r.get("rawBestSetting"),
                r.get("rawImagesPerSec"), 100 * (Double) r.get("rawShareOfFloor")));
        if (r.containsKey("baseline")) {
            Map<String, Object> base = (Map<String, Object>) r.get("baseline");
            Map<String, Object> ratio = (Map<String, Object>) r.get("rawToBaselineRatioRepeats");
            s.append(String.format("%nbaseline in the same repeats (%s, %s):%n", base.get("modelId"), base.get("graphs")));
            Map<String, Double> ratioBySetting = (Map<String, Double>) base.get("ratioBySetting");
            ((Map<String, Double>) base.get("imagesPerSecBySetting")).forEach((k, v) ->
                    s.append(String.format("%-36s %9.1f   this / baseline, median per repeat x%.2f%n", k, v,
                            ratioBySetting.get(k))));
            s.append(String.format("best: %s, %.1f photos/s, CPU %.1f ms per photo; this pipeline's best setting / the"
                    + " baseline at that setting, per repeat: x%.2f (%.2f-%.2f)%n", base.get("bestSetting"), base.get("imagesPerSec"),
                    base.get("processCpuMsPerImage"), ratio.get("median"), ratio.get("min"), ratio.get("max")));
            s.append(String.format("%-52s %12s %12s %8s%n", "network alone (same real chips, interleaved)", "this /s",
                    "baseline /s", "ratio"));
            for (Map<String, Object> n : (List<Map<String, Object>>) base.get("networks")) {
                s.append(String.format("%-52s %12.1f %12.1f %7.2fx%n", n.get("network"), n.get("embeddingsPerSec"),
                        n.get("baselineEmbeddingsPerSec"), ((Map<String, Object>) n.get("ratioRepeats")).get("median")));
            }
            s.append("output cosine against the baseline: ").append(base.get("networkOutputCosine")).append('\n');
        }
        if (r.containsKey("padCost")) {
            Map<String, Object> pc = (Map<String, Object>) r.get("padCost");
            Map<String, Object> on = (Map<String, Object>) pc.get("cpuMsPerPhotoWithPad");
            Map<String, Object> off = (Map<String, Object>) pc.get("cpuMsPerPhotoWithoutPad");
            Map<String, Object> ratio = (Map<String, Object>) pc.get("withToWithoutRatio");
            Map<String, Object> stage = (Map<String, Object>) pc.get("padStageMsPerFace");
            s.append(String.format("%npresentation-attack detection (%s), CPU ms per live photo, %s%n",
                    pc.get("padModel"), pc.get("method")));
            s.append(String.format("  with PAD %.2f (%.2f-%.2f), without %.2f (%.2f-%.2f): x%.3f (%.3f-%.3f); PAD stage"
                    + " %.2f ms per face%n", on.get("median"), on.get("min"), on.get("max"), off.get("median"),
                    off.get("min"), off.get("max"), ratio.get("median"), ratio.get("min"), ratio.get("max"),
                    stage.get("median")));
        }
        if (r.containsKey("cohortCost")) {
            Map<String, Object> cc = (Map<String, Object>) r.get("cohortCost");
            s.append(String.format("%ncohort normalisation (AS-norm, k %s, members %s) against %s cohort faces, CPU ms per"
                    + " check: chip %.3f, enrolment with %s templates %.3f%n", cc.get("k"), cc.get("normalisedMembers"),
                    cc.get("cohortFaces"), cc.get("chipCheckCpuMs"), cc.get("enrolmentCheckTemplates"),
                    cc.get("enrolmentCheckCpuMs")));
        }
        if (r.containsKey("streamVariants")) {
            s.append(String.format("%nthrough Kafka (embedded broker, exactly_once_v2, read_committed verdicts)%n"));
            s.append(String.format("%-62s %9s %8s %8s %8s %8s %9s %6s%n", "configuration", "checks/s", "offered",
                    "p50 ms", "p95 ms", "p99 ms", "CPU ms/ck", "busy"));
            for (Map<String, Object> v : (List<Map<String, Object>>) r.get("streamVariants")) {
                Map<String, Double> lat = (Map<String, Double>) v.get("latencyMs");
                s.append(String.format("%-62s %9.1f %8.1f %8.1f %8.1f %8.1f %9.1f %5.0f%%%n", v.get("variant"),
                        v.get("streamImagesPerSec"), v.get("offeredLoadPerSec"), lat.get("p50"), lat.get("p95"),
                        lat.get("p99"), v.get("processCpuMsPerCheck"), 100 * (Double) v.get("machineBusyShare")));
            }
            if (r.containsKey("rawProcessCpuMsPerImage")) {
                s.append(String.format("raw pipeline (%s): CPU %.1f ms per photo, machine busy %.0f%%%n",
                        r.get("rawBestSetting"), r.get("rawProcessCpuMsPerImage"), 100 * (Double) r.get("rawMachineBusyShare")));
            }
            s.append(String.format("stream / raw: %.2f (%s against the raw median %.1f of this run); p99 at half the raw "
                    + "load (%.1f/s): %.1f ms%n", r.get("streamToRawRatio"), r.get("streamSettings"),
                    r.get("rawImagesPerSec"), r.get("offeredLoadPerSec"), r.get("p99AtHalfRawLoadMs")));
            List<Map<String, Object>> all = (List<Map<String, Object>>) r.get("streamVariants");
            Map<String, Object> chosen = all.get(all.size() - 1);
            if (chosen.get("cpuMsPerCheckByPart") instanceof Map<?, ?> parts) {
                s.append(String.format("CPU ms per check at saturation: stream threads %.1f (the raw pipeline %.1f per"
                        + " photo), FaceGate's Kafka clients %.1f, embedded broker %.1f, JIT compiler %.1f, GC %.1f,"
                        + " other %.1f; process %.1f%n", parts.get("streamThreads"), r.get("rawProcessCpuMsPerImage"),
                        parts.get("faceGateKafkaClients"), parts.get("broker"), parts.get("jitCompiler"),
                        parts.get("garbageCollector"), parts.get("other"), parts.get("process")));
            }
            s.append(String.format("where the CPU went at saturation (%s checks, CPU seconds by OS thread name):%n",
                    chosen.get("saturationChecks")));
            ((Map<String, Double>) chosen.get("cpuSecondsByOsThreadName")).forEach((k, v) ->
                    s.append(String.format("  %-18s %7.2f%n", k, v)));
            s.append("broker requests per check: ").append(chosen.get("brokerRequestsPerCheck")).append('\n');
        }
        if (r.containsKey("peerImagesPerSec")) {
            Map<String, Object> peer = (Map<String, Object>) r.get("peerRepeats");
            Map<String, Object> ratio = (Map<String, Object>) r.get("rawToPeerRatioRepeats");
            s.append(String.format("%n%-48s %9s %8s %8s %8s%n", "per repeat, back to back", "median", "min", "max",
                    "spread"));
            s.append(String.format("%-48s %9.1f %8.1f %8.1f %7.1f%%%n", "original face-api photos/s (WASM, 1 proc/core)",
                    peer.get("median"), peer.get("min"), peer.get("max"), peer.get("spreadPercent")));
            s.append(String.format("%-48s %8.1fx %7.1fx %7.1fx %7.1f%%%n", "FaceGate best setting / face-api",
                    ratio.get("median"), ratio.get("min"), ratio.get("max"), ratio.get("spreadPercent")));
        }
        return s.toString();
    }
}
