package org.facegate.modelimport;

import java.util.List;
import java.util.Map;
import org.facegate.inference.ModelDescriptor;
import org.facegate.inference.ModelDescriptor.Alignment;
import org.facegate.inference.ModelDescriptor.AlignmentMethod;
import org.facegate.inference.ModelDescriptor.ChannelOrder;
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

    static final Threshold THRESHOLD = new Threshold(0.7, null, List.of());

    static ModelDescriptor build() {
        float s = 1f / 128f;
        return new ModelDescriptor(ID, FacepluginImport.RECOGNITION_FILE,
                new Input("input", 112, 112, Layout.NCHW, ChannelOrder.RGB, new float[] {127f, 127f, 127f},
                        new float[] {s, s, s}),
                new Output("output", 512), Metric.COSINE, ARCFACE_TEMPLATE, false, THRESHOLD);
    }
}
