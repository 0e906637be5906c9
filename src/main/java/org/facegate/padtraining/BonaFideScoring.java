package org.facegate.padtraining;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.facegate.pad.PadFace;
import org.facegate.pad.PresentationAttackDetector;
import org.facegate.vision.DecodeResult;
import org.facegate.vision.FaceBox;
import org.facegate.vision.FaceFinder;
import org.facegate.vision.FacePipeline;
import org.facegate.vision.FaceProblem;
import org.facegate.vision.RgbImage;

/**
 * Scores a camera's genuine captures as the service scores a live image: each photo decoded by the pipeline's decoder
 * (limits, EXIF orientation), its face chosen by the pipeline's {@link FaceFinder} (retry cascade, size and dominance
 * rules), then the PAD model on the finder's box. A photo that yields no face is a failure to acquire, counted by
 * {@link FaceProblem} and never scored. Photos run in fixed chunks in list order on the calling thread, so the result
 * does not depend on timing. Biometric data: nothing is logged.
 */
public final class BonaFideScoring {

    private static final int CHUNK = 16;

    /** The bona fide scores of the faces found, in photo order; failures to acquire by problem; the data's hash. */
    public record Result(int photos, double[] scores, Map<FaceProblem, Integer> failuresToAcquire, String sha256) {

        public int faces() {
            return scores.length;
        }

        public int failures() {
            return photos - scores.length;
        }
    }

    private final FacePipeline pipeline;
    private final PresentationAttackDetector pad;

    /** @param pipeline the decoder and face finder; its own PAD stage, if any, is not used */
    public BonaFideScoring(FacePipeline pipeline, PresentationAttackDetector pad) {
        this.pipeline = pipeline;
        this.pad = pad;
    }

    /**
     * @throws IOException when a photo file cannot be read
     */
    public Result score(List<BonaFideCaptures.Capture> captures) throws IOException {
        BonaFideCaptures.Digest digest = new BonaFideCaptures.Digest();
        List<Double> scores = new ArrayList<>();
        Map<FaceProblem, Integer> failures = new EnumMap<>(FaceProblem.class);
        for (int start = 0; start < captures.size(); start += CHUNK) {
            List<RgbImage> images = new ArrayList<>();
            for (BonaFideCaptures.Capture c : captures.subList(start, Math.min(captures.size(), start + CHUNK))) {
                byte[] bytes = Files.readAllBytes(c.file());
                digest.add(c.relativePath(), bytes);
                DecodeResult r = pipeline.decoder().decode(bytes);
                if (r instanceof DecodeResult.Decoded d) {
                    images.add(d.image());
                } else {
                    failures.merge(((DecodeResult.Failed) r).problem(), 1, Integer::sum);
                }
            }
            List<PadFace> faces = new ArrayList<>();
            List<FaceFinder.Found> found = pipeline.finder().find(images);
            for (int k = 0; k < images.size(); k++) {
                if (found.get(k) instanceof FaceFinder.Chosen chosen) {
                    RgbImage img = images.get(k);
                    FaceBox b = chosen.detection().box();
                    faces.add(new PadFace(img.width(), img.height(), img.rgb(), b.x(), b.y(), b.width(), b.height()));
                } else {
                    failures.merge(((FaceFinder.Missing) found.get(k)).problem(), 1, Integer::sum);
                }
            }
            for (double s : pad.rawScores(faces)) {
                if (!(s >= 0 && s <= 1)) {
                    throw new IllegalStateException("PAD model " + pad.modelId() + " gave a score outside [0, 1]: " + s);
                }
                scores.add(s);
            }
        }
        return new Result(captures.size(), scores.stream().mapToDouble(Double::doubleValue).toArray(), failures,
                digest.hex());
    }
}
