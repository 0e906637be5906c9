package org.facegate.vision;

import java.util.List;

/**
 * The detection cascade for photos where the tiny detector misses the subject at first: retry steps run in
 * order, only on the photos still without a subject, each surrounding the photo with a border of
 * {@code padFraction} of its larger side (black, or the edge pixels replicated) before detection. Tightly framed
 * faces (passport chips, gate cameras, LFW) are found far more reliably with some background around them.
 *
 * <p>A photo is without a subject when no face was found, or when every face found lies off the photo's centre
 * ({@link #subjectMissed}): the tiny detector misses a face that fills its input and may find only a bystander
 * beside it (on LFW, 11 of the 16 worst errors of the default model were such photos: the failure gallery of
 * docs/accuracy.md). Faces a step finds are added to those found before ({@link #merge}), so a bystander is
 * never lost, only joined by the subject.
 */
public record DetectionRetry(List<Step> steps) {

    /**
     * One retry: border size as a fraction of the larger side, what the border shows, and the detector input
     * size for this step (0 = the pipeline's).
     */
    public record Step(double padFraction, boolean replicateEdges, int inputSize) {
        public Step {
            if (!(padFraction >= 0 && padFraction <= 2)) {
                throw new IllegalArgumentException("retry padding must be 0..2 of the image side: " + padFraction);
            }
            if (inputSize < 0 || inputSize % 32 != 0) {
                throw new IllegalArgumentException("retry detector size must be 0 or a multiple of 32: " + inputSize);
            }
        }

        public Step(double padFraction, boolean replicateEdges) {
            this(padFraction, replicateEdges, 0);
        }
    }

    public static final DetectionRetry NONE = new DetectionRetry(List.of());

    /** Black borders of 25 % then 50 % (the cascade FaceGate started with). */
    public static final DetectionRetry ORIGINAL = new DetectionRetry(List.of(new Step(0.25, false),
            new Step(0.5, false)));

    /**
     * Black borders of 25 %, 50 % and 100 % at the pipeline's detector size, then the photo at 320 without and
     * with a 25 % border. The tiny detector misses faces that fill much of its input; each step shows it the
     * face smaller. On LFW this leaves 2 of 7,701 photos without a face, against 39 with {@link #ORIGINAL}
     * (docs/accuracy.md).
     */
    public static final DetectionRetry DEFAULT = new DetectionRetry(List.of(new Step(0.25, false),
            new Step(0.5, false), new Step(1.0, false), new Step(0, false, 320), new Step(0.25, false, 320)));

    public DetectionRetry {
        steps = List.copyOf(steps);
    }

    /** Whether no face of {@code faces} covers the centre of a {@code width} x {@code height} photo. */
    public static boolean subjectMissed(List<Detection> faces, int width, int height) {
        return faces.stream().noneMatch(d -> d.box().contains(width / 2.0, height / 2.0));
    }

    /**
     * The faces of {@code before} and of {@code found}, a face of {@code found} left out when it is one of
     * {@code before} seen again: either box holds the other's centre (a retry on a padded photo frames the same
     * face larger or smaller, IoU as low as 0.44 on the face-api sample3; two people's faces never hold each
     * other's centres).
     */
    public static List<Detection> merge(List<Detection> before, List<Detection> found) {
        List<Detection> all = new java.util.ArrayList<>(before);
        for (Detection d : found) {
            if (before.stream().noneMatch(b -> sameFace(b.box(), d.box()))) {
                all.add(d);
            }
        }
        return List.copyOf(all);
    }

    private static boolean sameFace(FaceBox a, FaceBox b) {
        return a.contains(b.centerX(), b.centerY()) || b.contains(a.centerX(), a.centerY());
    }

    /** The steps as {@code eval --retry} takes them, e.g. {@code zero:0.25,zero:0@320}; {@code none} for no retry. */
    @Override
    public String toString() {
        if (steps.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        for (Step st : steps) {
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(st.replicateEdges() ? "edge:" : "zero:").append(st.padFraction());
            if (st.inputSize() != 0) {
                s.append('@').append(st.inputSize());
            }
        }
        return s.toString();
    }
}
