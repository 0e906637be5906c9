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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.facegate.config.FaceGateConfig;
import org.facegate.embedded.KafkaCluster;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;
import org.facegate.matching.TemplateKey;
import org.facegate.testsupport.ChildFaceGate;
import org.facegate.testsupport.ChildKafkaCluster;
import org.facegate.testsupport.KafkaTestSupport;
import org.facegate.testsupport.PlannedCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exactly-once across broker failures: FaceGate (a child JVM, its default settings but the transaction timeout) runs against a three-node KRaft
 * cluster (child JVMs started with {@code broker --node-id N --cluster-size 3}), topics replicated three times with
 * {@code min.insync.replicas} 2 by FaceGate's own choice. A gate sends a check every {@value #INTERVAL_MS} ms while the
 * node leading {@code passport-checks} partition 0, then the transaction coordinator of FaceGate's producer, then the
 * active KRaft controller is killed with SIGKILL, left down for {@link #DOWN} (longer than the brokers' 9 s session
 * timeout, so the survivors take over without it) and started again. Then every check has exactly one committed
 * verdict (read_committed) with the right decision, FaceGate was never restarted and is RUNNING. The test prints the
 * longest time a gate waited for a verdict around each kill.
 */
@ExtendWith(KafkaCluster.class)
class BrokerFailureIntegrationTest {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration DOWN = Duration.ofSeconds(12);
    private static final long INTERVAL_MS = 200;
    private static final String CHECKS = "passport-checks";
    /**
     * What docs/operations.md recommends on a cluster: longer than a broker fail-over (the brokers' 9 s session timeout
     * plus a controller election), so that a transaction open at the kill commits afterwards. With the default 10 s the
     * coordinator aborts it first, the commit fails with InvalidTxnStateException and the stream thread is replaced:
     * still exactly once, but gates waited 31 s and 52 s in two runs instead of 13 s.
     */
    private static final String TRANSACTION_TIMEOUT_MS = "30000";

    /** One SIGKILL: whom, why, and when (System.nanoTime()). */
    private record Kill(int node, String role, String alsoWas, long at, long restartedAt) {
    }

    @Test
    void everyCheckGetsExactlyOneVerdictWhenTheLeaderTheTransactionCoordinatorAndTheControllerDie(ChildKafkaCluster cluster)
            throws Exception {
        String app = KafkaTestSupport.uniqueName("brokers");
        Path work = Path.of("target", "broker-failure-tests", app);
        Files.createDirectories(work);
        Path key = work.resolve("template.key");
        TemplateKey.generate().write(key);
        FaceGateConfig config = KafkaTestSupport.config(cluster.bootstrapServers(), app, 2, Map.of());
        Properties client = config.clientProperties();
        ChildFaceGate child = ChildFaceGate.start(app, work.resolve("run.log"), List.of(
                "--bootstrap-servers", cluster.bootstrapServers(),
                "--template-key-file", key.toString(),
                "--set", "facegate.application.id=" + app,
                "--set", "facegate.topic.prefix=" + app + ".",
                "--set", "facegate.topics.partitions=2",
                "--set", "facegate.inference.threads=1",
                "--set", "facegate.streams.state-dir=" + work.resolve("state"),
                "--set", "facegate.streams.transaction-timeout-ms=" + TRANSACTION_TIMEOUT_MS)).awaitRunning(START);
        Map<String, PlannedCheck> planned = new ConcurrentHashMap<>();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        List<Kill> kills = new ArrayList<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicBoolean receiving = new AtomicBoolean(true);
        try (Admin admin = Admin.create(client);
             GateClient gate = new GateClient(client, config.topologySettings());
             TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, true)) {
            PlannedCheck.enrol(gate, results, START);

            // Given FaceGate's topics and changelogs with three copies, two of them needed for a write
            assertReplicatedThreeTimesTwoInSync(admin, app);

            // and a gate sending a check every 200 ms, reading verdicts read_committed as gates do
            TopicReader<Verdict> verdicts = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, false);
            Thread receiver = new Thread(() -> {
                try (verdicts) {
                    while (receiving.get()) {
                        verdicts.poll(Duration.ofMillis(50)).forEach(v -> receivedAt.putIfAbsent(v.checkId(), System.nanoTime()));
                    }
                }
            }, "gate-verdicts");
            receiver.start();
            Thread sender = new Thread(() -> {
                for (int i = 0; sending.get(); i++) {
                    PlannedCheck p = PlannedCheck.plan(i, "gate-brokers");
                    planned.put(p.checkId(), p);
                    sentAt.put(p.checkId(), System.nanoTime());
                    gate.check(p.request());
                    sleep(INTERVAL_MS);
                }
            }, "gate-checks");
            sender.start();
            Thread.sleep(5_000);

