package org.facegate.vision;

import java.util.EnumMap;
import java.util.Map;
import org.facegate.inference.ModelDescriptor.ReferencePoint;

/**
 * Where a face's reference points land in face-api's square recognition crop, in pixels of a chip of a given
 * size. Averaged over many faces this gives a similarity template with the same scale and position as the
 * square crop, minus its rotation: how the face-api model's similarity template was derived
 * (docs/accuracy.md).
 */
public final class AlignmentGeometry {

    private AlignmentGeometry() {
    }

    /** Each reference point of {@code lm} in the (unclipped) square crop, scaled to {@code chipSize}. */
    public static Map<ReferencePoint, double[]> inSquareCrop(Landmarks lm, int chipSize) {
        int[] sq = SquareCropAligner.square(lm);
        double k = (double) chipSize / sq[2];
        Map<ReferencePoint, double[]> out = new EnumMap<>(ReferencePoint.class);
        for (ReferencePoint p : ReferencePoint.values()) {
            double[] xy = SimilarityAligner.point(lm, p);
            out.put(p, new double[] {(xy[0] - sq[0]) * k, (xy[1] - sq[1]) * k});
        }
        return out;
    }
}
