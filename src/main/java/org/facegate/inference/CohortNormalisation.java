package org.facegate.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A fusion's decision rule when a cohort is configured ({@code "cohortNormalisation"} in a fusion descriptor,
 * docs/accuracy.md "Cohort normalisation"): the members' distances listed in {@code normalisedMembers} are first
 * normalised against the cohort by AS-norm over the {@code k} nearest cohort faces of each side
 * ({@code org.facegate.cohort.CohortNormaliser}), then every member's (normalised or raw) distance is z-scored on
 * impostors and weighted as in the plain fusion, with its own fitted weights and statistics, and compared with its own
 * threshold. The plain fusion's fields stay the rule of a service without a cohort; the normalised rule answers under
 * its own {@code id}, so an operator can tell which rule made a verdict. Example:
 * <pre>{@code
 * "cohortNormalisation": {"id": "facegate-fusion-dlib128-arcface512-asnorm@1", "rule": "as-norm", "k": 200,
 *   "normalisedMembers": ["face-api-resnet128-sim5-flip@1.7.15", "faceplugin-arcface512-sim5@0.0.1"],
 *   "members": [{"modelId": "face-api-resnet128-sim5-flip@1.7.15", "weight": 0.6, "impostorMean": 2.1,
 *                "impostorStd": 0.9}, ...],
 *   "calibrationCohort": "LFW View 2: per fold the photos of the other nine folds (6,9xx faces)",
 *   "threshold": {"distance": -3.0, "calibration": {...}, "byFalseMatchRate": [...]}}
 * }</pre>
 *
 * @param id                the model id verdicts decided by this rule carry
 * @param k                 cohort neighbours per face
 * @param normalisedMembers the member model ids whose distance is normalised (the others enter raw)
 * @param members           per member, in the fusion's member order: weight and impostor statistics of its
 *                          (normalised) distance
 * @param calibrationCohort what cohort the weights and threshold were fitted with (provenance, not data)
 */
public record CohortNormalisation(String id, int k, List<String> normalisedMembers, List<MemberFit> members,
        String calibrationCohort, ModelDescriptor.Threshold threshold) {

    /** The only rule so far: adaptive symmetric normalisation. */
    public static final String RULE = "as-norm";

    /** One member's part of the normalised fusion. */
    public record MemberFit(String modelId, double weight, double impostorMean, double impostorStd) {

        public MemberFit {
            require(modelId != null && !modelId.isBlank(), "cohortNormalisation.members[].modelId is required");
            require(Double.isFinite(weight) && weight >= 0, "cohortNormalisation.members[].weight must be >= 0");
            require(Double.isFinite(impostorMean), "cohortNormalisation.members[].impostorMean must be a number");
            require(Double.isFinite(impostorStd) && impostorStd > 0,
                    "cohortNormalisation.members[].impostorStd must be positive");
        }
    }

    public CohortNormalisation {
        require(id != null && !id.isBlank(), "cohortNormalisation.id is required");
        require(k >= 2, "cohortNormalisation.k must be at least 2");
        normalisedMembers = List.copyOf(normalisedMembers);
        require(!normalisedMembers.isEmpty(), "cohortNormalisation.normalisedMembers names at least one member");
        members = List.copyOf(members);
        double sum = members.stream().mapToDouble(MemberFit::weight).sum();
        require(Math.abs(sum - 1) < 1e-6, "cohortNormalisation members' weights must add up to 1, not " + sum);
        require(calibrationCohort != null, "cohortNormalisation.calibrationCohort is required");
        require(threshold != null, "cohortNormalisation.threshold is required");
    }

    /** Checks that this rule speaks of exactly {@code models}, in that order. */
    void requireMembers(List<ModelDescriptor> models) {
        List<String> ids = models.stream().map(ModelDescriptor::id).toList();
        require(members.stream().map(MemberFit::modelId).toList().equals(ids),
                "cohortNormalisation.members must be the fusion's members " + ids + " in order");
        require(ids.containsAll(normalisedMembers), "cohortNormalisation.normalisedMembers must be members of " + ids);
    }

    /** Which members (in member order) are normalised. */
    public boolean[] normalisedFlags() {
        boolean[] out = new boolean[members.size()];
        for (int m = 0; m < out.length; m++) {
            out[m] = normalisedMembers.contains(members.get(m).modelId());
        }
        return out;
    }

    /** The normalised fused distance of member distances already normalised where this rule says (member order). */
    public double fuse(double[] memberDistances) {
        double s = 0;
        for (int i = 0; i < members.size(); i++) {
            MemberFit m = members.get(i);
            s += m.weight() * (memberDistances[i] - m.impostorMean()) / m.impostorStd();
        }
        return s;
    }

    public CohortNormalisation withThreshold(ModelDescriptor.Threshold t) {
        return new CohortNormalisation(id, k, normalisedMembers, members, calibrationCohort, t);
    }

    static CohortNormalisation parse(JsonNode n) {
        require(n.isObject(), "cohortNormalisation must be an object");
        require(n.path("id").isTextual(), "cohortNormalisation.id must be a non-empty string");
        require(RULE.equals(n.path("rule").asText("")), "cohortNormalisation.rule must be \"" + RULE + "\"");
        require(n.path("k").isInt(), "cohortNormalisation.k must be a whole number");
        require(n.path("normalisedMembers").isArray(), "cohortNormalisation.normalisedMembers must be an array");
        List<String> normalised = new ArrayList<>();
        n.get("normalisedMembers").forEach(x -> normalised.add(x.asText()));
        require(n.path("members").isArray(), "cohortNormalisation.members must be an array");
        List<MemberFit> members = new ArrayList<>();
        for (JsonNode m : n.get("members")) {
            require(m.path("modelId").isTextual(), "cohortNormalisation.members[].modelId must be a string");
            members.add(new MemberFit(m.get("modelId").asText(), number(m, "weight"), number(m, "impostorMean"),
                    number(m, "impostorStd")));
        }
        require(n.path("threshold").isObject(), "cohortNormalisation.threshold must be an object");
        return new CohortNormalisation(n.get("id").asText(), n.get("k").asInt(), normalised, members,
                n.path("calibrationCohort").asText(""), ModelDescriptor.parseThreshold(n.get("threshold")));
    }

    ObjectNode json() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("rule", RULE);
        o.put("k", k);
        normalisedMembers.forEach(o.putArray("normalisedMembers")::add);
        var ms = o.putArray("members");
        for (MemberFit m : members) {
            ms.addObject().put("modelId", m.modelId()).put("weight", m.weight()).put("impostorMean", m.impostorMean())
                    .put("impostorStd", m.impostorStd());
        }
        o.put("calibrationCohort", calibrationCohort);
        o.set("threshold", ModelDescriptor.thresholdJson(threshold));
        return o;
    }

    private static double number(JsonNode m, String field) {
        require(m.path(field).isNumber(), "cohortNormalisation.members[]." + field + " must be a number");
        return m.get(field).asDouble();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
