package org.facegate.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.ModelsFolder;
import org.facegate.modelimport.FlopCounter;
import org.facegate.vision.DecodeResult;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FacePipeline;

/**
 * The networks' floating-point work per photo as the pipeline actually runs them on a photo set: the detector at
 * each photo's first-pass size and at every retry step taken, the landmark net and each recognition member (twice
 * with flip averaging) for every photo whose face reached the landmark stage. Counted with {@link FlopCounter} on
 * the loaded ONNX graphs; decoding, resampling and alignment are not counted (they are not network work).
 */
final class PipelineFlops {

    /** The landmark net's input side (FaceLandmarker crops the face to this square). */
    private static final int LANDMARKS_SIZE = 112;

    /**
     * The work of one photo set.
     *
     * @param gflopPerImage all network work divided by the photos
     * @param gflopPerImageByNetwork the same split by network ("detector", "landmarks", one entry per member)
     * @param gflopPerRun one run of each network at each input size used
     * @param detectorRunsBySize photos the detector saw at each input size (first passes and retries)
     * @param imagesReachingLandmarks photos whose face went on to landmarks and embedding
     */
    record Cost(double gflopPerImage, Map<String, Double> gflopPerImageByNetwork, Map<String, Double> gflopPerRun,
            SortedMap<Integer, Integer> detectorRunsBySize, int imagesReachingLandmarks) {

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gflopPerImage", gflopPerImage);
            m.put("gflopPerImageByNetwork", gflopPerImageByNetwork);
            m.put("gflopPerRun", gflopPerRun);
            m.put("detectorRunsBySize", detectorRunsBySize);
            m.put("imagesReachingLandmarks", imagesReachingLandmarks);
            return m;
        }
    }

    private final FacePipeline pipeline;
    private final Path modelsDir;

    PipelineFlops(FacePipeline pipeline, Path modelsDir) {
        this.pipeline = pipeline;
        this.modelsDir = modelsDir;
    }

    /**
     * The work of {@code photos}, given the pipeline's {@code analyses} of them (same order): an analysis with
     * landmark time is one whose face was landmarked and embedded, whether or not the quality gate kept it.
     */
    Cost of(List<byte[]> photos, List<FaceAnalysis> analyses) throws IOException {
        SortedMap<Integer, Integer> detectorRuns = new TreeMap<>();
        for (byte[] photo : photos) {
            // One photo at a time: the detection cascade is per photo, and the decoded set need not fit in memory.
            if (pipeline.decoder().decode(photo) instanceof DecodeResult.Decoded d) {
                pipeline.finder().detectorRunsBySize(List.of(d.image())).forEach((size, n) -> detectorRuns.merge(size, n, Integer::sum));
            }
        }
        int landmarked = (int) analyses.stream().filter(a -> a instanceof FaceAnalysis.Embedded
                || a.timings().landmarksMs() > 0).count();

        Map<String, Double> perRun = new LinkedHashMap<>();
        Map<String, Double> total = new LinkedHashMap<>();
        double detector = 0;
        for (Map.Entry<Integer, Integer> e : detectorRuns.entrySet()) {
            int size = e.getKey();
            double g = FlopCounter.count(modelsDir.resolve(ModelsFolder.DETECTOR_FILE), size, size) / 1e9;
            perRun.put("detector@" + size, g);
            detector += g * e.getValue();
        }
        total.put("detector", detector);
        double landmarks = FlopCounter.count(modelsDir.resolve(ModelsFolder.LANDMARKS_FILE), LANDMARKS_SIZE,
                LANDMARKS_SIZE) / 1e9;
        perRun.put("landmarks@" + LANDMARKS_SIZE, landmarks);
        total.put("landmarks", landmarks * landmarked);
        List<ModelDescriptor> members = pipeline.descriptor().members();
        for (ModelDescriptor m : members) {
            double g = FlopCounter.count(m.onnxPath(modelsDir), m.input().height(), m.input().width()) / 1e9;
            String name = (members.size() == 1 ? "embedder" : "embedder " + m.id());
            perRun.put(name + "@" + m.input().width(), g);
            int runsPerFace = m.flipAverage() ? 2 : 1;
            total.put(name + (runsPerFace == 2 ? " (chip and mirror)" : ""), g * runsPerFace * landmarked);
        }
        Map<String, Double> perImage = new LinkedHashMap<>();
        total.forEach((k, v) -> perImage.put(k, v / photos.size()));
        double sum = perImage.values().stream().mapToDouble(Double::doubleValue).sum();
        return new Cost(sum, perImage, perRun, detectorRuns, landmarked);
    }
}
