package org.facegate.bench;

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
import org.facegate.config.FaceGateConfig;
import org.facegate.config.UsageException;
import org.facegate.demo.Demo;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.events.CheckRequest;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;
import org.facegate.metrics.MetricsServer;
import org.facegate.service.FaceGateService;
import org.facegate.vision.FacePipeline;

/**
 * Measures the topology on a real (embedded, single-node KRaft) broker with exactly-once: the same photos as the
 * raw benchmark go in as check events (keyed by person, each person enrolled with their first photo), verdicts
 * are counted at a {@code read_committed} consumer. For each configuration: throughput at saturation (all checks
 * produced at once, whole rounds of the photos worth at least {@link Windows#saturationSeconds()} at the raw
 * rate), then latency from capturedAt to the verdict being readable at a fixed offered load of half the raw
 * rate measured in the same run, for {@link Windows#latencySeconds()}. Half the raw rate, not half the stream's
 * own, so that every configuration is compared at the same load and "p99 at half load" means the same in every
 * run. Each configuration gets its own topics (a prefix) and application id.
 */
public final class StreamBenchmark {

    /** One configuration to measure. */
    public record Variant(String name, int batchMaxSize, int batchMaxWaitMs, int commitIntervalMs, int lingerMs,
            int streamThreads, int partitions, int maxPollRecords) {
    }

    /** Per-record and untuned first, the production defaults last. */
    static final List<Variant> VARIANTS = List.of(
            new Variant("per-record, Kafka defaults (commit 100, linger 100), 1 thread, 3 partitions", 1, 0, 100, 100, 1, 3, 10),
            new Variant("per-record, commit 25, linger 5, 1 thread, 3 partitions", 1, 0, 25, 5, 1, 3, 10),
            new Variant("batch <= 8 no wait, commit 25, 1 thread, 3 partitions", 8, 0, 25, 5, 1, 3, 10),
            new Variant("batch 8 or 10 ms, commit 25, 2 threads, 3 partitions", 8, 10, 25, 5, 2, 3, 10),
            new Variant("batch <= 8 no wait, commit 25, 2 threads, 3 partitions", 8, 0, 25, 5, 2, 3, 10),
            new Variant("batch <= 8 no wait, commit 25, 2 threads, 6 partitions", 8, 0, 25, 5, 2, 6, 10),
            new Variant("batch <= 8 no wait, commit 50, 2 threads, 6 partitions", 8, 0, 50, 5, 2, 6, 10),
            new Variant("batch <= 8 no wait, commit 100, 2 threads, 6 partitions = default", 8, 0, 100, 5, 2, 6, 10));

    /**
     * The variants {@code --stream-variants} names: {@code all} (default), {@code default} (the last one only), or
     * specs separated by {@code ;}, each {@code key=value,...} with keys batch, wait, commit, linger, threads,
     * partitions, poll (unset keys take the default's values).
     */
    public static List<Variant> parseVariants(String spec) {
        Variant base = VARIANTS.get(VARIANTS.size() - 1);
        if (spec.equals("all")) {
            return VARIANTS;
        }
        if (spec.equals("default")) {
            return List.of(base);
        }
        List<Variant> out = new ArrayList<>();
        for (String one : spec.split(";")) {
            Map<String, Integer> v = new LinkedHashMap<>();
            v.put("batch", base.batchMaxSize());
            v.put("wait", base.batchMaxWaitMs());
            v.put("commit", base.commitIntervalMs());
            v.put("linger", base.lingerMs());
            v.put("threads", base.streamThreads());
            v.put("partitions", base.partitions());
            v.put("poll", base.maxPollRecords());
            for (String kv : one.trim().split(",")) {
                String[] parts = kv.split("=", 2);
                if (parts.length != 2 || !v.containsKey(parts[0].trim())) {
                    throw new UsageException("--stream-variants: expected key=value with keys " + v.keySet() + ", got '" + kv + "'");
                }
                try {
                    v.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
                } catch (NumberFormatException e) {
                    throw new UsageException("--stream-variants: not a number in '" + kv + "'");
                }
            }
            out.add(new Variant(v.toString().replace("{", "").replace("}", ""), v.get("batch"), v.get("wait"),
                    v.get("commit"), v.get("linger"), v.get("threads"), v.get("partitions"), v.get("poll")));
        }
        return out;
    }

