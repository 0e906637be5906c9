package org.facegate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import org.facegate.inference.ExecutionProvider;
import org.facegate.pad.PadGroup;
import org.facegate.topology.Topics;
import org.junit.jupiter.api.Test;

/** Pins FaceGate's configuration: defaults, precedence, Kafka pass-through, and that docs/configuration.md is complete. */
class FaceGateConfigTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsArePinned() {
        FaceGateConfig c = FaceGateConfig.defaults();
        assertEquals("localhost:9092", c.bootstrapServers());
        assertEquals("facegate", c.applicationId());
        assertEquals(Topics.DEFAULT, c.topics());
        assertEquals(5, c.templatesPerIdentity());
        assertEquals(1024 * 1024, c.maxImageBytes());
        assertEquals(24_000_000L, c.maxImagePixels());
        assertEquals(12_000_000L, FaceGateConfig.load(props("facegate.image.max-pixels", "12000000"), Map.of(), Map.of())
                .pipelineSettings().limits().maxPixels());
        assertEquals(1024 * 1024, c.pipelineSettings().limits().maxBytes());
        assertEquals(16 * 1024 * 1024, FaceGateConfig.load(props("facegate.image.max-bytes", "16777216"), Map.of(), Map.of())
                .pipelineSettings().limits().maxBytes(), "a raised byte limit reaches the decoder (its own default is 8 MiB)");
        assertEquals(OptionalDouble.empty(), c.threshold());
        assertEquals(ExecutionProvider.AUTO, c.provider());
        assertEquals(9400, c.metricsPort());
        Properties s = c.streamsProperties();
        assertEquals("exactly_once_v2", s.get("processing.guarantee"));
        assertEquals(100, s.get("commit.interval.ms"));
        assertEquals(6, c.partitions());
        assertEquals(10, s.get("consumer.max.poll.records"));
        assertEquals(5, s.get("producer.linger.ms"));
        assertEquals("dead-letters", s.get("errors.dead.letter.queue.topic.name"));
        assertEquals("org.apache.kafka.streams.errors.LogAndContinueExceptionHandler", s.get("deserialization.exception.handler"));
        assertEquals("org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler", s.get("processing.exception.handler"));
        assertEquals(true, s.get("processing.exception.handler.global.enabled"));
        assertEquals(c.topologySettings().maxEnrolmentRecordBytes(), s.get("producer.max.request.size"));
        assertEquals(10000, s.get("consumer.session.timeout.ms"));
        assertEquals(3000, s.get("consumer.heartbeat.interval.ms"));
        assertEquals(10000, s.get("producer.transaction.timeout.ms"));
        assertEquals(java.util.Optional.empty(), c.templateKeyFile());
        assertEquals(false, c.allowPlaintextTemplates());
    }

    @Test
    void withoutATemplateKeyFaceGateRefusesUnlessPlaintextIsAllowed(@org.junit.jupiter.api.io.TempDir Path dir) {
        UsageException refused = assertThrows(UsageException.class, () -> FaceGateConfig.defaults().templateKeys(Map.of()));
        assertTrue(refused.getMessage().contains("--allow-plaintext-templates"), refused.getMessage());
        FaceGateConfig dev = FaceGateConfig.load(props("facegate.templates.allow-plaintext", "true"), Map.of(), Map.of());
        assertEquals(false, dev.templateKeys(Map.of()).encrypts());

        org.facegate.matching.TemplateKey key = org.facegate.matching.TemplateKey.generate();
        Path file = dir.resolve("k");
        key.write(file);
        FaceGateConfig keyed = FaceGateConfig.load(props("facegate.templates.key-file", file.toString()), Map.of(), Map.of());
        assertEquals(key.id(), keyed.templateKeys(Map.of()).currentKeyId().orElseThrow());
        assertThrows(UsageException.class, () -> keyed.templateKeys(Map.of("FACEGATE_TEMPLATE_KEY", "x")), "two keys");

        org.facegate.matching.TemplateKey old = org.facegate.matching.TemplateKey.generate();
        old.write(dir.resolve("old"));
        String base64 = Files.exists(file) ? readKey(file) : "";
        FaceGateConfig rotating = FaceGateConfig.load(new Properties(),
                Map.of("FACEGATE_TEMPLATES_PREVIOUS_KEY_FILES", dir.resolve("old").toString()), Map.of());
        assertEquals(java.util.List.of(key.id(), old.id()),
                rotating.templateKeys(Map.of("FACEGATE_TEMPLATE_KEY", base64)).keyIds());
        UsageException bad = assertThrows(UsageException.class,
                () -> FaceGateConfig.defaults().templateKeys(Map.of("FACEGATE_TEMPLATE_KEY", "c2VjcmV0")));
        assertTrue(bad.getMessage().startsWith("FACEGATE_TEMPLATE_KEY"), bad.getMessage());
        assertTrue(!bad.getMessage().contains("c2VjcmV0"), "the key is never echoed");
    }

    private static String readKey(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void modelThresholdAndQualityGateSettings() {
        FaceGateConfig d = FaceGateConfig.defaults();
        assertEquals(OptionalDouble.empty(), d.targetFalseMatchRate());
        assertEquals(org.facegate.vision.QualityGate.OFF, d.quality());
        assertEquals(d.modelsDir().resolve("facegate-fusion.model.json"), d.modelDescriptor(), "the fusion by default");
        assertEquals(org.facegate.vision.DecisionThreshold.MODEL_DEFAULT, d.pipelineSettings().threshold());
        FaceGateConfig c = FaceGateConfig.load(props("facegate.match.target-false-match-rate", "0.01",
                "facegate.quality.gate", "true", "facegate.quality.min-inter-eye-px", "60",
                "facegate.model.descriptor", "/m/arc.model.json"), Map.of(), Map.of());
        assertEquals(new org.facegate.vision.DecisionThreshold.TargetFalseMatchRate(0.01), c.pipelineSettings().threshold());
        assertTrue(c.pipelineSettings().quality().enabled());
        assertEquals(60, c.pipelineSettings().quality().minInterEyePx());
        assertEquals(Path.of("/m/arc.model.json"), c.modelDescriptor());
        org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> FaceGateConfig.load(
                props("facegate.match.target-false-match-rate", "0.01", "facegate.match.threshold", "0.5"), Map.of(),
                Map.of()));
    }

    @Test
    void presentationAttackDetectionIsOnByDefaultAndItsSettingsReachThePipeline() {
        FaceGateConfig d = FaceGateConfig.defaults();
        assertEquals(org.facegate.pad.PadSettings.DEFAULTS, d.presentation());
        assertEquals(org.facegate.pad.PadSettings.DEFAULTS, d.pipelineSettings().presentation());
        FaceGateConfig c = FaceGateConfig.load(props("facegate.pad.enabled", "false",
                "facegate.pad.descriptor", "/m/other.pad.json", "facegate.pad.threshold", "0.3"), Map.of(), Map.of());
        assertEquals(new org.facegate.pad.PadSettings(false, Path.of("/m/other.pad.json"), 0.3),
                c.pipelineSettings().presentation());
        UsageException outOfRange = assertThrows(UsageException.class,
                () -> FaceGateConfig.load(props("facegate.pad.threshold", "1.5"), Map.of(), Map.of()));
        assertTrue(outOfRange.getMessage().contains("facegate.pad.threshold"), outOfRange.getMessage());
        assertThrows(UsageException.class, () -> FaceGateConfig.load(props("facegate.pad.enabled", "yes"), Map.of(), Map.of()));
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFile() {
        Properties file = props("facegate.application.id", "from-file", "facegate.topic.prefix", "file.",
                "facegate.streams.threads", "2");
        Map<String, String> env = Map.of("FACEGATE_APPLICATION_ID", "from-env", "FACEGATE_STREAMS_THREADS", "3");
        FaceGateConfig c = FaceGateConfig.load(file, env, Map.of("facegate.streams.threads", "4"));
        assertEquals("from-env", c.applicationId());
        assertEquals(4, c.streamThreads());
        assertEquals("file.passport-checks", c.topics().checks());
        assertEquals("file.dead-letters", c.streamsProperties().get("errors.dead.letter.queue.topic.name"));
    }

    @Test
    void kafkaPrefixedKeysPassThroughToEveryClient() {
        FaceGateConfig c = FaceGateConfig.load(props("kafka.security.protocol", "SSL", "kafka.commit.interval.ms", "200"),
                Map.of("FACEGATE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"), Map.of());
        assertEquals("SSL", c.clientProperties().get("security.protocol"));
        assertEquals("SCRAM-SHA-512", c.clientProperties().get("sasl.mechanism"));
        assertEquals("SSL", c.streamsProperties().get("security.protocol"));
        assertEquals("200", c.streamsProperties().get("commit.interval.ms"), "kafka.* is applied last");
    }

    @Test
    void unknownOrMalformedSettingsAreUsageErrors() {
        UsageException unknown = assertThrows(UsageException.class,
                () -> FaceGateConfig.load(props("facegate.topic.checkz", "x"), Map.of(), Map.of()));
        assertTrue(unknown.getMessage().contains("facegate.topic.checkz"), unknown.getMessage());
        assertThrows(UsageException.class, () -> FaceGateConfig.load(props("facegate.topics.partitions", "0"), Map.of(), Map.of()));
        assertThrows(UsageException.class, () -> FaceGateConfig.load(props("facegate.match.threshold", "x"), Map.of(), Map.of()));
        assertThrows(UsageException.class, () -> FaceGateConfig.load(props("facegate.match.threshold", "Infinity"), Map.of(), Map.of()));
        // a fusion's fused scores are often negative: only the pipeline knows whether its model allows it
        assertEquals(-2.5, FaceGateConfig.load(props("facegate.match.threshold", "-2.5"), Map.of(), Map.of())
                .threshold().getAsDouble());
        assertThrows(UsageException.class, () -> FaceGateConfig.load(props("facegate.topics.create", "yes"), Map.of(), Map.of()));
        assertThrows(UsageException.class, () -> FaceGateConfig.load(props("facegate.provider", "tpu"), Map.of(), Map.of()));
        assertThrows(UsageException.class, () -> FaceGateConfig.load(props("facegate.topics.replication-factor", "0"), Map.of(), Map.of()));
    }

    @Test
    void padGroupsAreReadFromTheirNamedKeysAndReachThePipelineSettings() {
        FaceGateConfig c = FaceGateConfig.load(props(
                "facegate.pad.groups", "terminal2, pier-b",
                "facegate.pad.group.terminal2.gate-prefix", "T2-",
                "facegate.pad.group.terminal2.descriptor", "/etc/facegate/pad/t2.pad.json",
                "facegate.pad.group.pier-b.gate-prefix", "PB-, PIERB-",
                "facegate.pad.group.pier-b.descriptor", "pb.pad.json"), Map.of(), Map.of());
        assertEquals(List.of(new PadGroup("terminal2", List.of("T2-"), Path.of("/etc/facegate/pad/t2.pad.json")),
                new PadGroup("pier-b", List.of("PB-", "PIERB-"), Path.of("pb.pad.json"))), c.presentation().groups());
        assertEquals(c.presentation(), c.pipelineSettings().presentation());
        assertEquals("pier-b", c.presentation().gateGroups().groupOf("PIERB-4"));
        assertEquals("default", c.presentation().gateGroups().groupOf("T5-1"));
        assertEquals(List.of(), FaceGateConfig.defaults().presentation().groups(), "no groups by default");
        // the command line may add a group's keys too (run --set KEY=VALUE)
        FaceGateConfig fromCommandLine = FaceGateConfig.load(props("facegate.pad.groups", "t5"), Map.of(),
                Map.of("facegate.pad.group.t5.gate-prefix", "T5-", "facegate.pad.group.t5.descriptor", "t5.pad.json"));
        assertEquals("t5", fromCommandLine.presentation().gateGroups().groupOf("T5-1"));
    }

    @Test
    void aPadGroupWithAKeyMissingUnlistedOrMisspeltOrClashingIsAUsageError() {
        assertUsageError("needs facegate.pad.group.t2.gate-prefix", props("facegate.pad.groups", "t2",
                "facegate.pad.group.t2.descriptor", "t2.pad.json"));
        assertUsageError("needs facegate.pad.group.t2.gate-prefix and facegate.pad.group.t2.descriptor",
                props("facegate.pad.groups", "t2", "facegate.pad.group.t2.gate-prefix", "T2-"));
        assertUsageError("does not list group 't3'", props("facegate.pad.groups", "t2",
                "facegate.pad.group.t2.gate-prefix", "T2-", "facegate.pad.group.t2.descriptor", "t2.pad.json",
                "facegate.pad.group.t3.descriptor", "t3.pad.json"));
        assertUsageError("unknown setting 'facegate.pad.group.t2.prefix'", props("facegate.pad.groups", "t2",
                "facegate.pad.group.t2.prefix", "T2-"));
        assertUsageError("must be a lower-case word", props("facegate.pad.groups", "T2",
                "facegate.pad.group.T2.gate-prefix", "T2-", "facegate.pad.group.T2.descriptor", "t2.pad.json"));
        assertUsageError("'default' is taken", props("facegate.pad.groups", "default",
                "facegate.pad.group.default.gate-prefix", "T2-", "facegate.pad.group.default.descriptor", "t2.pad.json"));
        assertUsageError("claimed by PAD groups a and b", props("facegate.pad.groups", "a,b",
                "facegate.pad.group.a.gate-prefix", "T2-", "facegate.pad.group.a.descriptor", "a.pad.json",
                "facegate.pad.group.b.gate-prefix", "T2-", "facegate.pad.group.b.descriptor", "b.pad.json"));
    }

    private static void assertUsageError(String expected, Properties file) {
        UsageException e = assertThrows(UsageException.class, () -> FaceGateConfig.load(file, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void everyKeyIsDocumentedWithItsEnvironmentVariableAndDefault() throws IOException {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        for (FaceGateConfig.Key key : FaceGateConfig.keys()) {
            String expectedDefault = key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
            String row = "| `" + key.key() + "` | `" + key.environmentVariable() + "` | " + expectedDefault + " |";
            assertTrue(doc.contains(row), "docs/configuration.md lacks or misstates: " + row);
        }
    }
}
