package org.facegate.vision;

import org.facegate.inference.InferenceSettings;
import org.facegate.pad.PadSettings;

/**
 * Everything that shapes the face pipeline's behaviour, with documented defaults ({@link #DEFAULTS}). What
 * belongs to the recognition model (input format, alignment, metric, calibrated threshold) lives in its
 * {@link org.facegate.inference.ModelDescriptor} instead.
 *
 * @param inference         ONNX Runtime provider and threads
 * @param limits            byte and pixel limits checked before decoding
 * @param detectorInputSize tiny detector input (multiple of 32), default 416
 * @param scoreThreshold    minimum detector confidence, default 0.5
 * @param minFaceSize       smallest accepted face box side in pixels, default 32 (FACE_TOO_SMALL below)
 * @param selection         which face counts when there are several, default DOMINANT
 * @param dominance         how many times larger the chosen face must be than the next, default 2.0
 * @param retry             what to do when the detector finds nothing, default {@link DetectionRetry#DEFAULT}
 * @param threshold         the decision threshold, default the model descriptor's calibrated one
 * @param quality           the quality gate, default off ({@link QualityGate#OFF})
 * @param landmarkPasses    how often the 68-point net runs per face, 1 to 3, default 1: the first pass on the
 *                          detector's box, each further pass on a box made from the previous landmarks
 *                          ({@link FaceLandmarker#refinedBox}); on LFW a second pass is within noise
 *                          (docs/accuracy.md), on a poorly placed box it recovers the landmarks
 * @param presentation      presentation-attack detection on live photos, default on ({@link PadSettings#DEFAULTS})
 */
public record PipelineSettings(
        InferenceSettings inference,
        DecodeLimits limits,
        int detectorInputSize,
        double scoreThreshold,
        int minFaceSize,
        FaceSelector.Rule selection,
        double dominance,
        DetectionRetry retry,
        DecisionThreshold threshold,
        QualityGate quality,
        int landmarkPasses,
        PadSettings presentation) {

    public static final PipelineSettings DEFAULTS = new PipelineSettings(InferenceSettings.DEFAULTS,
            DecodeLimits.DEFAULTS, 416, 0.5, 32, FaceSelector.Rule.DOMINANT, 2.0, DetectionRetry.DEFAULT,
            DecisionThreshold.MODEL_DEFAULT, QualityGate.OFF, 1, PadSettings.DEFAULTS);

    public PipelineSettings {
        if (detectorInputSize <= 0 || detectorInputSize % 32 != 0) {
            throw new IllegalArgumentException("detector input size must be a positive multiple of 32");
        }
        if (scoreThreshold <= 0 || scoreThreshold >= 1) {
            throw new IllegalArgumentException("score threshold must be in (0, 1)");
        }
        if (retry == null || threshold == null || quality == null || selection == null || presentation == null) {
            throw new IllegalArgumentException("retry, threshold, quality, selection and presentation are required");
        }
        if (landmarkPasses < 1 || landmarkPasses > 3) {
            throw new IllegalArgumentException("landmark passes must be 1, 2 or 3: " + landmarkPasses);
        }
    }

    public PipelineSettings withInference(InferenceSettings i) {
        return new PipelineSettings(i, limits, detectorInputSize, scoreThreshold, minFaceSize, selection, dominance,
                retry, threshold, quality, landmarkPasses, presentation);
    }

    public PipelineSettings withSelection(FaceSelector.Rule rule) {
        return new PipelineSettings(inference, limits, detectorInputSize, scoreThreshold, minFaceSize, rule,
                dominance, retry, threshold, quality, landmarkPasses, presentation);
    }

    /** A fixed decision distance instead of the model's calibrated default. */
    public PipelineSettings withThreshold(double distance) {
        return withThreshold(new DecisionThreshold.Distance(distance));
    }

    public PipelineSettings withThreshold(DecisionThreshold t) {
        return new PipelineSettings(inference, limits, detectorInputSize, scoreThreshold, minFaceSize, selection,
                dominance, retry, t, quality, landmarkPasses, presentation);
    }

    /** The threshold the model's calibration table gives for this false-match rate. */
    public PipelineSettings withTargetFalseMatchRate(double rate) {
        return withThreshold(new DecisionThreshold.TargetFalseMatchRate(rate));
    }

    public PipelineSettings withRetry(DetectionRetry r) {
        return new PipelineSettings(inference, limits, detectorInputSize, scoreThreshold, minFaceSize, selection,
                dominance, r, threshold, quality, landmarkPasses, presentation);
    }

    /** The default retry cascade ({@code true}) or no retry ({@code false}). */
    public PipelineSettings withRetryPadded(boolean on) {
        return withRetry(on ? DetectionRetry.DEFAULT : DetectionRetry.NONE);
    }

    public PipelineSettings withDetectorInputSize(int size) {
        return new PipelineSettings(inference, limits, size, scoreThreshold, minFaceSize, selection, dominance, retry,
                threshold, quality, landmarkPasses, presentation);
    }

    public PipelineSettings withQuality(QualityGate q) {
        return new PipelineSettings(inference, limits, detectorInputSize, scoreThreshold, minFaceSize, selection,
                dominance, retry, threshold, q, landmarkPasses, presentation);
    }

    public PipelineSettings withLimits(DecodeLimits l) {
        return new PipelineSettings(inference, l, detectorInputSize, scoreThreshold, minFaceSize, selection,
                dominance, retry, threshold, quality, landmarkPasses, presentation);
    }

    public PipelineSettings withLandmarkPasses(int passes) {
        return new PipelineSettings(inference, limits, detectorInputSize, scoreThreshold, minFaceSize, selection,
                dominance, retry, threshold, quality, passes, presentation);
    }

    public PipelineSettings withPresentation(PadSettings p) {
        return new PipelineSettings(inference, limits, detectorInputSize, scoreThreshold, minFaceSize, selection,
                dominance, retry, threshold, quality, landmarkPasses, p);
    }
}
