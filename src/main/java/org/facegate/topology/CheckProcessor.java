package org.facegate.topology;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.facegate.events.CheckRequest;
import org.facegate.events.ComparedWith;
import org.facegate.events.DeadLetterReason;
import org.facegate.events.Decision;
import org.facegate.events.EncodedImage;
import org.facegate.events.EventJson;
import org.facegate.events.MemberDistance;
import org.facegate.events.Parsed;
import org.facegate.events.PresentationCheck;
import org.facegate.events.Reason;
import org.facegate.events.ScoreNormalisation;
import org.facegate.events.Verdict;
import org.facegate.events.VerdictTimings;
import org.facegate.cohort.CohortDecision;
import org.facegate.cohort.CohortNormaliser;
import org.facegate.inference.Embedding;
import org.facegate.inference.TemplateComparison;
import org.facegate.matching.TemplateKeyRing;
import org.facegate.matching.Template;
import org.facegate.matching.TemplateSet;
import org.facegate.metrics.FaceGateMetrics;
import org.facegate.pad.PadScore;
import org.facegate.vision.FaceAnalyser;
import org.facegate.vision.ImageRole;
import org.facegate.vision.StageTimings;

/**
 * Answers each record of {@code passport-checks} with exactly one {@link Verdict} on {@code verdicts}, or, when
 * the record has no readable checkId, forwards it to {@code dead-letters}. Reads raw bytes and parses them itself,
 * so a bad record can never reach Kafka Streams' exception handlers; never throws for bad input.
 *
 * <p>Order of decisions: unparseable → dead letter; invalid event → REJECTED (INVALID_EVENT,
 * UNSUPPORTED_SCHEMA_VERSION); key missing or not the documentId → REJECTED KEY_MISMATCH (nothing looked up: the
 * templates live in the documentId's partition, which may not be this one); format or size → REJECTED; with a chip
 * photo: live vs chip (after the live image passed presentation-attack detection: an attack is REJECTED
 * PRESENTATION_ATTACK with its PAD score and no distance, nothing compared); otherwise no templates → NOT_ENROLLED (before any inference, to save it), templates that the
 * configured keys cannot open → REJECTED PROCESSING_ERROR, else live vs templates (minimum distance). Only correct for co-partitioned {@code passport-checks} and {@code enrolments}.
 *
 * <p>Micro-batching ({@link Batching}): checks that need inference are first put into the changelogged
 * {@code pending-checks} store (keyed by input offset) and answered together when {@code maxSize} are waiting or
 * the oldest has waited {@code maxWait} (wall-clock punctuator). Under exactly-once the store's changelog writes
 * commit atomically with the input offsets, and a verdict commits atomically with the deletion of its pending
 * entry: a crash between the two restores the pending checks and answers them after the restart, so no check is
 * lost and none answered twice. The store is cached, so a check buffered and answered between two commits writes
 * only a small tombstone to the changelog. A verdict carries its check record's headers, whether answered at once or
 * from a batch ({@link PendingCheck}).
 *
 * <p>When the model in use is a fusion and the decision is its fused score, the verdict also lists each member's own
 * distance ({@link Verdict#members}) to the compared face: the chip photo, or the template with the smallest fused
 * distance. Templates enrolled under one member are answered by that member alone, so that verdict names the member
 * and lists no members; templates of a model that is neither the one in use nor one of its members are NOT_ENROLLED.
 *
 * <p>With a score-normalisation cohort ({@link CohortDecision}), both paths decide on the cohort-normalised fused score
 * instead: live face against the chip photo, and live face against each template of the model in use (the smallest
 * normalised score answers). Such a verdict carries the cohort rule's model id and threshold, the plain fused distance
 * and the cohort's version ({@link Verdict#normalisation}). Templates of a member model keep that member's own rule.
 */
