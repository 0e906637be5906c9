package org.facegate.matching;

import java.time.Instant;
import java.util.Objects;
import org.facegate.inference.Embedding;

/** One enrolled face: its embedding and when the photo was enrolled. Biometric data: never log it. */
public record Template(Instant enrolledAt, Embedding embedding) {

    public Template {
        Objects.requireNonNull(enrolledAt, "enrolledAt");
        Objects.requireNonNull(embedding, "embedding");
    }
}
