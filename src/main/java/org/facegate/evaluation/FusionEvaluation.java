package org.facegate.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.ModelDescriptor;

/**
 * Fits and cross-validates a {@link FusionDescriptor}'s score: per member, the mean and standard deviation of its
 * distance over the impostor (different-person) pairs, then the weights (on a grid over the simplex, step
 * {@value #GRID}) that maximise the mean TAR at false-match rates {@link #OPERATING_RATES} on the same pairs: the
 * border's operating region, not overall accuracy. {@link #crossValidate} fits once per held-out fold on the other
 * folds only, so weights, normalisation and thresholds never see the fold they are tested on.
 */
public final class FusionEvaluation {

    static final double GRID = 0.02;
    static final double[] OPERATING_RATES = {0.001, 0.002, 0.005, 0.01};

    private FusionEvaluation() {
    }

    /**
     * One trial with each member's distance; {@code distances} is null when an image had no usable face (the pair
     * then scores as the failure policy says, whatever the fit).
     */
    public record Trial(int fold, boolean same, double[] distances, double failedDistance) {
    }

    /** Normalisation and weights of each member, in member order. */
    public record Fit(double[] impostorMean, double[] impostorStd, double[] weights) {

        public double fuse(double[] d) {
            double s = 0;
            for (int i = 0; i < d.length; i++) {
                s += weights[i] * (d[i] - impostorMean[i]) / impostorStd[i];
            }
            return s;
        }

        /** The fusion descriptor of these members with this fit (threshold still to be calibrated). */
        public FusionDescriptor descriptor(FusionDescriptor like, ModelDescriptor.Threshold threshold) {
            List<FusionDescriptor.Member> ms = new ArrayList<>();
            for (int i = 0; i < like.parts().size(); i++) {
                FusionDescriptor.Member m = like.parts().get(i);
                ms.add(new FusionDescriptor.Member(m.descriptorFile(), m.model(), weights[i], impostorMean[i],
                        impostorStd[i]));
            }
            return new FusionDescriptor(like.id(), ms, threshold, like.cohortNormalisation());
        }

        /** The cohort rule of these (normalised) members with this fit. */
        public org.facegate.inference.CohortNormalisation cohortRule(FusionDescriptor like, CohortPlan plan,
                String calibrationCohort, ModelDescriptor.Threshold threshold) {
            List<org.facegate.inference.CohortNormalisation.MemberFit> ms = new ArrayList<>();
            for (int i = 0; i < like.parts().size(); i++) {
                ms.add(new org.facegate.inference.CohortNormalisation.MemberFit(like.parts().get(i).model().id(),
                        weights[i], impostorMean[i], impostorStd[i]));
            }
            return new org.facegate.inference.CohortNormalisation(plan.id(), plan.k(), plan.normalisedMembers(), ms,
                    calibrationCohort, threshold);
        }
    }

