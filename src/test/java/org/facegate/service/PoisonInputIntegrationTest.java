package org.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.facegate.config.FaceGateConfig;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.embedded.KafkaBroker;
import org.facegate.events.CheckRequest;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.testsupport.KafkaTestSupport;
import org.facegate.testsupport.PoisonCorpus;
import org.facegate.testsupport.PoisonCorpus.Poison;
import org.facegate.testsupport.TestFaces;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The poison corpus ({@link PoisonCorpus}) produced as raw bytes to a real broker, with micro-batching on: every input
 * gets exactly its one outcome (a verdict with the right reason when a checkId is readable, else a dead letter with
 * reason and source headers and the original bytes), the metrics count them, and the stream is still RUNNING and
 * answering afterwards.
 */
@ExtendWith(KafkaBroker.class)
class PoisonInputIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void everyBadInputGetsExactlyItsOneOutcomeAndTheStreamKeepsRunning(EmbeddedKafkaBroker broker) throws Exception {
        String name = KafkaTestSupport.uniqueName("poison");
        FaceGateConfig config = KafkaTestSupport.config(broker.bootstrapServers(), name, 2, Map.of());
        Properties client = config.clientProperties();
        List<Poison> corpus = PoisonCorpus.all();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FaceGateService service = new FaceGateService(config, TemplateKeyRing.of(TemplateKey.generate()),
                TestModels.pipeline(), "cpu", registry, Clock.systemUTC()).start();
        try (GateClient gate = new GateClient(client, config.topologySettings());
             KafkaProducer<byte[], byte[]> raw = rawProducer(client, config);
             TopicReader<Verdict> verdicts = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, true);
             TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, true)) {
            // Given the document the checks are about is enrolled
            gate.enrol(Enrolment.of(PoisonCorpus.DOCUMENT, List.of(new EncodedImage("jpeg", PoisonCorpus.enrolled())), Instant.now(), "it"));
            gate.flush();
            assertEquals(EnrolmentStatus.ENROLLED, KafkaTestSupport.await(results, 1, WAIT).get(0).status());

            // When every bad input is produced as raw bytes
            for (Poison p : corpus) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                        p.enrolment() ? config.topics().enrolments() : config.topics().checks(), p.key(), p.value());
                if (p.expected() instanceof PoisonCorpus.RefusedByBroker) {
                    ExecutionException refused = assertThrows(ExecutionException.class, () -> raw.send(record).get(), p.name());
                    assertInstanceOf(InvalidRecordException.class, refused.getCause(), p.name());
                } else {
                    raw.send(record).get(); // one at a time: a refused record fails its whole batch
                }
            }

            // Then each gets exactly its outcome
            List<PoisonCorpus.VerdictFor> expectedVerdicts = expected(corpus, PoisonCorpus.VerdictFor.class);
            List<PoisonCorpus.ResultFor> expectedResults = expected(corpus, PoisonCorpus.ResultFor.class);
            List<Poison> expectedDead = corpus.stream().filter(p -> p.expected() instanceof PoisonCorpus.DeadLetter).toList();
            List<Verdict> gotVerdicts = KafkaTestSupport.await(verdicts, expectedVerdicts.size(), WAIT);
            List<EnrolmentResult> gotResults = KafkaTestSupport.await(results, expectedResults.size(), WAIT);
            List<ConsumerRecord<byte[], byte[]>> gotDead = KafkaTestSupport.readCommitted(client, config.topics().deadLetters(),
                    WAIT, got -> got.size() >= expectedDead.size());

            Map<String, List<Verdict>> byCheckId = gotVerdicts.stream().collect(Collectors.groupingBy(Verdict::checkId));
            for (Poison p : corpus) {
                if (p.expected() instanceof PoisonCorpus.VerdictFor e) {
                    List<Verdict> got = byCheckId.get(e.checkId());
                    long expectedCount = expectedVerdicts.stream().filter(v -> v.checkId().equals(e.checkId())).count();
                    assertEquals(expectedCount, got == null ? 0 : got.size(), p.name() + ": verdicts for " + e.checkId());
                    for (Verdict v : got) {
                        assertTrue(e.decisions().contains(v.decision()), p.name() + ": " + v.decision() + " " + v.reason() + " " + v.detail());
                        assertEquals(e.reason(), v.reason(), p.name() + ": " + v.detail());
                    }
                }
            }
            Map<String, EnrolmentResult> byDocument = gotResults.stream().collect(Collectors.toMap(EnrolmentResult::documentId, r -> r));
            for (PoisonCorpus.ResultFor e : expectedResults) {
                EnrolmentResult r = byDocument.get(e.documentId());
                assertEquals(e.status(), r.status(), e.documentId());
                assertEquals(e.reason(), r.reason(), e.documentId() + ": " + r.detail());
            }
            assertEquals(expectedDead.size(), gotDead.size(), "one dead letter per input without a readable id");
            List<ConsumerRecord<byte[], byte[]>> unmatched = new ArrayList<>(gotDead);
            for (Poison p : expectedDead) {
                String reason = ((PoisonCorpus.DeadLetter) p.expected()).reason();
                ConsumerRecord<byte[], byte[]> match = unmatched.stream()
                        .filter(r -> reason.equals(header(r, "facegate.dlq.reason")) && sameBytes(r.value(), p.value()))
                        .findFirst().orElseThrow(() -> new AssertionError(p.name() + ": no dead letter " + reason + " with its bytes"));
                unmatched.remove(match);
                assertTrue(header(match, "facegate.dlq.topic").startsWith(name + "."), p.name());
                assertTrue(header(match, "facegate.dlq.offset") != null && header(match, "facegate.dlq.detail") != null, p.name());
            }

            // And the metrics count them
            Map<String, Long> rejectedByReason = new TreeMap<>();
            expectedVerdicts.stream().filter(v -> v.reason() != null)
                    .forEach(v -> rejectedByReason.merge(v.reason().name(), 1L, Long::sum));
            rejectedByReason.forEach((reason, n) -> assertEquals(n.doubleValue(),
                    registry.get("facegate.verdicts").tags("decision", "REJECTED", "reason", reason).counter().count(), reason));
            Map<String, Long> deadByReason = new TreeMap<>();
            expectedDead.forEach(p -> deadByReason.merge(((PoisonCorpus.DeadLetter) p.expected()).reason(), 1L, Long::sum));
            deadByReason.forEach((reason, n) -> assertEquals(n.doubleValue(),
                    registry.get("facegate.dead.letters").tag("reason", reason).counters().stream().mapToDouble(c -> c.count()).sum(),
                    reason));

            // And the stream is still running and answering
            assertTrue(service.isRunning());
            gate.check(CheckRequest.of("after-poison", "g", PoisonCorpus.DOCUMENT, Instant.now(),
                    new EncodedImage("jpeg", TestFaces.live("alice")), null));
            gate.flush();
            assertEquals(Decision.MATCH, KafkaTestSupport.await(verdicts, 1, WAIT).get(0).decision());
            System.out.printf("poison corpus: %d inputs -> %d verdicts, %d enrolment results, %d dead letters; rejected by reason %s; dead letters by reason %s%n",
                    corpus.size(), gotVerdicts.size(), gotResults.size(), gotDead.size(), rejectedByReason, deadByReason);
        } finally {
            service.close();
        }
    }

    private static <T> List<T> expected(List<Poison> corpus, Class<T> type) {
        return corpus.stream().map(Poison::expected).filter(type::isInstance).map(type::cast).toList();
    }

    private static KafkaProducer<byte[], byte[]> rawProducer(Properties client, FaceGateConfig config) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.topologySettings().maxEnrolmentRecordBytes());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static boolean sameBytes(byte[] dead, byte[] sent) {
        if (sent == null || sent.length == 0) {
            return dead == null || dead.length == 0;
        }
        return java.util.Arrays.equals(dead, sent);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

}
