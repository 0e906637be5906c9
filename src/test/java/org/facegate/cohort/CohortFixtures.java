package org.facegate.cohort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.facegate.inference.Embedding;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.testsupport.TestModels;

/** The default fusion's member descriptors and random (not face) embeddings of their shape, for cohort tests. */
final class CohortFixtures {

    private CohortFixtures() {
    }

    static FusionDescriptor fusion() {
        try {
            return (FusionDescriptor) RecognitionDescriptor.load(TestModels.modelsDir().resolve("facegate-fusion.model.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ResNet (Euclidean, 128-d) and the ArcFace (cosine, 512-d). */
    static List<ModelDescriptor> fusionMembers() {
        return fusion().members();
    }

    static Embedding randomFace(Random random) {
        float[] v = new float[640];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * (i < 128 ? 0.09 : 1));
        }
        return new Embedding(v);
    }

    static List<Embedding> randomFaces(Random random, int n) {
        List<Embedding> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(randomFace(random));
        }
        return out;
    }
}
