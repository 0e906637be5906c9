package org.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.facegate.config.FaceGateConfig;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.embedded.KafkaBroker;
import org.facegate.events.CheckRequest;
import org.facegate.events.ComparedWith;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.Reason;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;
import org.facegate.testsupport.KafkaTestSupport;
import org.facegate.testsupport.TestFaces;
import org.facegate.topology.TopicSetup;
import org.facegate.vision.FaceAnalyser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * FaceGate against a real (in-process) Kafka broker with exactly-once processing: enrol, check, erase, restart
 * with the local state deleted (the store is restored from its changelog), and at the end every check has exactly
 * one committed verdict.
 */
@ExtendWith(KafkaBroker.class)
class FaceGateIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final FaceAnalyser analyser = org.facegate.testsupport.TestModels.pipeline();

    private static FaceGateConfig config(EmbeddedKafkaBroker broker, String name, int partitions) {
        return KafkaTestSupport.config(broker.bootstrapServers(), name, partitions, Map.of());
    }

    private static CheckRequest check(String checkId, String documentId, byte[] live, byte[] chip) {
        return CheckRequest.of(checkId, "gate-it", documentId, Instant.now(), new EncodedImage("jpeg", live),
                chip == null ? null : new EncodedImage("jpeg", chip));
    }

    private static Enrolment enrolment(String documentId, byte[]... photos) {
        return Enrolment.of(documentId, Stream.of(photos).map(p -> new EncodedImage("jpeg", p)).toList(),
                Instant.now(), "it");
    }

    @Test
    void enrolCheckEraseRestartAndExactlyOneVerdictPerCheck(EmbeddedKafkaBroker broker) throws Exception {
        FaceGateConfig config = config(broker, KafkaTestSupport.uniqueName("it"), 2);
        Properties client = config.clientProperties();
        Map<String, Decision> expected = new HashMap<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FaceGateService service = new FaceGateService(config, analyser, "cpu", registry, Clock.systemUTC()).start();
        // This test runs with plaintext templates (the development constructor), and the metric says so.
        assertEquals(1.0, registry.get("facegate.templates.plaintext").gauge().value());
        try (GateClient gate = new GateClient(client, config.topologySettings());
             TopicReader<Verdict> verdicts = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, true);
             TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, true)) {
            try {
                // Given two enrolled identities
                gate.enrol(enrolment("P1", TestFaces.enrolment("alice")));
                gate.enrol(enrolment("P2", TestFaces.enrolment("bob")));
                gate.flush();
                assertTrue(KafkaTestSupport.await(results, 2, WAIT).stream().allMatch(r -> r.status() == EnrolmentStatus.ENROLLED));

                // When gates send checks, good and bad
                gate.check(check("c1", "P1", TestFaces.live("alice"), null));
                gate.check(check("c2", "P1", TestFaces.live("mallory"), null));
                gate.check(check("c3", "P3", TestFaces.live("alice"), null));
                gate.check(check("c4", "P9", TestFaces.live("bob"), TestFaces.enrolment("bob")));
                gate.send(config.topics().checks(), "P1", "{\"checkId\":\"c5\"}".getBytes(StandardCharsets.UTF_8));
                gate.send(config.topics().checks(), "P1", "not json".getBytes(StandardCharsets.UTF_8));
                gate.flush();
                expected.putAll(Map.of("c1", Decision.MATCH, "c2", Decision.NO_MATCH, "c3", Decision.NOT_ENROLLED,
                        "c4", Decision.MATCH, "c5", Decision.REJECTED));

                // Then each gets its verdict
                Map<String, Verdict> byId = KafkaTestSupport.await(verdicts, 5, WAIT).stream().collect(Collectors.toMap(Verdict::checkId, Function.identity()));
                expected.forEach((id, decision) -> assertEquals(decision, byId.get(id).decision(), id));
                assertEquals(ComparedWith.CHIP, byId.get("c4").comparedWith());
                assertEquals(Reason.INVALID_EVENT, byId.get("c5").reason());
                assertEquals(1, readDeadLetters(client, config.topics().deadLetters()).size());

                // When P2 is erased, then P2 is no longer enrolled
                gate.erase("P2");
                gate.flush();
                assertEquals(EnrolmentStatus.ERASED, KafkaTestSupport.await(results, 1, WAIT).get(0).status());
                gate.check(check("c6", "P2", TestFaces.live("bob"), null));
                gate.flush();
                assertEquals(Decision.NOT_ENROLLED, KafkaTestSupport.await(verdicts, 1, WAIT).get(0).decision());
                expected.put("c6", Decision.NOT_ENROLLED);
            } finally {
                service.close();
            }

            // When the application restarts without its local state, the store is restored from the changelog
            deleteRecursively(config.stateDir());
            service = new FaceGateService(config, analyser, "cpu", new SimpleMeterRegistry(), Clock.systemUTC()).start();
            try {
                gate.check(check("c7", "P1", TestFaces.live("alice"), null));
                gate.check(check("c8", "P2", TestFaces.live("bob"), null));
                gate.flush();
                Map<String, Verdict> byId = KafkaTestSupport.await(verdicts, 2, WAIT).stream().collect(Collectors.toMap(Verdict::checkId, Function.identity()));
                assertEquals(Decision.MATCH, byId.get("c7").decision(), "P1's templates were restored");
                assertEquals(Decision.NOT_ENROLLED, byId.get("c8").decision(), "P2's erasure was restored too");
                expected.put("c7", Decision.MATCH);
                expected.put("c8", Decision.NOT_ENROLLED);
            } finally {
                service.close();
            }
        }

        // Then, read committed from the beginning: exactly one verdict per check, none lost, none doubled
        try (TopicReader<Verdict> all = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, true)) {
            List<Verdict> every = KafkaTestSupport.await(all, expected.size(), WAIT);
            assertTrue(all.poll(Duration.ofSeconds(2)).isEmpty(), "no extra verdicts");
            Map<String, Long> counts = every.stream().collect(Collectors.groupingBy(Verdict::checkId, Collectors.counting()));
            assertEquals(expected.keySet(), counts.keySet());
            assertTrue(counts.values().stream().allMatch(c -> c == 1), counts.toString());
        }
    }

    @Test
    void refusesToStartWhenChecksAndEnrolmentsAreNotCoPartitioned(EmbeddedKafkaBroker broker) throws Exception {
        FaceGateConfig config = config(broker, KafkaTestSupport.uniqueName("copart"), 2);
        try (Admin admin = Admin.create(config.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(config.topics().checks(), 2, (short) 1),
                    new NewTopic(config.topics().enrolments(), 3, (short) 1))).all().get();
        }
        FaceGateService service = new FaceGateService(config, analyser, "cpu", new SimpleMeterRegistry(), Clock.systemUTC());
        TopicSetup.TopicsNotReadyException e = assertThrows(TopicSetup.TopicsNotReadyException.class, service::start);
        assertTrue(e.getMessage().contains("must have the same partition count"), e.getMessage());
        service.close();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(Properties client, String topic) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (out.isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
