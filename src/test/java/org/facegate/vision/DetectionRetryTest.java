package org.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facegate.testsupport.SharedDatasets;
import org.facegate.testsupport.TestModels;
import org.junit.jupiter.api.Test;

class DetectionRetryTest {

    private static Detection face(double x, double y, double side) {
        return new Detection(new FaceBox(x, y, side, side), 0.9);
    }

    @Test
    void aPhotoIsWithoutASubjectWhenNoFaceCoversItsCentre() {
        assertTrue(DetectionRetry.subjectMissed(List.of(), 250, 250));
        assertTrue(DetectionRetry.subjectMissed(List.of(face(131, 106, 125)), 250, 250), "a bystander at the right");
        assertFalse(DetectionRetry.subjectMissed(List.of(face(131, 106, 125), face(51, 82, 135)), 250, 250));
        assertFalse(DetectionRetry.subjectMissed(List.of(face(125, 125, 10)), 250, 250), "edge on the centre");
    }

    @Test
    void facesFoundAgainAreNotAddedTwiceAndNothingFoundBeforeIsLost() {
        Detection bystander = face(131, 106, 125);
        Detection bystanderAgain = face(134, 104, 122);
        Detection subject = face(51, 82, 135);
        List<Detection> merged = DetectionRetry.merge(List.of(bystander), List.of(bystanderAgain, subject));
        assertEquals(List.of(bystander, subject), merged);
        assertEquals(List.of(subject), DetectionRetry.merge(List.of(), List.of(subject)));
        // face-api's sample3: a padded retry framed a face 30 % larger and higher (IoU 0.44): still the same face
        Detection framed = new Detection(new FaceBox(525, 370, 313, 271), 0.78);
        Detection reframed = new Detection(new FaceBox(574, 281, 392, 345), 0.54);
        assertEquals(List.of(framed), DetectionRetry.merge(List.of(framed), List.of(reframed)));
    }

    /**
     * LFW's Hugh_Grant_0008: at its own size the tiny detector finds only the bystander beside the subject (the
     * worst genuine pair of the default model in the failure gallery); the cascade adds the subject. None of the
     * face-api sample photos shows such a miss, so this needs LFW (skipped where absent, failed under CI).
     */
    @Test
    void theCascadeFindsTheSubjectBesideALoneBystander() throws Exception {
        Path photo = SharedDatasets.lfwImage("Hugh_Grant", 8);
        FacePipeline pipeline = TestModels.pipeline();
        RgbImage img = ((DecodeResult.Decoded) pipeline.decoder().decode(Files.readAllBytes(photo))).image();
        List<Detection> firstPass = pipeline.detector().detect(List.of(img), pipeline.firstPassSize(img),
                pipeline.settings().scoreThreshold()).get(0);
        assertEquals(1, firstPass.size(), "first pass: the bystander only");
        assertTrue(DetectionRetry.subjectMissed(firstPass, img.width(), img.height()));

        List<FacePipeline.FoundFace> found = pipeline.findAllFaces(img);
        assertEquals(2, found.size(), "bystander and subject");
        assertFalse(DetectionRetry.subjectMissed(found.stream().map(FacePipeline.FoundFace::detection).toList(),
                img.width(), img.height()));
    }
}
