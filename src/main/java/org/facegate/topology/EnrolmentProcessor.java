package org.facegate.topology;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.EventJson;
import org.facegate.events.Parsed;
import org.facegate.events.Reason;
import org.facegate.matching.Template;
import org.facegate.matching.TemplateSet;
import org.facegate.metrics.FaceGateMetrics;
import org.facegate.vision.FaceAnalyser;
import org.facegate.vision.ImageRole;

/**
 * Turns each record of {@code enrolments} into templates in the {@code templates} store and one
 * {@link EnrolmentResult} on {@code enrolment-results}:
 * <ul>
 *   <li>a tombstone (null value) deletes the identity from the store, which writes a tombstone to the store's
 *       changelog too: ERASED;</li>
 *   <li>an enrolment whose images all yield a face adds one template per image, keeping the newest K:
 *       ENROLLED. All or nothing: if any image is rejected nothing is stored (REJECTED with that image's
 *       reason);</li>
 *   <li>invalid events, more than K images, or a key that is not the documentId: REJECTED, nothing stored;</li>
 *   <li>no documentId readable from the value or the key: dead letter.</li>
 * </ul>
 * Never logs images or embeddings.
 */
final class EnrolmentProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private final String modelId;
    private final FaceReader faces;
    private final FaceGateMetrics metrics;
    private final Clock clock;
    private final int templatesPerIdentity;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, TemplateSet> templates;
    /** Identities in this task's store, so the gauge can be corrected when the task moves away. */
    private long identities;

    EnrolmentProcessor(FaceAnalyser analyser, FaceReader faces, FaceGateMetrics metrics, Clock clock, int templatesPerIdentity) {
        this.modelId = analyser.modelId();
        this.faces = faces;
        this.metrics = metrics;
        this.clock = clock;
        this.templatesPerIdentity = templatesPerIdentity;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.templates = context.getStateStore(FaceGateTopology.TEMPLATES_STORE);
        // Processors are initialised after the store is restored from its changelog, so this count is exact.
        try (KeyValueIterator<String, TemplateSet> all = templates.all()) {
            while (all.hasNext()) {
                all.next();
                identities++;
            }
        }
        metrics.identitiesChanged(identities);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = System.nanoTime();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            if (key == null) {
                DeadLetters.send(context, record, "NO_DOCUMENT_ID", "a tombstone without a key erases nothing", metrics);
            } else {
                erase(record, key, start);
            }
            return;
        }
        Parsed<Enrolment> parsed = EventJson.parse(record.value(), Enrolment.class);
        if (parsed instanceof Parsed.Valid<Enrolment> valid) {
            enrol(record, key, valid.event(), start);
            return;
        }
        Optional<String> documentId = parsed instanceof Parsed.Invalid<Enrolment> invalid
                ? invalid.text("documentId").or(() -> Optional.ofNullable(key))
                : Optional.ofNullable(key);
        Reason reason = parsed instanceof Parsed.Invalid<Enrolment> invalid ? invalid.reason() : Reason.INVALID_EVENT;
        if (documentId.isEmpty()) {
            String dlqReason = parsed instanceof Parsed.Unreadable<Enrolment> u ? u.reason() : "NO_DOCUMENT_ID";
            DeadLetters.send(context, record, dlqReason, parsed.detail(), metrics);
            return;
        }
        // Only look at the store when the documentId belongs to this partition (it is the key).
        int stored = documentId.get().equals(key) ? count(key) : 0;
        emit(record, documentId.get(), EnrolmentStatus.REJECTED, reason, parsed.detail(), stored, start);
    }

    private void erase(Record<byte[], byte[]> record, String documentId, long start) {
        if (templates.delete(documentId) != null) {
            identitiesChanged(-1);
        }
        emit(record, documentId, EnrolmentStatus.ERASED, null, null, 0, start);
    }

    private void enrol(Record<byte[], byte[]> record, String key, Enrolment enrolment, long start) {
        String documentId = enrolment.documentId();
        if (key == null || !key.equals(documentId)) {
            String detail = key == null ? "the record has no key; key enrolments by documentId"
                    : "the record key is not the documentId";
            emit(record, documentId, EnrolmentStatus.REJECTED, Reason.KEY_MISMATCH, detail, 0, start);
            return;
        }
        List<EncodedImage> images = enrolment.images();
        if (images.size() > templatesPerIdentity) {
            emit(record, documentId, EnrolmentStatus.REJECTED, Reason.TOO_MANY_IMAGES,
                    images.size() + " images; at most " + templatesPerIdentity + " are kept per identity",
                    count(documentId), start);
            return;
        }
        List<FaceReader.Result> results = faces.readAll(images, ImageRole.ENROLMENT);
        List<Template> added = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            FaceReader.Result result = results.get(i);
            if (result instanceof FaceReader.Rejected rejected) {
                Rejection r = rejected.rejection().prefixed("image " + (i + 1) + " of " + results.size() + ": ");
                emit(record, documentId, EnrolmentStatus.REJECTED, r.reason(), r.detail(), count(documentId), start);
                return;
            }
            added.add(new Template(enrolment.enrolledAt(), ((FaceReader.Face) result).embedding()));
        }
        TemplateSet existing = templates.get(documentId);
        TemplateSet merged = TemplateSet.merge(existing, modelId, added, templatesPerIdentity);
        templates.put(documentId, merged);
        if (existing == null) {
            identitiesChanged(1);
        }
        emit(record, documentId, EnrolmentStatus.ENROLLED, null, null, merged.size(), start);
    }

    private int count(String documentId) {
        TemplateSet set = templates.get(documentId);
        return set == null ? 0 : set.size();
    }

    private void identitiesChanged(long delta) {
        identities += delta;
        metrics.identitiesChanged(delta);
    }

    private void emit(Record<byte[], byte[]> record, String documentId, EnrolmentStatus status, Reason reason,
                      String detail, int stored, long start) {
        EnrolmentResult result = new EnrolmentResult(1, documentId, status, reason, detail, stored, clock.instant());
        byte[] key = documentId.getBytes(StandardCharsets.UTF_8);
        context.forward(record.withKey(key).withValue(EventJson.write(result)), FaceGateTopology.ENROLMENT_RESULTS_SINK);
        metrics.enrolment(result, System.nanoTime() - start);
    }

    @Override
    public void close() {
        metrics.identitiesChanged(-identities);
        identities = 0;
    }
}