    /** What cross-validation measured. */
    public record Result(List<ScoredPair> outOfFold, VerificationMetrics.KFold kFold, Map<Integer, Fit> fitPerFold,
            Fit fitOnAll, List<ScoredPair> scoredWithFitOnAll) {

        /**
         * The report's {@code fusion} entry: per held-out fold and on all pairs, each member's weight and impostor
         * normalisation.
         */
        public Map<String, Object> report() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rule", "sum of weight * (distance - impostorMean) / impostorStd; weights on a grid of "
                    + "0.02 maximising mean TAR at FAR 0.1, 0.2, 0.5, 1 % on the training folds");
            Map<String, Object> perFold = new LinkedHashMap<>();
            fitPerFold.forEach((fold, f) -> perFold.put(Integer.toString(fold), fitMap(f)));
            out.put("fitPerHeldOutFold", perFold);
            out.put("fitOnAllPairs", fitMap(fitOnAll));
            return out;
        }

        private static Map<String, Object> fitMap(Fit f) {
            return Map.of("weights", f.weights(), "impostorMean", f.impostorMean(), "impostorStd", f.impostorStd());
        }
    }

    /** Fits on {@code trials} (those with distances); see the class comment. */
    public static Fit fit(List<Trial> trials, int members) {
        List<Trial> scored = trials.stream().filter(t -> t.distances() != null).toList();
        double[] mean = new double[members];
        double[] std = new double[members];
        for (int m = 0; m < members; m++) {
            final int k = m;
            double[] imp = scored.stream().filter(t -> !t.same()).mapToDouble(t -> t.distances()[k]).toArray();
            if (imp.length < 2) {
                throw new IllegalArgumentException("a fusion needs at least two different-person pairs to fit on");
            }
            mean[m] = Arrays.stream(imp).average().orElseThrow();
            double var = Arrays.stream(imp).map(x -> (x - mean[k]) * (x - mean[k])).sum() / (imp.length - 1);
            std[m] = Math.sqrt(var) > 0 ? Math.sqrt(var) : 1;
        }
        double[] best = null;
        double bestScore = -1;
        for (double[] w : simplex(members, (int) Math.round(1 / GRID))) {
            Fit f = new Fit(mean, std, w);
            List<ScoredPair> s = scored.stream().map(t -> new ScoredPair(t.fold(), t.same(), f.fuse(t.distances())))
                    .toList();
            double score = 0;
            for (double rate : OPERATING_RATES) {
                score += VerificationMetrics.tarAtFar(s, rate);
            }
            // Strictly better only: among equals the first grid point wins, and the grid runs from one member
            // alone towards equal weights in a fixed order, so the fit is deterministic.
            if (score > bestScore + 1e-12) {
                bestScore = score;
                best = w;
            }
        }
        return new Fit(mean, std, best);
    }

    /** Leave-one-fold-out: each fold scored by a fit on the others; see {@link VerificationMetrics#kFold}. */
    public static Result crossValidate(List<Trial> trials, int members, double targetFar) {
        int[] folds = trials.stream().mapToInt(Trial::fold).distinct().sorted().toArray();
        Map<Integer, Fit> fits = new LinkedHashMap<>();
        Map<Integer, List<ScoredPair>> scoredPerFold = new LinkedHashMap<>();
        for (int fold : folds) {
            List<Trial> train = folds.length > 1 ? trials.stream().filter(t -> t.fold() != fold).toList() : trials;
            Fit f = fit(train, members);
            fits.put(fold, f);
            scoredPerFold.put(fold, score(trials, f));
        }
        VerificationMetrics.KFold k = VerificationMetrics.kFold(folds, scoredPerFold::get, targetFar);
        List<ScoredPair> outOfFold = new ArrayList<>();
        for (int fold : folds) {
            scoredPerFold.get(fold).stream().filter(p -> p.fold() == fold).forEach(outOfFold::add);
        }
        Fit all = fit(trials, members);
        return new Result(outOfFold, k, fits, all, score(trials, all));
    }

    static List<ScoredPair> score(List<Trial> trials, Fit f) {
        return trials.stream().map(t -> new ScoredPair(t.fold(), t.same(),
                t.distances() == null ? t.failedDistance() : f.fuse(t.distances()))).toList();
    }

    /** Every weight vector of {@code members} non-negative multiples of 1/steps that add up to 1. */
    static List<double[]> simplex(int members, int steps) {
        List<double[]> out = new ArrayList<>();
        fill(new int[members], 0, steps, steps, out);
        return out;
    }

    private static void fill(int[] counts, int at, int left, int steps, List<double[]> out) {
        if (at == counts.length - 1) {
            counts[at] = left;
            double[] w = new double[counts.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (double) counts[i] / steps;
            }
            out.add(w);
            return;
        }
        for (int c = left; c >= 0; c--) {
            counts[at] = c;
            fill(counts, at + 1, left - c, steps, out);
        }
    }
}
