package org.facegate.vision;

import java.util.Optional;

/**
 * Rejects faces that are too small or of too low quality to verify reliably, per deployment (off by default):
 * FACE_TOO_SMALL when the eye centres are closer than {@code minInterEyePx}; LOW_QUALITY when the estimated
 * |yaw| or |roll| exceeds its limit, the chip's Laplacian variance is below {@code minSharpness}, its mean grey
 * level is outside {@code [minBrightness, maxBrightness]}, or more than {@code maxClippedFraction} of it is
 * clipped. The numbers are {@link FaceQuality}'s; limits and what they cost on LFW are in docs/accuracy.md.
 */
public record QualityGate(boolean enabled, double minInterEyePx, double maxYawDeg, double maxRollDeg,
        double minSharpness, double minBrightness, double maxBrightness, double maxClippedFraction) {

    /** The documented limits, switched off. {@link #enable()} turns them on. */
    public static final QualityGate OFF = new QualityGate(false, 24, 40, 25, 15, 40, 220, 0.25);

    /** One failed criterion: the problem it maps to, its name, and a readable explanation. */
    public record Failure(FaceProblem problem, String criterion, String detail) {
    }

    public QualityGate enable() {
        return new QualityGate(true, minInterEyePx, maxYawDeg, maxRollDeg, minSharpness, minBrightness, maxBrightness,
                maxClippedFraction);
    }

    /** The first criterion {@code q} fails, whether or not the gate is enabled (evaluation uses this). */
    public Optional<Failure> check(FaceQuality q) {
        if (q.interEyePx() < minInterEyePx) {
            return Optional.of(new Failure(FaceProblem.FACE_TOO_SMALL, "interEye",
                    String.format("eyes %.1f px apart, minimum %.1f", q.interEyePx(), minInterEyePx)));
        }
        if (Math.abs(q.yawDeg()) > maxYawDeg) {
            return Optional.of(new Failure(FaceProblem.LOW_QUALITY, "yaw",
                    String.format("head turned about %.0f degrees, limit %.0f", q.yawDeg(), maxYawDeg)));
        }
        if (Math.abs(q.rollDeg()) > maxRollDeg) {
            return Optional.of(new Failure(FaceProblem.LOW_QUALITY, "roll",
                    String.format("head tilted %.0f degrees, limit %.0f", q.rollDeg(), maxRollDeg)));
        }
        if (q.sharpness() < minSharpness) {
            return Optional.of(new Failure(FaceProblem.LOW_QUALITY, "sharpness",
                    String.format("blurred: Laplacian variance %.1f, minimum %.1f", q.sharpness(), minSharpness)));
        }
        if (q.brightness() < minBrightness || q.brightness() > maxBrightness) {
            return Optional.of(new Failure(FaceProblem.LOW_QUALITY, "brightness",
                    String.format("face mean grey %.0f, allowed %.0f-%.0f", q.brightness(), minBrightness,
                            maxBrightness)));
        }
        if (q.clippedFraction() > maxClippedFraction) {
            return Optional.of(new Failure(FaceProblem.LOW_QUALITY, "clipping",
                    String.format("%.0f %% of the face clipped, limit %.0f %%", 100 * q.clippedFraction(),
                            100 * maxClippedFraction)));
        }
        return Optional.empty();
    }
}
