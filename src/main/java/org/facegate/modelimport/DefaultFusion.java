package org.facegate.modelimport;

import java.util.List;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.FusionDescriptor.Member;
import org.facegate.inference.ModelDescriptor.Calibration;
import org.facegate.inference.ModelDescriptor.FarPoint;
import org.facegate.inference.ModelDescriptor.Threshold;

/**
 * The fusion of the dlib ResNet of face-api and the faceplugin ArcFace-style net, each on its own aligned chip
 * of the same face ({@link FusionDescriptor}). Weights, impostor statistics and threshold are the fit on all
 * 6,000 LFW pairs that `eval lfw --model facegate-fusion.model.json --write-descriptor` wrote (docs/accuracy.md;
 * cross-validated there: every fold scored by a fit on the other nine).
 */
final class DefaultFusion {

    static final String FILE = ModelImporter.DEFAULT_DESCRIPTOR_FILE;
    static final String ID = "facegate-fusion-dlib128-arcface512@1";

    static final Threshold THRESHOLD = new Threshold(-2.8668646719313493, new Calibration(0.001, 0.001666666666666667, 0.9803333333333333,
            "LFW View 2, all 6,000 pairs; the 4 pairs with one of the 3 images without a face predicted 'different'",
            "java -jar target/facegate.jar eval lfw --dataset ../shared/datasets/lfw --out /tmp/eval-fusion"
                    + " --model target/models/facegate-fusion.model.json --write-descriptor FILE",
            "2026-12-03T07:00:24.599376600Z"),
            List.of(
                    new FarPoint(0.0005, -3.3574598178974044),
                    new FarPoint(0.001, -2.8668646719313493),
                    new FarPoint(0.002, -2.7716329074641357),
                    new FarPoint(0.005, -2.3443411524569755),
                    new FarPoint(0.01, -2.008724970786105),
                    new FarPoint(0.02, -1.8114148304555726),
                    new FarPoint(0.05, -1.4258960088342436),
                    new FarPoint(0.1, -1.083480250321131)));

    private DefaultFusion() {
    }

    static FusionDescriptor build() {
        return new FusionDescriptor(ID, List.of(
                new Member(ModelImporter.RECOGNITION_DESCRIPTOR_FILE, FaceApiDescriptor.build(), 0.64, 0.8117688939220034,
                        0.08710644055194926),
                new Member(FacepluginImport.DESCRIPTOR_FILE, FacepluginDescriptor.build(), 0.36, 0.9921590541584198,
                        0.09692124059744706)),
                THRESHOLD);
    }
}
