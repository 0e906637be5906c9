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
import org.facegate.bench.PeerBenchmark;
import org.facegate.bench.PipelineBenchmark;
import org.facegate.bench.StreamBenchmark;
import org.facegate.config.UsageException;
import org.facegate.vision.FacePipeline;

/**
 * {@code bench --images DIR [--limit N] [--json] [--out DIR]}: measures the face pipeline on a folder of photos
 * (LFW layout works) and prints a table; writes {@code bench.json} and {@code bench.md} into the results folder
 * (default {@code results/}); with {@code --json} also prints the JSON as the last line.
 */
final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "--images DIR [--limit N] [--json] [--out DIR] [--peer] [--no-stream] [--stream-variants all|default|SPEC]: measure the pipeline, the topology and face-api";
    }

    @Override
    public int run(Arguments args) throws Exception {
        Path dir = Path.of(args.option("images").orElseThrow(() -> new UsageException("--images DIR is required")));
        int limit = args.intOption("limit", 300);
        boolean json = args.flag("json");
        Path out = Path.of(args.option("out", "results"));
        double seconds = Double.parseDouble(args.option("seconds-per-point", "3"));
        boolean peer = args.flag("peer");
        boolean stream = !args.flag("no-stream");
        double latencySeconds = Double.parseDouble(args.option("latency-seconds", "20"));
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
        try (FacePipeline pipeline = PipelineOptions.open(args)) {
            args.rejectUnknown();
            result.put("command", "bench --images " + dir + " --limit " + limit);
            result.put("date", Instant.now().toString());
            result.put("cores", Runtime.getRuntime().availableProcessors());
            result.put("provider", pipeline.provider().name());
            result.put("detectorInputSize", pipeline.settings().detectorInputSize());
            result.putAll(new PipelineBenchmark(pipeline, PipelineOptions.modelsDir(args), photos)
                    .run(new int[] {1, 8, 32}, new int[] {1, 2}, seconds));
            if (stream) {
                Path work = java.nio.file.Files.createTempDirectory("facegate-bench-");
                try {
                    Map<String, Object> s = new StreamBenchmark(pipeline, work)
                            .run(files, photos, toMeasure, latencySeconds);
                    result.putAll(s);
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> variants = (List<Map<String, Object>>) s.get("streamVariants");
                    Map<String, Object> chosen = variants.get(variants.size() - 1);
                    result.put("streamImagesPerSec", chosen.get("streamImagesPerSec"));
                    result.put("streamToRawRatio", (Double) chosen.get("streamImagesPerSec")
                            / (Double) result.get("rawImagesPerSec"));
                    result.put("offeredLoadPerSec", chosen.get("offeredLoadPerSec"));
                    result.put("latencyMs", chosen.get("latencyMs"));
                    result.put("streamSettings", chosen.get("variant"));
                } finally {
                    deleteRecursively(work);
                }
            }
        }
        if (peer) {
            com.fasterxml.jackson.databind.JsonNode p = new PeerBenchmark(peerDir).run(dir, limit);
            double peerPerSec = p.get("imagesPerSec").asDouble();
            result.put("peer", new ObjectMapper().convertValue(p, Map.class));
            result.put("peerImagesPerSec", peerPerSec);
            result.put("rawToPeerRatio", (Double) result.get("rawImagesPerSec") / peerPerSec);
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
        s.append(String.format("%n%-36s %10s%n", "whole pipeline", "photos/s"));
        ((Map<String, Double>) r.get("rawImagesPerSecBySetting")).forEach((k, v) ->
                s.append(String.format("%-36s %10.1f%n", k, v)));
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
            s.append(String.format("stream / raw: %.2f (%s)%n", r.get("streamToRawRatio"), r.get("streamSettings")));
            List<Map<String, Object>> all = (List<Map<String, Object>>) r.get("streamVariants");
            Map<String, Object> chosen = all.get(all.size() - 1);
            s.append(String.format("where the CPU went at saturation (%s checks, CPU seconds by OS thread name):%n",
                    chosen.get("saturationChecks")));
            ((Map<String, Double>) chosen.get("cpuSecondsByOsThreadName")).forEach((k, v) ->
                    s.append(String.format("  %-18s %7.2f%n", k, v)));
            s.append("broker requests per check: ").append(chosen.get("brokerRequestsPerCheck")).append('\n');
        }
        if (r.containsKey("peerImagesPerSec")) {
            s.append(String.format("%-36s %10.1f%n", "original face-api (WASM, 1 process/core)", r.get("peerImagesPerSec")));
            s.append(String.format("FaceGate / face-api: %.1fx on the same photos and cores%n", r.get("rawToPeerRatio")));
        }
        return s.toString();
    }
}
