package org.facegate.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.facegate.inference.Embedding;
import org.facegate.vision.FaceAnalyser;
import org.facegate.vision.FaceAnalysis;
import org.facegate.vision.FaceBox;
import org.facegate.vision.FaceProblem;
import org.facegate.vision.ImageRole;
import org.facegate.vision.StageTimings;

/**
 * TEMPORARY test double until the real FacePipeline is on main: "photos" are texts such as {@code face:alice:2}
 * (alice's face, variant 2), {@code problem:NO_FACE} or {@code boom} (the pipeline throws).
 */
final class ScriptedAnalyser implements FaceAnalyser {

    final AtomicInteger calls = new AtomicInteger();

    static byte[] face(String person, int variant) {
        return ("face:" + person + ":" + variant).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] problem(FaceProblem problem) {
        return ("problem:" + problem).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public FaceAnalysis analyse(byte[] image, ImageRole role) {
        calls.incrementAndGet();
        String text = new String(image, StandardCharsets.UTF_8);
        StageTimings t = new StageTimings(1, 2, 3, 4, 5);
        if (text.equals("boom")) {
            throw new IllegalStateException("simulated runtime failure");
        }
        String[] parts = text.split(":");
        if (parts[0].equals("problem")) {
            return new FaceAnalysis.Rejected(FaceProblem.valueOf(parts[1]), "scripted " + parts[1], new StageTimings(1, 2, 0, 0, 0));
        }
        if (!parts[0].equals("face")) {
            return new FaceAnalysis.Rejected(FaceProblem.UNREADABLE_IMAGE, "not an image", new StageTimings(1, 0, 0, 0, 0));
        }
        Random identity = new Random(parts[1].hashCode());
        Random variant = new Random(parts[1].hashCode() * 31L + Integer.parseInt(parts[2]));
        float[] v = new float[128];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (identity.nextGaussian() * 0.1 + variant.nextGaussian() * 0.01);
        }
        return new FaceAnalysis.Embedded(new Embedding(v), new FaceBox(0, 0, 100, 100), 0.9, t);
    }

    @Override
    public List<FaceAnalysis> analyseAll(List<byte[]> images, ImageRole role) {
        return images.stream().map(i -> analyse(i, role)).toList();
    }

    @Override
    public String modelId() {
        return "scripted@1";
    }

    @Override
    public double distance(Embedding a, Embedding b) {
        return a.euclideanDistance(b);
    }

    @Override
    public double threshold() {
        return 0.6;
    }
}
