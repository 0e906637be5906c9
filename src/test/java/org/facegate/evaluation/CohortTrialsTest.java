package org.facegate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.facegate.inference.Embedding;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.RecognitionDescriptor;
import org.facegate.testsupport.TestModels;
import org.facegate.vision.FaceQuality;
import org.junit.jupiter.api.Test;

/**
 * How `eval lfw` builds its cohorts, on synthetic embeddings: per fold only the other folds' embedded photos (no tested
 * identity in its own cohort), or a deterministic population sample without the claimed identity; pairs with a failed
 * photo are not normalised.
 */
class CohortTrialsTest {

    private static final List<ModelDescriptor> MEMBERS = members();
    private final Map<String, ImageResult> images = new HashMap<>();
    private final List<LfwPairs.Pair> pairs = new ArrayList<>();

    private static List<ModelDescriptor> members() {
        try {
            return ((FusionDescriptor) RecognitionDescriptor.load(TestModels.modelsDir().resolve("facegate-fusion.model.json")))
                    .members();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 3 folds, each of 4 people of their own with 2 photos; one photo of fold 2 has no face. */
    private void threeFolds() {
        Random random = new Random(5);
        for (int fold = 1; fold <= 3; fold++) {
            for (int p = 0; p < 4; p++) {
                String name = "Person_" + fold + "_" + p;
                for (int i = 1; i <= 2; i++) {
                    String path = LfwPairs.imagePath(name, i);
                    float[] v = new float[640];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = (float) random.nextGaussian();
                    }
                    images.put(path, fold == 2 && p == 0 && i == 2 ? ImageResult.failed(path, "NO_FACE")
                            : new ImageResult(path, new Embedding(v), null, FaceQuality.NOT_MEASURED, null));
                }
                pairs.add(new LfwPairs.Pair(fold, true, LfwPairs.imagePath(name, 1), LfwPairs.imagePath(name, 2)));
                pairs.add(new LfwPairs.Pair(fold, false, LfwPairs.imagePath(name, 1),
                        LfwPairs.imagePath("Person_" + fold + "_" + ((p + 1) % 4), 2)));
            }
        }
    }

    @Test
    void eachFoldsCohortHoldsOnlyTheOtherFoldsEmbeddedPhotos() {
        threeFolds();
        CohortTrials.Normalised n = CohortTrials.build(pairs, images, MEMBERS, CohortTrials.Source.FOLDS, 5,
                new boolean[] {true, true}, 0);
        assertEquals(15, n.cohorts().get(1).get("faces"), "folds 2 and 3, without the photo that had no face");
        assertEquals(16, n.cohorts().get(2).get("faces"), "folds 1 and 3");
        assertEquals(15, n.cohorts().get(3).get("faces"), "folds 1 and 2, without the photo that had no face");
        for (int i = 0; i < pairs.size(); i++) {
            LfwPairs.Pair p = pairs.get(i);
            boolean failed = !images.get(p.first()).embedded() || !images.get(p.second()).embedded();
            if (failed) {
                assertNull(n.normalisedByPair().get(i), "a pair with a failed photo is not normalised");
            } else {
                assertNotNull(n.normalisedByPair().get(i));
            }
        }
        assertEquals(pairs.size(), n.withPolicy(pairs, FailurePolicy.DIFFERENT).trials().size());
        assertEquals(pairs.size() - 2, n.withPolicy(pairs, FailurePolicy.EXCLUDE).trials().size());
        assertThrows(IllegalArgumentException.class, () -> CohortTrials.build(
                pairs.stream().filter(p -> p.fold() == 1).toList(), images, MEMBERS, CohortTrials.Source.FOLDS, 5,
                new boolean[] {true, true}, 0), "one fold has no other folds to take a cohort from");
    }

    @Test
    void aSampleIsDeterministicAndThePopulationCohortIsAsLargeAsAsked() {
        threeFolds();
        List<String> photos = images.keySet().stream().sorted().toList();
        List<String> reversed = new ArrayList<>(photos);
        java.util.Collections.reverse(reversed);
        assertEquals(CohortTrials.sample(photos, 5), CohortTrials.sample(reversed, 5), "whatever the order given");
        assertEquals(5, CohortTrials.sample(photos, 5).size());
        assertEquals("Person_1_0", CohortTrials.person("Person_1_0/Person_1_0_0001.jpg"));
        CohortTrials.Normalised n = CohortTrials.build(pairs, images, MEMBERS, CohortTrials.Source.POPULATION, 3,
                new boolean[] {true, false}, 10);
        assertEquals(10, n.cohorts().get(0).get("faces"));
        double[] first = n.normalisedByPair().get(0);
        assertNotNull(first);
    }
}
