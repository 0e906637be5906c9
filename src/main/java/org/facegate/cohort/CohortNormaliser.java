package org.facegate.cohort;

import java.util.Arrays;
import org.facegate.inference.Embedding;

/**
 * Adaptive score normalisation (AS-norm) of member distances against a {@link Cohort}. Each face is first placed
 * among the cohort: per normalised member, the mean and standard deviation of its {@code k} smallest distances to the
 * cohort's faces (its {@code k} nearest cohort neighbours; all of them when the cohort is smaller). A distance {@code d}
 * between faces a and b then becomes
 * <pre>{@code d' = ((d - mean_a) / std_a + (d - mean_b) / std_b) / 2}</pre>
 * the similarity form {@code s' = ((s - mean_a) / sd_a + (s - mean_b) / sd_b) / 2} with {@code s = -d}, so a face
 * that sits close to everyone needs a closer match. Members not normalised keep their distance.
 *
 * <p>Deterministic: the {@code k} smallest distances are selected, sorted and summed in ascending order, so
 * the same two embeddings and the same cohort always give bit-identical scores (a check processed again gets the same
 * verdict). Cost per face: one distance per cohort face and normalised member, plus a sort. Thread-safe.
 */
public final class CohortNormaliser {

    /** Below this a cohort's spread is treated as this (identical cohort faces would otherwise divide by zero). */
    static final double MIN_STD = 1e-6;

    private final Cohort cohort;
    private final int k;
    private final boolean[] normalised;
    private final int[] offsets;

    /**
     * Where one face sits in the cohort: per member, the mean and standard deviation of its {@code k} nearest cohort
     * distances (NaN for members not normalised). Derived from biometric data: never log it.
     */
    public record FaceScale(double[] mean, double[] std) {

        public FaceScale {
            mean = mean.clone();
            std = std.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] std() {
            return std.clone();
        }
    }

    /**
     * @param k          cohort neighbours per face, at least 2
     * @param normalised which members (in member order) are normalised; the others keep their raw distance
     */
    public CohortNormaliser(Cohort cohort, int k, boolean[] normalised) {
        if (k < 2) {
            throw new IllegalArgumentException("AS-norm needs k >= 2 cohort neighbours, not " + k);
        }
        int[] dims = cohort.dimensions();
        if (normalised.length != dims.length) {
            throw new IllegalArgumentException("normalised members: " + normalised.length + " flags for "
                    + dims.length + " members");
        }
        if (cohort.size() < 2) {
            throw new IllegalArgumentException("AS-norm needs a cohort of at least 2 faces");
        }
        this.cohort = cohort;
        this.k = k;
        this.normalised = normalised.clone();
        this.offsets = new int[dims.length];
        for (int m = 1; m < dims.length; m++) {
            offsets[m] = offsets[m - 1] + dims[m - 1];
        }
    }

    public Cohort cohort() {
        return cohort;
    }

    /** The neighbours used per face: {@code k}, or the cohort's size when smaller. */
    public int neighbours() {
        return Math.min(k, cohort.size());
    }

    /** Where {@code face} (a concatenated embedding of the cohort's members) sits in the cohort. */
    public FaceScale scale(Embedding face) {
        return scale(face, null);
    }

    /**
     * The same leaving out the cohort faces flagged in {@code leftOut} (indexed like the cohort; null: none), as a
     * cohort drawn from an enrolled population leaves out the claimed identity's own faces.
     */
    public FaceScale scale(Embedding face, boolean[] leftOut) {
        float[] v = face.values();
        int total = offsets[offsets.length - 1] + cohort.dimensions()[offsets.length - 1];
        if (v.length != total) {
            throw new IllegalArgumentException("an embedding of " + v.length + " values cannot meet a cohort of "
                    + total + "-value embeddings");
        }
        double[] mean = new double[offsets.length];
        double[] std = new double[offsets.length];
        for (int m = 0; m < offsets.length; m++) {
            if (!normalised[m]) {
                mean[m] = Double.NaN;
                std[m] = Double.NaN;
                continue;
            }
            double[] d = cohort.distances(m, v, offsets[m]);
            int kept = d.length;
            if (leftOut != null) {
                kept = 0;
                for (int f = 0; f < d.length; f++) {
                    if (leftOut[f]) {
                        d[f] = Double.POSITIVE_INFINITY; // sorted last, never among the nearest
                    } else {
                        kept++;
                    }
                }
            }
            if (kept < 2) {
                throw new IllegalArgumentException("fewer than 2 cohort faces left to normalise against");
            }
            double[] ms = nearestStatistics(d, Math.min(neighbours(), kept));
            mean[m] = ms[0];
            std[m] = ms[1];
        }
        return new FaceScale(mean, std);
    }

    /** The members' distances between faces a and b, normalised for the members this normaliser normalises. */
    public double[] normalise(double[] memberDistances, FaceScale a, FaceScale b) {
        if (memberDistances.length != normalised.length) {
            throw new IllegalArgumentException(memberDistances.length + " member distances for " + normalised.length
                    + " members");
        }
        double[] out = memberDistances.clone();
        for (int m = 0; m < out.length; m++) {
            if (normalised[m]) {
                double d = memberDistances[m];
                out[m] = ((d - a.mean[m]) / a.std[m] + (d - b.mean[m]) / b.std[m]) / 2;
            }
        }
        return out;
    }

    /**
     * Mean and standard deviation (population) of the {@code k} smallest of {@code distances}, the standard
     * deviation at least {@link #MIN_STD}. The k smallest are kept in a bounded max-heap (one pass, most distances
     * rejected by one comparison), then sorted, so the sums run in ascending order whatever the input's order.
     */
    static double[] nearestStatistics(double[] distances, int k) {
        int n = Math.min(k, distances.length);
        double[] heap = new double[n];
        int size = 0;
        for (double x : distances) {
            if (size < n) {
                heap[size] = x;
                siftUp(heap, size++);
            } else if (x < heap[0]) {
                heap[0] = x;
                siftDown(heap, n);
            }
        }
        Arrays.sort(heap);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += heap[i];
        }
        double mean = sum / n;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            sq += (heap[i] - mean) * (heap[i] - mean);
        }
        return new double[] {mean, Math.max(MIN_STD, Math.sqrt(sq / n))};
    }

    private static void siftUp(double[] h, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (h[parent] >= h[i]) {
                return;
            }
            double t = h[parent];
            h[parent] = h[i];
            h[i] = t;
            i = parent;
        }
    }

    private static void siftDown(double[] h, int size) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int largest = l + 1 < size && h[l + 1] > h[l] ? l + 1 : l;
            if (h[i] >= h[largest]) {
                return;
            }
            double t = h[i];
            h[i] = h[largest];
            h[largest] = t;
            i = largest;
        }
    }
}
