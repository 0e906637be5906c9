package org.facegate.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The outcome of one record on {@code enrolments}. Topic {@code enrolment-results}, key = documentId. Schema:
 * {@code schemas/enrolment-result.schema.json}.
 *
 * @param reason    non-null exactly when REJECTED
 * @param templates templates now stored for the document (0 after ERASED; unchanged after REJECTED)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrolmentResult(
        int schemaVersion,
        String documentId,
        EnrolmentStatus status,
        Reason reason,
        String detail,
        int templates,
        Instant processedAt) {

    public EnrolmentResult {
        Events.requireSchemaVersion(schemaVersion);
        Events.requireId("documentId", documentId);
        Events.require("status", status);
        if ((status == EnrolmentStatus.REJECTED) != (reason != null)) {
            throw new IllegalArgumentException("reason must be set exactly when the status is REJECTED");
        }
        if (templates < 0) {
            throw new IllegalArgumentException("templates must not be negative");
        }
        Events.require("processedAt", processedAt);
    }
}
