package org.facegate.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.events.CheckRequest;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.Verdict;
import org.facegate.metrics.MetricsServer;
import org.facegate.vision.FacePipeline;

/**
 * Measures the topology on a real (embedded, single-node KRaft) broker with exactly-once: the same photos as the
 * raw benchmark go in as check events (keyed by person, each person enrolled with their first photo), verdicts
 * are counted at a {@code read_committed} consumer. For each configuration: throughput at saturation (all checks
 * produced at once), then latency from capturedAt to the verdict being readable at a fixed offered load of half
 * that saturation. Each configuration gets its own topics (a prefix) and application id.
 */
final class StreamBenchmark {

    /** One configuration to measure. */
    record Variant(String name, int batchMaxSize, int batchMaxWaitMs, int commitIntervalMs, int lingerMs,
            int streamThreads) {
    }

    /** Per-record and untuned first, the production defaults last. */
    static final List<Variant> VARIANTS = List.of(
            new Variant("per-record, Kafka defaults (commit 100 ms, linger 100 ms), 1 thread", 1, 0, 100, 100, 1),
            new Variant("per-record, commit 25 ms, linger 5 ms, 1 thread", 1, 0, 25, 5, 1),
            new Variant("batch <= 8 no wait, commit 25 ms, linger 5 ms, 1 thread", 8, 0, 25, 5, 1),
            new Variant("batch 8 or 10 ms, commit 25 ms, linger 5 ms, 2 threads", 8, 10, 25, 5, 2),
            new Variant("batch <= 8 no wait, commit 25 ms, linger 5 ms, 2 threads = default", 8, 0, 25, 5, 2));

    private final FacePipeline pipeline;
    private final Path workDir;

    StreamBenchmark(FacePipeline pipeline, Path workDir) {
        this.pipeline = pipeline;
        this.workDir = workDir;
    }

