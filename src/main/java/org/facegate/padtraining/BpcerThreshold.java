package org.facegate.padtraining;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * The PAD threshold that gives at most a target BPCER on a camera's own bona fide scores, and how sure that BPCER is.
 *
 * <p>Rule: sort the {@code n} scores of the faces found, {@code s(1) <= ... <= s(n)}; allow {@code k = floor(target * n)}
 * rejections (the product in exact decimal arithmetic on the target as written, so 0.02 x 50 is 1); the threshold is
 * {@code s(k+1)}, the (k+1)-th lowest score. Bona fide is {@code score >= threshold}, so the faces rejected are those
 * strictly below it: at most {@code k} (fewer where scores tie), and any higher threshold would reject at least
 * {@code k + 1}. It is the highest threshold, among the scores, whose BPCER on these photos is at most the target.
 *
 * <p>The interval is the exact (Clopper-Pearson) 95 % binomial interval of the achieved BPCER, {@code rejected} of
 * {@code n}: conservative at the small counts a low BPCER gives.
 */
public final class BpcerThreshold {

    /**
     * @param threshold the (k+1)-th lowest score
     * @param allowed   k, the rejections the target allows
     * @param rejected  faces scoring below the threshold (at most {@code allowed})
     * @param bpcer     rejected / faces
     * @param low       lower end of the 95 % Clopper-Pearson interval of {@code bpcer}
     * @param high      upper end
     */
    public record Result(double target, int faces, int allowed, double threshold, int rejected, double bpcer, double low,
            double high) {
    }

    private BpcerThreshold() {
    }

    /**
     * @throws IllegalArgumentException when the target is not in (0, 0.5), there are no scores, or too few for the
     *                                  target to allow one rejection ({@link #minimumFaces})
     */
    public static Result choose(double[] scores, double target) {
        requireTarget(target);
        int n = scores.length;
        if (n == 0) {
            throw new IllegalArgumentException("no face was found in any photo: nothing to calibrate on");
        }
        int allowed = new BigDecimal(Double.toString(target)).multiply(BigDecimal.valueOf(n))
                .setScale(0, RoundingMode.FLOOR).intValueExact();
        if (allowed < 1) {
            throw new IllegalArgumentException(n + " faces are too few for a target BPCER of " + target + ": at least "
                    + minimumFaces(target) + " are needed for it to allow one rejection (about " + 10 * minimumFaces(target)
                    + " for a useful interval)");
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double threshold = sorted[allowed];
        int rejected = 0;
        while (rejected < n && sorted[rejected] < threshold) {
            rejected++;
        }
        return new Result(target, n, allowed, threshold, rejected, (double) rejected / n, lower(rejected, n),
                upper(rejected, n));
    }

    /** The fewest faces for which {@code floor(target * n) >= 1}: {@code ceil(1 / target)}. */
    public static int minimumFaces(double target) {
        requireTarget(target);
        return BigDecimal.ONE.divide(new BigDecimal(Double.toString(target)), 0, RoundingMode.CEILING).intValueExact();
    }

    private static void requireTarget(double target) {
        if (!(target > 0 && target < 0.5)) {
            throw new IllegalArgumentException("the target BPCER must be above 0 and below 0.5, not " + target);
        }
    }

    private static final double TAIL = 0.025;

    /** Lower end of the 95 % Clopper-Pearson interval: the p with P(X >= r) = 2.5 %, 0 for r = 0. */
    static double lower(int r, int n) {
        if (r == 0) {
            return 0;
        }
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 200; i++) {
            double p = (lo + hi) / 2;
            if (1 - cdf(r - 1, n, p) < TAIL) { // P(X >= r) grows with p
                lo = p;
            } else {
                hi = p;
            }
        }
        return (lo + hi) / 2;
    }

    /** Upper end of the 95 % Clopper-Pearson interval: the p with P(X <= r) = 2.5 %, 1 for r = n. */
    static double upper(int r, int n) {
        if (r == n) {
            return 1;
        }
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 200; i++) {
            double p = (lo + hi) / 2;
            if (cdf(r, n, p) > TAIL) { // P(X <= r) falls with p
                lo = p;
            } else {
                hi = p;
            }
        }
        return (lo + hi) / 2;
    }

    /** P(X <= r) for X ~ Binomial(n, p), 0 < p < 1, summed in log space (no underflow at large n). */
    static double cdf(int r, int n, double p) {
        if (p <= 0) {
            return 1;
        }
        if (p >= 1) {
            return r >= n ? 1 : 0;
        }
        double logOdds = Math.log(p) - Math.log1p(-p);
        double term = n * Math.log1p(-p); // log P(X = 0)
        double max = term;
        double[] terms = new double[r + 1];
        for (int k = 0; k <= r; k++) {
            terms[k] = term;
            max = Math.max(max, term);
            term += Math.log(n - k) - Math.log(k + 1) + logOdds;
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return Math.min(1, Math.exp(max + Math.log(sum)));
    }
}
