package org.facegate.topology;

import java.util.OptionalDouble;

/**
 * What the topology needs besides its dependencies.
 *
 * @param templatesPerIdentity K: templates kept per identity (newest), also the most images per enrolment
 * @param maxImageBytes        largest accepted encoded image; larger is IMAGE_TOO_LARGE
 * @param threshold            overrides the model's calibrated threshold when present
 * @param batching             micro-batching of checks (per record when its size is 1)
 */
public record TopologySettings(Topics topics, int templatesPerIdentity, int maxImageBytes, OptionalDouble threshold,
        Batching batching) {

    public static final int DEFAULT_TEMPLATES_PER_IDENTITY = 5;
    public static final int DEFAULT_MAX_IMAGE_BYTES = 1024 * 1024;

    public static final TopologySettings DEFAULT = new TopologySettings(
            Topics.DEFAULT, DEFAULT_TEMPLATES_PER_IDENTITY, DEFAULT_MAX_IMAGE_BYTES, OptionalDouble.empty(),
            Batching.DEFAULT);

    /** Room for the JSON around the images and for the record batch header. */
    static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

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

    public TopologySettings withBatching(Batching b) {
        return new TopologySettings(topics, templatesPerIdentity, maxImageBytes, threshold, b);
    }

    /** Base64 characters of the largest accepted image. */
    public long maxImageBase64Chars() {
        return (maxImageBytes + 2L) / 3 * 4;
    }

    /** Largest valid CheckRequest record (live + chip image): the {@code max.message.bytes} of passport-checks. */
    public int maxCheckRecordBytes() {
        return Math.toIntExact(2 * maxImageBase64Chars() + RECORD_OVERHEAD_BYTES);
    }

    /** Largest valid Enrolment record (K images): {@code max.message.bytes} of enrolments and dead-letters. */
    public int maxEnrolmentRecordBytes() {
        return Math.toIntExact(templatesPerIdentity * maxImageBase64Chars() + RECORD_OVERHEAD_BYTES);
    }
}
