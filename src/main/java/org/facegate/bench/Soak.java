package org.facegate.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.facegate.config.FaceGateConfig;
import org.facegate.demo.Demo;
import org.facegate.demo.DemoFaces;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.service.FaceGateService;
import org.facegate.vision.FacePipeline;

/**
 * The soak run: FaceGate (topology, exactly-once, micro-batching, sealed templates) against an embedded broker (or a
 * given one), first a short burst to measure capacity (checks/s answered), then an open-loop steady load at a
 * fraction of it for the given time. Every interval it reports checks sent and answered, gate-observed latency
 * (send to read_committed verdict) p50/p99/max, the largest consumer lag of FaceGate's group on passport-checks, and
 * the heap in use after the last garbage collection; at start and end, the heap after a full GC (flat: no leak).
 * The command prints and writes the {@link SoakReport}.
 */
public final class Soak implements AutoCloseable {

    public record Options(Duration duration, double load, int capacityChecks, Duration interval, Optional<String> bootstrapServers,
                   Optional<Path> images, Path workDir, FaceGateConfig base) {
    }

    private final Options options;
    private final PrintStream out;
    private EmbeddedKafkaBroker broker;
    private FacePipeline pipeline;
    private FaceGateService service;

    public Soak(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public SoakReport run() throws Exception {
        Files.createDirectories(options.workDir());
        String bootstrap = options.bootstrapServers().orElseGet(() -> {
            out.println("soak: starting an embedded Kafka broker (KRaft, single node) ...");
            broker = EmbeddedKafkaBroker.start(0, options.workDir().resolve("broker"), Map.of());
            return broker.bootstrapServers();
        });
        String app = "facegate-soak-" + Long.toHexString(System.nanoTime());
        Properties file = new Properties();
        file.setProperty(FaceGateConfig.Key.BOOTSTRAP_SERVERS.key(), bootstrap);
        file.setProperty(FaceGateConfig.Key.APPLICATION_ID.key(), app);
        file.setProperty(FaceGateConfig.Key.TOPIC_PREFIX.key(), app + ".");
        file.setProperty(FaceGateConfig.Key.STATE_DIR.key(), options.workDir().resolve("state").toString());
        file.setProperty(FaceGateConfig.Key.METRICS_PORT.key(), "-1");
        FaceGateConfig base = options.base();
        file.setProperty(FaceGateConfig.Key.MODELS_DIR.key(), base.modelsDir().toString());
        file.setProperty(FaceGateConfig.Key.PROVIDER.key(), base.provider().name().toLowerCase());
        file.setProperty(FaceGateConfig.Key.INFERENCE_THREADS.key(), Integer.toString(base.inferenceThreads()));
        FaceGateConfig config = FaceGateConfig.load(file, Map.of(), Map.of());

        pipeline = FacePipeline.open(config.modelsDir(), config.pipelineSettings());
        DemoFaces.Cast cast = options.images().isPresent() ? DemoFaces.fromLfw(options.images().get(), 50)
                : DemoFaces.fromGroupPhotos(pipeline, Demo.samplePhotos());
        List<DemoFaces.Person> people = cast.people();
        service = new FaceGateService(config, TemplateKeyRing.of(TemplateKey.generate()), pipeline,
                pipeline.provider().name().toLowerCase(), new SimpleMeterRegistry(), Clock.systemUTC()).start();
        Properties client = config.clientProperties();
        try (GateClient gate = new GateClient(client, config.topologySettings());
             TopicReader<Verdict> verdicts = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, false);
             TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, false);
             Admin admin = Admin.create(client)) {
            for (int i = 0; i < people.size(); i++) {
                gate.enrol(Enrolment.of(SoakTraffic.documentId(i), List.of(new EncodedImage("jpeg", people.get(i).enrolment())),
                        Instant.now(), "facegate-soak"));
            }
            gate.flush();
            int enrolled = 0;
            long deadline = System.nanoTime() + SoakTraffic.DRAIN.toNanos();
            while (enrolled < people.size() && System.nanoTime() < deadline) {
                enrolled += results.poll(Duration.ofMillis(100)).size();
            }
            out.printf("soak: %d people enrolled from %s%n", enrolled, cast.source());

            SoakTraffic traffic = new SoakTraffic(gate, verdicts, people);
            traffic.startReceiving();
            double capacity = traffic.measureCapacity(options.capacityChecks());
            double rate = capacity * options.load();
            out.printf("soak: capacity %.1f checks/s (burst of %d); steady load %.1f checks/s (%.0f%%) for %s%n",
                    capacity, options.capacityChecks(), rate, options.load() * 100, SoakReport.format(options.duration()));
            double heapStart = heapAfterFullGcMb();
            List<SoakReport.Row> rows = traffic.steady(rate, options.duration(), options.interval(),
                    () -> lag(admin, app, config.topics().checks()), Soak::heapAfterLastGcMb);
            traffic.drain();
            double heapEnd = heapAfterFullGcMb();
            traffic.stop();
            Map<String, Object> setup = new HashMap<>();
            setup.put("provider", pipeline.provider().name().toLowerCase());
            setup.put("cores", Runtime.getRuntime().availableProcessors());
            setup.put("broker", broker != null ? "embedded" : bootstrap);
            setup.put("batch", config.batchMaxSize() + " checks / " + config.batchMaxWaitMs() + " ms");
            setup.put("commitIntervalMs", config.commitIntervalMs());
            setup.put("people", people.size());
            setup.put("durationS", options.duration().toSeconds());
            setup.put("load", options.load());
            return new SoakReport(capacity, rate, traffic.sent(), traffic.answered(), traffic.missing(), traffic.duplicates(),
                    heapStart, heapEnd, rows, setup);
        }
    }

    /** Records of passport-checks not yet committed by FaceGate's group, over all partitions. */
    private static long lag(Admin admin, String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                    : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Heap in use right after the most recent collection, summed over the heap pools (no GC forced). */
    private static double heapAfterLastGcMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && after != null) {
                bytes += after.getUsed();
            }
        }
        return bytes / 1048576.0;
    }

    /** Heap in use after a full collection (requested twice so that finalizable objects go too). */
    private static double heapAfterFullGcMb() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (broker != null) {
            broker.close();
        }
        try (var files = Files.walk(options.workDir())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}
