package org.facegate.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/**
 * FaceGate's answer to one {@link CheckRequest}. Topic {@code verdicts}, key = documentId (the record key when the
 * request had none). Exactly one verdict per check that has a readable checkId. Schema:
 * {@code schemas/verdict.schema.json}.
 *
 * @param gateId     null only when the request was unreadable enough to lack it (then reason INVALID_EVENT)
 * @param reason     non-null exactly when {@code decision} is REJECTED
 * @param detail     short human-readable explanation for REJECTED; never biometric data
 * @param distance   null unless the live image was compared (MATCH or NO_MATCH)
 * @param threshold  the decision threshold in force; distance strictly below it is a MATCH
 * @param capturedAt the request's capture time, null when the request lacked a valid one
 * @param members    for a fused model's score only: each member model's own distance behind {@code distance}, in the
 *                   fusion's member order (two or more). Null for a single model, for templates answered by one member
 *                   of the fusion ({@code modelId} then names that member), and whenever nothing was compared.
 *                   Optional and additive in schema version 1: absent from every verdict a single-model deployment
 *                   writes
 * @param presentation what presentation-attack detection made of the live image; present whenever it ran, required for
 *                   reason PRESENTATION_ATTACK (whose verdict reveals no distance: nothing was compared). Optional and
 *                   additive in schema version 1
 * @param normalisation for MATCH and NO_MATCH decided against a cohort only: the rule, the plain fused distance and the
 *                   cohort's version; {@code distance} and {@code threshold} are then the normalised score and its
 *                   threshold, and {@code modelId} the cohort rule's id. Optional and additive in schema version 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verdict(
        int schemaVersion,
        String checkId,
        String gateId,
        String documentId,
        Decision decision,
        Reason reason,
        String detail,
        Double distance,
        double threshold,
        String modelId,
        Instant capturedAt,
        Instant decidedAt,
        VerdictTimings timings,
        ComparedWith comparedWith,
        List<MemberDistance> members,
        PresentationCheck presentation,
        ScoreNormalisation normalisation) {

    /** A verdict not normalised against a cohort. */
    public Verdict(int schemaVersion, String checkId, String gateId, String documentId, Decision decision, Reason reason,
            String detail, Double distance, double threshold, String modelId, Instant capturedAt, Instant decidedAt,
            VerdictTimings timings, ComparedWith comparedWith, List<MemberDistance> members,
            PresentationCheck presentation) {
        this(schemaVersion, checkId, gateId, documentId, decision, reason, detail, distance, threshold, modelId,
                capturedAt, decidedAt, timings, comparedWith, members, presentation, null);
    }

    /** A verdict without a PAD result (the live image never reached presentation-attack detection). */
    public Verdict(int schemaVersion, String checkId, String gateId, String documentId, Decision decision, Reason reason,
            String detail, Double distance, double threshold, String modelId, Instant capturedAt, Instant decidedAt,
            VerdictTimings timings, ComparedWith comparedWith, List<MemberDistance> members) {
        this(schemaVersion, checkId, gateId, documentId, decision, reason, detail, distance, threshold, modelId,
                capturedAt, decidedAt, timings, comparedWith, members, null, null);
    }

    public Verdict {
        Events.requireSchemaVersion(schemaVersion);
        Events.requireId("checkId", checkId);
        Events.require("decision", decision);
        if ((decision == Decision.REJECTED) != (reason != null)) {
            throw new IllegalArgumentException("reason must be set exactly when the decision is REJECTED");
        }
        boolean compared = decision == Decision.MATCH || decision == Decision.NO_MATCH;
        if (compared != (distance != null) || compared != (comparedWith != null)) {
            throw new IllegalArgumentException("distance and comparedWith must be set exactly for MATCH and NO_MATCH");
        }
        if (members != null) {
            if (!compared) {
                throw new IllegalArgumentException("members must be set only for MATCH and NO_MATCH");
            }
            if (members.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("members must not contain null");
            }
            members = List.copyOf(members);
            if (members.size() < 2) {
                throw new IllegalArgumentException("members lists the two or more models of a fusion");
            }
            if (new HashSet<>(members.stream().map(MemberDistance::modelId).toList()).size() != members.size()) {
                throw new IllegalArgumentException("members must name each model once");
            }
        }
        if (normalisation != null && !compared) {
            throw new IllegalArgumentException("normalisation must be set only for MATCH and NO_MATCH");
        }
        if (reason == Reason.PRESENTATION_ATTACK && presentation == null) {
            throw new IllegalArgumentException("a PRESENTATION_ATTACK verdict carries its PAD result (presentation)");
        }
        Events.requireText("modelId", modelId, Events.MAX_ID_LENGTH);
        Events.require("decidedAt", decidedAt);
        Events.require("timings", timings);
    }
}
