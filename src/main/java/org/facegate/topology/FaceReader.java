package org.facegate.topology;

import java.util.ArrayList;
import java.util.List;
import org.facegate.events.EncodedImage;
import org.facegate.events.Reason;
import org.facegate.inference.Embedding;
import org.facegate.metrics.FaceGateMetrics;
import org.facegate.vision.FaceAnalyser;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.ImageRole;
import org.facegate.vision.StageTimings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the face from a photo in an event: checks the declared format and the size limit, runs the face pipeline,
 * records its stage timings, and turns every failure into a {@link Rejection}, so the processors never throw.
 */
final class FaceReader {

    private static final Logger LOG = LoggerFactory.getLogger(FaceReader.class);

    /** A face read from a photo, or why not. */
    sealed interface Result permits Face, Rejected {
        StageTimings timings();
    }

    /** A face and, for a live image, what presentation-attack detection made of it (null where it did not run). */
    record Face(Embedding embedding, StageTimings timings, org.facegate.pad.PadScore presentation) implements Result {

        Face(Embedding embedding, StageTimings timings) {
            this(embedding, timings, null);
        }
    }

    record Rejected(Rejection rejection) implements Result {
        @Override
        public StageTimings timings() {
            return rejection.timings();
        }
    }

    private final FaceAnalyser analyser;
    private final FaceGateMetrics metrics;
    private final int maxImageBytes;

    FaceReader(FaceAnalyser analyser, FaceGateMetrics metrics, int maxImageBytes) {
        this.analyser = analyser;
        this.metrics = metrics;
        this.maxImageBytes = maxImageBytes;
    }

    /** Format and size, checked before any decoding. Empty when the image may go to the pipeline. */
    java.util.Optional<Rejection> admit(EncodedImage image) {
        if (!image.hasSupportedFormat()) {
            return java.util.Optional.of(new Rejection(Reason.UNSUPPORTED_FORMAT,
                    "format '" + abbreviate(image.format()) + "' is not one of " + EncodedImage.SUPPORTED_FORMATS));
        }
        if (image.data().length > maxImageBytes) {
            return java.util.Optional.of(new Rejection(Reason.IMAGE_TOO_LARGE,
                    image.data().length + " bytes is over the limit of " + maxImageBytes));
        }
        return java.util.Optional.empty();
    }

    Result read(EncodedImage image, ImageRole role) {
        return readAll(List.of(image), role).get(0);
    }

    /** Reads several photos, batching the admitted ones through the pipeline; results in input order. */
    List<Result> readAll(List<EncodedImage> images, ImageRole role) {
        return readAll(images, role, null);
    }

    /**
     * As {@link #readAll(List, ImageRole)} for photos taken at the gates {@code gateIds} (same order; null: none), so
     * that each live face is judged by its gate group's PAD model.
     */
    List<Result> readAll(List<EncodedImage> images, ImageRole role, List<String> gateIds) {
        List<Result> results = new ArrayList<>(images.size());
        List<byte[]> admitted = new ArrayList<>();
        List<String> admittedGates = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            java.util.Optional<Rejection> rejection = admit(images.get(i));
            results.add(rejection.<Result>map(Rejected::new).orElse(null));
            if (rejection.isEmpty()) {
                admitted.add(images.get(i).data());
                admittedGates.add(gateIds == null ? null : gateIds.get(i));
            }
        }
        if (admitted.isEmpty()) {
            return results;
        }
        List<Result> analysed;
        try {
            analysed = analyser.analyseAll(admitted, role, admittedGates).stream().map(this::toResult).toList();
        } catch (RuntimeException e) {
            // One photo that breaks the pipeline must not spoil the others of its micro-batch: retry one at a time.
            LOG.warn("face pipeline failed on a batch of {} {} images ({}); retrying them one at a time", admitted.size(),
                    role, e.toString());
            analysed = new ArrayList<>();
            for (int i = 0; i < admitted.size(); i++) {
                analysed.add(admitted.size() == 1 ? failed(role, e) : readAlone(admitted.get(i), role, admittedGates.get(i)));
            }
        }
        int next = 0;
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) == null) {
                results.set(i, analysed.get(next++));
            }
        }
        return results;
    }

    private Result readAlone(byte[] image, ImageRole role, String gateId) {
        try {
            return toResult(analyser.analyseAll(List.of(image), role, java.util.Collections.singletonList(gateId)).get(0));
        } catch (RuntimeException e) {
            return failed(role, e);
        }
    }

    /** Not the photo's fault (the pipeline promises typed results for bad input): logged without data. */
    private static Result failed(ImageRole role, RuntimeException e) {
        LOG.warn("face pipeline failed on a {} image: {}", role, e.toString());
        return new Rejected(new Rejection(Reason.PROCESSING_ERROR, "the face pipeline failed: " + e.getClass().getSimpleName()));
    }

    private Result toResult(FaceAnalysis analysis) {
        metrics.stages(analysis.timings());
        if (analysis instanceof FaceAnalysis.Embedded e) {
            metrics.presentation(e.presentation());
            return new Face(e.embedding(), e.timings(), e.presentation());
        }
        FaceAnalysis.Rejected r = (FaceAnalysis.Rejected) analysis;
        metrics.presentation(r.presentation());
        return new Rejected(new Rejection(Reason.of(r.problem()), r.detail(), r.timings(), r.presentation()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }
}
