package org.facegate.topology;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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
 * <p>Micro-batching ({@link Batching}, kept by {@link WaitingChecks}; verdicts built by {@link CheckVerdicts}): checks
 * that need inference are first put into the changelogged
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

    private final FaceAnalyser analyser;
    private final FaceReader faces;
    private final FaceGateMetrics metrics;
    /** Null without a cohort: decisions on the plain fused distance, as before cohorts existed. */
    private final CohortDecision cohort;
    private final TemplateKeyRing keys;
    private final CheckVerdicts verdicts;
    private final WaitingChecks waiting;
    private ProcessorContext<byte[], byte[]> context;
    private TemplateStore templates;

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
        this.cohort = cohort;
        this.keys = keys;
        this.verdicts = new CheckVerdicts(analyser, clock, threshold, cohort);
        this.waiting = new WaitingChecks(batching, this::answer);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.templates = new TemplateStore(context.getStateStore(FaceGateTopology.TEMPLATES_STORE), keys);
        waiting.init(context);
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
            Verdict verdict = verdicts.invalid(invalid, checkId.get(), documentId.orElse(null), start);
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
        waiting.enqueue(record, request, start);
    }

    /**
     * Runs the face pipeline once for the live photos of all {@code batch} and once for the chip photos of those whose
     * live photo yielded a face.
     */
    private void answer(List<WaitingChecks.Pending> batch) {
        metrics.batch(batch.size());
        List<EncodedImage> lives = new ArrayList<>(batch.size());
        List<String> gates = new ArrayList<>(batch.size());
        for (WaitingChecks.Pending p : batch) {
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
            WaitingChecks.Pending p = batch.get(i);
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
        PresentationCheck pad = CheckVerdicts.presentation(liveFace.presentation());
        if (chip != null) {
            StageTimings both = VerdictTimings.sum(liveFace.timings(), chip.timings());
            if (chip instanceof FaceReader.Rejected rejected) {
                Rejection r = rejected.rejection().prefixed("chip image: ");
                emit(record, request, Decision.REJECTED, r.reason(), r.detail(), null, null, both, 0, start, pad);
                return;
            }
            long matchStart = System.nanoTime();
            Embedding chipEmbedding = ((FaceReader.Face) chip).embedding();
            List<MemberDistance> members = verdicts.members(liveFace.embedding(), chipEmbedding);
            if (cohort != null) {
                CohortDecision.Score score = cohort.score(liveFace.embedding(), cohort.scale(liveFace.embedding()),
                        chipEmbedding, cohort.scale(chipEmbedding));
                decideByDistance(record, request, score.normalised(), verdicts.normalisation(score), members, ComparedWith.CHIP,
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
                normalisation = verdicts.normalisation(best);
            }
            List<MemberDistance> members = verdicts.members(liveEmbedding, compared);
            long matchNanos = System.nanoTime() - matchStart;
            decideByDistance(record, request, distance, normalisation, members, ComparedWith.ENROLMENT,
                    liveFace.timings(), matchNanos, start, pad);
            return;
        }
        long matchNanos = System.nanoTime() - matchStart;
        // Enrolled under a member model of the fusion in use: answered by that model (CheckVerdicts.byMemberModel).
        emit(record, utf8(request.documentId()), verdicts.byMemberModel(request, nearest.get().distance(), comparison,
                liveFace.timings(), matchNanos, start, pad), start);
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

    private void decideByDistance(Record<byte[], byte[]> record, CheckRequest request, double distance,
                                  ScoreNormalisation normalisation, List<MemberDistance> members,
                                  ComparedWith comparedWith, StageTimings stages, long matchNanos, long start,
                                  PresentationCheck pad) {
        Verdict verdict = verdicts.byDistance(request, distance, normalisation, members, comparedWith, stages,
                matchNanos, start, pad);
        emit(record, utf8(request.documentId()), verdict, start);
    }

    private void reject(Record<byte[], byte[]> record, CheckRequest request, Rejection rejection, long start) {
        emit(record, request, Decision.REJECTED, rejection.reason(), rejection.detail(), null, null,
                rejection.timings(), 0, start, CheckVerdicts.presentation(rejection.presentation()));
    }

    private void emit(Record<byte[], byte[]> record, CheckRequest request, Decision decision, Reason reason,
                      String detail, Double distance, ComparedWith comparedWith, StageTimings stages,
                      long matchNanos, long start) {
        emit(record, request, decision, reason, detail, distance, comparedWith, stages, matchNanos, start, null);
    }

    private void emit(Record<byte[], byte[]> record, CheckRequest request, Decision decision, Reason reason,
                      String detail, Double distance, ComparedWith comparedWith, StageTimings stages,
                      long matchNanos, long start, PresentationCheck presentation) {
        Verdict verdict = verdicts.of(request, decision, reason, detail, distance, comparedWith, stages, matchNanos,
                start, presentation);
        emit(record, utf8(request.documentId()), verdict, start);
    }

    private void emit(Record<byte[], byte[]> record, byte[] key, Verdict verdict, long start) {
        context.forward(record.withKey(key).withValue(EventJson.write(verdict)), FaceGateTopology.VERDICTS_SINK);
        metrics.verdict(verdict, System.nanoTime() - start);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
