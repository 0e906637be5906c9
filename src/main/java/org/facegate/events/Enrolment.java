package org.facegate.events;

import java.time.Instant;
import java.util.List;

/**
 * Reference photos of a document holder. Topic {@code enrolments} (compacted), key = {@code documentId}; a record
 * with a null value (tombstone) erases the identity. Schema: {@code schemas/enrolment.schema.json}.
 *
 * @param images 1 to K photos (K = {@code facegate.templates.per-identity}); each becomes one template
 * @param source who enrolled, e.g. {@code border-office-7} (free text, no personal data)
 */
public record Enrolment(int schemaVersion, String documentId, List<EncodedImage> images, Instant enrolledAt, String source) {

    public Enrolment {
        Events.requireSchemaVersion(schemaVersion);
        Events.requireId("documentId", documentId);
        Events.require("images", images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images must hold at least one image");
        }
        if (images.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("images must not contain null");
        }
        images = List.copyOf(images);
        Events.require("enrolledAt", enrolledAt);
        Events.requireText("source", source, Events.MAX_ID_LENGTH);
    }

    /** A version-1 enrolment. */
    public static Enrolment of(String documentId, List<EncodedImage> images, Instant enrolledAt, String source) {
        return new Enrolment(Events.SCHEMA_VERSION, documentId, images, enrolledAt, source);
    }
}
