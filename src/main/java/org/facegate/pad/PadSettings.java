package org.facegate.pad;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether and how live photos are checked for presentation attacks. On by default; switching it off lets a printed
 * photo of the passport holder through, and the service logs a warning at start when it is off.
 *
 * @param descriptor the PAD descriptor file of the {@link PadGroups#DEFAULT} group, or null for the build's default in
 *                   the models folder ({@link #DEFAULT_DESCRIPTOR_FILE})
 * @param threshold  a fixed bona fide threshold in [0, 1] for the default group, or NaN for the descriptor's calibrated
 *                   one; a configured group always uses its own descriptor's threshold
 * @param groups     gate groups judged by descriptors of their own ({@link PadGroup}); empty: every gate is judged by
 *                   {@code descriptor}
 * @throws IllegalArgumentException for a threshold outside [0, 1] or groups that share a name or a gate prefix
 */
public record PadSettings(boolean enabled, Path descriptor, double threshold, List<PadGroup> groups) {

    /** The build's default PAD model descriptor, in the models folder. */
    public static final String DEFAULT_DESCRIPTOR_FILE = "facegate-pad.pad.json";

    public static final PadSettings DEFAULTS = new PadSettings(true, null, Double.NaN);
    public static final PadSettings OFF = new PadSettings(false, null, Double.NaN);

    public PadSettings {
        if (!Double.isNaN(threshold) && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("PAD threshold must be in [0, 1]: " + threshold);
        }
        groups = groups == null ? List.of() : List.copyOf(groups);
        new PadGroups(groups); // validates: one group per name and per prefix
    }

    /** Every gate judged by one descriptor. */
    public PadSettings(boolean enabled, Path descriptor, double threshold) {
        this(enabled, descriptor, threshold, List.of());
    }

    /** The descriptor file to open for the default group: the configured one, or the default in {@code modelsDir}. */
    public Path descriptorIn(Path modelsDir) {
        return descriptor != null ? descriptor : modelsDir.resolve(DEFAULT_DESCRIPTOR_FILE);
    }

    /** Which group each gate belongs to. */
    public PadGroups gateGroups() {
        return new PadGroups(groups);
    }

    public PadSettings withDescriptor(Path file) {
        return new PadSettings(enabled, file, threshold, groups);
    }

    public PadSettings withThreshold(double t) {
        return new PadSettings(enabled, descriptor, t, groups);
    }

    public PadSettings withEnabled(boolean on) {
        return new PadSettings(on, descriptor, threshold, groups);
    }

    public PadSettings withGroups(List<PadGroup> g) {
        return new PadSettings(enabled, descriptor, threshold, g);
    }
}
