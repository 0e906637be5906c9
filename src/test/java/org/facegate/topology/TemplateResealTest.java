package org.facegate.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.EventJson;
import org.facegate.events.Reason;
import org.facegate.inference.Embedding;
import org.facegate.matching.Template;
import org.facegate.matching.TemplateKey;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.matching.TemplateSet;
import org.facegate.metrics.FaceGateMetrics;
import org.facegate.testsupport.TestModels;
import org.facegate.vision.FaceAnalyser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation online: the enrolment processor finds templates under a previous key (or plaintext) when its task
 * starts and re-seals them under the current key from a punctuator, a bounded number per run; templates under a key
 * it does not have are left alone and refuse enrolment updates, but can still be erased.
 */
class TemplateResealTest {

    private static final TemplateKey OLD = TemplateKey.generate();
    private static final TemplateKey NEW = TemplateKey.generate();
    private static final TemplateKey LOST = TemplateKey.generate();
    private static final TemplateKeyRing ROTATED = TemplateKeyRing.of(NEW, List.of(OLD));

    private final FaceAnalyser analyser = TestModels.pipeline();
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

    private TemplateSet templates() {
        return new TemplateSet(analyser.modelId(), List.of(new Template(Instant.EPOCH, new Embedding(new float[128]))));
    }

    private void startProcessor() {
        processor = new EnrolmentProcessor(analyser, new FaceReader(analyser, metrics, 1 << 20), metrics,
                Clock.systemUTC(), 3, ROTATED);
        processor.init(context);
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private void punctuate() {
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
    }

    @Test
    void templatesUnderThePreviousKeyOrPlaintextAreResealedAndUnknownKeysAreLeft() {
        store.put("P-old", TemplateKeyRing.of(OLD).seal("P-old", templates()));
        store.put("P-plain", TemplateKeyRing.plaintext().seal("P-plain", templates()));
        store.put("P-lost", TemplateKeyRing.of(LOST).seal("P-lost", templates()));
        store.put("P-new", ROTATED.seal("P-new", templates()));

        startProcessor();
        assertEquals(4.0, gauge("facegate.enrolled.identities"));
        assertEquals(3.0, gauge("facegate.templates.stale"));
        assertEquals(1, context.scheduledPunctuators().size());

        punctuate();
        assertTrue(ROTATED.isCurrent(store.get("P-old")));
        assertTrue(ROTATED.isCurrent(store.get("P-plain")));
        assertEquals(NEW.id(), TemplateKeyRing.keyId(store.get("P-plain")).orElseThrow());
        assertEquals(LOST.id(), TemplateKeyRing.keyId(store.get("P-lost")).orElseThrow(), "left as it was");
        assertNotNull(ROTATED.open("P-old", store.get("P-old")).set());
        assertEquals(1.0, gauge("facegate.templates.stale"));
        assertEquals(2.0, registry.get("facegate.templates.resealed").counter().count());
        assertTrue(context.scheduledPunctuators().get(0).cancelled(), "the pass ends at the end of the store");

        // An enrolment cannot merge into templates it cannot open: nothing changes.
        processor.process(new Record<>(utf8("P-lost"), EventJson.write(Enrolment.of("P-lost",
                List.of(new EncodedImage("jpeg", new byte[] {1, 2, 3})), Instant.EPOCH, "test")), 0L));
        EnrolmentResult rejected = lastResult();
        assertEquals(EnrolmentStatus.REJECTED, rejected.status());
        assertEquals(Reason.PROCESSING_ERROR, rejected.reason());
        assertTrue(rejected.detail().contains(LOST.id()), rejected.detail());
        assertEquals(LOST.id(), TemplateKeyRing.keyId(store.get("P-lost")).orElseThrow());

        // Erasure works without the key.
        processor.process(new Record<>(utf8("P-lost"), (byte[]) null, 0L));
        assertEquals(EnrolmentStatus.ERASED, lastResult().status());
        assertNull(store.get("P-lost"));
        assertEquals(0.0, gauge("facegate.templates.stale"));
        assertEquals(3.0, gauge("facegate.enrolled.identities"));
    }

    @Test
    void aLargeStoreIsResealedInBoundedSteps() {
        int n = EnrolmentProcessor.RESEAL_PER_PUNCTUATION * 2 + 50;
        TemplateKeyRing old = TemplateKeyRing.of(OLD);
        for (int i = 0; i < n; i++) {
            String id = String.format("D%04d", i);
            store.put(id, old.seal(id, templates()));
        }
        startProcessor();
        assertEquals(n, gauge("facegate.templates.stale"));
        punctuate();
        assertEquals(n - EnrolmentProcessor.RESEAL_PER_PUNCTUATION, gauge("facegate.templates.stale"));
        assertFalse(context.scheduledPunctuators().get(0).cancelled());
        punctuate();
        punctuate();
        assertEquals(0.0, gauge("facegate.templates.stale"));
        assertTrue(context.scheduledPunctuators().get(0).cancelled());
        try (var all = store.all()) {
            all.forEachRemaining(e -> assertTrue(ROTATED.isCurrent(e.value), e.key));
        }
    }

    @Test
    void nothingToResealSchedulesNothing() {
        store.put("P1", ROTATED.seal("P1", templates()));
        startProcessor();
        assertEquals(0.0, gauge("facegate.templates.stale"));
        assertTrue(context.scheduledPunctuators().isEmpty());
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
