package org.facegate.vision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Finds the one face that matters in each photo of a batch: the tiny detector at the photo's own size, the retry
 * cascade of {@link DetectionRetry} for photos whose subject it missed, then the size rule and the
 * {@link FaceSelector}. Runs the detector once per input size per step, for the whole batch. Thread-safe.
 */
public final class FaceFinder {

    /** Smallest first-pass detector input: tiny photos are enlarged to this much at most. */
    static final int MIN_DETECTOR_SIZE = 128;

    /** The face chosen in a photo, or why there is none. */
    public sealed interface Found permits Chosen, Missing {
    }

    /** The selected face. */
    public record Chosen(Detection detection) implements Found {
    }

    /** No usable face: NO_FACE, MULTIPLE_FACES or FACE_TOO_SMALL, with a detail free of biometric data. */
    public record Missing(FaceProblem problem, String detail) implements Found {
    }

    private final TinyFaceDetector detector;
    private final PipelineSettings settings;
    private final FaceSelector selector;

    public FaceFinder(TinyFaceDetector detector, PipelineSettings settings) {
        this.detector = detector;
        this.settings = settings;
        this.selector = new FaceSelector(settings.selection(), settings.dominance());
    }

    /** The face chosen in each photo, in input order. */
    public List<Found> find(List<RgbImage> images) {
        List<List<Detection>> found = detectAll(images);
        List<Found> out = new ArrayList<>(images.size());
        for (int k = 0; k < images.size(); k++) {
            out.add(choose(found.get(k), images.get(k)));
        }
        return out;
    }

    private Found choose(List<Detection> faces, RgbImage img) {
        if (faces.isEmpty()) {
            return new Missing(FaceProblem.NO_FACE, "no face found in " + img);
        }
        // Faces under the minimum size take no part in the selection (a distant bystander, a false detection); when
        // no face is large enough the largest one decides the outcome (FACE_TOO_SMALL).
        List<Detection> large = faces.stream().filter(this::isLargeEnough).toList();
        Optional<Detection> pick = large.isEmpty()
                ? faces.stream().max(Comparator.comparingDouble(d -> d.box().area()))
                : selector.select(large, img.width(), img.height());
        if (pick.isEmpty()) {
            return new Missing(FaceProblem.MULTIPLE_FACES, large.size() + " faces and none dominates");
        }
        FaceBox box = pick.get().box();
        if (Math.min(box.width(), box.height()) < settings.minFaceSize()) {
            return new Missing(FaceProblem.FACE_TOO_SMALL, String.format(
                    "face is %.0fx%.0f px, minimum %d", box.width(), box.height(), settings.minFaceSize()));
        }
        return new Chosen(pick.get());
    }

    /**
     * Every face in each photo, no selection: one batched detection per input size; photos without a face over
     * their centre go through the retry steps of the settings ({@link DetectionRetry}). A photo smaller than the
     * detector's input is detected at its own size rounded up to a multiple of 32, never enlarged: on LFW (250x250)
     * that is both faster and more accurate.
     */
    public List<List<Detection>> detectAll(List<RgbImage> images) {
        return detectAll(images, (size, count) -> { });
    }

    /**
     * How many photos the detector sees at each input size when these photos go through the pipeline: the first
     * pass at each photo's own size and every retry step taken. For the benchmark, which counts the floating-point
     * work of a photo as the pipeline actually does it.
     */
    public SortedMap<Integer, Integer> detectorRunsBySize(List<RgbImage> images) {
        SortedMap<Integer, Integer> runs = new TreeMap<>();
        detectAll(images, (size, count) -> runs.merge(size, count, Integer::sum));
        return runs;
    }

    private List<List<Detection>> detectAll(List<RgbImage> images, BiConsumer<Integer, Integer> runsAtSize) {
        List<List<Detection>> found = new ArrayList<>(Collections.nCopies(images.size(), List.of()));
        Map<Integer, List<Integer>> bySize = new TreeMap<>();
        for (int k = 0; k < images.size(); k++) {
            bySize.computeIfAbsent(firstPassSize(images.get(k)), x -> new ArrayList<>()).add(k);
        }
        for (Map.Entry<Integer, List<Integer>> group : bySize.entrySet()) {
            List<Integer> idx = group.getValue();
            List<List<Detection>> got = detector.detect(idx.stream().map(images::get).toList(), group.getKey(),
                    settings.scoreThreshold());
            runsAtSize.accept(group.getKey(), idx.size());
            for (int m = 0; m < idx.size(); m++) {
                found.set(idx.get(m), got.get(m));
            }
        }
        for (DetectionRetry.Step step : settings.retry().steps()) {
            List<Integer> missing = new ArrayList<>();
            for (int k = 0; k < found.size(); k++) {
                RgbImage img = images.get(k);
                if (DetectionRetry.subjectMissed(found.get(k), img.width(), img.height())) {
                    missing.add(k);
                }
            }
            if (missing.isEmpty()) {
                break;
            }
            int size = step.inputSize() == 0 ? settings.detectorInputSize() : step.inputSize();
            runsAtSize.accept(size, missing.size());
            List<List<Detection>> retry = detector.detect(missing.stream().map(images::get).toList(), size,
                    settings.scoreThreshold(), step.padFraction(), step.replicateEdges());
            for (int m = 0; m < missing.size(); m++) {
                found.set(missing.get(m), DetectionRetry.merge(found.get(missing.get(m)), retry.get(m)));
            }
        }
        return found;
    }

    /** The detector input for a photo's first pass: its larger side rounded up to 32, at most the configured size. */
    int firstPassSize(RgbImage img) {
        int side = Math.max(img.width(), img.height());
        int native32 = Math.max(MIN_DETECTOR_SIZE, (side + 31) / 32 * 32);
        return Math.min(settings.detectorInputSize(), native32);
    }

    private boolean isLargeEnough(Detection d) {
        return Math.min(d.box().width(), d.box().height()) >= settings.minFaceSize();
    }
}
