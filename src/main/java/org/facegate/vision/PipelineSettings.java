package org.facegate.vision;

import org.facegate.inference.InferenceSettings;

/**
 * Everything that shapes the face pipeline's behaviour, with documented defaults ({@link #DEFAULTS}).
 *
 * @param inference         ONNX Runtime provider and threads
 * @param limits            byte and pixel limits checked before decoding
 * @param detectorInputSize tiny detector input (multiple of 32), default 416
 * @param scoreThreshold    minimum detector confidence, default 0.5
 * @param minFaceSize       smallest accepted face box side in pixels, default 32 (FACE_TOO_SMALL below)
 * @param selection         which face counts when there are several, default DOMINANT
 * @param dominance         how many times larger the chosen face must be than the next, default 2.0
 * @param retryPadded       retry detection on a zero-padded photo when nothing is found, default on
 * @param threshold         Euclidean distance below which two faces are the same person
 */
public record PipelineSettings(
        InferenceSettings inference,
        DecodeLimits limits,
        int detectorInputSize,
        double scoreThreshold,
        int minFaceSize,
        FaceSelector.Rule selection,
        double dominance,
        boolean retryPadded,
        double threshold) {

    /** Default decision threshold of the face-api ResNet descriptor (face-api's own FaceMatcher default). */
    public static final double DEFAULT_THRESHOLD = 0.6;

    public static final PipelineSettings DEFAULTS = new PipelineSettings(InferenceSettings.DEFAULTS,
            DecodeLimits.DEFAULTS, 416, 0.5, 32, FaceSelector.Rule.DOMINANT, 2.0, true, DEFAULT_THRESHOLD);

    public PipelineSettings {
        if (detectorInputSize <= 0 || detectorInputSize % 32 != 0) {
            throw new IllegalArgumentException("detector input size must be a positive multiple of 32");
        }
        if (scoreThreshold <= 0 || scoreThreshold >= 1) {
            throw new IllegalArgumentException("score threshold must be in (0, 1)");
        }
        if (threshold <= 0) {
            throw new IllegalArgumentException("decision threshold must be positive");
        }
    }

    public PipelineSettings withInference(InferenceSettings i) {
        return new PipelineSettings(i, limits, detectorInputSize, scoreThreshold, minFaceSize, selection, dominance,
                retryPadded, threshold);
    }

    public PipelineSettings withSelection(FaceSelector.Rule rule) {
        return new PipelineSettings(inference, limits, detectorInputSize, scoreThreshold, minFaceSize, rule,
                dominance, retryPadded, threshold);
    }

    public PipelineSettings withThreshold(double t) {
        return new PipelineSettings(inference, limits, detectorInputSize, scoreThreshold, minFaceSize, selection,
                dominance, retryPadded, t);
    }

    public PipelineSettings withRetryPadded(boolean retry) {
        return new PipelineSettings(inference, limits, detectorInputSize, scoreThreshold, minFaceSize, selection,
                dominance, retry, threshold);
    }
}
