package org.facegate.topology;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.facegate.events.DeadLetterReason;
import org.facegate.events.EncodedImage;
import org.facegate.events.Enrolment;
import org.facegate.events.EnrolmentResult;
import org.facegate.events.EnrolmentStatus;
import org.facegate.events.EventJson;
import org.facegate.events.Parsed;
import org.facegate.events.Reason;
import org.facegate.matching.Template;
import org.facegate.matching.TemplateKeyRing;
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
 * Templates are stored sealed with the {@link TemplateKeyRing} ({@link TemplateStore}). When a task starts and finds
 * templates under a previous key (or in plaintext while a key is configured), a wall-clock punctuator re-seals them
 * under the current key, {@value #RESEAL_PER_PUNCTUATION} per {@link #RESEAL_INTERVAL}, so that a key rotation
 * completes online; {@code facegate_templates_stale} counts what is left. An enrolment for an identity whose
 * stored templates cannot be opened is REJECTED (PROCESSING_ERROR) and stores nothing.
 *
 * <p>{@code facegate_templates{model_id}} (templates per model id they were enrolled under, what an operator watches
 * fall to 0 for an old model during re-enrolment) is counted here, the only writer of the store: counted from the
 * store when the task starts ({@link TemplateStore#census}, which opens each value, since the model id is inside the
 * sealed part), then kept by this processor's own puts and deletes, and taken back when the task closes. That is
 * exact under exactly-once and restoration: Kafka Streams initialises processors only after the store is restored
 * from its changelog, which holds only committed writes; a task whose transaction is aborted is closed (its counts
 * taken back) and re-initialised over the restored store, so no uncommitted write outlives its counts. A periodic
 * scan would also be correct, but would decrypt every template of the store at each run instead of once per task
 * start. Values the keys cannot open count in no model ({@code facegate_templates_stale} shows them).
 * Never logs images, embeddings or templates.
 */
final class EnrolmentProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EnrolmentProcessor.class);

    private final String modelId;
    private final FaceReader faces;
    private final FaceGateMetrics metrics;
    private final Clock clock;
    static final int RESEAL_PER_PUNCTUATION = 200;
    static final Duration RESEAL_INTERVAL = Duration.ofSeconds(1);

    private final int templatesPerIdentity;
    private final TemplateKeyRing keys;
    private ProcessorContext<byte[], byte[]> context;
    private TemplateStore templates;
    /** Identities in this task's store, so the gauge can be corrected when the task moves away. */
    private long identities;
    /** Identities whose stored templates are not under the current key (re-seal pending), likewise. */
    private long stale;
    /** Templates in this task's store by the model id they were enrolled under, likewise. */
    private final Map<String, Long> templatesByModel = new HashMap<>();
    private String resealFrom;
    private Cancellable resealing;

    EnrolmentProcessor(FaceAnalyser analyser, FaceReader faces, FaceGateMetrics metrics, Clock clock, int templatesPerIdentity,
                       TemplateKeyRing keys) {
        this.modelId = analyser.modelId();
        this.faces = faces;
        this.metrics = metrics;
        this.clock = clock;
        this.templatesPerIdentity = templatesPerIdentity;
        this.keys = keys;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.templates = new TemplateStore(context.getStateStore(FaceGateTopology.TEMPLATES_STORE), keys);
        // Processors are initialised after the store is restored from its changelog, so these counts are exact.
        TemplateStore.Census census = templates.census();
        identities = census.identities();
        metrics.identitiesChanged(identities);
        census.templatesByModel().forEach(this::templatesChanged);
        if (keys.encrypts() && census.stale() > 0) {
            staleChanged(census.stale());
            resealing = context.schedule(RESEAL_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> resealSome());
        }
    }

    /** One step of the re-seal pass over this task's store; cancels itself at the end of the store. */
    private void resealSome() {
        TemplateStore.ResealPass pass = templates.reseal(resealFrom, RESEAL_PER_PUNCTUATION);
        resealFrom = pass.next();
        staleChanged(-pass.resealed());
        metrics.templatesResealed(pass.resealed());
        if (pass.next() == null) {
            resealing.cancel();
            resealing = null;
            if (pass.unreadable() > 0 || stale > 0) {
                LOG.warn("{} identities in task {} keep templates that the configured keys cannot open; "
                        + "add the key they were sealed under to facegate.templates.previous-key-files",
                        stale, context.taskId());
            }
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = System.nanoTime();
        String rawKey = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        // A key that cannot be a documentId (empty, blank, too long) names no identity.
        String key = EventJson.isIdentifier(rawKey) ? rawKey : null;
        if (record.value() == null) {
            if (key == null) {
                DeadLetters.send(context, record, DeadLetterReason.NO_DOCUMENT_ID, rawKey == null ? "a tombstone without a key erases nothing"
                        : "a tombstone whose key is not a documentId erases nothing", metrics);
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
            DeadLetterReason dlqReason = parsed instanceof Parsed.Unreadable<Enrolment> u ? u.reason() : DeadLetterReason.NO_DOCUMENT_ID;
            DeadLetters.send(context, record, dlqReason, parsed.detail(), metrics);
            return;
        }
        // Only look at the store when the documentId belongs to this partition (it is the key).
        int stored = documentId.get().equals(key) ? count(key) : 0;
        emit(record, documentId.get(), EnrolmentStatus.REJECTED, reason, parsed.detail(), stored, start);
    }

    private void erase(Record<byte[], byte[]> record, String documentId, long start) {
        boolean wasStale = templates.isStale(documentId);
        TemplateStore.Lookup erased = templates.get(documentId);
        if (templates.delete(documentId)) {
            if (erased instanceof TemplateStore.Found f) {
                templatesChanged(f.set().modelId(), -f.set().size());
            }
            identitiesChanged(-1);
            if (wasStale) {
                staleChanged(-1);
            }
        }
        emit(record, documentId, EnrolmentStatus.ERASED, null, null, 0, start);
    }

    private void enrol(Record<byte[], byte[]> record, String key, Enrolment enrolment, long start) {
        String documentId = enrolment.documentId();
        if (key == null || !key.equals(documentId)) {
            String detail = key == null ? "the record has no key, or one that cannot be a documentId; key enrolments by documentId"
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
        TemplateStore.Lookup existing = templates.get(documentId);
        if (existing instanceof TemplateStore.Unreadable u) {
            emit(record, documentId, EnrolmentStatus.REJECTED, Reason.PROCESSING_ERROR,
                    "stored templates unreadable, nothing changed: " + u.detail(), 0, start);
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
        TemplateSet before = existing instanceof TemplateStore.Found f ? f.set() : null;
        TemplateSet merged = TemplateSet.merge(before, modelId, added, templatesPerIdentity);
        boolean wasStale = templates.isStale(documentId);
        templates.put(documentId, merged);
        if (before != null) {
            templatesChanged(before.modelId(), -before.size()); // all of them: merge drops another model's templates
        }
        templatesChanged(merged.modelId(), merged.size());
        if (before == null) {
            identitiesChanged(1);
        } else if (wasStale) {
            staleChanged(-1); // sealed under the current key now
        }
        emit(record, documentId, EnrolmentStatus.ENROLLED, null, null, merged.size(), start);
    }

    private int count(String documentId) {
        return templates.get(documentId) instanceof TemplateStore.Found f ? f.set().size() : 0;
    }

    private void identitiesChanged(long delta) {
        identities += delta;
        metrics.identitiesChanged(delta);
    }

    private void staleChanged(long delta) {
        stale += delta;
        metrics.staleTemplatesChanged(delta);
    }

    private void templatesChanged(String modelId, long delta) {
        templatesByModel.merge(modelId, delta, Long::sum);
        metrics.templatesChanged(modelId, delta);
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
        metrics.staleTemplatesChanged(-stale);
        stale = 0;
        templatesByModel.forEach((modelId, n) -> metrics.templatesChanged(modelId, -n));
        templatesByModel.clear();
    }
}
