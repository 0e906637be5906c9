package org.facegate.modelimport;

import java.util.List;
import java.util.Map;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.ModelDescriptor.Alignment;
import org.facegate.inference.ModelDescriptor.AlignmentMethod;
import org.facegate.inference.ModelDescriptor.Calibration;
import org.facegate.inference.ModelDescriptor.ChannelOrder;
import org.facegate.inference.ModelDescriptor.FarPoint;
import org.facegate.inference.ModelDescriptor.Input;
import org.facegate.inference.ModelDescriptor.Layout;
import org.facegate.inference.ModelDescriptor.Metric;
import org.facegate.inference.ModelDescriptor.Output;
import org.facegate.inference.ModelDescriptor.ReferencePoint;
import org.facegate.inference.ModelDescriptor.Threshold;

/**
 * The descriptor of the faceplugin recognition net: 112x112 RGB chips, channels first, {@code (v - 127) / 128}
 * (as the package's own {@code lib/fr_feature.js} feeds it), 512 outputs compared by cosine distance, and the
 * chip aligned onto the ArcFace five-point template by a least-squares similarity transform.
 */
final class FacepluginDescriptor {

    private FacepluginDescriptor() {
    }

    static final String ID = "faceplugin-arcface512-sim5@0.0.1";

    /** The ArcFace 112x112 template (eye centres, nose tip, mouth corners); left = image left. */
    static final Alignment ARCFACE_TEMPLATE = new Alignment(AlignmentMethod.SIMILARITY, Map.of(
            ReferencePoint.LEFT_EYE, new double[] {38.2946, 51.6963},
            ReferencePoint.RIGHT_EYE, new double[] {73.5318, 51.5014},
            ReferencePoint.NOSE, new double[] {56.0252, 71.7366},
            ReferencePoint.MOUTH_LEFT, new double[] {41.5493, 92.3655},
            ReferencePoint.MOUTH_RIGHT, new double[] {70.7299, 92.2041}));

    /**
     * Cosine distance at a false-match rate of 0.1 % on all 3,000 different-person LFW pairs with this alignment
     * and no flip averaging (flip averaging measured: 98.88 % against 98.93 % accuracy, TAR at FAR 0.1 % 97.73 %
     * against 97.60 %, for a second network run: off).
     */
    static final Threshold THRESHOLD = new Threshold(0.6729783582062093, new Calibration(0.001, 0.0013333333333333335, 0.975,
            "LFW View 2, all 6,000 pairs; the 4 pairs with one of the 3 images without a face predicted 'different'",
            "java -jar target/facegate.jar eval lfw --dataset ../shared/datasets/lfw --out /tmp/eval-fp"
                    + " --model target/models/faceplugin-arcface512.model.json", "2026-12-03T03:45:36.131812946Z"),
            List.of(new FarPoint(0.0005, 0.6486398634181862),
                    new FarPoint(0.001, 0.6729783582062093),
                    new FarPoint(0.002, 0.6867774937833679),
                    new FarPoint(0.005, 0.7323602849068198),
                    new FarPoint(0.01, 0.758454791901003),
                    new FarPoint(0.02, 0.7846326867608434),
                    new FarPoint(0.05, 0.8263335219807665),
                    new FarPoint(0.1, 0.8610751416204311)));

    static ModelDescriptor build() {
        float s = 1f / 128f;
        return new ModelDescriptor(ID, FacepluginImport.RECOGNITION_FILE,
                new Input("input", 112, 112, Layout.NCHW, ChannelOrder.RGB, new float[] {127f, 127f, 127f},
                        new float[] {s, s, s}),
                new Output("output", 512), Metric.COSINE, ARCFACE_TEMPLATE, false, THRESHOLD);
    }
}
