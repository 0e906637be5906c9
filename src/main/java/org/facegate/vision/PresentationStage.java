package org.facegate.vision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facegate.inference.OnnxRuntime;
import org.facegate.pad.PadFace;
import org.facegate.pad.PadScore;
import org.facegate.pad.PadSettings;
import org.facegate.pad.PresentationAttackDetector;

/**
 * The face pipeline's presentation-attack stage: hands the live faces the finder chose to the PAD model
 * ({@link PresentationAttackDetector}, package {@code org.facegate.pad}), all of a batch in one network run.
 */
final class PresentationStage implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PresentationStage.class);

    private final PresentationAttackDetector detector;

    private PresentationStage(PresentationAttackDetector detector) {
        this.detector = detector;
    }

    /** The stage the settings ask for, or null when PAD is off. */
    static PresentationStage open(OnnxRuntime runtime, Path modelsDir, PadSettings settings) {
        if (!settings.enabled()) {
            return null;
        }
        PresentationAttackDetector d = PresentationAttackDetector.open(runtime, settings.descriptorIn(modelsDir),
                settings.threshold());
        LOG.info("presentation-attack detection on live images: {} (bona fide at score >= {})", d.modelId(),
                d.descriptor().threshold());
        return new PresentationStage(d);
    }

    PresentationAttackDetector detector() {
        return detector;
    }

    /** The PAD score of each chosen face, in order. */
    List<PadScore> score(List<RgbImage> images, List<Detection> faces) {
        List<PadFace> in = new ArrayList<>(faces.size());
        for (int k = 0; k < faces.size(); k++) {
            RgbImage img = images.get(k);
            FaceBox b = faces.get(k).box();
            in.add(new PadFace(img.width(), img.height(), img.rgb(), b.x(), b.y(), b.width(), b.height()));
        }
        return detector.score(in);
    }

    @Override
    public void close() {
        detector.close();
    }
}
