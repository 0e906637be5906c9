package org.facegate.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verification statistics over {@link ScoredPair}s. The decision rule everywhere is "same person when
 * {@code distance < threshold}" (strict), so a threshold equal to a distance rejects that pair.
 * <ul>
 * <li>FAR (false accept / false match rate) = different-person pairs accepted / different-person pairs;
 * TAR (true accept rate) = same-person pairs accepted / same-person pairs; FRR = 1 - TAR.</li>
 * <li>{@link #thresholdAtFar}: the largest threshold whose FAR on the given pairs is at most the target.</li>
 * <li>{@link #auc}: the probability that a random same-person pair is closer than a random different-person
 * pair (ties count half), i.e. the area under the ROC curve (Mann-Whitney U).</li>
 * <li>{@link #eer}: the rate where FAR = FRR, linearly interpolated between the two nearest ROC points.</li>
 * <li>{@link #kFold}: for each fold, the accuracy-maximising threshold is chosen on the other folds and
 * applied to it.</li>
 * </ul>
 */
public final class VerificationMetrics {

    private VerificationMetrics() {
    }

    /** One ROC point: accepting every pair with distance &lt; {@code threshold}. */
    public record RocPoint(double threshold, double far, double tar) {
    }

    /** Distances of the same-person (genuine) or different-person (impostor) pairs, sorted ascending. */
    static double[] distances(List<ScoredPair> pairs, boolean same) {
        return pairs.stream().filter(p -> p.same() == same).mapToDouble(ScoredPair::distance).sorted().toArray();
    }

    /** Fraction of {@code sorted} strictly below {@code t}. */
    static double fractionBelow(double[] sorted, double t) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) lo / sorted.length;
    }

    public static double far(List<ScoredPair> pairs, double threshold) {
        return fractionBelow(distances(pairs, false), threshold);
    }

    public static double tar(List<ScoredPair> pairs, double threshold) {
        return fractionBelow(distances(pairs, true), threshold);
    }

    /** Accuracy of the rule {@code distance < threshold} on {@code pairs}. */
    public static double accuracy(List<ScoredPair> pairs, double threshold) {
        long right = pairs.stream().filter(p -> (p.distance() < threshold) == p.same()).count();
        return (double) right / pairs.size();
    }

    /**
     * The largest threshold whose FAR on these pairs is at most {@code targetFar}: with {@code n} different-person
     * distances sorted ascending and {@code k = floor(targetFar * n)} false accepts allowed, the k-th smallest
     * distance (0-based), so that exactly the k smaller ones are accepted; {@code +inf} when k reaches n.
     */
    public static double thresholdAtFar(List<ScoredPair> pairs, double targetFar) {
        double[] impostors = distances(pairs, false);
        if (impostors.length == 0) {
            throw new IllegalArgumentException("no different-person pairs to calibrate on");
        }
        int k = (int) Math.floor(targetFar * impostors.length + 1e-9);
        return k >= impostors.length ? Double.POSITIVE_INFINITY : impostors[k];
    }

    /** The highest TAR reachable with FAR at most {@code targetFar} (no interpolation). */
    public static double tarAtFar(List<ScoredPair> pairs, double targetFar) {
        return tar(pairs, thresholdAtFar(pairs, targetFar));
    }

    /**
     * ROC points for every distinct distance, from accepting nothing to accepting everything, thresholds
     * ascending; each point's threshold sits just above one distance (its next representable double).
     */
    public static List<RocPoint> roc(List<ScoredPair> pairs) {
        double[] g = distances(pairs, true);
        double[] i = distances(pairs, false);
        TreeSet<Double> values = new TreeSet<>();
        for (ScoredPair p : pairs) {
            values.add(p.distance());
        }
        List<RocPoint> out = new ArrayList<>(values.size() + 1);
        double lowest = values.isEmpty() ? 0 : values.first();
        out.add(new RocPoint(lowest, fractionBelow(i, lowest), fractionBelow(g, lowest)));
        for (double v : values) {
            double t = Math.nextUp(v);
            out.add(new RocPoint(t, fractionBelow(i, t), fractionBelow(g, t)));
        }
        return out;
    }

    /** Area under the ROC curve: P(same-person distance &lt; different-person distance) + half the ties. */
    public static double auc(List<ScoredPair> pairs) {
        int n = pairs.size();
        double[] d = new double[n];
        boolean[] same = new boolean[n];
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            d[k] = pairs.get(k).distance();
            same[k] = pairs.get(k).same();
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
        double impostorRankSum = 0;
        long impostors = 0;
        for (int k = 0; k < n;) {
            int end = k;
            while (end + 1 < n && Double.compare(d[order[end + 1]], d[order[k]]) == 0) {
                end++;
            }
            double rank = (k + end) / 2.0 + 1; // average 1-based rank of the tie group
            for (int m = k; m <= end; m++) {
                if (!same[order[m]]) {
                    impostorRankSum += rank;
                    impostors++;
                }
            }
            k = end + 1;
        }
        long genuine = n - impostors;
        if (genuine == 0 || impostors == 0) {
            return Double.NaN;
        }
        double u = impostorRankSum - impostors * (impostors + 1) / 2.0;
        return u / ((double) genuine * impostors);
    }

    /** Equal error rate: where FAR = FRR on the ROC, linearly interpolated. */
    public static double eer(List<ScoredPair> pairs) {
        List<RocPoint> roc = roc(pairs);
        RocPoint prev = roc.get(0);
        for (RocPoint p : roc) {
            double diff = p.far() - (1 - p.tar());
            if (diff >= 0) {
                double prevDiff = prev.far() - (1 - prev.tar());
                if (p == prev || diff == prevDiff) {
                    return (p.far() + 1 - p.tar()) / 2;
                }
                double a = -prevDiff / (diff - prevDiff);
                double far = prev.far() + a * (p.far() - prev.far());
                double frr = (1 - prev.tar()) + a * ((1 - p.tar()) - (1 - prev.tar()));
                return (far + frr) / 2;
            }
            prev = p;
        }
        return Double.NaN;
    }

    /**
     * The threshold with the highest accuracy on {@code pairs}. Candidates are the midpoints between
     * consecutive distinct finite distances, plus one below the smallest and one above the largest; among
     * equally accurate candidates the middle one (by position) is taken.
     */
    public static double bestThreshold(List<ScoredPair> pairs) {
        double[] finite = pairs.stream().mapToDouble(ScoredPair::distance).filter(Double::isFinite).sorted()
                .distinct().toArray();
        if (finite.length == 0) {
            return 0;
        }
        double[] candidates = new double[finite.length + 1];
        candidates[0] = finite[0] - 1e-6;
        for (int k = 1; k < finite.length; k++) {
            candidates[k] = (finite[k - 1] + finite[k]) / 2;
        }
        candidates[finite.length] = finite[finite.length - 1] + 1e-6;
        double[] g = distances(pairs, true);
        double[] i = distances(pairs, false);
        double best = -1;
        List<Integer> bestAt = new ArrayList<>();
        for (int k = 0; k < candidates.length; k++) {
            double t = candidates[k];
            double right = fractionBelow(g, t) * g.length + (1 - fractionBelow(i, t)) * i.length;
            if (g.length == 0) {
                right = (1 - fractionBelow(i, t)) * i.length;
            } else if (i.length == 0) {
                right = fractionBelow(g, t) * g.length;
            }
            if (right > best + 1e-9) {
                best = right;
                bestAt.clear();
                bestAt.add(k);
            } else if (Math.abs(right - best) <= 1e-9) {
                bestAt.add(k);
            }
        }
        return candidates[bestAt.get(bestAt.size() / 2)];
    }

    /**
     * Per-fold results of a cross-validation.
     *
     * @param folds          the 1-based folds tested, ascending
     * @param accuracy       accuracy on each tested fold with the threshold chosen on the others
     * @param threshold      that accuracy-maximising threshold per fold
     * @param farThreshold   the threshold at the target FAR chosen on the other folds
     * @param heldOutFar     the FAR that threshold gives on the tested fold
     * @param heldOutTar     the TAR it gives on the tested fold
     * @param crossValidated false when only one fold was given: thresholds then come from that fold itself
     */
    public record KFold(int[] folds, double[] accuracy, double[] threshold, double[] farThreshold,
            double[] heldOutFar, double[] heldOutTar, boolean crossValidated) {

        public double meanAccuracy() {
            return mean(accuracy);
        }

        /** Sample standard deviation (n - 1) of the per-fold accuracies; 0 for one fold. */
        public double stdAccuracy() {
            return std(accuracy);
        }

        public double meanThreshold() {
            return mean(threshold);
        }

        public double meanFarThreshold() {
            return mean(farThreshold);
        }

        public double meanHeldOutFar() {
            return mean(heldOutFar);
        }

        public double meanHeldOutTar() {
            return mean(heldOutTar);
        }
    }

    /** Leave-one-fold-out evaluation over the folds present in {@code pairs}; see {@link KFold}. */
    public static KFold kFold(List<ScoredPair> pairs, double targetFar) {
        return kFold(folds(pairs), fold -> pairs, targetFar);
    }

    /** The 1-based folds present in {@code pairs}, ascending. */
    public static int[] folds(List<ScoredPair> pairs) {
        Set<Integer> present = new TreeSet<>();
        pairs.forEach(p -> present.add(p.fold()));
        return present.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Leave-one-fold-out evaluation where the scores themselves depend on the held-out fold: {@code scoresWhenTesting}
     * gives all pairs scored by a model fitted without that fold (a fused score's weights, say); the thresholds
     * are then chosen on the other folds of those scores and applied to the held-out one, so nothing is ever
     * fitted on the fold it is tested on.
     */
    public static KFold kFold(int[] folds, java.util.function.IntFunction<List<ScoredPair>> scoresWhenTesting,
            double targetFar) {
        int n = folds.length;
        double[] acc = new double[n];
        double[] thr = new double[n];
        double[] farThr = new double[n];
        double[] heldFar = new double[n];
        double[] heldTar = new double[n];
        boolean cross = n > 1;
        for (int k = 0; k < n; k++) {
            int fold = folds[k];
            List<ScoredPair> pairs = scoresWhenTesting.apply(fold);
            List<ScoredPair> test = pairs.stream().filter(p -> p.fold() == fold).toList();
            List<ScoredPair> train = cross ? pairs.stream().filter(p -> p.fold() != fold).toList() : test;
            thr[k] = bestThreshold(train);
            acc[k] = accuracy(test, thr[k]);
            farThr[k] = thresholdAtFar(train, targetFar);
            heldFar[k] = far(test, farThr[k]);
            heldTar[k] = tar(test, farThr[k]);
        }
        return new KFold(folds, acc, thr, farThr, heldFar, heldTar, cross);
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
