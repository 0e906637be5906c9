package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.facegate.demo.DemoFaces;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.EventJson;
import org.facegate.inference.Embedding;
import org.facegate.matching.Template;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.matching.TemplateSet;
import org.facegate.metrics.FaceGateMetrics;
import org.facegate.testsupport.TestModels;
import org.facegate.testsupport.TestPhotos;
import org.facegate.vision.FaceAnalyser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code facegate_templates{model_id}} follows the store: counted from it when the task starts (as after a restart,
 * when the store was restored from its changelog), kept by enrolments, re-enrolments under the model in use and
 * erasures, taken back when the task closes, and the same again from the store when a task is re-initialised.
 * The processor runs alone over an in-memory store ({@link MockProcessorContext}) with real photos.
 */
class TemplateGaugeTest {

    private static final String OLD_MODEL = "some-retired-model@1";
    private static final TemplateKey KEY = TemplateKey.generate();
    private static final TemplateKeyRing KEYS = TemplateKeyRing.of(KEY);
    private static final List<DemoFaces.Person> PEOPLE = TestPhotos.distinctPeople(2);

    private final FaceAnalyser analyser = TestModels.pipeline();
    private final String model = analyser.modelId();
    private final TemplatesStoreFixture fixture = new TemplatesStoreFixture();
    private final SimpleMeterRegistry registry = fixture.registry;
    private final FaceGateMetrics metrics = fixture.metrics;
    private final MockProcessorContext<byte[], byte[]> context = fixture.context;
    private final KeyValueStore<String, byte[]> store = fixture.store;
    private EnrolmentProcessor processor;

    @AfterEach
    void close() {
        fixture.close(processor);
    }

    private EnrolmentProcessor startProcessor() {
        EnrolmentProcessor p = new EnrolmentProcessor(analyser, new FaceReader(analyser, metrics, 1 << 20), metrics,
                Clock.systemUTC(), 3, KEYS);
        p.init(context);
        return p;
    }

    private double templates(String modelId) {
        return registry.get("facegate.templates").tag("model_id", modelId).gauge().value();
    }

    /** A set of {@code n} templates of {@code modelId}, as an earlier deployment stored it. */
    private static TemplateSet stored(String modelId, int n) {
        List<Template> templates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            templates.add(new Template(Instant.EPOCH, new Embedding(new float[128])));
        }
        return new TemplateSet(modelId, templates);
    }

    private EnrolmentResult enrol(String documentId, byte[]... photos) {
        List<EncodedImage> images = new ArrayList<>();
        for (byte[] photo : photos) {
            images.add(new EncodedImage("jpeg", photo));
        }
        processor.process(new Record<>(utf8(documentId),
                EventJson.write(Enrolment.of(documentId, images, Instant.EPOCH, "test")), 0L));
        return lastResult();
    }

    private EnrolmentResult erase(String documentId) {
        processor.process(new Record<>(utf8(documentId), (byte[]) null, 0L));
        return lastResult();
    }

    @Test
    void templatesAreCountedPerModelIdAcrossEnrolmentReEnrolmentAndErasure() {
        processor = startProcessor();
        enrol("P1", PEOPLE.get(0).enrolment(), PEOPLE.get(0).live());
        enrol("P2", PEOPLE.get(1).enrolment());
        assertEquals(3.0, templates(model));

        // Re-enrolment adds to the identity's templates, up to K = 3.
        assertEquals(3, enrol("P1", PEOPLE.get(0).live(), PEOPLE.get(0).enrolment()).templates());
        assertEquals(4.0, templates(model));

        // An erasure (null value) takes the identity's templates away.
        assertEquals(EnrolmentStatus.ERASED, erase("P2").status());
        assertEquals(3.0, templates(model));
        assertEquals(EnrolmentStatus.ERASED, erase("P2").status(), "erasing twice");
        assertEquals(3.0, templates(model));

        // The task moves away: its share goes; a new task over the same store counts it again.
        processor.close();
        assertEquals(0.0, templates(model));
        processor = startProcessor();
        assertEquals(3.0, templates(model));
    }

    @Test
    void aStoreRestoredFromTheChangelogIsCountedPerModelAndReEnrolmentMovesAnIdentityToTheModelInUse() {
        // What a restart finds: templates of the model in use, of an older model, and some under a key now lost.
        store.put("A1", KEYS.seal("A1", stored(model, 2)));
        store.put("A2", KEYS.seal("A2", stored(model, 3)));
        store.put("O1", KEYS.seal("O1", stored(OLD_MODEL, 2)));
        store.put("O2", TemplateKeyRing.of(TemplateKey.generate()).seal("O2", stored(OLD_MODEL, 1)));

        processor = startProcessor();
        assertEquals(5.0, templates(model));
        assertEquals(2.0, templates(OLD_MODEL), "what the keys cannot open counts in no model");
        assertEquals(4.0, registry.get("facegate.enrolled.identities").gauge().value());

        // Re-enrolment with a reference photo replaces the old model's templates by the model in use's.
        EnrolmentResult result = enrol("O1", PEOPLE.get(0).enrolment());
        assertEquals(EnrolmentStatus.ENROLLED, result.status());
        assertEquals(1, result.templates());
        assertEquals(0.0, templates(OLD_MODEL), "the old model id is at 0 once its identities are re-enrolled");
        assertEquals(6.0, templates(model));

        assertEquals(EnrolmentStatus.ERASED, erase("A2").status());
        assertEquals(EnrolmentStatus.ERASED, erase("O2").status());
        assertEquals(3.0, templates(model));

        // Re-initialised (a rebalance, or a task revived after an aborted transaction): counted from the store again.
        processor.close();
        processor = startProcessor();
        assertEquals(3.0, templates(model));
        assertEquals(0.0, templates(OLD_MODEL));
    }

    @Test
    void theModelInUseAndAFusionsMembersAreRegisteredAtZeroWhenTheTopologyIsBuilt() {
        FaceAnalyser fusion = TestModels.fusionPipeline();
        FaceGateTopology.build(new TopologySettings(Topics.DEFAULT, 3, TopologySettings.DEFAULT_MAX_IMAGE_BYTES,
                java.util.OptionalDouble.empty(), Batching.PER_RECORD), KEYS, fusion, metrics, Clock.systemUTC());
        assertEquals(0.0, templates(fusion.modelId()));
        for (String member : fusion.memberModelIds()) {
            assertEquals(0.0, templates(member), member);
        }
    }

    private EnrolmentResult lastResult() {
        List<MockProcessorContext.CapturedForward<? extends byte[], ? extends byte[]>> out = context.forwarded();
        EnrolmentResult r = EventJson.read(out.get(out.size() - 1).record().value(), EnrolmentResult.class);
        context.resetForwards();
        return r;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
