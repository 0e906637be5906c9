package org.facegate.vision;

/**
 * The 68 facial landmarks of the iBUG 300-W layout, in image pixels. Index ranges (0-based): jaw 0-16,
 * brows 17-26, nose 27-35, left eye (subject's right) 36-41, right eye 42-47, mouth 48-67.
 */
public record Landmarks(float[] xy) {

    public static final int COUNT = 68;

    public Landmarks {
        if (xy.length != COUNT * 2) {
            throw new IllegalArgumentException("68 landmarks need 136 coordinates, got " + xy.length);
        }
        xy = xy.clone();
    }

    public double x(int i) {
        return xy[2 * i];
    }

    public double y(int i) {
        return xy[2 * i + 1];
    }

    /** Mean of landmarks {@code from..to} inclusive, as {x, y}. */
    public double[] mean(int from, int to) {
        double sx = 0, sy = 0;
        for (int i = from; i <= to; i++) {
            sx += x(i);
            sy += y(i);
        }
        int n = to - from + 1;
        return new double[] {sx / n, sy / n};
    }

    public double[] leftEye() {
        return mean(36, 41);
    }

    public double[] rightEye() {
        return mean(42, 47);
    }

    public double[] mouth() {
        return mean(48, 67);
    }

    /** Distance between the eye centres in pixels. */
    public double interEyeDistance() {
        double[] l = leftEye();
        double[] r = rightEye();
        return Math.hypot(r[0] - l[0], r[1] - l[1]);
    }

    @Override
    public String toString() {
        return "Landmarks[68]";
    }
}
