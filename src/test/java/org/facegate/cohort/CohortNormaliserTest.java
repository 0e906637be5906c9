package org.facegate.cohort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.facegate.inference.Embedding;
import org.facegate.inference.ModelDescriptor;
import org.junit.jupiter.api.Test;

/** AS-norm's arithmetic on small synthetic embeddings of the fusion's two members (Euclidean 128-d, cosine 512-d). */
class CohortNormaliserTest {

    private static final List<ModelDescriptor> MEMBERS = CohortFixtures.fusionMembers();
    private static final Random RANDOM = new Random(21);

    @Test
    void theNearestStatisticsAreTheMeanAndSpreadOfTheKSmallestDistances() {
        double[] ms = CohortNormaliser.nearestStatistics(new double[] {5, 1, 3, 2, 4}, 3);
        assertEquals(2.0, ms[0], 1e-12);
        assertEquals(Math.sqrt(2.0 / 3), ms[1], 1e-12);
        double[] all = CohortNormaliser.nearestStatistics(new double[] {7, 7, 7}, 10);
        assertEquals(7.0, all[0], 1e-12, "k beyond the cohort: all of it");
        assertEquals(CohortNormaliser.MIN_STD, all[1], "no spread: the floor, never a division by zero");
    }

    @Test
    void theSelectionOfTheNearestGivesWhatAFullSortGives() {
        Random r = new Random(8);
        for (int trial = 0; trial < 20; trial++) {
            double[] d = new double[1 + r.nextInt(500)];
            for (int i = 0; i < d.length; i++) {
                d[i] = r.nextInt(4) == 0 ? 0.5 : r.nextDouble(); // ties too
            }
            int k = 1 + r.nextInt(250);
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            double[] nearest = Arrays.copyOf(sorted, Math.min(k, d.length));
            double sum = 0;
            for (double x : nearest) {
                sum += x;
            }
            double mean = sum / nearest.length;
            double sq = 0;
            for (double x : nearest) {
                sq += (x - mean) * (x - mean);
            }
            double[] ms = CohortNormaliser.nearestStatistics(d, k);
            assertEquals(mean, ms[0], 0.0, "bit-identical to summing the sorted k smallest");
            assertEquals(Math.max(CohortNormaliser.MIN_STD, Math.sqrt(sq / nearest.length)), ms[1], 0.0);
        }
    }

    @Test
    void aDistanceIsJudgedAgainstTheKNearestCohortFacesOfBothSides() {
        List<Embedding> faces = CohortFixtures.randomFaces(RANDOM, 40);
        Cohort cohort = Cohort.of(MEMBERS, faces);
        CohortNormaliser norm = new CohortNormaliser(cohort, 5, new boolean[] {true, true});
        Embedding a = CohortFixtures.randomFace(RANDOM);
        Embedding b = CohortFixtures.randomFace(RANDOM);
        double[] raw = {a.slice(0, 128).euclideanDistance(b.slice(0, 128)),
                a.slice(128, 512).cosineDistance(b.slice(128, 512))};
        double[] normalised = norm.normalise(raw, norm.scale(a), norm.scale(b));
        for (int m = 0; m < 2; m++) {
            double[] ma = bruteForce(a, faces, m, 5);
            double[] mb = bruteForce(b, faces, m, 5);
            double expected = ((raw[m] - ma[0]) / ma[1] + (raw[m] - mb[0]) / mb[1]) / 2;
            assertEquals(expected, normalised[m], 1e-6, "member " + m);
        }
    }

    @Test
    void aMemberNotNormalisedKeepsItsRawDistance() {
        Cohort cohort = Cohort.of(MEMBERS, CohortFixtures.randomFaces(RANDOM, 10));
        CohortNormaliser norm = new CohortNormaliser(cohort, 5, new boolean[] {true, false});
        Embedding a = CohortFixtures.randomFace(RANDOM);
        Embedding b = CohortFixtures.randomFace(RANDOM);
        double[] out = norm.normalise(new double[] {0.7, 0.4}, norm.scale(a), norm.scale(b));
        assertEquals(0.4, out[1]);
        assertTrue(out[0] != 0.7);
    }

    @Test
    void theSameFacesGetBitIdenticalScalesWhateverTheCohortsOrder() {
        List<Embedding> faces = CohortFixtures.randomFaces(RANDOM, 60);
        List<Embedding> shuffled = new ArrayList<>(faces);
        Collections.shuffle(shuffled, new Random(3));
        Embedding a = CohortFixtures.randomFace(RANDOM);
        CohortNormaliser.FaceScale one = new CohortNormaliser(Cohort.of(MEMBERS, faces), 7, new boolean[] {true, true}).scale(a);
        CohortNormaliser.FaceScale two = new CohortNormaliser(Cohort.of(MEMBERS, shuffled), 7, new boolean[] {true, true}).scale(a);
        assertArrayEquals(one.mean(), two.mean(), "bit-identical, not merely close");
        assertArrayEquals(one.std(), two.std());
    }

    @Test
    void facesLeftOutAreNeverAmongTheNeighbours() {
        Embedding a = CohortFixtures.randomFace(RANDOM);
        List<Embedding> faces = new ArrayList<>(CohortFixtures.randomFaces(RANDOM, 20));
        faces.add(a); // the face itself in the cohort: distance 0, its nearest neighbour
        CohortNormaliser norm = new CohortNormaliser(Cohort.of(MEMBERS, faces), 3, new boolean[] {true, true});
        boolean[] leftOut = new boolean[faces.size()];
        leftOut[faces.size() - 1] = true;
        double with = norm.scale(a).mean()[0];
        double without = norm.scale(a, leftOut).mean()[0];
        assertTrue(without > with, "leaving out a distance of 0 raises the mean of the nearest: " + with + " vs " + without);
        assertEquals(bruteForce(a, faces.subList(0, 20), 0, 3)[0], without, 1e-6);
    }

    @Test
    void aCohortOfAnotherEmbeddingSizeOrTooFewNeighboursIsRefused() {
        Cohort cohort = Cohort.of(MEMBERS, CohortFixtures.randomFaces(RANDOM, 4));
        assertThrows(IllegalArgumentException.class, () -> new CohortNormaliser(cohort, 1, new boolean[] {true, true}));
        assertThrows(IllegalArgumentException.class, () -> new CohortNormaliser(cohort, 5, new boolean[] {true}));
        CohortNormaliser norm = new CohortNormaliser(cohort, 5, new boolean[] {true, true});
        assertThrows(IllegalArgumentException.class, () -> norm.scale(new Embedding(new float[128])));
        assertEquals(4, norm.neighbours(), "k beyond the cohort's size: all of it");
    }

    /** Mean and population standard deviation of the k smallest member-m distances, computed the plain way. */
    private static double[] bruteForce(Embedding face, List<Embedding> cohort, int m, int k) {
        int offset = m == 0 ? 0 : 128;
        int dim = m == 0 ? 128 : 512;
        double[] d = cohort.stream().mapToDouble(c -> m == 0
                ? face.slice(offset, dim).euclideanDistance(c.slice(offset, dim))
                : face.slice(offset, dim).cosineDistance(c.slice(offset, dim))).sorted().toArray();
        double[] nearest = Arrays.copyOf(d, k);
        double mean = Arrays.stream(nearest).average().orElseThrow();
        double var = Arrays.stream(nearest).map(x -> (x - mean) * (x - mean)).sum() / k;
        return new double[] {mean, Math.sqrt(var)};
    }
}
