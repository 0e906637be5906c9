package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SimilarityAlignerTest {

    @Test
    void fitRecoversAKnownRotationScaleAndShift() {
        // dst = 2 * R(90 deg) * src + (5, -3): [a -b; b a] with a = 0, b = 2.
        double[][] src = {{0, 0}, {1, 0}, {0, 1}, {3, 2}};
        double[][] dst = new double[src.length][];
        for (int i = 0; i < src.length; i++) {
            dst[i] = new double[] {-2 * src[i][1] + 5, 2 * src[i][0] - 3};
        }
        assertArrayEquals(new double[] {0, 2, 5, -3}, SimilarityAligner.fit(src, dst), 1e-12);
    }

    @Test
    void fitIsLeastSquaresWhenPointsDisagree() {
        // The target square is 9 wide and 10 high: one uniform scale fits both with the least squared error,
        // sum(p.q) / sum(|p|^2) = (4 * 5 * 4.5 + 4 * 25) / 200 = 0.95, no rotation, centroids matched.
        double[][] src = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};
        double[][] dst = {{1.5, 1}, {10.5, 1}, {1.5, 11}, {10.5, 11}};
        double[] t = SimilarityAligner.fit(src, dst);
        assertArrayEquals(new double[] {0.95, 0, 6 - 0.95 * 5, 6 - 0.95 * 5}, t, 1e-12);
    }
}