    Map<String, Object> run(List<Path> files, List<byte[]> photos, List<Variant> variants, double latencySeconds)
            throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> results = new ArrayList<>();
        Files.createDirectories(workDir);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, workDir.resolve("broker"), Map.of())) {
            int i = 0;
            for (Variant v : variants) {
                System.err.printf("bench: streaming %s ...%n", v.name());
                results.add(measure(broker.bootstrapServers(), "b" + (i++) + ".", v, files, photos, latencySeconds));
            }
        }
        out.put("streamVariants", results);
        return out;
    }

    private Map<String, Object> measure(String bootstrap, String prefix, Variant v, List<Path> files,
            List<byte[]> photos, double latencySeconds) throws Exception {
        Properties file = new Properties();
        file.setProperty(FaceGateConfig.Key.BOOTSTRAP_SERVERS.key(), bootstrap);
        file.setProperty(FaceGateConfig.Key.APPLICATION_ID.key(), "facegate-bench-" + prefix.replace(".", ""));
        file.setProperty(FaceGateConfig.Key.TOPIC_PREFIX.key(), prefix);
        file.setProperty(FaceGateConfig.Key.STATE_DIR.key(), workDir.resolve("state-" + prefix).toString());
        file.setProperty(FaceGateConfig.Key.METRICS_PORT.key(), "-1");
        file.setProperty(FaceGateConfig.Key.BATCH_MAX_SIZE.key(), Integer.toString(v.batchMaxSize()));
        file.setProperty(FaceGateConfig.Key.BATCH_MAX_WAIT_MS.key(), Integer.toString(v.batchMaxWaitMs()));
        file.setProperty(FaceGateConfig.Key.COMMIT_INTERVAL_MS.key(), Integer.toString(v.commitIntervalMs()));
        file.setProperty("kafka.producer.linger.ms", Integer.toString(v.lingerMs()));
        file.setProperty(FaceGateConfig.Key.STREAM_THREADS.key(), Integer.toString(v.streamThreads()));
        FaceGateConfig config = FaceGateConfig.load(file, Map.of(), Map.of());

        List<String> people = new ArrayList<>();
        for (Path f : files) {
            people.add(f.getParent() == null ? f.getFileName().toString() : f.getParent().getFileName().toString());
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("variant", v.name());
        r.put("batchMaxSize", v.batchMaxSize());
        r.put("batchMaxWaitMs", v.batchMaxWaitMs());
        r.put("commitIntervalMs", v.commitIntervalMs());
        r.put("producerLingerMs", v.lingerMs());
        r.put("streamThreads", v.streamThreads());
        try (FaceGateService service = new FaceGateService(config, pipeline, pipeline.provider().name().toLowerCase(),
                MetricsServer.prometheusRegistry(), Clock.systemUTC()).start();
                GateClient gate = new GateClient(config.clientProperties(), config.topologySettings());
                TopicReader<Verdict> verdicts = new TopicReader<>(config.clientProperties(), config.topics().verdicts(),
                        Verdict.class, false);
                TopicReader<EnrolmentResult> enrolled = new TopicReader<>(config.clientProperties(),
                        config.topics().enrolmentResults(), EnrolmentResult.class, false)) {
            // Enrol each person with their first photo.
            Map<String, byte[]> firstPhoto = new LinkedHashMap<>();
            for (int k = 0; k < photos.size(); k++) {
                firstPhoto.putIfAbsent(people.get(k), photos.get(k));
            }
            for (Map.Entry<String, byte[]> e : firstPhoto.entrySet()) {
                gate.enrol(Enrolment.of(e.getKey(), List.of(new EncodedImage("jpeg", e.getValue())), Instant.now(), "bench"));
            }
            gate.flush();
            int results = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (results < firstPhoto.size() && System.nanoTime() < deadline) {
                results += enrolled.poll(Duration.ofMillis(200)).size();
            }

            // Warm-up, then saturation: everything at once.
            sendAndAwait(gate, verdicts, people, photos, "warm", Math.min(20, photos.size()), 0);
            long start = System.nanoTime();
            List<Double> satLatencies = sendAndAwait(gate, verdicts, people, photos, "sat", photos.size(), 0);
            double seconds = (System.nanoTime() - start) / 1e9;
            double perSec = photos.size() / seconds;
            r.put("streamImagesPerSec", perSec);
            r.put("saturationLatencyMs", percentiles(satLatencies));

            // Latency at half the saturation rate.
            double offered = perSec / 2;
            int n = (int) Math.max(20, Math.min(photos.size() * 4L, Math.round(offered * latencySeconds)));
            List<Double> latencies = sendAndAwait(gate, verdicts, people, photos, "lat", n, offered);
            r.put("offeredLoadPerSec", offered);
            r.put("latencyChecks", n);
            r.put("latencyMs", percentiles(latencies));
        }
        return r;
    }

    /**
     * Sends {@code n} checks (photos in turn), paced at {@code rate} per second (0: as fast as possible), and waits
     * for all their verdicts. Returns each check's latency from capturedAt to the verdict being read.
     */
    private static List<Double> sendAndAwait(GateClient gate, TopicReader<Verdict> verdicts, List<String> people,
            List<byte[]> photos, String tag, int n, double rate) {
        Set<String> waiting = new HashSet<>();
        Map<String, Instant> sentAt = new HashMap<>();
        List<Double> latencies = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int k = 0; k < n; k++) {
            if (rate > 0) {
                long due = t0 + (long) (k * 1e9 / rate);
                while (System.nanoTime() < due) {
                    drain(verdicts, waiting, latencies, Duration.ZERO);
                    LockSupport.parkNanos(Math.min(1_000_000, Math.max(0, due - System.nanoTime())));
                }
            }
            int p = k % photos.size();
            String checkId = tag + "-" + k;
            Instant now = Instant.now();
            gate.check(CheckRequest.of(checkId, "bench-gate", people.get(p), now, new EncodedImage("jpeg", photos.get(p)), null));
            waiting.add(checkId);
            sentAt.put(checkId, now);
            if (rate > 0) {
                gate.flush();
            }
        }
        gate.flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            drain(verdicts, waiting, latencies, Duration.ofMillis(100));
        }
        if (!waiting.isEmpty()) {
            throw new IllegalStateException(waiting.size() + " checks got no verdict within 5 minutes");
        }
        return latencies;
    }

    private static void drain(TopicReader<Verdict> verdicts, Set<String> waiting, List<Double> latencies, Duration timeout) {
        List<Verdict> got = verdicts.poll(timeout);
        Instant now = Instant.now();
        for (Verdict v : got) {
            if (waiting.remove(v.checkId()) && v.capturedAt() != null) {
                latencies.add(Duration.between(v.capturedAt(), now).toNanos() / 1e6);
            }
        }
    }

    static Map<String, Double> percentiles(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("p50", quantile(v, 0.50));
        m.put("p95", quantile(v, 0.95));
        m.put("p99", quantile(v, 0.99));
        m.put("max", v.length == 0 ? Double.NaN : v[v.length - 1]);
        return m;
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
