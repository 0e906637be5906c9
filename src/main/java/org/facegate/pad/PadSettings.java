package org.facegate.pad;

import java.nio.file.Path;

/**
 * Whether and how live photos are checked for presentation attacks. On by default; switching it off lets a printed
 * photo of the passport holder through, and the service logs a warning at start when it is off.
 *
 * @param descriptor the PAD descriptor file, or null for the build's default in the models folder
 *                   ({@link #DEFAULT_DESCRIPTOR_FILE})
 * @param threshold  a fixed bona fide threshold in [0, 1], or NaN for the descriptor's calibrated one
 */
public record PadSettings(boolean enabled, Path descriptor, double threshold) {

    /** The build's default PAD model descriptor, in the models folder. */
    public static final String DEFAULT_DESCRIPTOR_FILE = "facegate-pad.pad.json";

    public static final PadSettings DEFAULTS = new PadSettings(true, null, Double.NaN);
    public static final PadSettings OFF = new PadSettings(false, null, Double.NaN);

    public PadSettings {
        if (!Double.isNaN(threshold) && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("PAD threshold must be in [0, 1]: " + threshold);
        }
    }

    /** The descriptor file to open: the configured one, or the default in {@code modelsDir}. */
    public Path descriptorIn(Path modelsDir) {
        return descriptor != null ? descriptor : modelsDir.resolve(DEFAULT_DESCRIPTOR_FILE);
    }

    public PadSettings withDescriptor(Path file) {
        return new PadSettings(enabled, file, threshold);
    }

    public PadSettings withThreshold(double t) {
        return new PadSettings(enabled, descriptor, t);
    }

    public PadSettings withEnabled(boolean on) {
        return new PadSettings(on, descriptor, threshold);
    }
}
