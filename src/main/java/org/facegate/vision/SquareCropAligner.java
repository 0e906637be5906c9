package org.facegate.vision;

import java.nio.FloatBuffer;

/**
 * face-api's recognition crop: an axis-aligned square around the centroid C of the two eye centres and the
 * mouth centre, of side {@code floor(mean(|mouth - eye|) / 0.45)}, placed at {@code (C.x - 0.5 side,
 * C.y - 0.43 side)} (shifted inside at the top/left, clipped at the bottom/right and then zero-padded to a
 * centred square), resized bilinearly to the model's (square) input. No rotation.
 */
final class SquareCropAligner implements FaceAligner {

    /** The unclipped square {x, y, side} for these landmarks (x and y floored and at least 0). */
    static int[] square(Landmarks lm) {
        double[] le = lm.leftEye();
        double[] re = lm.rightEye();
        double[] m = lm.mouth();
        double dl = Math.hypot(m[0] - le[0], m[1] - le[1]);
        double dr = Math.hypot(m[0] - re[0], m[1] - re[1]);
        int size = Math.max(1, (int) Math.floor((dl + dr) / 2 / 0.45));
        double cx = (le[0] + re[0] + m[0]) / 3;
        double cy = (le[1] + re[1] + m[1]) / 3;
        int x = (int) Math.floor(Math.max(0, cx - 0.5 * size));
        int y = (int) Math.floor(Math.max(0, cy - 0.43 * size));
        return new int[] {x, y, size};
    }

    /** The crop square {x, y, width, height} in image pixels, clipped to the image. */
    static int[] cropSquare(Landmarks lm, int imgW, int imgH) {
        int[] s = square(lm);
        return FaceLandmarker.clipAndFloor(new FaceBox(s[0], s[1], s[2], s[2]), imgW, imgH);
    }

    @Override
    public void writeChip(RgbImage img, Landmarks lm, ChipFormat format, FloatBuffer out, int offset) {
        int[] c = cropSquare(lm, img.width(), img.height());
        Resampler.cropPadResize(img, c[0], c[1], c[2], c[3], Resampler.Placement.CENTRED, Resampler.Border.ZERO,
                format, out, offset);
    }

    @Override
    public String toString() {
        return "face-api-square";
    }
}
