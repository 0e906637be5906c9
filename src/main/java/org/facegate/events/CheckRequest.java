package org.facegate.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Optional;

/**
 * A gate asks: is the person in front of the camera the holder of {@code documentId}? Topic
 * {@code passport-checks}, key = {@code documentId}. Schema: {@code schemas/check-request.schema.json}.
 *
 * @param checkId    unique per check; the verdict carries it back
 * @param capturedAt when the gate camera took {@code liveImage}; verdict latency is measured from it
 * @param chipImage  optional portrait read from the passport chip (ICAO 9303 DG2): when present the live image is
 *                   compared with it and no enrolment is needed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckRequest(
        int schemaVersion,
        String checkId,
        String gateId,
        String documentId,
        Instant capturedAt,
        EncodedImage liveImage,
        EncodedImage chipImage) {

    public CheckRequest {
        Events.requireSchemaVersion(schemaVersion);
        Events.requireId("checkId", checkId);
        Events.requireId("gateId", gateId);
        Events.requireId("documentId", documentId);
        Events.require("capturedAt", capturedAt);
        Events.require("liveImage", liveImage);
    }

    /** A version-1 request. */
    public static CheckRequest of(String checkId, String gateId, String documentId, Instant capturedAt,
                                  EncodedImage liveImage, EncodedImage chipImage) {
        return new CheckRequest(Events.SCHEMA_VERSION, checkId, gateId, documentId, capturedAt, liveImage, chipImage);
    }

    public Optional<EncodedImage> chip() {
        return Optional.ofNullable(chipImage);
    }
}
