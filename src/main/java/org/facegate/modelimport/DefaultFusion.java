package org.facegate.modelimport;

import java.util.List;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.FusionDescriptor.Member;
import org.facegate.inference.ModelDescriptor.Threshold;

/**
 * FaceGate's default recognition: the dlib ResNet of face-api and the faceplugin ArcFace-style net, each on its
 * own aligned chip of the same face, fused as {@link FusionDescriptor} says. Weights, impostor statistics and
 * threshold are the fit on all 6,000 LFW pairs recorded in README "Accuracy" (cross-validated there).
 */
final class DefaultFusion {

    static final String FILE = "facegate-fusion.model.json";
    static final String ID = "facegate-fusion-dlib128-arcface512@1";

    private DefaultFusion() {
    }

    static FusionDescriptor build() {
        return new FusionDescriptor(ID, List.of(
                new Member(ModelImporter.RECOGNITION_DESCRIPTOR_FILE, FaceApiDescriptor.build(), 0.5, 0.85, 0.1),
                new Member(FacepluginImport.DESCRIPTOR_FILE, FacepluginDescriptor.build(), 0.5, 0.95, 0.1)),
                new Threshold(-3.0, null, List.of()));
    }
}