            // When the leader of passport-checks partition 0, then the transaction coordinator, then the controller dies
            String checks = config.topics().checks();
            kills.add(killAndRestart(cluster, admin, app, checks, "leader of " + CHECKS + "-0", leaderOfPartitionZero(admin, checks)));
            kills.add(killAndRestart(cluster, admin, app, checks, "transaction coordinator", transactionCoordinator(admin, app)));
            kills.add(killAndRestart(cluster, admin, app, checks, "active controller", activeController(admin)));
            sending.set(false);
            sender.join();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (receivedAt.size() < planned.size() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            receiving.set(false);
            receiver.join();

            // Then every check has exactly one committed verdict, FaceGate ran throughout and is RUNNING
            assertTrue(child.isAlive(), "FaceGate never exited");
            assertEquals(1, child.log().lines().filter(l -> l.startsWith("facegate run: consuming")).count(), "never restarted");
            assertEquals(List.of(), child.log().lines().filter(l -> l.contains("stream thread failed")).toList(),
                    "every transaction open at a kill committed after the fail-over; no stream thread was replaced");
            awaitRunning(child);
            PlannedCheck.assertExactlyOnce(client, config.topics().verdicts(), planned, WAIT);
            long end = System.nanoTime();
            StringBuilder report = new StringBuilder(String.format(
                    "broker failures: %d checks every %d ms, each answered exactly once; FaceGate never restarted, RUNNING at the end%n",
                    planned.size(), INTERVAL_MS));
            for (int k = 0; k < kills.size(); k++) {
                Kill kill = kills.get(k);
                long until = k + 1 < kills.size() ? kills.get(k + 1).at() : end;
                report.append(String.format("  SIGKILL node %d (%s%s), down %.0f s: longest a gate waited for a verdict %.1f s "
                                + "(checks sent from 1 s before the kill to the next), longest gap between verdicts %.1f s%n",
                        kill.node(), kill.role(), kill.alsoWas(), (kill.restartedAt() - kill.at()) / 1e9,
                        longestWait(sentAt, receivedAt, kill.at() - TimeUnit.SECONDS.toNanos(1), until),
                        longestGap(receivedAt, kill.at(), until)));
            }
            report.append(String.format("  before the first kill: median wait %.2f s, longest %.2f s%n",
                    medianWait(sentAt, receivedAt, 0, kills.get(0).at()), longestWait(sentAt, receivedAt, 0, kills.get(0).at())));
            System.out.print(report);
            Files.writeString(work.resolve("report.txt"), report);
            writeTimeline(work.resolve("timeline.csv"), sentAt, receivedAt, kills);
        } finally {
            sending.set(false);
            receiving.set(false);
            child.close();
        }
    }

    /** Kills {@code node}, leaves it down for {@link #DOWN}, starts it again and waits until it has caught up. */
    private static Kill killAndRestart(ChildKafkaCluster cluster, Admin admin, String app, String checks, String role, int node)
            throws Exception {
        List<String> also = new ArrayList<>();
        if (!role.startsWith("leader") && leaderOfPartitionZero(admin, checks) == node) {
            also.add("leader of " + CHECKS + "-0");
        }
        if (!role.startsWith("transaction") && transactionCoordinator(admin, app) == node) {
            also.add("transaction coordinator");
        }
        if (!role.startsWith("active") && activeController(admin) == node) {
            also.add("active controller");
        }
        long at = System.nanoTime();
        cluster.kill(node);
        Thread.sleep(DOWN.toMillis());
        long restartedAt = System.nanoTime();
        cluster.restart(node);
        cluster.awaitFullyReplicated(Duration.ofSeconds(90));
        Thread.sleep(3_000);
        return new Kill(node, role, also.isEmpty() ? "" : ", also " + String.join(", ", also), at, restartedAt);
    }

    private static int leaderOfPartitionZero(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        return d.partitions().get(0).leader().id();
    }

    /** The coordinator of FaceGate's first (by name) transactional id: Kafka Streams names them after the application id. */
    private static int transactionCoordinator(Admin admin, String app) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> ids = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .map(TransactionListing::transactionalId).filter(id -> id.startsWith(app + "-"))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!ids.isEmpty()) {
                String first = ids.iterator().next();
                return admin.describeTransactions(List.of(first)).all().get(30, TimeUnit.SECONDS).get(first).coordinatorId();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no transactional id of " + app);
    }

    private static int activeController(Admin admin) throws Exception {
        return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
    }

    /** passport-checks, verdicts and the templates changelog: replication factor 3, min.insync.replicas 2. */
    private static void assertReplicatedThreeTimesTwoInSync(Admin admin, String app) throws Exception {
        Set<String> all = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
        List<String> topics = all.stream().filter(t -> t.startsWith(app))
                .filter(t -> t.endsWith(CHECKS) || t.endsWith("verdicts") || t.endsWith("templates-changelog")).sorted().toList();
        assertEquals(3, topics.size(), "checks, verdicts and the templates changelog: " + all);
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                assertEquals(3, p.replicas().size(), d.name() + " replication factor");
            }
        }
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS).forEach((r, c) ->
                assertEquals("2", c.get("min.insync.replicas").value(), r.name() + " min.insync.replicas"));
    }

    /** Waits until the last Kafka Streams state change FaceGate logged is to RUNNING. */
    private static void awaitRunning(ChildFaceGate child) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            List<String> changes = child.log().lines().filter(l -> l.contains("Kafka Streams ") && l.contains(" -> ")).toList();
            last = changes.isEmpty() ? "" : changes.get(changes.size() - 1);
            if (last.endsWith("-> RUNNING")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("FaceGate is not RUNNING: " + last);
    }

    /** The longest time from sending to a committed verdict of the checks sent in [from, until), seconds. */
    private static double longestWait(Map<String, Long> sentAt, Map<String, Long> receivedAt, long from, long until) {
        return sentAt.entrySet().stream().filter(e -> e.getValue() >= from && e.getValue() < until)
                .mapToDouble(e -> (receivedAt.get(e.getKey()) - e.getValue()) / 1e9).max().orElse(0);
    }

    private static double medianWait(Map<String, Long> sentAt, Map<String, Long> receivedAt, long from, long until) {
        double[] waits = sentAt.entrySet().stream().filter(e -> e.getValue() >= from && e.getValue() < until)
                .mapToDouble(e -> (receivedAt.get(e.getKey()) - e.getValue()) / 1e9).sorted().toArray();
        return waits.length == 0 ? 0 : waits[waits.length / 2];
    }

    /** Every check: seconds from the first check to its sending, and its wait; the kills as comment lines. */
    private static void writeTimeline(Path file, Map<String, Long> sentAt, Map<String, Long> receivedAt, List<Kill> kills)
            throws java.io.IOException {
        long zero = sentAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
        StringBuilder csv = new StringBuilder();
        for (Kill k : kills) {
            csv.append(String.format("# kill node %d (%s) at %.1f s, restarted at %.1f s%n", k.node(), k.role(),
                    (k.at() - zero) / 1e9, (k.restartedAt() - zero) / 1e9));
        }
        csv.append("check,sent_s,wait_s\n");
        sentAt.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> csv.append(String.format("%s,%.2f,%.2f%n",
                e.getKey(), (e.getValue() - zero) / 1e9, (receivedAt.get(e.getKey()) - e.getValue()) / 1e9)));
        Files.writeString(file, csv);
    }

    /** The longest time without any verdict in [from, until), seconds (checks are sent all the time). */
    private static double longestGap(Map<String, Long> receivedAt, long from, long until) {
        List<Long> times = receivedAt.values().stream().filter(t -> t >= from && t < until).sorted().toList();
        double longest = 0;
        long previous = from;
        for (long t : times) {
            longest = Math.max(longest, (t - previous) / 1e9);
            previous = t;
        }
        return Math.max(longest, (until - previous) / 1e9);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
