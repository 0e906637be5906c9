package org.facegate.vision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facegate.inference.InferenceException;
import org.facegate.inference.OnnxRuntime;
import org.facegate.pad.PadFace;
import org.facegate.pad.PadGroup;
import org.facegate.pad.PadGroups;
import org.facegate.pad.PadScore;
import org.facegate.pad.PadSettings;
import org.facegate.pad.PresentationAttackDetector;

/**
 * The face pipeline's presentation-attack stage: hands the live faces the finder chose to the PAD model
 * ({@link PresentationAttackDetector}, package {@code org.facegate.pad}) of their gate's group ({@link PadGroups}: by
 * gateId prefix, else the default descriptor), the faces of one group in one network run.
 */
final class PresentationStage implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PresentationStage.class);

    private final PadGroups groups;
    /** By group name, {@link PadGroups#DEFAULT} first. */
    private final Map<String, PresentationAttackDetector> detectors;

    private PresentationStage(PadGroups groups, Map<String, PresentationAttackDetector> detectors) {
        this.groups = groups;
        this.detectors = detectors;
    }

    /**
     * The stage the settings ask for, or null when PAD is off.
     * @throws InferenceException when a descriptor or its model cannot be opened (the message names the group)
     */
    static PresentationStage open(OnnxRuntime runtime, Path modelsDir, PadSettings settings) {
        if (!settings.enabled()) {
            return null;
        }
        Map<String, PresentationAttackDetector> detectors = new LinkedHashMap<>();
        PadGroups groups = settings.gateGroups();
        try {
            detectors.put(PadGroups.DEFAULT, PresentationAttackDetector.open(runtime, settings.descriptorIn(modelsDir),
                    settings.threshold()));
            for (PadGroup g : groups.groups()) {
                try {
                    detectors.put(g.name(), PresentationAttackDetector.open(runtime, g.descriptor()));
                } catch (InferenceException e) {
                    throw new InferenceException("PAD group " + g.name() + ": " + e.getMessage(), e);
                }
            }
        } catch (RuntimeException e) {
            detectors.values().forEach(PresentationAttackDetector::close);
            throw e;
        }
        PresentationAttackDetector fallback = detectors.get(PadGroups.DEFAULT);
        LOG.info("presentation-attack detection on live images{}: {} (bona fide at score >= {})",
                groups.groups().isEmpty() ? "" : " of gates in no group", fallback.modelId(), fallback.descriptor().threshold());
        for (PadGroup g : groups.groups()) {
            PresentationAttackDetector d = detectors.get(g.name());
            LOG.info("presentation-attack detection on live images of gate group {} (gateIds starting with {}): {}"
                    + " (bona fide at score >= {})", g.name(), g.gatePrefixes(), d.modelId(), d.descriptor().threshold());
        }
        return new PresentationStage(groups, detectors);
    }

    /** The default group's detector. */
    PresentationAttackDetector detector() {
        return detectors.get(PadGroups.DEFAULT);
    }

    /**
     * The PAD score of each chosen face, in order, each judged by the detector of its gate's group ({@code gateIds}
     * in the same order, entries may be null: the default group).
     */
    List<PadScore> score(List<RgbImage> images, List<Detection> faces, List<String> gateIds) {
        PadScore[] out = new PadScore[faces.size()];
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int k = 0; k < faces.size(); k++) {
            byGroup.computeIfAbsent(groups.groupOf(gateIds.get(k)), g -> new ArrayList<>()).add(k);
        }
        byGroup.forEach((group, members) -> {
            PresentationAttackDetector d = detectors.get(group);
            List<PadFace> in = new ArrayList<>(members.size());
            for (int k : members) {
                RgbImage img = images.get(k);
                FaceBox b = faces.get(k).box();
                in.add(new PadFace(img.width(), img.height(), img.rgb(), b.x(), b.y(), b.width(), b.height()));
            }
            double[] scores = d.rawScores(in);
            for (int m = 0; m < members.size(); m++) {
                out[members.get(m)] = new PadScore(scores[m], d.descriptor().threshold(), d.modelId(), group);
            }
        });
        return Arrays.asList(out);
    }

    @Override
    public void close() {
        detectors.values().forEach(PresentationAttackDetector::close);
    }
}