    /**
     * How long the stream is measured, from the raw figure of the same run.
     *
     * @param rawImagesPerSec the raw pipeline's photos/s (its median over the repeats); 0 when there is none,
     *        then the saturation run is {@link #SATURATION_ROUNDS} rounds and the latency load half the stream's
     * @param saturationSeconds the saturation run sends whole rounds of the photos worth at least this many
     *        seconds at the raw rate (the stream is not faster than raw, so the run lasts at least this long)
     * @param latencySeconds the paced latency run lasts this long
     */
    public record Windows(double rawImagesPerSec, double saturationSeconds, double latencySeconds) {

        /** Checks in the saturation run: whole rounds of {@code photos}, at least one. */
        int saturationChecks(int photos) {
            if (!(rawImagesPerSec > 0)) {
                return photos * SATURATION_ROUNDS;
            }
            long rounds = Math.max(1, (long) Math.ceil(rawImagesPerSec * saturationSeconds / photos));
            return (int) Math.min(Integer.MAX_VALUE, rounds * photos);
        }

        /** The paced load of the latency run: half the raw rate, or half {@code streamImagesPerSec} without one. */
        double offeredLoad(double streamImagesPerSec) {
            return (rawImagesPerSec > 0 ? rawImagesPerSec : streamImagesPerSec) / 2;
        }

        /** Checks in the latency run at {@code offered} per second: {@link #latencySeconds()} worth, at least 20. */
        int latencyChecks(double offered) {
            return (int) Math.max(20, Math.round(offered * latencySeconds));
        }
    }

    /** The saturation run sends every photo this many times when no raw figure is given. */
    private static final int SATURATION_ROUNDS = 4;
    /** Warm-up ends when the JIT compiler took less than this share of a round's wall time. */
    private static final double QUIET_COMPILER_SHARE = 0.05;
    private static final int MAX_WARM_UP_ROUNDS = 4;
    /**
     * The first configuration warms the JVM for all: Kafka's client and broker code keeps the compiler busy for
     * minutes on two cores (measured: still 40-80 % of the time after 6 rounds of 300 checks).
     */
    private static final int FIRST_WARM_UP_ROUNDS = 16;

    private final FacePipeline pipeline;
    private final Path workDir;

    public StreamBenchmark(FacePipeline pipeline, Path workDir) {
        this.pipeline = pipeline;
        this.workDir = workDir;
    }

