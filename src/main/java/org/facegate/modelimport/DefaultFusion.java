package org.facegate.modelimport;

import java.util.List;
import org.facegate.inference.CohortNormalisation;
import org.facegate.inference.FusionDescriptor;
import org.facegate.inference.FusionDescriptor.Member;
import org.facegate.inference.ModelDescriptor.Calibration;
import org.facegate.inference.ModelDescriptor.FarPoint;
import org.facegate.inference.ModelDescriptor.Threshold;
import org.facegate.inference.ModelsFolder;

/**
 * The fusion of the dlib ResNet of face-api and the faceplugin ArcFace-style net, each on its own aligned chip
 * of the same face ({@link FusionDescriptor}). Weights, impostor statistics and threshold are the fit on all
 * 6,000 LFW pairs that `eval lfw --model facegate-fusion.model.json --write-descriptor` wrote (docs/accuracy.md;
 * cross-validated there: every fold scored by a fit on the other nine). With a cohort configured, {@link #COHORT_RULE}
 * decides instead.
 */
final class DefaultFusion {

    static final String FILE = ModelsFolder.DEFAULT_DESCRIPTOR_FILE;
    static final String ID = "facegate-fusion-dlib128-arcface512@1";
    /** The model id of verdicts decided against a cohort; templates keep {@link #ID} (same embeddings). */
    static final String COHORT_RULE_ID = "facegate-fusion-dlib128-arcface512-asnorm@1";

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

    /**
     * The rule of a service with a cohort ({@code facegate.cohort.file}): AS-norm of the ResNet's distance over the
     * 200 nearest cohort faces of each side, then the members z-scored and weighted with their own fit; threshold at
     * FAR 0.1 %. Fitted by `eval lfw --cohort folds --cohort-k 200 --cohort-members 1 --write-descriptor` on all 6,000
     * LFW pairs, each fold's pairs normalised against the photos of the other nine folds (docs/accuracy.md, "Cohort
     * normalisation"; cross-validated there). Normalising the ArcFace too measured no better (docs/accuracy.md).
     */
    static final CohortNormalisation COHORT_RULE = new CohortNormalisation(COHORT_RULE_ID, 200,
            List.of("face-api-resnet128-sim5-flip@1.7.15"),
            List.of(new CohortNormalisation.MemberFit("face-api-resnet128-sim5-flip@1.7.15", 0.76, 7.2150551108417, 2.9147774908960233),
                    new CohortNormalisation.MemberFit("faceplugin-arcface512-sim5@0.0.1", 0.24, 0.9921590541584198, 0.09692124059744706)),
            "LFW View 2 (6000 pairs): AS-norm, k = 200, members [face-api-resnet128-sim5-flip@1.7.15], cohort per fold: the photos of the other folds; at least 6885 faces per cohort",
            new Threshold(-3.0008356979888413, new Calibration(0.001, 0.001, 0.9853333333333334,
                    "LFW 6000 pairs (../shared/datasets/lfw), failures different: a pair with an image without a face is predicted 'different'",
                    "java -jar target/facegate.jar eval lfw --dataset ../shared/datasets/lfw --out /tmp/eval21/final"
                            + " --model target/models/facegate-fusion.model.json --cache --cohort folds --cohort-k 200"
                            + " --cohort-members 1 --gallery 40 --write-descriptor FILE",
                    "2026-12-04T23:17:36.667085182Z"),
            List.of(
                    new FarPoint(0.0005, -3.661049456290874),
                    new FarPoint(0.001, -3.0008356979888413),
                    new FarPoint(0.002, -2.9122018032423695),
                    new FarPoint(0.005, -2.512602212011557),
                    new FarPoint(0.01, -2.2467410533865313),
                    new FarPoint(0.02, -1.9807662275711655),
                    new FarPoint(0.05, -1.535736024614285),
                    new FarPoint(0.1, -1.1647178383721162))));

    private DefaultFusion() {
    }

    static FusionDescriptor build() {
        return new FusionDescriptor(ID, List.of(
                new Member(ModelsFolder.RECOGNITION_DESCRIPTOR_FILE, FaceApiDescriptor.build(), 0.64, 0.8117688939220034,
                        0.08710644055194926),
                new Member(FacepluginImport.DESCRIPTOR_FILE, FacepluginDescriptor.build(), 0.36, 0.9921590541584198,
                        0.09692124059744706)),
                THRESHOLD, COHORT_RULE);
    }
}
