package org.facegate.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.facegate.cohort.CohortDecision;
import org.facegate.config.FaceGateConfig;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EventJson;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.metrics.FaceGateMetrics;
import org.facegate.topology.Batching;
import org.facegate.topology.FaceGateTopology;
import org.facegate.topology.TopologySettings;
import org.facegate.topology.Topics;
import org.facegate.vision.FaceAnalyser;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The production topology in a {@link TopologyTestDriver} with the default topics, 3 templates per identity, the
 * default image limit and one check at a time, a fixed clock and raw-byte topics for checks, enrolments, verdicts and
 * enrolment results. Close it after each test.
 */
public final class TopologyDriverFixture implements AutoCloseable {

    public final TopologyTestDriver driver;
    public final FaceGateMetrics metrics;
    public final TestInputTopic<byte[], byte[]> checks;
    public final TestInputTopic<byte[], byte[]> enrolments;
    public final TestOutputTopic<byte[], byte[]> verdicts;
    public final TestOutputTopic<byte[], byte[]> results;

    /** @param stateDir a folder of its own under {@code target/streams-state} */
    public TopologyDriverFixture(String stateDir, TemplateKeyRing keys, FaceAnalyser analyser, MeterRegistry registry,
            Instant now) {
        this(stateDir, keys, analyser, registry, now, null);
    }

    /** The same deciding against a score-normalisation cohort ({@code cohort} null: none). */
    public TopologyDriverFixture(String stateDir, TemplateKeyRing keys, FaceAnalyser analyser, MeterRegistry registry,
            Instant now, CohortDecision cohort) {
        Properties props = FaceGateConfig.defaults().streamsProperties();
        props.put("state.dir", "target/streams-state/" + stateDir);
        metrics = new FaceGateMetrics(registry);
        TopologySettings settings = new TopologySettings(Topics.DEFAULT, 3, TopologySettings.DEFAULT_MAX_IMAGE_BYTES,
                OptionalDouble.empty(), Batching.PER_RECORD);
        driver = new TopologyTestDriver(FaceGateTopology.build(settings, keys, analyser, metrics,
                Clock.fixed(now, ZoneOffset.UTC), cohort), props);
        ByteArraySerializer ser = new ByteArraySerializer();
        ByteArrayDeserializer de = new ByteArrayDeserializer();
        checks = driver.createInputTopic(Topics.DEFAULT.checks(), ser, ser);
        enrolments = driver.createInputTopic(Topics.DEFAULT.enrolments(), ser, ser);
        verdicts = driver.createOutputTopic(Topics.DEFAULT.verdicts(), de, de);
        results = driver.createOutputTopic(Topics.DEFAULT.enrolmentResults(), de, de);
    }

    /** Pipes an enrolment of {@code documentId} with one JPEG reference photo and returns its result. */
    public EnrolmentResult enrol(String documentId, byte[] jpeg, Instant capturedAt) {
        enrolments.pipeInput(documentId.getBytes(StandardCharsets.UTF_8), EventJson.write(Enrolment.of(documentId,
                List.of(new EncodedImage("jpeg", jpeg)), capturedAt, "test-office")));
        return EventJson.read(results.readValue(), EnrolmentResult.class);
    }

    @Override
    public void close() {
        driver.close();
        metrics.close();
    }
}
