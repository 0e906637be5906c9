package org.facegate.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.vision.FaceAnalyser;

/**
 * Turns the embedded LFW images into scored pairs and their cross-validation, for one model or a fusion. A single
 * model's distance is fixed, so its pairs are scored once and only thresholds are chosen per fold. A fusion's
 * normalisation and weights are fitted per held-out fold on the other folds ({@link FusionEvaluation}), and the
 * descriptor it writes is the fit on all pairs with its threshold calibrated on those scores.
 */
public final class PairScoring {

    private final RecognitionDescriptor descriptor;
    private final FaceAnalyser analyser;
    private final List<LfwPairs.Pair> pairs;
    private final Map<String, ImageResult> images;
    private final double targetFar;
    private CohortPlan normalisedPlan;
    private CohortTrials.Normalised normalised;

    public PairScoring(RecognitionDescriptor descriptor, FaceAnalyser analyser, List<LfwPairs.Pair> pairs,
            Map<String, ImageResult> images, double targetFar) {
        this.descriptor = descriptor;
        this.analyser = analyser;
        this.pairs = pairs;
        this.images = images;
        this.targetFar = targetFar;
    }

    /**
     * Scored pairs (out-of-fold scores for a fusion) with their cross-validation.
     *
     * @param calibration the threshold table for the descriptor as it would be written: on all pairs, with the
     *                    fit on all pairs for a fusion
     */
    public record Scored(List<ScoredPair> pairs, VerificationMetrics.KFold kFold, Map<String, Object> calibration,
            FusionEvaluation.Result fusion, CohortTrials.Normalised cohort) {

        Scored(List<ScoredPair> pairs, VerificationMetrics.KFold kFold, Map<String, Object> calibration,
                FusionEvaluation.Result fusion) {
            this(pairs, kFold, calibration, fusion, null);
        }

        /** Per fold (0: one population cohort) the cohort's version and size; empty without a cohort. */
        public Map<Integer, Map<String, Object>> cohorts() {
            return cohort == null ? Map.of() : cohort.cohorts();
        }

        public Map<String, Object> statistics(double targetFar) {
            Map<String, Object> s = LfwEvaluation.statistics(pairs, kFold, targetFar);
            if (fusion != null) {
                // The descriptor's threshold comes from the fit on all pairs, not from the pooled out-of-fold scores.
                s.put("calibrationOfFitOnAllPairs", calibration);
            }
            return s;
        }
    }

    public boolean isFusion() {
        return descriptor instanceof FusionDescriptor;
    }

    public Scored score(FailurePolicy policy) {
        if (!(descriptor instanceof FusionDescriptor)) {
            List<ScoredPair> s = scoreWith(policy, -1);
            VerificationMetrics.KFold k = VerificationMetrics.kFold(s, targetFar);
            return new Scored(s, k, calibration(LfwEvaluation.statistics(s, k, targetFar)), null);
        }
        List<FusionEvaluation.Trial> trials = trials(policy);
        FusionEvaluation.Result r = FusionEvaluation.crossValidate(trials, descriptor.members().size(), targetFar);
        List<ScoredPair> all = r.scoredWithFitOnAll();
        return new Scored(r.outOfFold(), r.kFold(),
                calibration(LfwEvaluation.statistics(all, VerificationMetrics.kFold(all, targetFar), targetFar)), r);
    }

    /**
     * The fusion with its members' distances normalised against a cohort ({@link CohortPlan}), fitted and
     * cross-validated as {@link #score} fits the plain fusion: weights, impostor statistics and thresholds per training
     * folds.
     */
    public Scored scoreWithCohort(FailurePolicy policy, CohortPlan plan) {
        if (!(descriptor instanceof FusionDescriptor fusion)) {
            throw new IllegalArgumentException("cohort normalisation is a rule of a fusion; " + descriptor.id()
                    + " is one model");
        }
        List<String> ids = fusion.members().stream().map(ModelDescriptor::id).toList();
        boolean[] flags = new boolean[ids.size()];
        for (String m : plan.normalisedMembers()) {
            int at = ids.indexOf(m);
            if (at < 0) {
                throw new IllegalArgumentException(m + " is not a member of " + fusion.id() + " " + ids);
            }
            flags[at] = true;
        }
        if (!plan.equals(normalisedPlan)) { // the normalisation does not depend on the failure policy: once per plan
            normalised = CohortTrials.build(pairs, images, fusion.members(), CohortTrials.Source.parse(plan.source()),
                    plan.k(), flags, plan.maxSize());
            normalisedPlan = plan;
        }
        CohortTrials.Normalised n = normalised.withPolicy(pairs, policy);
        FusionEvaluation.Result r = FusionEvaluation.crossValidate(n.trials(), ids.size(), targetFar);
        List<ScoredPair> all = r.scoredWithFitOnAll();
        return new Scored(r.outOfFold(), r.kFold(),
                calibration(LfwEvaluation.statistics(all, VerificationMetrics.kFold(all, targetFar), targetFar)), r, n);
    }

