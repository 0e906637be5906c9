package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.facegate.config.FaceGateConfig;
import org.facegate.demo.DemoFaces;
import org.facegate.events.CheckRequest;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EventJson;
import org.facegate.events.Verdict;
import org.facegate.metrics.FaceGateMetrics;
import org.facegate.events.Reason;
import org.facegate.testsupport.FaultInjectingAnalyser;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPhotos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Micro-batching of checks: up to B checks wait in the changelogged pending store until B are there or the oldest
 * has waited T; checks that need no inference are answered at once; every buffered check gets exactly one verdict.
 */
class CheckBatchingTest {

    private static final Instant CAPTURED = Instant.parse("2025-06-01T08:15:30Z");
    private static final List<DemoFaces.Person> PEOPLE = TestPhotos.distinctPeople(3);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FaceGateMetrics metrics;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> checks;
    private TestOutputTopic<byte[], byte[]> verdicts;
    private int nextCheck;

    @BeforeEach
    void start() {
        TopologySettings settings = new TopologySettings(Topics.DEFAULT, 3, TopologySettings.DEFAULT_MAX_IMAGE_BYTES,
                OptionalDouble.empty(), new Batching(3, Duration.ofMillis(50)));
        Properties props = FaceGateConfig.defaults().streamsProperties();
        props.put("state.dir", "target/streams-state/batching-test");
        metrics = new FaceGateMetrics(registry);
        driver = new TopologyTestDriver(FaceGateTopology.build(settings, new FaultInjectingAnalyser(TestModels.pipeline()), metrics,
                Clock.fixed(CAPTURED.plusSeconds(1), ZoneOffset.UTC)), props, CAPTURED);
        ByteArraySerializer ser = new ByteArraySerializer();
        checks = driver.createInputTopic(Topics.DEFAULT.checks(), ser, ser);
        verdicts = driver.createOutputTopic(Topics.DEFAULT.verdicts(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        TestInputTopic<byte[], byte[]> enrolments = driver.createInputTopic(Topics.DEFAULT.enrolments(), ser, ser);
        for (int i = 0; i < PEOPLE.size(); i++) {
            String doc = "P" + i;
            enrolments.pipeInput(utf8(doc), EventJson.write(Enrolment.of(doc,
                    List.of(new EncodedImage("jpeg", PEOPLE.get(i).enrolment())), CAPTURED, "test")));
        }
    }

    @AfterEach
    void stop() {
        driver.close();
        metrics.close();
    }

    @Test
    void checksWaitUntilTheBatchDeadlineAndThenAllGetTheirVerdict() {
        send("P0", PEOPLE.get(0).live());
        send("P1", PEOPLE.get(1).live());
        assertTrue(verdicts.isEmpty(), "two of three: the batch waits");
        assertEquals(2, pendingCount());

        driver.advanceWallClockTime(Duration.ofMillis(60));

        List<Verdict> out = readVerdicts();
        assertEquals(2, out.size());
        assertTrue(out.stream().allMatch(v -> v.decision() == Decision.MATCH), out.toString());
        assertEquals(0, pendingCount(), "answered checks leave the pending store");
        assertEquals(1, registry.get("facegate.batch.size").summary().count());
        assertEquals(2.0, registry.get("facegate.batch.size").summary().totalAmount());
    }

    @Test
    void aFullBatchRunsAtOnceWithoutWaiting() {
        send("P0", PEOPLE.get(0).live());
        send("P1", PEOPLE.get(2).live());
        send("P2", PEOPLE.get(2).live());
        List<Verdict> out = readVerdicts();
        assertEquals(3, out.size());
        assertEquals(List.of(Decision.MATCH, Decision.NO_MATCH, Decision.MATCH),
                out.stream().map(Verdict::decision).toList());
        assertEquals(0, pendingCount());
    }

    @Test
    void checksThatNeedNoInferenceAreAnsweredAtOnce() {
        send("P0", PEOPLE.get(0).live());
        send("NOBODY", PEOPLE.get(1).live());
        List<Verdict> out = readVerdicts();
        assertEquals(1, out.size(), "NOT_ENROLLED is known before inference");
        assertEquals(Decision.NOT_ENROLLED, out.get(0).decision());
        assertEquals(1, pendingCount());
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertEquals(Decision.MATCH, readVerdicts().get(0).decision());
    }

    @Test
    void aBadPhotoInABatchIsRejectedWithoutSpoilingTheOthers() {
        send("P0", PEOPLE.get(0).live());
        send("P1", TestPhotos.randomBytes(3000));
        send("P2", PEOPLE.get(2).live());
        List<Verdict> out = readVerdicts();
        assertEquals(List.of(Decision.MATCH, Decision.REJECTED, Decision.MATCH),
                out.stream().map(Verdict::decision).toList());
    }

    @Test
    void aPipelineFailureInABatchRejectsOnlyTheCheckThatCausedIt() {
        send("P0", PEOPLE.get(0).live());
        send("P1", FaultInjectingAnalyser.FAILING_PHOTO);
        send("P2", PEOPLE.get(2).live());
        List<Verdict> out = readVerdicts();
        assertEquals(List.of(Decision.MATCH, Decision.REJECTED, Decision.MATCH),
                out.stream().map(Verdict::decision).toList());
        assertEquals(Reason.PROCESSING_ERROR, out.get(1).reason());
    }

    @Test
    void aBatchedVerdictCarriesItsCheckRecordsTimestampAndHeaders() {
        CheckRequest request = CheckRequest.of("traced", "gate-1", "P0", CAPTURED, new EncodedImage("jpeg", PEOPLE.get(0).live()), null);
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add("traceparent", utf8("00-abc-def-01"));
        checks.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(utf8("P0"), EventJson.write(request), headers,
                CAPTURED.plusMillis(5)));
        assertTrue(verdicts.isEmpty());
        driver.advanceWallClockTime(Duration.ofMillis(60));
        org.apache.kafka.streams.test.TestRecord<byte[], byte[]> out = verdicts.readRecord();
        assertEquals("00-abc-def-01", new String(out.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8));
        assertEquals(CAPTURED.plusMillis(5), out.getRecordTime());
    }

    @Test
    void pendingChecksStoredBeforeHeadersWereKeptAreStillRead() {
        byte[] key = utf8("P0");
        byte[] value = utf8("{}");
        byte[] old = java.nio.ByteBuffer.allocate(12 + key.length + value.length).putLong(1234L).putInt(key.length)
                .put(key).put(value).array();
        PendingCheck decoded = PendingCheck.decode(old);
        assertEquals(1234L, decoded.timestamp());
        assertEquals("P0", new String(decoded.key(), StandardCharsets.UTF_8));
        assertEquals("{}", new String(decoded.value(), StandardCharsets.UTF_8));
        assertEquals(0, decoded.headers().toArray().length);
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add("a", null);
        headers.add("b", utf8("x"));
        PendingCheck roundTrip = PendingCheck.decode(new PendingCheck(-5L, key, headers, value).encode());
        assertEquals(-5L, roundTrip.timestamp());
        assertEquals(null, roundTrip.headers().lastHeader("a").value());
        assertEquals("x", new String(roundTrip.headers().lastHeader("b").value(), StandardCharsets.UTF_8));
    }

    private void send(String documentId, byte[] live) {
        CheckRequest request = CheckRequest.of("check-" + (++nextCheck), "gate-1", documentId, CAPTURED,
                new EncodedImage("jpeg", live), null);
        checks.pipeInput(utf8(documentId), EventJson.write(request));
    }

    private List<Verdict> readVerdicts() {
        return verdicts.readValuesToList().stream().map(v -> EventJson.read(v, Verdict.class)).toList();
    }

    private long pendingCount() {
        KeyValueStore<Long, byte[]> store = driver.getKeyValueStore(FaceGateTopology.PENDING_STORE);
        long n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
