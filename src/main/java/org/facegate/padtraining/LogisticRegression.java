package org.facegate.padtraining;

/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares) on standardised
 * features, each class weighted to half the total so that the larger class does not set the boundary. Deterministic:
 * the same data give the same coefficients, bit for bit, on the same JVM.
 */
public final class LogisticRegression {

    private static final int MAX_ITERATIONS = 50;
    private static final double TOLERANCE = 1e-9;

    private final double lambda;

    /** @param lambda the L2 penalty on the weights (not the bias), per unit of total sample weight */
    public LogisticRegression(double lambda) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("lambda must be positive: " + lambda);
        }
        this.lambda = lambda;
    }

    /** Weights and bias: the log-odds of label 1 is {@code w . x + b}. */
    public record Fit(double[] weights, double bias) {

        public double logit(double[] x) {
            double z = bias;
            for (int i = 0; i < weights.length; i++) {
                z += weights[i] * x[i];
            }
            return z;
        }

        public double probability(double[] x) {
            return 1 / (1 + Math.exp(-logit(x)));
        }
    }

    /** Fits {@code x} (rows of standardised features) to {@code y} (label 1 or 0). */
    public Fit fit(double[][] x, boolean[] y) {
        int n = x.length;
        int ones = 0;
        for (boolean b : y) {
            ones += b ? 1 : 0;
        }
        if (ones == 0 || ones == n) {
            throw new IllegalArgumentException("both classes are needed to fit");
        }
        double w1 = 0.5 / ones;
        double w0 = 0.5 / (n - ones);
        double[] weight = new double[n];
        for (int i = 0; i < n; i++) {
            weight[i] = y[i] ? w1 : w0;
        }
        return fit(x, y, weight);
    }

    /**
     * Fits {@code x} to {@code y} with each row weighted by {@code weight} (the caller's choice, e.g. each group of
     * photos to an equal share; the penalty is per unit of their sum, so weights should sum to about 1).
     * @throws IllegalArgumentException when the lengths differ or a class has no weight
     */
    public Fit fit(double[][] x, boolean[] y, double[] weight) {
        int n = x.length;
        int d = x[0].length;
        if (y.length != n || weight.length != n) {
            throw new IllegalArgumentException("x, y and weight must have one entry per row");
        }
        double[] classWeight = new double[2];
        for (int i = 0; i < n; i++) {
            classWeight[y[i] ? 1 : 0] += weight[i];
        }
        if (!(classWeight[0] > 0 && classWeight[1] > 0)) {
            throw new IllegalArgumentException("both classes are needed to fit");
        }
        int p = d + 1; // the bias is the last coefficient
        double[] beta = new double[p];
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            double[] grad = new double[p];
            double[][] hess = new double[p][p];
            for (int i = 0; i < n; i++) {
                double z = beta[d];
                for (int j = 0; j < d; j++) {
                    z += beta[j] * x[i][j];
                }
                double mu = 1 / (1 + Math.exp(-z));
                double c = weight[i];
                double r = c * (mu - (y[i] ? 1 : 0));
                double h = c * mu * (1 - mu);
                for (int j = 0; j < d; j++) {
                    grad[j] += r * x[i][j];
                    double hx = h * x[i][j];
                    double[] row = hess[j];
                    for (int k = 0; k <= j; k++) {
                        row[k] += hx * x[i][k];
                    }
                    hess[d][j] += hx;
                }
                grad[d] += r;
                hess[d][d] += h;
            }
            for (int j = 0; j < d; j++) {
                grad[j] += lambda * beta[j];
                hess[j][j] += lambda;
                for (int k = 0; k < j; k++) {
                    hess[k][j] = hess[j][k];
                }
            }
            for (int k = 0; k < d; k++) {
                hess[k][d] = hess[d][k];
            }
            double[] step = Cholesky.solve(hess, grad);
            double change = 0;
            for (int j = 0; j < p; j++) {
                beta[j] -= step[j];
                change = Math.max(change, Math.abs(step[j]));
            }
            if (change < TOLERANCE) {
                break;
            }
        }
        double[] weights = java.util.Arrays.copyOf(beta, d);
        return new Fit(weights, beta[d]);
    }

    /** Solves a symmetric positive definite system. */
    private static final class Cholesky {

        static double[] solve(double[][] a, double[] b) {
            int n = b.length;
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[i][j];
                    double[] li = l[i];
                    double[] lj = l[j];
                    for (int k = 0; k < j; k++) {
                        s -= li[k] * lj[k];
                    }
                    if (i == j) {
                        if (s <= 0) {
                            throw new ArithmeticException("matrix not positive definite");
                        }
                        li[i] = Math.sqrt(s);
                    } else {
                        li[j] = s / lj[j];
                    }
                }
            }
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                double s = b[i];
                for (int k = 0; k < i; k++) {
                    s -= l[i][k] * z[k];
                }
                z[i] = s / l[i][i];
            }
            double[] x = new double[n];
            for (int i = n - 1; i >= 0; i--) {
                double s = z[i];
                for (int k = i + 1; k < n; k++) {
                    s -= l[k][i] * x[k];
                }
                x[i] = s / l[i][i];
            }
            return x;
        }
    }
}
