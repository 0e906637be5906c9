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
 * 6,000 LFW pairs that `eval lfw --model facegate-fusion.model.json --write-descriptor` wrote (README "Accuracy";
 * cross-validated there: every fold scored by a fit on the other nine).
 */
final class DefaultFusion {

    static final String FILE = "facegate-fusion.model.json";
    static final String ID = "facegate-fusion-dlib128-arcface512@1";

    static final Threshold THRESHOLD = new Threshold(-2.8623546503598325, new Calibration(0.001, 0.001666666666666667, 0.9756666666666666,
            "LFW View 2, all 6,000 pairs; the 4 pairs with one of the 3 images without a face predicted 'different'",
            "java -jar target/facegate.jar eval lfw --dataset ../shared/datasets/lfw --out /tmp/eval-fusion"
                    + " --model target/models/facegate-fusion.model.json --write-descriptor FILE",
            "2026-12-03T05:46:33.480970638Z"),
            List.of(new FarPoint(0.0005, -3.3518212021436917),
                    new FarPoint(0.001, -2.8623546503598325),
                    new FarPoint(0.002, -2.76724426063839),
                    new FarPoint(0.005, -2.3395728778653573),
                    new FarPoint(0.01, -2.005237700452851),
                    new FarPoint(0.02, -1.80756912680598),
                    new FarPoint(0.05, -1.4252541349437438),
                    new FarPoint(0.1, -1.0809556620987728)));

    private DefaultFusion() {
    }

    static FusionDescriptor build() {
        return new FusionDescriptor(ID, List.of(
                new Member(ModelImporter.RECOGNITION_DESCRIPTOR_FILE, FaceApiDescriptor.build(), 0.64, 0.8116827107514965, 0.08729160049938486),
                new Member(FacepluginImport.DESCRIPTOR_FILE, FacepluginDescriptor.build(), 0.36, 0.9919774661343936, 0.09689158298143816)),
                THRESHOLD);
    }
}
