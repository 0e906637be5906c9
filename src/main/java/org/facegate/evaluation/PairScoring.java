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
            FusionEvaluation.Result fusion) {

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
        ModelDescriptor.Threshold t = EvaluationReport.threshold(scored.calibration(), report);
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
