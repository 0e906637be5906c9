package org.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.facegate.config.FaceGateConfig;
import org.facegate.embedded.EmbeddedKafkaBroker;
import org.facegate.embedded.KafkaBroker;
import org.facegate.events.CheckRequest;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.Reason;
import org.facegate.events.Verdict;
import org.facegate.gate.GateClient;
import org.facegate.gate.TopicReader;
import org.facegate.inference.Embedding;
import org.facegate.matching.Template;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.matching.TemplateSet;
import org.facegate.testsupport.FaultInjectingAnalyser;
import org.facegate.testsupport.KafkaTestSupport;
import org.facegate.testsupport.TestFaces;
import org.facegate.testsupport.TestModels;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.ImageRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Privacy end to end against a real broker: templates reach the store's changelog topic only sealed (no embedding
 * bytes, no model id in the raw records, openable with the key); an erasure leaves a tombstone in the changelog and
 * the next check is NOT_ENROLLED; and nothing the application logs, at the most verbose levels of FaceGate and the
 * Kafka client, contains image data (base64), embedding values or the key.
 */
@ExtendWith(KafkaBroker.class)
class PrivacyIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final FaultInjectingAnalyser analyser = new FaultInjectingAnalyser(TestModels.pipeline());

    @Test
    void templatesAreSealedInTheChangelogErasureIsATombstoneAndLogsHoldNoBiometricData(EmbeddedKafkaBroker broker)
            throws Exception {
        String name = KafkaTestSupport.uniqueName("privacy");
        FaceGateConfig config = KafkaTestSupport.config(broker.bootstrapServers(), name, 2, Map.of());
        TemplateKey key = TemplateKey.generate();
        TemplateKeyRing keys = TemplateKeyRing.of(key);
        Properties client = config.clientProperties();
        Map<String, byte[]> photos = new HashMap<>();
        photos.put("alice-enrolment", TestFaces.enrolment("alice"));
        photos.put("bob-enrolment", TestFaces.enrolment("bob"));
        photos.put("alice-live", TestFaces.live("alice"));
        photos.put("bob-live", TestFaces.live("bob"));
        photos.put("mallory-live", TestFaces.live("mallory"));

        ListAppender<ILoggingEvent> logs = captureLogs();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FaceGateService service = new FaceGateService(config, keys, analyser, "cpu", registry, Clock.systemUTC()).start();
        try (GateClient gate = new GateClient(client, config.topologySettings());
             TopicReader<Verdict> verdicts = new TopicReader<>(client, config.topics().verdicts(), Verdict.class, true);
             TopicReader<EnrolmentResult> results = new TopicReader<>(client, config.topics().enrolmentResults(), EnrolmentResult.class, true)) {
            assertEquals(0.0, registry.get("facegate.templates.plaintext").gauge().value());

            // Given two enrolled identities, and checks good and bad (a pipeline failure is logged)
            gate.enrol(Enrolment.of("P1", List.of(new EncodedImage("jpeg", photos.get("alice-enrolment"))), Instant.now(), "it"));
            gate.enrol(Enrolment.of("P2", List.of(new EncodedImage("jpeg", photos.get("bob-enrolment"))), Instant.now(), "it"));
            gate.flush();
            assertTrue(KafkaTestSupport.await(results, 2, WAIT).stream().allMatch(r -> r.status() == EnrolmentStatus.ENROLLED));
            gate.check(check("c1", "P1", photos.get("alice-live")));
            gate.check(check("c2", "P1", photos.get("mallory-live")));
            gate.check(check("c3", "P1", FaultInjectingAnalyser.FAILING_PHOTO));
            gate.send(config.topics().checks(), "P1", ("{\"schemaVersion\":1,\"checkId\":\"c4\",\"gateId\":\"g\",\"documentId\":\"P1\","
                    + "\"capturedAt\":\"2025-01-01T00:00:00Z\",\"liveImage\":{\"format\":\"jpeg\",\"data\":\""
                    + Base64.getEncoder().encodeToString(photos.get("bob-live")) + "!\"}}").getBytes(StandardCharsets.UTF_8));
            gate.send(config.topics().checks(), "P1", ("{\"checkId\": " + Base64.getEncoder().encodeToString(photos.get("bob-live")))
                    .getBytes(StandardCharsets.UTF_8)); // malformed: a dead letter
            gate.flush();
            Map<String, Verdict> byId = KafkaTestSupport.await(verdicts, 4, WAIT).stream()
                    .collect(Collectors.toMap(Verdict::checkId, v -> v));
            assertEquals(Decision.MATCH, byId.get("c1").decision());
            assertEquals(Decision.NO_MATCH, byId.get("c2").decision());
            assertEquals(Reason.PROCESSING_ERROR, byId.get("c3").reason());
            assertEquals(Reason.INVALID_EVENT, byId.get("c4").reason());

            // When P2 is erased, then its next check is NOT_ENROLLED
            gate.erase("P2");
            gate.flush();
            assertEquals(EnrolmentStatus.ERASED, KafkaTestSupport.await(results, 1, WAIT).get(0).status());
            gate.check(check("c5", "P2", photos.get("bob-live")));
            gate.flush();
            assertEquals(Decision.NOT_ENROLLED, KafkaTestSupport.await(verdicts, 1, WAIT).get(0).decision());
        } finally {
            service.close();
            stopCapturing(logs);
        }

        // Then the changelog holds P1 sealed under the key and, for P2, the sealed enrolment followed by a tombstone
        String changelog = name + "-templates-changelog";
        List<ConsumerRecord<byte[], byte[]>> records = KafkaTestSupport.readCommitted(client, changelog, WAIT,
                got -> got.size() >= 3);
        Map<String, List<byte[]>> byKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
        }
        assertEquals(1, byKey.get("P1").size());
        assertEquals(2, byKey.get("P2").size());
        assertNotNull(byKey.get("P2").get(0));
        assertNull(byKey.get("P2").get(1), "the erasure is a tombstone in the changelog");
        Embedding alice = embedding(photos.get("alice-enrolment"));
        Embedding bob = embedding(photos.get("bob-enrolment"));
        for (byte[] sealed : List.of(byKey.get("P1").get(0), byKey.get("P2").get(0))) {
            assertEquals(key.id(), TemplateKeyRing.keyId(sealed).orElseThrow());
            assertFalse(containsFloats(sealed, alice) || containsFloats(sealed, bob), "no plaintext embedding in the changelog");
            assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains(analyser.modelId()));
        }
        TemplateSet opened = keys.open("P1", byKey.get("P1").get(0)).set();
        assertTrue(opened.templates().get(0).embedding().euclideanDistance(alice) < 1e-3, "the key opens the real template");

        // And the logs name no image, embedding or key
        List<String> lines = logs.list.stream().map(PrivacyIntegrationTest::render).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("sealed with AES-256-GCM under key " + key.id())), "logs were captured");
        assertTrue(lines.stream().anyMatch(l -> l.contains("injected pipeline failure")), "the failure was logged");
        List<String> secrets = new ArrayList<>();
        photos.values().forEach(p -> secrets.addAll(base64Fragments(p)));
        for (Embedding e : List.of(alice, bob, embedding(photos.get("alice-live")))) {
            for (float v : e.values()) {
                String text = Float.toString(v);
                if (text.length() >= 9) { // e.g. -0.08341254: long enough not to occur by chance
                    secrets.add(text);
                }
            }
        }
        secrets.add(Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(writeKey(key))).trim().substring(0, 20));
        String all = String.join("\n", lines);
        for (String secret : secrets) {
            int at = all.indexOf(secret);
            assertTrue(at < 0, () -> "biometric data or key in the logs: ..." + all.substring(Math.max(0, at - 100), at) + "...");
        }
    }

    private static CheckRequest check(String checkId, String documentId, byte[] live) {
        return CheckRequest.of(checkId, "gate-privacy", documentId, Instant.now(), new EncodedImage("jpeg", live), null);
    }

    private static Embedding embedding(byte[] photo) {
        return ((FaceAnalysis.Embedded) TestModels.pipeline().analyse(photo, ImageRole.ENROLMENT)).embedding();
    }

    /** Whether any four consecutive values of {@code e}, as the plaintext template codec writes them, occur. */
    private static boolean containsFloats(byte[] haystack, Embedding e) {
        byte[] plain = org.facegate.matching.TemplateCodec.encode(new TemplateSet("m", List.of(new Template(Instant.EPOCH, e))));
        int first = plain.length - 4 * e.dimension();
        for (int start = first; start + 16 <= plain.length; start += 16) {
            byte[] needle = java.util.Arrays.copyOfRange(plain, start, start + 16);
            for (int i = 0; i + 16 <= haystack.length; i++) {
                if (java.util.Arrays.equals(haystack, i, i + 16, needle, 0, 16)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** 24-character pieces of the photo's base64 at several offsets (and of the shifted encodings). */
    private static List<String> base64Fragments(byte[] photo) {
        List<String> out = new ArrayList<>();
        for (int shift = 0; shift < 3; shift++) {
            String b64 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(photo, shift, photo.length));
            for (int at = 0; at + 24 <= b64.length(); at += Math.max(24, b64.length() / 16)) {
                out.add(b64.substring(at, at + 24));
            }
        }
        return out;
    }

    private static java.nio.file.Path writeKey(TemplateKey key) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "key-");
        java.nio.file.Path file = dir.resolve("k");
        key.write(file);
        return file;
    }

    /** Everything a log line carries: message with arguments, stack trace, MDC. */
    private static String render(ILoggingEvent e) {
        return e.getLoggerName() + " " + e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                + (e.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(e.getThrowableProxy()));
    }

    private static final Map<String, Level> VERBOSE = Map.of(
            "org.facegate", Level.TRACE, "org.apache.kafka.streams", Level.INFO, "org.apache.kafka.clients", Level.INFO);

    private final Map<String, Level> savedLevels = new HashMap<>();

    private ListAppender<ILoggingEvent> captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        VERBOSE.forEach((logger, level) -> {
            Logger l = context.getLogger(logger);
            savedLevels.put(logger, l.getLevel());
            l.setLevel(level);
        });
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return appender;
    }

    private void stopCapturing(ListAppender<ILoggingEvent> appender) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        savedLevels.forEach((logger, level) -> context.getLogger(logger).setLevel(level));
    }
}
