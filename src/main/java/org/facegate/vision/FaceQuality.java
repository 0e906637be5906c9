package org.facegate.vision;

import java.nio.FloatBuffer;

/**
 * Measurable properties of one face, for the quality gate ({@link QualityGate}) and for evaluation.
 * Pose comes from the 68 landmarks in the photo; sharpness and exposure from the central part of the aligned
 * chip (columns 20-80 %, rows 20-85 %: the face, not the background), in grey levels 0..255.
 *
 * @param interEyePx      distance between the eye centres in photo pixels
 * @param yawDeg          head turn estimated from where the nose tip (point 30) sits between the jaw ends
 *                        (points 0 and 16): {@code asin(2t - 1)}, 0 = frontal, positive towards image right; a
 *                        rough estimate (landmarks of strongly turned faces are themselves unreliable)
 * @param rollDeg         in-plane tilt of the line through the eye centres, positive = clockwise in the image
 * @param sharpness       variance of the 4-neighbour Laplacian of the grey chip
 * @param brightness      mean grey level of the chip region
 * @param clippedFraction fraction of the chip region at or below 5 or at or above 250
 */
public record FaceQuality(double interEyePx, double yawDeg, double rollDeg, double sharpness, double brightness,
        double clippedFraction) {

    /** For analysers that do not measure quality (scripted test analysers). */
    public static final FaceQuality NOT_MEASURED = new FaceQuality(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN);

    /** Pose from landmarks, sharpness and exposure from the chip written at {@code offset} of {@code chip}. */
    static FaceQuality measure(Landmarks lm, FloatBuffer chip, int offset, ChipFormat format) {
        double[] le = lm.leftEye();
        double[] re = lm.rightEye();
        double interEye = Math.hypot(re[0] - le[0], re[1] - le[1]);
        double roll = Math.toDegrees(Math.atan2(re[1] - le[1], re[0] - le[0]));
        double jx = lm.x(16) - lm.x(0);
        double jy = lm.y(16) - lm.y(0);
        double jaw2 = jx * jx + jy * jy;
        double yaw = Double.NaN;
        if (jaw2 > 1e-9) {
            double t = ((lm.x(30) - lm.x(0)) * jx + (lm.y(30) - lm.y(0)) * jy) / jaw2;
            yaw = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, 2 * t - 1))));
        }
        int x0 = (int) (format.width * 0.2);
        int x1 = (int) (format.width * 0.8);
        int y0 = (int) (format.height * 0.2);
        int y1 = (int) (format.height * 0.85);
        int gw = x1 - x0;
        int gh = y1 - y0;
        float[] grey = new float[gw * gh];
        double sum = 0;
        int clipped = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                float r = format.pixel(chip.get(offset + format.index(x, y, 0)), 0);
                float g = format.pixel(chip.get(offset + format.index(x, y, 1)), 1);
                float b = format.pixel(chip.get(offset + format.index(x, y, 2)), 2);
                float v = 0.299f * r + 0.587f * g + 0.114f * b;
                grey[(y - y0) * gw + (x - x0)] = v;
                sum += v;
                if (v <= 5 || v >= 250) {
                    clipped++;
                }
            }
        }
        double lapSum = 0;
        double lapSq = 0;
        int count = 0;
        for (int y = 1; y < gh - 1; y++) {
            for (int x = 1; x < gw - 1; x++) {
                int i = y * gw + x;
                double lap = 4 * grey[i] - grey[i - 1] - grey[i + 1] - grey[i - gw] - grey[i + gw];
                lapSum += lap;
                lapSq += lap * lap;
                count++;
            }
        }
        double lapMean = lapSum / count;
        double sharpness = lapSq / count - lapMean * lapMean;
        return new FaceQuality(interEye, yaw, roll, sharpness, sum / grey.length, (double) clipped / grey.length);
    }
}
