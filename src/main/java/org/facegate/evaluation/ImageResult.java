package org.facegate.evaluation;

import java.util.Map;
import org.facegate.inference.Embedding;
import org.facegate.inference.ModelDescriptor.ReferencePoint;
import org.facegate.vision.FaceQuality;

/**
 * What the pipeline made of one evaluation image: an embedding with the face's quality measures, or the reason
 * there is none ({@code problem} is a {@link org.facegate.vision.FaceProblem} name or {@code MISSING_FILE}).
 * Biometric data: {@link #toString()} leaves the embedding out.
 *
 * @param squareCropPoints the face's reference points in face-api's square crop (chip pixels), or null
 */
public record ImageResult(String path, Embedding embedding, String problem, FaceQuality quality,
        Map<ReferencePoint, double[]> squareCropPoints) {

    public boolean embedded() {
        return embedding != null;
    }

    static ImageResult failed(String path, String problem) {
        return new ImageResult(path, null, problem, FaceQuality.NOT_MEASURED, null);
    }

    @Override
    public String toString() {
        return "ImageResult[" + path + ", " + (embedded() ? "embedded" : problem) + "]";
    }
}
