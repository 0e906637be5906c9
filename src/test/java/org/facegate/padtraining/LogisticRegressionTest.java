package org.facegate.padtraining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The class-balanced, L2-regularised logistic regression that makes the colour-texture PAD model. */
class LogisticRegressionTest {

    /** Two clouds in 3-D, label 1 around (+1, +1, 0), label 0 around (-1, -1, 0); the third feature is noise. */
    private static double[][] clouds(int n, Random rnd, boolean[] labels) {
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            double side = labels[i] ? 1 : -1;
            x[i] = new double[] {side + 0.3 * rnd.nextGaussian(), side + 0.3 * rnd.nextGaussian(), rnd.nextGaussian()};
        }
        return x;
    }

    private static boolean[] alternating(int n) {
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2 == 0;
        }
        return y;
    }

    @Test
    void separableDataIsClassifiedCorrectly() {
        boolean[] y = alternating(60);
        double[][] x = clouds(60, new Random(1), y);
        LogisticRegression.Fit fit = new LogisticRegression(0.01).fit(x, y);
        for (int i = 0; i < x.length; i++) {
            assertEquals(y[i], fit.probability(x[i]) > 0.5, "sample " + i);
        }
        assertTrue(fit.weights()[0] > 0 && fit.weights()[1] > 0, "both informative features point to label 1");
        assertTrue(Math.abs(fit.weights()[2]) < Math.min(fit.weights()[0], fit.weights()[1]), "noise weighs least");
        // Unseen points of each cloud.
        assertTrue(fit.probability(new double[] {1, 1, 0}) > 0.9);
        assertTrue(fit.probability(new double[] {-1, -1, 0}) < 0.1);
    }

    @Test
    void theSameDataGiveTheSameCoefficientsBitForBit() {
        boolean[] y = alternating(40);
        double[][] x = clouds(40, new Random(2), y);
        LogisticRegression lr = new LogisticRegression(0.05);
        LogisticRegression.Fit a = lr.fit(x, y);
        LogisticRegression.Fit b = new LogisticRegression(0.05).fit(x, y);
        assertArrayEquals(a.weights(), b.weights(), 0.0);
        assertEquals(a.bias(), b.bias(), 0.0);
    }

    @Test
    void eachClassWeighsHalfSoTheLargerClassDoesNotMoveTheBoundary() {
        // Nine samples of label 1 at +1, one of label 0 at -1: balanced, the boundary is the midpoint 0 (bias 0).
        double[][] x = new double[10][];
        boolean[] y = new boolean[10];
        for (int i = 0; i < 10; i++) {
            y[i] = i > 0;
            x[i] = new double[] {y[i] ? 1 : -1};
        }
        LogisticRegression.Fit fit = new LogisticRegression(0.1).fit(x, y);
        assertEquals(0, fit.bias(), 1e-9);
        assertEquals(0.5, fit.probability(new double[] {0}), 1e-9);
        assertTrue(fit.weights()[0] > 0);
    }

    @Test
    void aStrongerPenaltyGivesSmallerWeights() {
        boolean[] y = alternating(40);
        double[][] x = clouds(40, new Random(3), y);
        double weak = norm(new LogisticRegression(0.01).fit(x, y).weights());
        double strong = norm(new LogisticRegression(1).fit(x, y).weights());
        assertTrue(strong < weak, strong + " vs " + weak);
    }

    private static double norm(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void fittingNeedsBothClasses() {
        double[][] x = {{1}, {2}, {3}};
        LogisticRegression lr = new LogisticRegression(0.01);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lr.fit(x, new boolean[] {true, true, true}));
        assertTrue(e.getMessage().contains("both classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lr.fit(x, new boolean[] {false, false, false}));
    }

    @Test
    void thePenaltyMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new LogisticRegression(0));
        assertThrows(IllegalArgumentException.class, () -> new LogisticRegression(Double.NaN));
    }
}
