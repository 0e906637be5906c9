package org.facegate.topology;

import java.util.OptionalDouble;

/**
 * What the topology needs besides its dependencies.
 *
 * @param templatesPerIdentity K: templates kept per identity (newest), also the most images per enrolment
 * @param maxImageBytes        largest accepted encoded image; larger is IMAGE_TOO_LARGE
 * @param threshold            overrides the model's calibrated threshold when present
 */
public record TopologySettings(Topics topics, int templatesPerIdentity, int maxImageBytes, OptionalDouble threshold) {

    public static final int DEFAULT_TEMPLATES_PER_IDENTITY = 5;
    public static final int DEFAULT_MAX_IMAGE_BYTES = 1024 * 1024;

    public static final TopologySettings DEFAULT = new TopologySettings(
            Topics.DEFAULT, DEFAULT_TEMPLATES_PER_IDENTITY, DEFAULT_MAX_IMAGE_BYTES, OptionalDouble.empty());

    public TopologySettings {
        if (templatesPerIdentity < 1) {
            throw new IllegalArgumentException("templates per identity must be at least 1");
        }
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("the image size limit must be positive");
        }
        if (threshold.isPresent() && !(threshold.getAsDouble() > 0)) {
            throw new IllegalArgumentException("the threshold must be positive");
        }
    }
}
