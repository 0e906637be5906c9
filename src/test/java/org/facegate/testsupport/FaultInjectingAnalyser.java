package org.facegate.testsupport;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.facegate.inference.Embedding;
import org.facegate.inference.TemplateComparison;
import org.facegate.vision.FaceAnalyser;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceProblem;
import org.facegate.vision.ImageRole;
import org.facegate.vision.StageTimings;

/**
 * The real pipeline, counting its calls, plus two marker photos for outcomes the pipeline cannot be made to
 * produce on demand: {@link #LOW_QUALITY_PHOTO} (no quality gate exists yet) and {@link #FAILING_PHOTO} (the
 * pipeline throws, as on an ONNX Runtime failure). Every other photo goes to the real pipeline unchanged.
 */
public final class FaultInjectingAnalyser implements FaceAnalyser {

    public static final byte[] LOW_QUALITY_PHOTO = "test marker: low quality".getBytes();
    public static final byte[] FAILING_PHOTO = "test marker: pipeline failure".getBytes();

    private final FaceAnalyser real;
    private final AtomicInteger calls = new AtomicInteger();

    public FaultInjectingAnalyser(FaceAnalyser real) {
        this.real = real;
    }

    /** Photos analysed so far. */
    public int calls() {
        return calls.get();
    }

    @Override
    public FaceAnalysis analyse(byte[] image, ImageRole role) {
        return analyseAll(List.of(image), role).get(0);
    }

    @Override
    public List<FaceAnalysis> analyseAll(List<byte[]> images, ImageRole role) {
        calls.addAndGet(images.size());
        for (byte[] image : images) {
            if (Arrays.equals(image, FAILING_PHOTO)) {
                throw new IllegalStateException("injected pipeline failure");
            }
        }
        if (images.stream().anyMatch(i -> Arrays.equals(i, LOW_QUALITY_PHOTO))) {
            return images.stream().map(i -> Arrays.equals(i, LOW_QUALITY_PHOTO)
                    ? new FaceAnalysis.Rejected(FaceProblem.LOW_QUALITY, "injected: too blurred", new StageTimings(1, 1, 1, 0, 0))
                    : real.analyse(i, role)).toList();
        }
        return real.analyseAll(images, role);
    }

    /** Photos with their gates: the marker photos as above, the rest to the real pipeline with their gates. */
    @Override
    public List<FaceAnalysis> analyseAll(List<byte[]> images, ImageRole role, List<String> gateIds) {
        boolean marked = images.stream().anyMatch(i -> Arrays.equals(i, FAILING_PHOTO) || Arrays.equals(i, LOW_QUALITY_PHOTO));
        if (marked || gateIds == null) {
            return analyseAll(images, role);
        }
        calls.addAndGet(images.size());
        return real.analyseAll(images, role, gateIds);
    }

    @Override
    public String modelId() {
        return real.modelId();
    }

    @Override
    public double distance(Embedding a, Embedding b) {
        return real.distance(a, b);
    }

    @Override
    public double threshold() {
        return real.threshold();
    }

    @Override
    public List<String> memberModelIds() {
        return real.memberModelIds();
    }

    @Override
    public double[] memberDistances(Embedding a, Embedding b) {
        return real.memberDistances(a, b);
    }

    @Override
    public Optional<TemplateComparison> comparisonFor(String templateModelId) {
        return real.comparisonFor(templateModelId);
    }
}