final class CheckProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CheckProcessor.class);

    private final FaceAnalyser analyser;
    private final FaceReader faces;
    private final FaceGateMetrics metrics;
    private final Clock clock;
    /** The threshold of the rule in force: the cohort rule's with a cohort, else the plain one. */
    private final double threshold;
    /** Null without a cohort: decisions on the plain fused distance, as before cohorts existed. */
    private final CohortDecision cohort;
    /** The model id verdicts carry: the cohort rule's with a cohort, else the analyser's. */
    private final String decisionModelId;
    private final Batching batching;
    private final TemplateKeyRing keys;
    /** The fusion's member models, in member order; empty for a single model. */
    private final List<String> memberModelIds;
    private ProcessorContext<byte[], byte[]> context;
    private TemplateStore templates;
    private KeyValueStore<Long, byte[]> pendingStore;
    /** Checks waiting for inference in this task, oldest first; mirrors {@code pendingStore}. */
    private final List<Pending> pending = new ArrayList<>();
    /** Wall-clock time (Streams' clock, ms) at which the oldest pending check arrived. */
    private long oldestPendingMs;

    /** A check that passed every cheap test and waits for the face pipeline. */
    private record Pending(long offset, byte[] key, long timestamp, Headers headers, CheckRequest request, long receivedNanos) {
    }

    CheckProcessor(FaceAnalyser analyser, FaceReader faces, FaceGateMetrics metrics, Clock clock, double threshold,
                   Batching batching, TemplateKeyRing keys) {
        this(analyser, faces, metrics, clock, threshold, batching, keys, null);
    }

    /** @param cohort null: no cohort; else {@code threshold} is the cohort rule's */
    CheckProcessor(FaceAnalyser analyser, FaceReader faces, FaceGateMetrics metrics, Clock clock, double threshold,
                   Batching batching, TemplateKeyRing keys, CohortDecision cohort) {
        this.analyser = analyser;
        this.faces = faces;
        this.metrics = metrics;
        this.clock = clock;
        this.threshold = threshold;
        this.cohort = cohort;
        this.decisionModelId = cohort == null ? analyser.modelId() : cohort.modelId();
        this.batching = batching;
        this.keys = keys;
        List<String> members = analyser.memberModelIds();
        this.memberModelIds = members.size() > 1 ? List.copyOf(members) : List.of();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.templates = new TemplateStore(context.getStateStore(FaceGateTopology.TEMPLATES_STORE), keys);
        if (!batching.perRecord()) {
            this.pendingStore = context.getStateStore(FaceGateTopology.PENDING_STORE);
            restorePending();
            long tick = Math.max(1, batching.maxWait().toMillis() / 2);
            context.schedule(java.time.Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, this::flushIfDue);
        }
    }

    /** After a restart: checks buffered before the crash are answered with the next flush. */
    private void restorePending() {
        try (KeyValueIterator<Long, byte[]> it = pendingStore.all()) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> e = it.next();
                PendingCheck stored = PendingCheck.decode(e.value);
                if (EventJson.parse(stored.value(), CheckRequest.class) instanceof Parsed.Valid<CheckRequest> valid) {
                    pending.add(new Pending(e.key, stored.key(), stored.timestamp(), stored.headers(), valid.event(), 0));
                } else {
                    pendingStore.delete(e.key); // cannot happen: only valid checks are buffered
                }
            }
        }
        oldestPendingMs = Long.MIN_VALUE / 2; // overdue: answer them at the first punctuation
        if (!pending.isEmpty()) {
            LOG.info("task {}: {} checks buffered before a restart or rebalance will be answered now",
                    context.taskId(), pending.size());
        }
    }

    private void flushIfDue(long nowMs) {
        if (!pending.isEmpty() && nowMs - oldestPendingMs >= batching.maxWait().toMillis()) {
            flush();
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = System.nanoTime();
        Parsed<CheckRequest> parsed = EventJson.parse(record.value(), CheckRequest.class);
        if (parsed instanceof Parsed.Valid<CheckRequest> valid) {
            decide(record, valid.event(), start);
        } else if (parsed instanceof Parsed.Invalid<CheckRequest> invalid) {
            Optional<String> checkId = invalid.text("checkId");
            if (checkId.isEmpty()) {
                DeadLetters.send(context, record, DeadLetterReason.NO_CHECK_ID, invalid.detail(), metrics);
                return;
            }
            Optional<String> documentId = invalid.text("documentId");
            Verdict verdict = new Verdict(1, checkId.get(), invalid.text("gateId").orElse(null), documentId.orElse(null),
                    Decision.REJECTED, invalid.reason(), invalid.detail(), null, threshold, decisionModelId,
                    invalid.text("capturedAt").flatMap(CheckProcessor::instant).orElse(null), clock.instant(),
                    timings(StageTimings.NONE, 0, start), null, null);
            emit(record, documentId.map(CheckProcessor::utf8).orElse(record.key()), verdict, start);
        } else {
            Parsed.Unreadable<CheckRequest> unreadable = (Parsed.Unreadable<CheckRequest>) parsed;
            DeadLetters.send(context, record, unreadable.reason(), unreadable.detail(), metrics);
        }
    }

    private void decide(Record<byte[], byte[]> record, CheckRequest request, long start) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (key == null) {
            reject(record, request, new Rejection(Reason.KEY_MISMATCH, "the record has no key; key passport-checks by documentId"), start);
            return;
        }
        if (!key.equals(request.documentId())) {
            reject(record, request, new Rejection(Reason.KEY_MISMATCH, "the record key is not the documentId"), start);
            return;
        }
        Optional<Rejection> inadmissible = faces.admit(request.liveImage())
                .or(() -> request.chip().flatMap(chip -> faces.admit(chip).map(r -> r.prefixed("chip image: "))));
        if (inadmissible.isPresent()) {
            reject(record, request, inadmissible.get(), start);
            return;
        }
        if (request.chipImage() == null) {
            TemplateStore.Lookup enrolled = templates.get(request.documentId());
            if (enrolled instanceof TemplateStore.Unreadable u) {
                reject(record, request, new Rejection(Reason.PROCESSING_ERROR, "enrolled templates unreadable: " + u.detail()), start);
                return;
            }
            if (usable(enrolled) == null) {
                emit(record, request, Decision.NOT_ENROLLED, null, null, null, null, StageTimings.NONE, 0, start);
                return;
            }
        }
        enqueue(record, request, start);
    }

    private void enqueue(Record<byte[], byte[]> record, CheckRequest request, long start) {
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse((long) pending.size());
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders(record.headers().toArray());
        Pending p = new Pending(offset, record.key(), record.timestamp(), headers, request, start);
        if (batching.perRecord()) {
            answer(List.of(p));
            return;
        }
        pendingStore.put(offset, new PendingCheck(record.timestamp(), record.key(), headers, record.value()).encode());
        if (pending.isEmpty()) {
            oldestPendingMs = context.currentSystemTimeMs();
        }
        pending.add(p);
        if (pending.size() >= batching.maxSize()) {
            flush();
        }
    }

    private void flush() {
        List<Pending> batch = new ArrayList<>(pending);
        pending.clear();
        answer(batch);
        for (Pending p : batch) {
            pendingStore.delete(p.offset());
        }
    }

    /**
     * Runs the face pipeline once for the live photos of all {@code batch} and once for the chip photos of those whose
     * live photo yielded a face.
     */
    private void answer(List<Pending> batch) {
        metrics.batch(batch.size());
        List<EncodedImage> lives = new ArrayList<>(batch.size());
        List<String> gates = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            lives.add(p.request().liveImage());
            gates.add(p.request().gateId()); // picks the PAD model of the gate's group
        }
        List<FaceReader.Result> liveResults = faces.readAll(lives, ImageRole.LIVE, gates);
        // Chip photos only for live images that yielded a face: a rejected live image (an attack among them) is
        // answered without comparing anything.
        List<EncodedImage> chips = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).request().chipImage() != null && liveResults.get(i) instanceof FaceReader.Face) {
                chips.add(batch.get(i).request().chipImage());
            }
        }
        List<FaceReader.Result> chipResults = chips.isEmpty() ? List.of() : faces.readAll(chips, ImageRole.CHIP);
        int nextChip = 0;
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            FaceReader.Result chip = p.request().chipImage() == null || !(liveResults.get(i) instanceof FaceReader.Face)
                    ? null : chipResults.get(nextChip++);
            Record<byte[], byte[]> record = new Record<>(p.key(), null, p.timestamp(), p.headers());
            long start = p.receivedNanos() == 0 ? System.nanoTime() : p.receivedNanos();
            decideWithFaces(record, p.request(), liveResults.get(i), chip, start);
        }
    }

    private void decideWithFaces(Record<byte[], byte[]> record, CheckRequest request, FaceReader.Result live,
                                 FaceReader.Result chip, long start) {
        if (live instanceof FaceReader.Rejected rejected) {
            reject(record, request, rejected.rejection(), start);
            return;
        }
        FaceReader.Face liveFace = (FaceReader.Face) live;
        PresentationCheck pad = presentation(liveFace.presentation());
        if (chip != null) {
            StageTimings both = VerdictTimings.sum(liveFace.timings(), chip.timings());
            if (chip instanceof FaceReader.Rejected rejected) {
                Rejection r = rejected.rejection().prefixed("chip image: ");
                emit(record, request, Decision.REJECTED, r.reason(), r.detail(), null, null, both, 0, start, pad);
                return;
            }
            long matchStart = System.nanoTime();
            Embedding chipEmbedding = ((FaceReader.Face) chip).embedding();
            List<MemberDistance> members = members(liveFace.embedding(), chipEmbedding);
            if (cohort != null) {
                CohortDecision.Score score = cohort.score(liveFace.embedding(), cohort.scale(liveFace.embedding()),
                        chipEmbedding, cohort.scale(chipEmbedding));
                decideByDistance(record, request, score.normalised(), normalisation(score), members, ComparedWith.CHIP,
                        both, System.nanoTime() - matchStart, start, pad);
                return;
            }
            double distance = analyser.distance(liveFace.embedding(), chipEmbedding);
            decideByDistance(record, request, distance, null, members, ComparedWith.CHIP, both,
                    System.nanoTime() - matchStart, start, pad);
            return;
        }
        TemplateStore.Lookup lookup = templates.get(request.documentId());
        if (lookup instanceof TemplateStore.Unreadable u) { // cannot happen after the check above, unless keys changed
            emit(record, request, Decision.REJECTED, Reason.PROCESSING_ERROR, "enrolled templates unreadable: "
                    + u.detail(), null, null, liveFace.timings(), 0, start, pad);
            return;
        }
        TemplateSet enrolled = usable(lookup);
        if (enrolled == null) { // erased while waiting
            emit(record, request, Decision.NOT_ENROLLED, null, null, null, null, liveFace.timings(), 0, start, pad);
            return;
        }
        long matchStart = System.nanoTime();
        TemplateComparison comparison = comparisonFor(enrolled);
        Optional<TemplateSet.Nearest> nearest = enrolled.nearest(comparison.live(liveFace.embedding()), comparison::distance);
        if (nearest.isEmpty()) { // templates of another embedding size: unusable, as if not enrolled
            emit(record, request, Decision.NOT_ENROLLED, null, null, null, null, liveFace.timings(),
                    System.nanoTime() - matchStart, start, pad);
            return;
        }
        if (comparison.modelId().equals(analyser.modelId())) {
            Embedding liveEmbedding = liveFace.embedding();
            ScoreNormalisation normalisation = null;
            double distance = nearest.get().distance();
            Embedding compared = nearest.get().template().embedding();
            if (cohort != null) {
                CohortNormaliser.FaceScale liveScale = cohort.scale(liveEmbedding);
                CohortDecision.Score best = null;
                for (Template t : enrolled.templates()) { // oldest first; the oldest of equal scores answers
                    CohortDecision.Score s = cohort.score(liveEmbedding, liveScale, t.embedding(),
                            cohort.scale(t.embedding()));
                    if (best == null || s.normalised() < best.normalised()) {
                        best = s;
                        compared = t.embedding();
                    }
                }
                distance = best.normalised();
                normalisation = normalisation(best);
            }
            List<MemberDistance> members = members(liveEmbedding, compared);
            long matchNanos = System.nanoTime() - matchStart;
            decideByDistance(record, request, distance, normalisation, members, ComparedWith.ENROLMENT,
                    liveFace.timings(), matchNanos, start, pad);
            return;
        }
        long matchNanos = System.nanoTime() - matchStart;
        // Enrolled under a member model of the fusion in use: answered by that model, with its own threshold,
        // until the identity is re-enrolled. Its model id is the verdict's; no members list.
        double d = nearest.get().distance();
        Decision decision = d < comparison.threshold() ? Decision.MATCH : Decision.NO_MATCH;
        Verdict verdict = new Verdict(1, request.checkId(), request.gateId(), request.documentId(), decision, null,
                null, d, comparison.threshold(), comparison.modelId(), request.capturedAt(), clock.instant(),
                timings(liveFace.timings(), matchNanos, start), ComparedWith.ENROLMENT, null, pad);
        emit(record, utf8(request.documentId()), verdict, start);
    }

    /** How the live embedding meets templates of this set's model: the analyser's own rule unless a member made them. */
    private TemplateComparison comparisonFor(TemplateSet enrolled) {
        return analyser.comparisonFor(enrolled.modelId()).orElseThrow(); // usable() admitted only comparable sets
    }

    /** The enrolled templates if they exist and come from the model in use; null means "not enrolled". */
    private TemplateSet usable(TemplateStore.Lookup lookup) {
        return lookup instanceof TemplateStore.Found found && (found.set().modelId().equals(analyser.modelId())
                || analyser.comparisonFor(found.set().modelId()).isPresent()) ? found.set() : null;
    }

    /**
     * Each member model's own distance between the live face and {@code compared} (both embeddings of the model in
     * use), behind a fused score; null for a single model.
     */
    private List<MemberDistance> members(Embedding live, Embedding compared) {
        if (memberModelIds.isEmpty()) {
            return null;
        }
        double[] d = analyser.memberDistances(live, compared);
        List<MemberDistance> members = new ArrayList<>(d.length);
        for (int i = 0; i < d.length; i++) {
            members.add(new MemberDistance(memberModelIds.get(i), d[i]));
        }
        return members;
    }

    private ScoreNormalisation normalisation(CohortDecision.Score score) {
        return new ScoreNormalisation(cohort.rule(), score.raw(), cohort.cohortVersion());
    }

    private void decideByDistance(Record<byte[], byte[]> record, CheckRequest request, double distance,
                                  ScoreNormalisation normalisation, List<MemberDistance> members,
                                  ComparedWith comparedWith, StageTimings stages, long matchNanos, long start,
                                  PresentationCheck pad) {
        Decision decision = distance < threshold ? Decision.MATCH : Decision.NO_MATCH;
        Verdict verdict = new Verdict(1, request.checkId(), request.gateId(), request.documentId(), decision, null, null,
                distance, threshold, decisionModelId, request.capturedAt(), clock.instant(),
                timings(stages, matchNanos, start), comparedWith, members, pad, normalisation);
        emit(record, utf8(request.documentId()), verdict, start);
    }

    private void reject(Record<byte[], byte[]> record, CheckRequest request, Rejection rejection, long start) {
        emit(record, request, Decision.REJECTED, rejection.reason(), rejection.detail(), null, null,
                rejection.timings(), 0, start, presentation(rejection.presentation()));
    }

    private void emit(Record<byte[], byte[]> record, CheckRequest request, Decision decision, Reason reason,
                      String detail, Double distance, ComparedWith comparedWith, StageTimings stages,
                      long matchNanos, long start) {
        emit(record, request, decision, reason, detail, distance, comparedWith, stages, matchNanos, start, null);
    }

    private void emit(Record<byte[], byte[]> record, CheckRequest request, Decision decision, Reason reason,
                      String detail, Double distance, ComparedWith comparedWith, StageTimings stages,
                      long matchNanos, long start, PresentationCheck presentation) {
        Verdict verdict = new Verdict(1, request.checkId(), request.gateId(), request.documentId(), decision, reason,
                detail, distance, threshold, decisionModelId, request.capturedAt(), clock.instant(),
                timings(stages, matchNanos, start), comparedWith, null, presentation);
        emit(record, utf8(request.documentId()), verdict, start);
    }

    /** The verdict's view of a PAD result; null where PAD did not run. */
    private static PresentationCheck presentation(PadScore pad) {
        return pad == null ? null : new PresentationCheck(pad.score(), pad.threshold(), pad.modelId(), pad.group());
    }

    private void emit(Record<byte[], byte[]> record, byte[] key, Verdict verdict, long start) {
        context.forward(record.withKey(key).withValue(EventJson.write(verdict)), FaceGateTopology.VERDICTS_SINK);
        metrics.verdict(verdict, System.nanoTime() - start);
    }

    private static VerdictTimings timings(StageTimings stages, long matchNanos, long start) {
        return VerdictTimings.of(stages, matchNanos / 1e6, (System.nanoTime() - start) / 1e6);
    }

    private static Optional<Instant> instant(String text) {
        return EventJson.parseTime(text);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
