package org.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.facegate.config.FaceGateConfig;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.embedded.KafkaBroker;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;
import org.facegate.matching.TemplateKey;
import org.facegate.testsupport.ChildFaceGate;
import org.facegate.testsupport.KafkaTestSupport;
import org.facegate.testsupport.PlannedCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Crash safety with exactly-once and micro-batching on (the defaults): FaceGate runs in child JVMs against the real
 * (in-process) broker and is killed with SIGKILL while checks flow.
 * <ul>
 *   <li>One instance, killed three times at seeded random moments and restarted each time: every check has
 *       exactly one committed verdict (read_committed), none lost, none doubled, each the right decision.</li>
 *   <li>Two instances with a standby replica: the active one is killed, the other takes over; the fail-over time
 *       (kill to the next verdict) is measured and printed.</li>
 * </ul>
 */
@ExtendWith(KafkaBroker.class)
class CrashRecoveryIntegrationTest {

    private static final long SEED = 6L;
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final String SESSION_TIMEOUT_MS = "6000";
    /** Well above the slowest batch of these small photos; with the session timeout it bounds the fail-over time. */
    private static final String TRANSACTION_TIMEOUT_MS = "5000";

    private static PlannedCheck plan(int i) {
        return PlannedCheck.plan(i, "gate-crash");
    }

