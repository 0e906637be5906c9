package org.facegate.topology;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.facegate.cohort.CohortDecision;
import org.facegate.events.CheckRequest;
import org.facegate.events.ComparedWith;
import org.facegate.events.Decision;
import org.facegate.events.EventJson;
import org.facegate.events.MemberDistance;
import org.facegate.events.Parsed;
import org.facegate.events.PresentationCheck;
import org.facegate.events.Reason;
import org.facegate.events.ScoreNormalisation;
import org.facegate.events.Verdict;
import org.facegate.events.VerdictTimings;
import org.facegate.inference.Embedding;
import org.facegate.inference.TemplateComparison;
import org.facegate.pad.PadScore;
import org.facegate.vision.FaceAnalyser;
import org.facegate.vision.StageTimings;

/**
 * Builds the {@link Verdict}s of {@link CheckProcessor}: the decision rule in force (the cohort rule's threshold and
 * model id with a cohort, else the analyser's), the time of the decision from the clock, the timings from the check's
 * arrival ({@code start}, {@link System#nanoTime()}) to now, each fusion member's own distance and the PAD result.
 * Decides MATCH or NO_MATCH from a distance; never throws for a valid request.
 */
final class CheckVerdicts {

    private final FaceAnalyser analyser;
    private final Clock clock;
    /** The threshold of the rule in force: the cohort rule's with a cohort, else the plain one. */
    private final double threshold;
    /** Null without a cohort: decisions on the plain fused distance, as before cohorts existed. */
    private final CohortDecision cohort;
    /** The model id verdicts carry: the cohort rule's with a cohort, else the analyser's. */
    private final String decisionModelId;
    /** The fusion's member models, in member order; empty for a single model. */
    private final List<String> memberModelIds;

    /** @param cohort null: no cohort; else {@code threshold} is the cohort rule's */
    CheckVerdicts(FaceAnalyser analyser, Clock clock, double threshold, CohortDecision cohort) {
        this.analyser = analyser;
        this.clock = clock;
        this.threshold = threshold;
        this.cohort = cohort;
        this.decisionModelId = cohort == null ? analyser.modelId() : cohort.modelId();
        List<String> members = analyser.memberModelIds();
        this.memberModelIds = members.size() > 1 ? List.copyOf(members) : List.of();
    }

    /** REJECTED for an invalid event that has a checkId: its reason and whatever fields could be read. */
    Verdict invalid(Parsed.Invalid<CheckRequest> invalid, String checkId, String documentId, long start) {
        return new Verdict(1, checkId, invalid.text("gateId").orElse(null), documentId,
                Decision.REJECTED, invalid.reason(), invalid.detail(), null, threshold, decisionModelId,
                invalid.text("capturedAt").flatMap(EventJson::parseTime).orElse(null), clock.instant(),
                timings(StageTimings.NONE, 0, start), null, null);
    }

    /** A verdict under the rule in force, without members or normalisation. */
    Verdict of(CheckRequest request, Decision decision, Reason reason, String detail, Double distance,
               ComparedWith comparedWith, StageTimings stages, long matchNanos, long start,
               PresentationCheck presentation) {
        return new Verdict(1, request.checkId(), request.gateId(), request.documentId(), decision, reason,
                detail, distance, threshold, decisionModelId, request.capturedAt(), clock.instant(),
                timings(stages, matchNanos, start), comparedWith, null, presentation);
    }

    /** MATCH below the threshold of the rule in force, else NO_MATCH. */
    Verdict byDistance(CheckRequest request, double distance, ScoreNormalisation normalisation,
                       List<MemberDistance> members, ComparedWith comparedWith, StageTimings stages, long matchNanos,
                       long start, PresentationCheck pad) {
        Decision decision = distance < threshold ? Decision.MATCH : Decision.NO_MATCH;
        return new Verdict(1, request.checkId(), request.gateId(), request.documentId(), decision, null, null,
                distance, threshold, decisionModelId, request.capturedAt(), clock.instant(),
                timings(stages, matchNanos, start), comparedWith, members, pad, normalisation);
    }

    /**
     * Against templates enrolled under a member model of the fusion in use: answered by that model, with its own
     * threshold, until the identity is re-enrolled. Its model id is the verdict's; no members list.
     */
    Verdict byMemberModel(CheckRequest request, double distance, TemplateComparison comparison, StageTimings stages,
                          long matchNanos, long start, PresentationCheck pad) {
        Decision decision = distance < comparison.threshold() ? Decision.MATCH : Decision.NO_MATCH;
        return new Verdict(1, request.checkId(), request.gateId(), request.documentId(), decision, null,
                null, distance, comparison.threshold(), comparison.modelId(), request.capturedAt(), clock.instant(),
                timings(stages, matchNanos, start), ComparedWith.ENROLMENT, null, pad);
    }

    /**
     * Each member model's own distance between the live face and {@code compared} (both embeddings of the model in
     * use), behind a fused score; null for a single model.
     */
    List<MemberDistance> members(Embedding live, Embedding compared) {
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

    /** What a cohort-normalised verdict says about its rule; only with a cohort. */
    ScoreNormalisation normalisation(CohortDecision.Score score) {
        return new ScoreNormalisation(cohort.rule(), score.raw(), cohort.cohortVersion());
    }

    /** The verdict's view of a PAD result; null where PAD did not run. */
    static PresentationCheck presentation(PadScore pad) {
        return pad == null ? null : new PresentationCheck(pad.score(), pad.threshold(), pad.modelId(), pad.group());
    }

    private static VerdictTimings timings(StageTimings stages, long matchNanos, long start) {
        return VerdictTimings.of(stages, matchNanos / 1e6, (System.nanoTime() - start) / 1e6);
    }
}
