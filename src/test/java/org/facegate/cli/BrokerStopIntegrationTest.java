package org.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.facegate.embedded.KafkaCluster;
import org.facegate.testsupport.ChildKafkaCluster;
import org.facegate.testsupport.ChildKafkaCluster.Termination;
import org.facegate.testsupport.KafkaTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ctrl-C on every node of the three-node cluster ({@code broker --node-id N --cluster-size 3}, default settings), one
 * after another, the active controller first: the first two hand over through a controlled shutdown; the last finds
 * no controller, says it stops without one, and every node's JVM exits with status 0 within 30 s of its SIGTERM.
 * Started again on the same data, the three give back every committed record and none of an aborted transaction.
 * The test leaves the cluster running and fully replicated, as it found it, so it may run before or after
 * BrokerFailureIntegrationTest on the shared fixture.
 */
@ExtendWith(KafkaCluster.class)
class BrokerStopIntegrationTest {

    /** Issue 30's target: every node gone within 30 s of SIGTERM with default settings, whatever the order. */
    private static final Duration PROMISED = Duration.ofSeconds(30);
    /** How long the test waits before it calls a node stuck (and SIGKILLs it): past the promise, to report the time. */
    private static final Duration GIVE_UP = Duration.ofSeconds(90);
    private static final int PARTITIONS = 3;
    private static final int TRANSACTIONS = 20;
    private static final int PER_TRANSACTION = 10;
    private static final String END = "end-";

    @Test
    void everyNodeExitsWithinThirtySecondsOfSigtermAndARestartGivesBackEveryCommittedRecord(ChildKafkaCluster cluster)
            throws Exception {
        // Given committed records on a topic with three copies, an aborted transaction among them
        String topic = KafkaTestSupport.uniqueName("stop-records");
        Properties client = cluster.clientProperties();
        int controller;
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 3))).all().get(30, TimeUnit.SECONDS);
            controller = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        }
        Set<String> committed = writeCommittedAndAborted(client, topic);

        // When the active controller, then a second node, then the last get SIGTERM, each after the one before exited
        List<Integer> order = new ArrayList<>(List.of(controller));
        for (int n = 1; n <= ChildKafkaCluster.SIZE; n++) {
            if (n != controller) {
                order.add(n);
            }
        }
        List<Termination> stops = new ArrayList<>();
        for (int node : order) {
            stops.add(cluster.terminate(node, GIVE_UP));
        }

        // Then each said at once that it stops, the first two with a controlled shutdown, the last without a controller,
        // and each exited with status 0 (stopped, logs closed) within 30 s
        for (int i = 0; i < stops.size(); i++) {
            Termination stop = stops.get(i);
            String node = "node " + order.get(i) + " (stopped " + (i + 1) + " of 3)";
            assertTrue(stop.output().contains(BrokerShutdownHook.STOPPING), node + " says it stops:\n" + tail(stop));
            assertEquals(BrokerShutdownHook.STOPPED, stop.exitStatus(), node + " exit status:\n" + tail(stop));
            assertTrue(stop.took().compareTo(PROMISED) < 0, node + " took " + stop.took().toMillis() + " ms:\n" + tail(stop));
            String expected = i < 2 ? "controlled shutdown approved" : BrokerShutdownHook.WITHOUT_CONTROLLER;
            assertTrue(stop.output().contains(expected), node + " says '" + expected + "':\n" + tail(stop));
        }

        // and started again on the same data, the three give back every committed record and no aborted one
        long restart = System.nanoTime();
        cluster.restartStopped();
        double restartS = (System.nanoTime() - restart) / 1e9;
        List<ConsumerRecord<byte[], byte[]>> read = KafkaTestSupport.readCommitted(client, topic, Duration.ofSeconds(90),
                got -> got.stream().filter(r -> value(r).startsWith(END)).count() == PARTITIONS);
        List<String> values = read.stream().map(BrokerStopIntegrationTest::value).toList();
        assertEquals(committed, new HashSet<>(values), "committed records after the restart");
        assertEquals(committed.size(), values.size(), "each committed record once");
        cluster.awaitFullyReplicated(Duration.ofSeconds(90));
        System.out.printf(Locale.ROOT, "broker stop: SIGTERM to exit %s; restart of all three %.1f s; %d of %d committed records back%n",
                java.util.stream.IntStream.range(0, stops.size()).mapToObj(i -> String.format(Locale.ROOT, "node %d %.1f s",
                        order.get(i), stops.get(i).took().toMillis() / 1000.0)).collect(Collectors.joining(", ")),
                restartS, values.size(), committed.size());
    }

    /**
     * {@link #TRANSACTIONS} committed transactions of {@link #PER_TRANSACTION} records spread over the partitions, one
     * aborted transaction, then one committed end marker per partition (read after everything before it). Returns the
     * committed values.
     */
    private static Set<String> writeCommittedAndAborted(Properties client, String topic) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-writer");
        Set<String> committed = new HashSet<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            for (int t = 0; t < TRANSACTIONS; t++) {
                producer.beginTransaction();
                for (int r = 0; r < PER_TRANSACTION; r++) {
                    String value = "committed-" + t + "-" + r;
                    producer.send(new ProducerRecord<>(topic, (t * PER_TRANSACTION + r) % PARTITIONS, value, value));
                    committed.add(value);
                }
                producer.commitTransaction();
            }
            producer.beginTransaction();
            for (int r = 0; r < PER_TRANSACTION; r++) {
                producer.send(new ProducerRecord<>(topic, r % PARTITIONS, "aborted-" + r, "aborted-" + r));
            }
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, END + partition, END + partition));
                committed.add(END + partition);
            }
            producer.commitTransaction();
        }
        return committed;
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    /** The node's own lines (FaceGate's, not Kafka's), for a failure message. */
    private static String tail(Termination stop) {
        return stop.output().lines().filter(l -> l.startsWith("facegate")).collect(Collectors.joining("\n"));
    }
}
