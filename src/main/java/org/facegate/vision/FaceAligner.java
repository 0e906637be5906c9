package org.facegate.vision;

import java.nio.FloatBuffer;
import org.facegate.inference.ModelDescriptor;

/**
 * Cuts the recognition chip out of a photo from the face's 68 landmarks and writes it, normalised, straight
 * into the model's input buffer. Implementations are stateless and thread-safe.
 */
interface FaceAligner {

    /** Writes {@code format.floats()} values at {@code offset} of {@code out}. */
    void writeChip(RgbImage img, Landmarks landmarks, ChipFormat format, FloatBuffer out, int offset);

    /** The aligner a descriptor asks for. */
    static FaceAligner of(ModelDescriptor.Alignment alignment) {
        return switch (alignment.method()) {
            case FACE_API_SQUARE -> new SquareCropAligner();
            case SIMILARITY -> new SimilarityAligner(alignment.template());
        };
    }
}
