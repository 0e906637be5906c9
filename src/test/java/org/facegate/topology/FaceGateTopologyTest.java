package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.facegate.config.FaceGateConfig;
import org.facegate.demo.DemoFaces;
import org.facegate.events.CheckRequest;
import org.facegate.events.ComparedWith;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.EventJson;
import org.facegate.events.Reason;
import org.facegate.events.Verdict;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.matching.TemplateSet;
import org.facegate.metrics.FaceGateMetrics;
import org.facegate.testsupport.FaultInjectingAnalyser;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPhotos;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.FaceProblem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The production topology ({@link FaceGateTopology#build}) with the production Streams settings and the real face
 * pipeline in {@link TopologyTestDriver}: every decision and reason, enrolment update and erasure, chip checks,
 * poison pills. Photos: portraits cut from the face-api sample photos and re-captured variants of them
 * ({@link TestPhotos}); LOW_QUALITY and a pipeline failure are injected ({@link FaultInjectingAnalyser}).
 */
class FaceGateTopologyTest {

    private static final Instant CAPTURED = Instant.parse("2025-06-01T08:15:30Z");
    private static final Instant NOW = Instant.parse("2025-06-01T08:15:31Z");
    private static final int K = 3;
    /** Templates are sealed as in production. */
    private static final TemplateKeyRing KEYS = TemplateKeyRing.of(TemplateKey.generate());

    private static final List<DemoFaces.Person> PEOPLE = TestPhotos.distinctPeople(5);
    private static final DemoFaces.Person ALICE = PEOPLE.get(0);
    private static final DemoFaces.Person BOB = PEOPLE.get(1);
    private static final DemoFaces.Person MALLORY = PEOPLE.get(2);
    private static final DemoFaces.Person X = PEOPLE.get(3);
    private static final DemoFaces.Person Y = PEOPLE.get(4);

    private final FaultInjectingAnalyser analyser = new FaultInjectingAnalyser(TestModels.pipeline());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FaceGateMetrics metrics;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> checks;
    private TestInputTopic<byte[], byte[]> enrolments;
    private TestOutputTopic<byte[], byte[]> verdicts;
    private TestOutputTopic<byte[], byte[]> results;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private int nextCheck;

    @BeforeEach
    void start() {
        startWith(new TopologySettings(Topics.DEFAULT, K, TopologySettings.DEFAULT_MAX_IMAGE_BYTES, OptionalDouble.empty(),
                Batching.PER_RECORD));
    }

    private void startWith(TopologySettings settings) {
        if (driver != null) {
            stop();
        }
        Properties props = FaceGateConfig.defaults().streamsProperties();
        props.put("state.dir", "target/streams-state/topology-test");
        metrics = new FaceGateMetrics(registry);
        driver = new TopologyTestDriver(FaceGateTopology.build(settings, KEYS, analyser, metrics,
                Clock.fixed(NOW, ZoneOffset.UTC)), props);
        ByteArraySerializer ser = new ByteArraySerializer();
        ByteArrayDeserializer de = new ByteArrayDeserializer();
        Topics t = settings.topics();
        checks = driver.createInputTopic(t.checks(), ser, ser);
        enrolments = driver.createInputTopic(t.enrolments(), ser, ser);
        verdicts = driver.createOutputTopic(t.verdicts(), de, de);
        results = driver.createOutputTopic(t.enrolmentResults(), de, de);
        deadLetters = driver.createOutputTopic(t.deadLetters(), de, de);
    }

    @AfterEach
    void stop() {
        driver.close();
        metrics.close();
    }

    // ---- helpers ----

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static EncodedImage jpeg(byte[] data) {
        return new EncodedImage("jpeg", data);
    }

    private EnrolmentResult enrol(String documentId, byte[]... photos) {
        List<EncodedImage> images = new ArrayList<>();
        for (byte[] p : photos) {
            images.add(jpeg(p));
        }
        enrolments.pipeInput(utf8(documentId), EventJson.write(Enrolment.of(documentId, images, CAPTURED, "test-office")));
        return onlyResult();
    }

    private EnrolmentResult onlyResult() {
        TestRecord<byte[], byte[]> r = results.readRecord();
        assertTrue(results.isEmpty(), "one result per enrolment record");
        return EventJson.read(r.value(), EnrolmentResult.class);
    }

    private Verdict check(String documentId, byte[] live, byte[] chip) {
        CheckRequest request = CheckRequest.of("check-" + (++nextCheck), "gate-1", documentId, CAPTURED, jpeg(live),
                chip == null ? null : jpeg(chip));
        checks.pipeInput(utf8(documentId), EventJson.write(request));
        Verdict v = onlyVerdict();
        assertEquals(request.checkId(), v.checkId());
        return v;
    }

    private Verdict onlyVerdict() {
        assertTrue(deadLetters.isEmpty(), "no dead letter expected");
        TestRecord<byte[], byte[]> r = verdicts.readRecord();
        assertTrue(verdicts.isEmpty(), "exactly one verdict per check");
        Verdict v = EventJson.read(r.value(), Verdict.class);
        if (v.documentId() != null) {
            assertEquals(v.documentId(), new String(r.key(), StandardCharsets.UTF_8), "verdicts are keyed by documentId");
        }
        return v;
    }

    private Verdict rawCheck(byte[] key, String json) {
        checks.pipeInput(key, json == null ? null : utf8(json));
        return onlyVerdict();
    }

    private KeyValueStore<String, byte[]> store() {
        return driver.getKeyValueStore(FaceGateTopology.TEMPLATES_STORE);
    }

    /** The identity's templates as stored (opened with the test's key), or null. */
    private TemplateSet stored(String documentId) {
        byte[] sealed = store().get(documentId);
        return sealed == null ? null : KEYS.open(documentId, sealed).set();
    }

    private static String headerText(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String validCheckJson(String checkId, String documentId, String extra) {
        return "{\"schemaVersion\":1,\"checkId\":\"" + checkId + "\",\"gateId\":\"g\",\"documentId\":\"" + documentId
                + "\",\"capturedAt\":\"2025-06-01T08:15:30Z\",\"liveImage\":{\"format\":\"jpeg\",\"data\":\"Zm9v\"}" + extra + "}";
    }

    // ---- decisions ----

    @Test
    void genuineCheckAfterEnrolmentIsMatchWithDistanceThresholdModelAndTimings() {
        assertEquals(EnrolmentStatus.ENROLLED, enrol("P1", ALICE.enrolment()).status());
        Verdict v = check("P1", ALICE.live(), null);
        assertEquals(Decision.MATCH, v.decision());
        assertEquals(ComparedWith.ENROLMENT, v.comparedWith());
        assertTrue(v.distance() < v.threshold());
        assertEquals(TestModels.pipeline().threshold(), v.threshold());
        assertEquals(TestModels.pipeline().modelId(), v.modelId());
        assertEquals("gate-1", v.gateId());
        assertEquals(CAPTURED, v.capturedAt());
        assertEquals(NOW, v.decidedAt());
        assertNull(v.reason());
        assertTrue(v.timings().embedMs() > 0 && v.timings().totalMs() > 0);
    }

    @Test
    void impostorCheckIsNoMatch() {
        enrol("P1", ALICE.enrolment());
        Verdict v = check("P1", MALLORY.live(), null);
        assertEquals(Decision.NO_MATCH, v.decision());
        assertTrue(v.distance() >= v.threshold());
    }

    @Test
    void distanceIsTheMinimumOverTheTemplates() {
        enrol("P1", MALLORY.live(), ALICE.enrolment());
        assertEquals(Decision.MATCH, check("P1", ALICE.live(), null).decision());
    }

    @Test
    void unknownDocumentIsNotEnrolledWithoutRunningInference() {
        int before = analyser.calls();
        Verdict v = check("P404", ALICE.enrolment(), null);
        assertEquals(Decision.NOT_ENROLLED, v.decision());
        assertNull(v.distance());
        assertNull(v.comparedWith());
        assertEquals(before, analyser.calls());
    }

    @Test
    void chipCheckNeedsNoEnrolment() {
        Verdict genuine = check("P9", BOB.live(), BOB.enrolment());
        assertEquals(Decision.MATCH, genuine.decision());
        assertEquals(ComparedWith.CHIP, genuine.comparedWith());
        Verdict impostor = check("P9", MALLORY.live(), BOB.enrolment());
        assertEquals(Decision.NO_MATCH, impostor.decision());
        assertEquals(ComparedWith.CHIP, impostor.comparedWith());
    }

    @Test
    void chipCheckIgnoresEnrolledTemplates() {
        enrol("P1", ALICE.enrolment());
        Verdict v = check("P1", ALICE.live(), MALLORY.live());
        assertEquals(Decision.NO_MATCH, v.decision());
        assertEquals(ComparedWith.CHIP, v.comparedWith());
    }

    @Test
    void configuredThresholdOverridesTheModels() {
        startWith(new TopologySettings(Topics.DEFAULT, K, TopologySettings.DEFAULT_MAX_IMAGE_BYTES, OptionalDouble.of(0.01),
                Batching.PER_RECORD));
        enrol("P1", ALICE.enrolment());
        Verdict v = check("P1", ALICE.live(), null);
        assertEquals(Decision.NO_MATCH, v.decision());
        assertEquals(0.01, v.threshold());
    }

    // ---- rejections from the photo ----

    @ParameterizedTest
    @EnumSource(FaceProblem.class)
    void everyFaceProblemOfTheLiveImageIsRejectedWithThatReason(FaceProblem problem) {
        enrol("P1", ALICE.enrolment());
        Verdict v = check("P1", problem == FaceProblem.LOW_QUALITY ? FaultInjectingAnalyser.LOW_QUALITY_PHOTO : TestPhotos.withProblem(problem), null);
        assertEquals(Decision.REJECTED, v.decision());
        assertEquals(Reason.valueOf(problem.name()), v.reason());
        assertNotNull(v.detail());
        assertNull(v.distance());
    }

    @Test
    void aChipImageProblemIsRejectedAndSaysItWasTheChip() {
        Verdict v = check("P1", ALICE.enrolment(), TestPhotos.withProblem(FaceProblem.NO_FACE));
        assertEquals(Reason.NO_FACE, v.reason());
        assertTrue(v.detail().startsWith("chip image: "), v.detail());
    }

    @Test
    void undeclaredFormatIsUnsupportedFormatBeforeDecoding() {
        enrol("P1", ALICE.enrolment());
        int before = analyser.calls();
        checks.pipeInput(utf8("P1"), EventJson.write(CheckRequest.of("c-gif", "g", "P1", CAPTURED,
                new EncodedImage("gif", ALICE.live()), null)));
        Verdict v = onlyVerdict();
        assertEquals(Reason.UNSUPPORTED_FORMAT, v.reason());
        assertEquals(before, analyser.calls());
    }

    @Test
    void imageOverTheByteLimitIsImageTooLarge() {
        enrol("P1", ALICE.enrolment());
        Verdict v = check("P1", TestPhotos.randomBytes(TopologySettings.DEFAULT_MAX_IMAGE_BYTES + 1), null);
        assertEquals(Reason.IMAGE_TOO_LARGE, v.reason());
    }

    @Test
    void aFailingPipelineIsProcessingErrorAndTheStreamGoesOn() {
        enrol("P1", ALICE.enrolment());
        assertEquals(Reason.PROCESSING_ERROR, check("P1", FaultInjectingAnalyser.FAILING_PHOTO, null).reason());
        assertEquals(Decision.MATCH, check("P1", ALICE.live(), null).decision());
    }

    // ---- bad events ----

    @Test
    void malformedJsonGoesToDeadLettersWithReasonAndSource() {
        checks.pipeInput(utf8("P1"), utf8("{\"checkId\": \"c1\", oops"));
        assertTrue(verdicts.isEmpty());
        TestRecord<byte[], byte[]> dl = deadLetters.readRecord();
        assertEquals("MALFORMED_JSON", headerText(dl, DeadLetters.REASON));
        assertEquals("passport-checks", headerText(dl, DeadLetters.TOPIC));
        assertEquals("0", headerText(dl, DeadLetters.PARTITION));
        assertEquals("0", headerText(dl, DeadLetters.OFFSET));
        assertEquals("{\"checkId\": \"c1\", oops", new String(dl.value(), StandardCharsets.UTF_8), "the original bytes");
        assertTrue(deadLetters.isEmpty());
        assertEquals(1.0, registry.get("facegate.dead.letters").tags("topic", "passport-checks", "reason", "MALFORMED_JSON")
                .counter().count());
    }

    @Test
    void deadLetterCountersOfEveryInputExistAtZeroAndEveryKindOfDeadLetterCountsInOne() {
        Map<String, Set<String>> atStart = deadLetterSeries();
        assertEquals(Map.of(
                "passport-checks", Set.of("EMPTY_VALUE", "MALFORMED_JSON", "NOT_A_JSON_OBJECT", "NO_CHECK_ID"),
                "enrolments", Set.of("EMPTY_VALUE", "MALFORMED_JSON", "NOT_A_JSON_OBJECT", "NO_DOCUMENT_ID")), atStart);
        registry.find("facegate.dead.letters").counters().forEach(c -> assertEquals(0.0, c.count(), c.getId().toString()));

        for (byte[] value : List.of(new byte[0], utf8("not json"), utf8("[1,2]"), utf8("{\"checkId\":42}"))) {
            checks.pipeInput(utf8("P1"), value);
            enrolments.pipeInput(utf8(" "), value); // a blank key is no documentId either
        }
        List<String> reasons = deadLetters.readRecordsToList().stream().map(r -> headerText(r, DeadLetters.REASON)).toList();
        assertEquals(Set.copyOf(atStart.values().stream().flatMap(Set::stream).toList()), Set.copyOf(reasons),
                "every dead-letter reason of both inputs occurred");
        assertEquals(atStart, deadLetterSeries(), "no dead letter created a series of its own (it would be born at 1)");
        assertEquals(reasons.size(), registry.find("facegate.dead.letters").counters().stream().mapToDouble(c -> c.count()).sum());
    }

    /** The reason labels of the dead-letter counters, by source topic. */
    private Map<String, Set<String>> deadLetterSeries() {
        return registry.find("facegate.dead.letters").counters().stream().collect(Collectors.groupingBy(
                c -> c.getId().getTag("topic"), Collectors.mapping(c -> c.getId().getTag("reason"), Collectors.toSet())));
    }

    @Test
    void recordsWithoutReadableCheckIdGoToDeadLetters() {
        checks.pipeInput(utf8("P1"), (byte[]) null);
        checks.pipeInput(utf8("P1"), utf8("[1,2]"));
        checks.pipeInput(utf8("P1"), utf8("{\"schemaVersion\":1,\"gateId\":\"g\"}"));
        checks.pipeInput(utf8("P1"), utf8("{\"checkId\":42}"));
        assertTrue(verdicts.isEmpty());
        List<String> reasons = deadLetters.readRecordsToList().stream().map(r -> headerText(r, DeadLetters.REASON)).toList();
        assertEquals(List.of("EMPTY_VALUE", "NOT_A_JSON_OBJECT", "NO_CHECK_ID", "NO_CHECK_ID"), reasons);
    }

    @Test
    void missingFieldIsInvalidEventWithWhatCouldBeRead() {
        Verdict v = rawCheck(utf8("P1"), "{\"schemaVersion\":1,\"checkId\":\"c1\",\"documentId\":\"P1\",\"capturedAt\":\"2025-06-01T08:15:30Z\"}");
        assertEquals(Decision.REJECTED, v.decision());
        assertEquals(Reason.INVALID_EVENT, v.reason());
        assertEquals("P1", v.documentId());
        assertNull(v.gateId());
        assertEquals(CAPTURED, v.capturedAt());
        assertTrue(v.detail().contains("gateId"), v.detail());
    }

    @Test
    void unknownSchemaVersionIsRejected() {
        Verdict v = rawCheck(utf8("P1"), validCheckJson("c1", "P1", "").replace("\"schemaVersion\":1", "\"schemaVersion\":2"));
        assertEquals(Reason.UNSUPPORTED_SCHEMA_VERSION, v.reason());
    }

    @Test
    void capturedAtMustBeAnRfc3339DateTimeAndAnyYearOfOneIsAnswered() {
        assertEquals(Reason.INVALID_EVENT, rawCheck(utf8("P1"), validCheckJson("c1", "P1", "")
                .replace("\"2025-06-01T08:15:30Z\"", "\"1748765730\"")).reason(), "a numeric string is no date-time");
        assertEquals(Reason.INVALID_EVENT, rawCheck(utf8("P1"), validCheckJson("c2", "P1", "")
                .replace("\"2025-06-01T08:15:30Z\"", "\"+10000-01-01T00:00:00Z\"")).reason(), "five-digit year");
        assertEquals(Reason.INVALID_EVENT, rawCheck(utf8("P1"), validCheckJson("c3", "P1", "")
                .replace("\"2025-06-01T08:15:30Z\"", "\"2025-06-01T08:15:30\"")).reason(), "no offset");
        // Centuries away from now: the verdict latency (clamped) must not overflow.
        for (String when : List.of("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z")) {
            Verdict v = rawCheck(utf8("P404"), validCheckJson("c-" + when, "P404", "").replace("2025-06-01T08:15:30Z", when));
            assertEquals(Decision.NOT_ENROLLED, v.decision(), when);
            assertEquals(Instant.parse(when), v.capturedAt());
        }
    }

    @Test
    void badBase64IsInvalidEvent() {
        Verdict v = rawCheck(utf8("P1"), validCheckJson("c1", "P1", "").replace("Zm9v", "Zm9v!!"));
        assertEquals(Reason.INVALID_EVENT, v.reason());
        assertTrue(v.detail().contains("base64"), v.detail());
    }

    @Test
    void unknownFieldIsInvalidEvent() {
        Verdict v = rawCheck(utf8("P1"), validCheckJson("c1", "P1", ",\"chipimage\":{\"format\":\"jpeg\",\"data\":\"Zm9v\"}"));
        assertEquals(Reason.INVALID_EVENT, v.reason());
    }

    @Test
    void nullKeyIsKeyMismatchAndNothingIsLookedUp() {
        enrol("P1", ALICE.enrolment());
        int before = analyser.calls();
        Verdict v = rawCheck(null, validCheckJson("c1", "P1", ""));
        assertEquals(Reason.KEY_MISMATCH, v.reason());
        assertEquals(before, analyser.calls());
    }

    @Test
    void keyThatIsNotTheDocumentIdIsKeyMismatch() {
        enrol("P1", ALICE.enrolment());
        Verdict v = rawCheck(utf8("P2"), validCheckJson("c1", "P1", ""));
        assertEquals(Reason.KEY_MISMATCH, v.reason());
        assertEquals("P1", v.documentId());
    }

    // ---- enrolment ----

    @Test
    void reEnrolmentAddsTemplatesAndKeepsTheNewestK() {
        assertEquals(2, enrol("P1", X.enrolment(), Y.enrolment()).templates());
        EnrolmentResult r = enrol("P1", ALICE.enrolment(), ALICE.live());
        assertEquals(EnrolmentStatus.ENROLLED, r.status());
        assertEquals(K, r.templates());
        assertEquals(K, stored("P1").size());
        // "x" (the oldest) is gone; "y" and both alice templates remain.
        assertEquals(Decision.NO_MATCH, check("P1", X.live(), null).decision());
        assertEquals(Decision.MATCH, check("P1", Y.live(), null).decision());
        assertEquals(1.0, registry.get("facegate.enrolled.identities").gauge().value());
        assertEquals((double) K, templatesGauge(), "templates, not identities, by model id");
    }

    private double templatesGauge() {
        return registry.get("facegate.templates").tag("model_id", analyser.modelId()).gauge().value();
    }

    @Test
    void tombstoneErasesTheIdentityFromStoreAndChangelog() {
        enrol("P1", ALICE.enrolment());
        assertEquals(1.0, templatesGauge());
        enrolments.pipeInput(utf8("P1"), (byte[]) null);
        EnrolmentResult r = onlyResult();
        assertEquals(EnrolmentStatus.ERASED, r.status());
        assertEquals(0, r.templates());
        assertNull(stored("P1"));
        assertEquals(Decision.NOT_ENROLLED, check("P1", ALICE.live(), null).decision());
        assertEquals(0.0, registry.get("facegate.enrolled.identities").gauge().value());
        assertEquals(0.0, templatesGauge(), "the model id's series stays, at 0");
        TestOutputTopic<String, byte[]> changelog = driver.createOutputTopic(
                "facegate-templates-changelog", new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer());
        List<TestRecord<String, byte[]>> log = changelog.readRecordsToList();
        assertEquals(2, log.size());
        assertNotNull(log.get(0).value());
        assertNull(log.get(1).value(), "the erasure is a tombstone in the changelog");
    }

    @Test
    void anEnrolmentWithOneBadImageStoresNothing() {
        EnrolmentResult r = enrol("P1", ALICE.enrolment(), TestPhotos.withProblem(FaceProblem.MULTIPLE_FACES));
        assertEquals(EnrolmentStatus.REJECTED, r.status());
        assertEquals(Reason.MULTIPLE_FACES, r.reason());
        assertTrue(r.detail().startsWith("image 2 of 2: "), r.detail());
        assertNull(stored("P1"));
    }

    @Test
    void moreImagesThanKIsTooManyImages() {
        byte[] f = ALICE.enrolment();
        EnrolmentResult r = enrol("P1", f, f, f, f);
        assertEquals(Reason.TOO_MANY_IMAGES, r.reason());
        assertNull(stored("P1"));
    }

    @Test
    void enrolmentKeyedByAnotherDocumentIsKeyMismatchAndStoresNothing() {
        enrolments.pipeInput(utf8("P2"), EventJson.write(Enrolment.of("P1", List.of(jpeg(ALICE.enrolment())), CAPTURED, "s")));
        EnrolmentResult r = onlyResult();
        assertEquals(Reason.KEY_MISMATCH, r.reason());
        assertNull(stored("P1"));
        assertNull(stored("P2"));
    }

    @Test
    void badEnrolmentRecords() {
        enrolments.pipeInput(utf8("P1"), utf8("not json"));
        EnrolmentResult r = onlyResult();
        assertEquals(Reason.INVALID_EVENT, r.reason());
        assertEquals("P1", r.documentId());
        enrolments.pipeInput((byte[]) null, utf8("not json"));
        enrolments.pipeInput((byte[]) null, (byte[]) null);
        enrolments.pipeInput(new byte[0], utf8("not json")); // an empty key is no documentId either
        enrolments.pipeInput(utf8(" "), (byte[]) null);
        assertTrue(results.isEmpty());
        List<String> reasons = deadLetters.readRecordsToList().stream().map(d -> headerText(d, DeadLetters.REASON)).toList();
        assertEquals(List.of("MALFORMED_JSON", "NO_DOCUMENT_ID", "MALFORMED_JSON", "NO_DOCUMENT_ID"), reasons);
    }

    @Test
    void templatesOfAnotherModelCountAsNotEnrolled() {
        store().put("P1", KEYS.seal("P1", TemplateSet.merge(null, "old-model@0", List.of(
                new org.facegate.matching.Template(CAPTURED, new org.facegate.inference.Embedding(new float[128]))), K)));
        assertEquals(Decision.NOT_ENROLLED, check("P1", ALICE.enrolment(), null).decision());
    }

    @Test
    void verdictsAreCountedByDecisionAndReason() {
        enrol("P1", ALICE.enrolment());
        check("P1", ALICE.live(), null);
        check("P1", TestPhotos.withProblem(FaceProblem.NO_FACE), null);
        assertEquals(1.0, registry.get("facegate.verdicts").tags("decision", "MATCH", "reason", "none").counter().count());
        assertEquals(1.0, registry.get("facegate.verdicts").tags("decision", "REJECTED", "reason", "NO_FACE").counter().count());
        assertEquals(2, registry.get("facegate.verdict.latency").timers().stream().mapToLong(t -> t.count()).sum());
        assertTrue(registry.get("facegate.inference.stage").tag("stage", "embed").timer().count() >= 2);
    }

    @Test
    void everyCheckGetsExactlyOneVerdict() {
        enrol("P1", ALICE.enrolment());
        Map<String, byte[]> inputs = new java.util.LinkedHashMap<>();
        inputs.put("c1", utf8(validCheckJson("c1", "P1", "")));
        inputs.put("c2", utf8(validCheckJson("c2", "P1", "").replace("\"schemaVersion\":1", "\"schemaVersion\":9")));
        inputs.put("c3", EventJson.write(CheckRequest.of("c3", "g", "P1", CAPTURED, jpeg(ALICE.live()), null)));
        inputs.put("c4", utf8("{\"checkId\":\"c4\"}"));
        inputs.forEach((id, value) -> checks.pipeInput(utf8("P1"), value));
        List<String> ids = verdicts.readValuesToList().stream().map(v -> EventJson.read(v, Verdict.class).checkId()).toList();
        assertEquals(List.copyOf(inputs.keySet()), ids);
        assertTrue(deadLetters.isEmpty());
    }
}