    private static List<String> runArgs(EmbeddedKafkaBroker broker, String app, Path work, Path keyFile, int partitions,
                                        String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", broker.bootstrapServers(),
                "--template-key-file", keyFile.toString(),
                "--set", "facegate.application.id=" + app,
                "--set", "facegate.topic.prefix=" + app + ".",
                "--set", "facegate.topics.partitions=" + partitions,
                "--set", "facegate.inference.threads=1",
                "--set", "facegate.streams.session-timeout-ms=" + SESSION_TIMEOUT_MS,
                "--set", "facegate.streams.transaction-timeout-ms=" + TRANSACTION_TIMEOUT_MS));
        for (String s : settings) {
            args.add("--set");
            args.add(s);
        }
        return args;
    }

    private static Path keyFile(Path work) throws Exception {
        Files.createDirectories(work);
        Path file = work.resolve("template.key");
        TemplateKey.generate().write(file);
        return file;
    }

    private static void enrol(GateClient gate, TopicReader<EnrolmentResult> results) {
        PlannedCheck.enrol(gate, results, START);
    }

    private static void assertExactlyOnce(Properties client, FaceGateConfig config, Map<String, PlannedCheck> planned) {
        PlannedCheck.assertExactlyOnce(client, config.topics().verdicts(), planned, WAIT);
    }

    @Test
    void killedThreeTimesAtRandomMomentsEveryCheckGetsExactlyOneVerdict(EmbeddedKafkaBroker broker) throws Exception {
        String app = KafkaTestSupport.uniqueName("crash");
        Path work = Path.of("target", "crash-tests", app);
        Path key = keyFile(work);
        // Static membership: a restarted instance takes its partitions back at once instead of after the session timeout.
        List<String> args = runArgs(broker, app, work, key, 2, "facegate.streams.state-dir=" + work.resolve("state"),
                "kafka.group.instance.id=" + app + "-instance");
        FaceGateConfig config = KafkaTestSupport.config(broker.bootstrapServers(), app, 2, Map.of());
        Properties client = config.clientProperties();
        Random random = new Random(SEED);
        int checks = 100;
        int[] killAt = {13 + random.nextInt(15), 43 + random.nextInt(15), 73 + random.nextInt(15)};
        Map<String, PlannedCheck> planned = new ConcurrentHashMap<>();
        int generation = 0;
        // The first instance holds checks in its micro-batch for up to 5 s, so that a kill surely finds some buffered.
        List<String> holding = new ArrayList<>(args);
        holding.addAll(List.of("--set", "facegate.batch.max-wait-ms=5000"));
        ChildFaceGate child = ChildFaceGate.start(app, work.resolve("run-" + generation + ".log"), holding).awaitRunning(START);
        try (GateClient gate = new GateClient(client, config.topologySettings());
             TopicReader<Verdict> verdicts = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, true);
             TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, true)) {
            enrol(gate, results);

            // Given three checks buffered in the changelogged pending store (committed, not answered), when killed
            for (int i = 0; i < 3; i++) {
                PlannedCheck p = plan(1000 + i * 5); // genuine P1 checks
                planned.put(p.checkId(), p);
                gate.check(p.request());
            }
            gate.flush();
            Thread.sleep(1500); // many commit intervals
            assertTrue(verdicts.poll(Duration.ofMillis(100)).isEmpty(), "still buffered");
            child.kill();
            generation++;
            // then the restarted instance (default batching from here on) answers them
            child = ChildFaceGate.start(app, work.resolve("run-" + generation + ".log"), args).awaitRunning(START);
            int seenBuffered = KafkaTestSupport.await(verdicts, 3, WAIT).size();

            // Checks flow from a gate thread while this thread kills and restarts FaceGate
            Thread sender = new Thread(() -> {
                for (int i = 0; i < checks; i++) {
                    PlannedCheck p = plan(i);
                    planned.put(p.checkId(), p);
                    gate.check(p.request());
                    sleep(100);
                }
            }, "gate");
            sender.start();
            int seen = seenBuffered;
            List<String> kills = new ArrayList<>(List.of("with 3 checks buffered"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((seen < checks + 3 || generation <= killAt.length) && System.nanoTime() < deadline) {
                seen += verdicts.poll(Duration.ofMillis(50)).size();
                if (generation <= killAt.length && seen >= killAt[generation - 1]) {
                    Thread.sleep(random.nextInt(250));
                    child.kill();
                    kills.add("after " + seen + " verdicts (" + planned.size() + " checks sent)");
                    generation++;
                    child = ChildFaceGate.start(app, work.resolve("run-" + generation + ".log"), args);
                }
            }
            sender.join();
            child.awaitRunning(START);

            // Then, read committed from the beginning: exactly one verdict per check
            assertEquals(checks + 3, planned.size());
            assertExactlyOnce(client, config, planned);
            assertTrue(restoredPending(work.resolve("run-1.log")) >= 3, "the restart answered the buffered checks");
            long restored = 0;
            for (int g = 2; g <= generation; g++) {
                restored += restoredPending(work.resolve("run-" + g + ".log"));
            }
            System.out.printf("crash test: %d checks, SIGKILL %s; checks answered from the pending store after the random kills: %d%n",
                    planned.size(), kills, restored);
        } finally {
            child.close();
        }
    }

    /** Checks a restarted instance found in its pending store, from its log. */
    private static long restoredPending(Path log) throws java.io.IOException {
        long n = 0;
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf(" checks buffered before a restart");
            if (at > 0) {
                n += Long.parseLong(line.substring(line.lastIndexOf(' ', at - 1) + 1, at));
            }
        }
        return n;
    }

    @Test
    void withTwoInstancesAndAStandbyTheOtherTakesOverWhenTheActiveOneIsKilled(EmbeddedKafkaBroker broker) throws Exception {
        String app = KafkaTestSupport.uniqueName("failover");
        Path work = Path.of("target", "crash-tests", app);
        Path key = keyFile(work);
        FaceGateConfig config = KafkaTestSupport.config(broker.bootstrapServers(), app, 1, Map.of());
        Properties client = config.clientProperties();
        ChildFaceGate a = ChildFaceGate.start("a", work.resolve("a.log"), runArgs(broker, app, work, key, 1,
                "facegate.streams.state-dir=" + work.resolve("state-a"), "facegate.streams.standby-replicas=1",
                "kafka.client.id=" + app + "-a")).awaitRunning(START);
        ChildFaceGate b = null;
        Map<String, PlannedCheck> planned = new ConcurrentHashMap<>();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        try (GateClient gate = new GateClient(client, config.topologySettings());
             TopicReader<Verdict> verdicts = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, false);
             TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, true)) {
            enrol(gate, results);
            b = ChildFaceGate.start("b", work.resolve("b.log"), runArgs(broker, app, work, key, 1,
                    "facegate.streams.state-dir=" + work.resolve("state-b"), "facegate.streams.standby-replicas=1",
                    "kafka.client.id=" + app + "-b")).awaitRunning(START);
            String active = awaitActiveInstance(client, app, config.topics().checks());
            ChildFaceGate victim = active.equals(app + "-a") ? a : b;

            // Given checks flowing every 100 ms
            Thread sender = new Thread(() -> {
                for (int i = 0; i < 150; i++) {
                    PlannedCheck p = plan(i);
                    planned.put(p.checkId(), p);
                    sentAt.put(p.checkId(), System.nanoTime());
                    gate.check(p.request());
                    sleep(100);
                }
            }, "gate");
            sender.start();
            Map<String, Long> receivedAt = new ConcurrentHashMap<>();
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                verdicts.poll(Duration.ofMillis(20)).forEach(v -> receivedAt.put(v.checkId(), System.nanoTime()));
            }

            // When the active instance is killed
            long killed = System.nanoTime();
            victim.kill();

            // Then the other one answers, and every check gets exactly one verdict
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((sender.isAlive() || receivedAt.size() < planned.size()) && System.nanoTime() < deadline) {
                verdicts.poll(Duration.ofMillis(20)).forEach(v -> receivedAt.put(v.checkId(), System.nanoTime()));
            }
            sender.join();
            long firstAfter = receivedAt.entrySet().stream().filter(e -> sentAt.get(e.getKey()) > killed)
                    .mapToLong(Map.Entry::getValue).min().orElseThrow();
            double failoverS = (firstAfter - killed) / 1e9;
            double maxLatencyS = receivedAt.entrySet().stream()
                    .mapToDouble(e -> (e.getValue() - sentAt.get(e.getKey())) / 1e9).max().orElseThrow();
            assertExactlyOnce(client, config, planned);
            System.out.printf("fail-over: SIGKILL of the active instance (%s) -> first verdict of a later check after %.1f s;"
                    + " worst check latency %.1f s; session timeout %s ms, transaction timeout %s ms, standby replicas 1, %d checks%n",
                    active, failoverS, maxLatencyS, SESSION_TIMEOUT_MS, TRANSACTION_TIMEOUT_MS, planned.size());
        } finally {
            a.close();
            if (b != null) {
                b.close();
            }
        }
    }

    /** The client id of the instance whose consumer owns the (only) checks partition, once the group is stable. */
    private static String awaitActiveInstance(Properties client, String app, String checksTopic) throws Exception {
        TopicPartition checks = new TopicPartition(checksTopic, 0);
        try (Admin admin = Admin.create(client)) {
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < deadline) {
                var group = admin.describeConsumerGroups(List.of(app)).all().get(30, TimeUnit.SECONDS).get(app);
                // One member per stream thread; the instance is the client id before "-StreamThread-N-consumer".
                java.util.Set<String> instances = group.members().stream()
                        .map(m -> m.clientId().substring(0, m.clientId().indexOf("-StreamThread"))).collect(Collectors.toSet());
                if (instances.size() == 2) {
                    for (MemberDescription m : group.members()) {
                        if (m.assignment().topicPartitions().contains(checks)) {
                            return m.clientId().substring(0, m.clientId().indexOf("-StreamThread"));
                        }
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("no stable group of two instances");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
