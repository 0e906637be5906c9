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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.facegate.config.FaceGateConfig;
import org.facegate.demo.Demo;
import org.facegate.demo.DemoFaces;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.events.CheckRequest;
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

    private static final Duration DRAIN = Duration.ofSeconds(60);

    public record Options(Duration duration, double load, int capacityChecks, Duration interval, Optional<String> bootstrapServers,
                   Optional<Path> images, Path out, Path workDir, FaceGateConfig base) {
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
                gate.enrol(Enrolment.of(documentId(i), List.of(new EncodedImage("jpeg", people.get(i).enrolment())),
                        Instant.now(), "facegate-soak"));
            }
            gate.flush();
            int enrolled = 0;
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (enrolled < people.size() && System.nanoTime() < deadline) {
                enrolled += results.poll(Duration.ofMillis(100)).size();
            }
            out.printf("soak: %d people enrolled from %s%n", enrolled, cast.source());

            Traffic traffic = new Traffic(gate, verdicts, people);
            traffic.startReceiving();
            double capacity = traffic.measureCapacity(options.capacityChecks());
            double rate = capacity * options.load();
            out.printf("soak: capacity %.1f checks/s (burst of %d); steady load %.1f checks/s (%.0f%%) for %s%n",
                    capacity, options.capacityChecks(), rate, options.load() * 100, SoakReport.format(options.duration()));
            double heapStart = heapAfterFullGcMb();
            List<SoakReport.Row> rows = traffic.steady(rate, options.duration(), options.interval(),
                    () -> lag(admin, app, config.topics().checks()));
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
            return new SoakReport(capacity, rate, traffic.sent.get(), traffic.answered(), traffic.missing(), traffic.duplicates.get(),
                    heapStart, heapEnd, rows, setup);
        }
    }

    /** Sends checks and reads their verdicts; latency is send to read_committed receipt. */
    private final class Traffic {
        private final GateClient gate;
        private final TopicReader<Verdict> verdicts;
        private final List<DemoFaces.Person> people;
        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
        private final List<double[]> latencies = Collections.synchronizedList(new ArrayList<>()); // {sentNanos, ms}
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger duplicates = new AtomicInteger();
        private final AtomicBoolean receiving = new AtomicBoolean(true);
        private Thread receiver;
        private int next;

        Traffic(GateClient gate, TopicReader<Verdict> verdicts, List<DemoFaces.Person> people) {
            this.gate = gate;
            this.verdicts = verdicts;
            this.people = people;
        }

        void startReceiving() {
            receiver = new Thread(() -> {
                while (receiving.get()) {
                    for (Verdict v : verdicts.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        if (seen.putIfAbsent(v.checkId(), Boolean.TRUE) != null) {
                            duplicates.incrementAndGet();
                            continue;
                        }
                        Long at = sentAt.remove(v.checkId());
                        if (at != null) {
                            latencies.add(new double[] {at, (now - at) / 1e6});
                        }
                    }
                }
            }, "soak-verdicts");
            receiver.setDaemon(true);
            receiver.start();
        }

        /** Every 4th check an impostor, every 4th a chip check, like the demo. */
        void send() {
            int i = next++;
            int person = i % people.size();
            boolean impostor = i % 4 == 3;
            boolean chip = i % 4 == 2;
            int shown = impostor ? (person + 1) % people.size() : person;
            String checkId = String.format("soak-%07d", i);
            String document = chip ? "SOAK-CHIP-" + person : documentId(person);
            sentAt.put(checkId, System.nanoTime());
            sent.incrementAndGet();
            gate.check(CheckRequest.of(checkId, "gate-soak", document, Instant.now(),
                    new EncodedImage("jpeg", people.get(shown).live()),
                    chip ? new EncodedImage("jpeg", people.get(person).enrolment()) : null));
        }

        double measureCapacity(int checks) throws InterruptedException {
            int before = seen.size();
            long start = System.nanoTime();
            for (int i = 0; i < checks; i++) {
                send();
            }
            gate.flush();
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (seen.size() - before < checks && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            return (seen.size() - before) / ((System.nanoTime() - start) / 1e9);
        }

        List<SoakReport.Row> steady(double rate, Duration duration, Duration interval, java.util.function.LongSupplier lag)
                throws InterruptedException {
            latencies.clear();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long intervalNanos = interval.toNanos();
            int intervals = (int) Math.max(1, Math.ceil((double) duration.toNanos() / intervalNanos));
            long[] maxLag = new long[intervals];
            double[] heap = new double[intervals];
            int[] sentIn = new int[intervals];
            double periodNanos = 1e9 / rate;
            long sentHere = 0;
            long nextLagProbe = start;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                int k = (int) Math.min(intervals - 1, (now - start) / intervalNanos);
                long due = start + (long) (sentHere * periodNanos);
                if (now >= due) {
                    send(); // open loop: the schedule does not wait for verdicts
                    sentHere++;
                    sentIn[k]++;
                    continue;
                }
                if (now >= nextLagProbe) {
                    maxLag[k] = Math.max(maxLag[k], lag.getAsLong());
                    heap[k] = heapAfterLastGcMb();
                    nextLagProbe = now + TimeUnit.SECONDS.toNanos(2);
                    continue;
                }
                long sleep = Math.min(due, nextLagProbe) - now;
                TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(sleep, TimeUnit.MILLISECONDS.toNanos(50))));
            }
            gate.flush();
            List<SoakReport.Row> rows = new ArrayList<>();
            long drainUntil = System.nanoTime() + DRAIN.toNanos();
            while (!sentAt.isEmpty() && System.nanoTime() < drainUntil) {
                Thread.sleep(20);
            }
            List<double[]> all;
            synchronized (latencies) {
                all = new ArrayList<>(latencies);
            }
            for (int k = 0; k < intervals; k++) {
                long from = start + k * intervalNanos;
                long to = from + intervalNanos;
                List<Double> ms = new ArrayList<>();
                for (double[] l : all) {
                    if (l[0] >= from && l[0] < to) {
                        ms.add(l[1]);
                    }
                }
                Collections.sort(ms);
                rows.add(new SoakReport.Row(k + 1, sentIn[k], ms.size(), Demo.percentile(ms, 0.5), Demo.percentile(ms, 0.99),
                        ms.isEmpty() ? 0 : ms.get(ms.size() - 1), maxLag[k], heap[k]));
            }
            return rows;
        }

        void drain() throws InterruptedException {
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (!sentAt.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        int answered() {
            return seen.size();
        }

        int missing() {
            return sentAt.size();
        }

        void stop() throws InterruptedException {
            receiving.set(false);
            receiver.join(5000);
        }
    }

    private static String documentId(int person) {
        return String.format("SOAK-%04d", person);
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
    static double heapAfterLastGcMb() {
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
    static double heapAfterFullGcMb() {
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