    /** The cohort rule as `--write-descriptor` writes it: the fit on all pairs, calibrated at the target FAR. */
    public org.facegate.inference.CohortNormalisation cohortRule(Scored scored, CohortPlan plan, Map<String, Object> report,
            String resultsKey) {
        ModelDescriptor.Threshold t = EvaluationReport.threshold(scored.calibration(), report, resultsKey);
        int faces = scored.cohorts().values().stream().mapToInt(c -> (Integer) c.get("faces")).min().orElse(0);
        String provenance = "LFW View 2 (" + pairs.size() + " pairs): " + plan.describe() + "; at least " + faces
                + " faces per cohort";
        return scored.fusion().fitOnAll().cohortRule((FusionDescriptor) descriptor, plan, provenance, t);
    }

    /** Each member model alone, cross-validated as a single model would be (for the report). */
    public Map<String, Object> memberStatistics(FailurePolicy policy) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<ModelDescriptor> members = descriptor.members();
        for (int m = 0; m < members.size(); m++) {
            out.put(members.get(m).id(), LfwEvaluation.statistics(scoreWith(policy, m), targetFar));
        }
        return out;
    }

    /** The descriptor as `--write-descriptor` writes it: calibrated at the target FAR (and refitted, for a fusion). */
    public RecognitionDescriptor calibrated(Scored scored, Map<String, Object> report) {
        return calibrated(scored, report, "results");
    }

    /** The same with the held-out figures of the report's entry {@code resultsKey}. */
    public RecognitionDescriptor calibrated(Scored scored, Map<String, Object> report, String resultsKey) {
        ModelDescriptor.Threshold t = EvaluationReport.threshold(scored.calibration(), report, resultsKey);
        if (scored.fusion() == null) {
            return descriptor.withThreshold(t);
        }
        return scored.fusion().fitOnAll().descriptor((FusionDescriptor) descriptor, t);
    }

    /**
     * The threshold of the calibrated decision: at the target FAR on all pairs (for a fusion, on the scores of the
     * fit on all pairs), as the descriptor written by {@code --write-descriptor} carries it.
     */
    public static double threshold(Scored scored) {
        return ((Number) scored.calibration().get("threshold")).doubleValue();
    }

    /**
     * Every evaluated pair with the distance the calibrated decision compares with {@link #threshold} (for a
     * fusion, the fit on all pairs applied to the members' distances) and each member's distance; failed pairs
     * with their photos' problems, whatever the failure policy.
     */
    public List<PairOutcome> outcomes(Scored scored) {
        List<PairOutcome> out = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            LfwPairs.Pair p = pairs.get(i);
            ImageResult a = images.get(p.first());
            ImageResult b = images.get(p.second());
            if (a.embedded() && b.embedded()) {
                double[] members = analyser.memberDistances(a.embedding(), b.embedding());
                double d = scored.fusion() == null ? analyser.distance(a.embedding(), b.embedding())
                        : scored.cohort() != null ? scored.fusion().fitOnAll().fuse(scored.cohort().normalisedByPair().get(i))
                        : scored.fusion().fitOnAll().fuse(members);
                out.add(PairOutcome.scored(i, p, d, members));
            } else {
                out.add(PairOutcome.failed(i, p, a.problem(), b.problem()));
            }
        }
        return out;
    }

    /** Pairs scored by the descriptor's distance ({@code member < 0}) or by one member's own distance. */
    private List<ScoredPair> scoreWith(FailurePolicy policy, int member) {
        return LfwEvaluation.score(pairs, images, policy, member < 0 ? analyser::distance
                : (a, b) -> analyser.memberDistances(a, b)[member]);
    }

    private List<FusionEvaluation.Trial> trials(FailurePolicy policy) {
        List<FusionEvaluation.Trial> out = new ArrayList<>(pairs.size());
        for (LfwPairs.Pair p : pairs) {
            ImageResult a = images.get(p.first());
            ImageResult b = images.get(p.second());
            if (a.embedded() && b.embedded()) {
                out.add(new FusionEvaluation.Trial(p.fold(), p.same(),
                        analyser.memberDistances(a.embedding(), b.embedding()), Double.NaN));
            } else if (policy != FailurePolicy.EXCLUDE) {
                out.add(new FusionEvaluation.Trial(p.fold(), p.same(), null, policy.failedDistance(p.same())));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> calibration(Map<String, Object> statistics) {
        return (Map<String, Object>) statistics.get("calibration");
    }
}
