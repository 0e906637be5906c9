package org.facegate.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facegate.padtraining.PadPhotos;
import org.junit.jupiter.api.Test;

/** The ISO/IEC 30107-3 rates on made-up scores: failures to acquire (NaN scores) apart from APCER and BPCER. */
class PadEvaluationTest {

    private static PadEvaluation.Scored scored(boolean attack, double score) {
        return new PadEvaluation.Scored(new PadPhotos.Photo(Path.of("p.jpg"), "s", attack), score);
    }

    @Test
    void aBonaFidePhotoWithoutAFaceIsAFailureToAcquireNotARejection() {
        List<PadEvaluation.Scored> faces = new ArrayList<>(List.of(scored(false, 0.9), scored(false, 0.2),
                scored(false, 0.8), scored(false, 0.7), scored(true, 0.1), scored(true, 0.6)));
        PadEvaluation.Rates before = PadEvaluation.rates(faces, 0.5);
        assertEquals(0.25, before.bpcer());
        assertEquals(0.5, before.apcer());
        faces.add(scored(false, Double.NaN));
        faces.add(scored(true, Double.NaN));
        PadEvaluation.Rates after = PadEvaluation.rates(faces, 0.5);
        assertEquals(0.25, after.bpcer(), "BPCER over the 4 bona fide faces, not 2 of 5 photos");
        assertEquals(0.5, after.apcer(), "APCER over the 2 attack faces, not 1 of 3 photos");
        assertEquals(5, after.bonaFide());
        assertEquals(1, after.bonaFideNoFace());
        assertEquals(0.2, after.bonaFideFta(), 1e-12);
        assertEquals(1.0 / 3, after.attacksFta(), 1e-12);
        assertEquals(4, after.bonaFideWithFace());
        assertEquals(2, after.attacksWithFace());
    }

    @Test
    void withoutAFaceInAClassItsRateIsNaN() {
        PadEvaluation.Rates r = PadEvaluation.rates(List.of(scored(false, Double.NaN), scored(true, 0.3)), 0.5);
        assertTrue(Double.isNaN(r.bpcer()));
        assertEquals(0.0, r.apcer());
        assertEquals(1.0, r.bonaFideFta());
        assertTrue(Double.isNaN(PadEvaluation.bpcerAtApcer(List.of(scored(false, Double.NaN), scored(true, 0.3)), 0.1)),
                "no bona fide face: nothing to trade");
    }

    @Test
    void bpcerAtApcerCountsOnlyAttacksWithAFace() {
        // attacks with a face: 0.1, 0.6; APCER 0 needs a threshold above 0.6, which rejects the 0.5 bona fide face
        List<PadEvaluation.Scored> s = List.of(scored(false, 0.9), scored(false, 0.5), scored(false, Double.NaN),
                scored(true, 0.1), scored(true, 0.6), scored(true, Double.NaN));
        assertEquals(0.5, PadEvaluation.bpcerAtApcer(s, 0.0));
        assertEquals(0.0, PadEvaluation.bpcerAtApcer(s, 0.5), "one of two faced attacks may pass");
    }
}