    public Map<String, Object> run(List<Path> files, List<byte[]> photos, List<Variant> variants, Windows windows)
            throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> results = new ArrayList<>();
        Files.createDirectories(workDir);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, workDir.resolve("broker"), Map.of())) {
            for (int i = 0; i < variants.size(); i++) {
                Variant v = variants.get(i);
                System.err.printf("bench: streaming %s ...%n", v.name());
                results.add(measure(broker.bootstrapServers(), "b" + i + ".", v, files, photos, windows,
                        i == 0 ? FIRST_WARM_UP_ROUNDS : MAX_WARM_UP_ROUNDS));
            }
        }
        out.put("streamVariants", results);
        return out;
    }

    private Map<String, Object> measure(String bootstrap, String prefix, Variant v, List<Path> files,
            List<byte[]> photos, Windows windows, int maxWarmUpRounds) throws Exception {
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
        file.setProperty(FaceGateConfig.Key.TOPICS_PARTITIONS.key(), Integer.toString(v.partitions()));
        file.setProperty(FaceGateConfig.Key.MAX_POLL_RECORDS.key(), Integer.toString(v.maxPollRecords()));
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
        r.put("partitions", v.partitions());
        r.put("maxPollRecords", v.maxPollRecords());
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

            // Warm-up until the JIT compiler is quiet: it compiles Kafka's, the broker's and our code for a long
            // time (measured: with one warm-up pass of 300 checks the compiler threads still took a quarter of the
            // CPU during saturation). Then saturation: everything at once.
            r.put("warmUpChecks", warmUp(gate, verdicts, people, photos, maxWarmUpRounds));
            int saturation = windows.saturationChecks(photos.size());
            Map<String, Long> requestsBefore = brokerRequests();
            CpuMeter cpu = new CpuMeter().start();
            List<Double> satLatencies = sendAndAwait(gate, verdicts, people, photos, "sat", saturation, 0);
            CpuMeter.Span span = cpu.stop();
            double perSec = saturation / span.wallSeconds();
            r.put("streamImagesPerSec", perSec);
            r.put("saturationChecks", saturation);
            r.put("saturationSeconds", span.wallSeconds());
            r.put("processCpuMsPerCheck", span.processCpuMsPer(saturation));
            r.put("machineBusyShare", span.machineBusyShare());
            r.put("cpuSecondsByThreadGroup", span.cpuSecondsByThreadGroup());
            r.put("cpuMsPerCheckByPart", CpuParts.msPerCheck(span, "facegate-bench-", saturation));
            Map<String, Double> perCheck = new LinkedHashMap<>();
            brokerRequests().forEach((type, count) -> {
                long d = count - requestsBefore.getOrDefault(type, 0L);
                if (d > 0) {
                    perCheck.put(type, Math.round(1000.0 * d / saturation) / 1000.0);
                }
            });
            r.put("brokerRequestsPerCheck", perCheck);
            r.put("cpuSecondsByOsThreadName", span.cpuSecondsByOsThreadName());
            r.put("saturationLatencyMs", percentiles(satLatencies));

            // Latency at half the raw rate of the same run.
            double offered = windows.offeredLoad(perSec);
            int n = windows.latencyChecks(offered);
            List<Double> latencies = sendAndAwait(gate, verdicts, people, photos, "lat", n, offered);
            r.put("offeredLoadPerSec", offered);
            r.put("offeredLoadBasis", windows.rawImagesPerSec() > 0 ? "half the raw pipeline's photos/s"
                    : "half this configuration's saturation checks/s");
            r.put("latencyChecks", n);
            r.put("latencySeconds", n / offered);
            r.put("latencyMs", percentiles(latencies));
        }
        return r;
    }

    /** Requests the in-process broker handled so far, by request type (its JMX request metrics). */
    static Map<String, Long> brokerRequests() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            for (javax.management.ObjectName name : server.queryNames(
                    new javax.management.ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                Object count = server.getAttribute(name, "Count");
                counts.merge(name.getKeyProperty("request"), ((Number) count).longValue(), Long::sum);
            }
        } catch (javax.management.JMException e) {
            // no broker metrics: leave the map empty
        }
        return counts;
    }

    /**
     * Sends rounds of every photo as checks, at saturation, until a round spends under
     * {@link #QUIET_COMPILER_SHARE} of its wall time in the JIT compiler (at most {@code maxRounds}).
     * Returns the number of checks sent.
     */
    private static int warmUp(GateClient gate, TopicReader<Verdict> verdicts, List<String> people, List<byte[]> photos,
            int maxRounds) {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        int sent = 0;
        for (int round = 0; round < maxRounds; round++) {
            long compileMs = jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
            long start = System.nanoTime();
            sendAndAwait(gate, verdicts, people, photos, "warm" + round, photos.size(), 0);
            sent += photos.size();
            double wallMs = (System.nanoTime() - start) / 1e6;
            double compileShare = jit.isCompilationTimeMonitoringSupported()
                    ? (jit.getTotalCompilationTime() - compileMs) / wallMs : 0;
            System.err.printf("bench: warm-up round %d: %.0f checks/s, JIT compiler %.0f%% of the time%n", round,
                    photos.size() / (wallMs / 1000), 100 * compileShare);
            if (compileShare < QUIET_COMPILER_SHARE) {
                break;
            }
        }
        return sent;
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
        List<Double> sorted = values.stream().sorted().toList();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("p50", Demo.percentile(sorted, 0.50));
        m.put("p95", Demo.percentile(sorted, 0.95));
        m.put("p99", Demo.percentile(sorted, 0.99));
        m.put("max", sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
        return m;
    }
}
