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
import org.facegate.inference.ModelsFolder;

/**
 * The descriptor {@link ModelImporter} writes beside {@code face_recognition.onnx}: face-api's preprocessing
 * (RGB, NCHW, 150x150, {@code (x - mean) / 255}), Euclidean distance, and the alignment (five-point similarity),
 * flip averaging and decision threshold chosen by the LFW evaluation recorded in docs/accuracy.md.
 */
final class FaceApiDescriptor {

    private FaceApiDescriptor() {
    }

    static final float[] MEAN = {122.782f, 117.001f, 104.298f};

    /**
     * The id names the embedding space, which the alignment and flip averaging shape: templates enrolled under
     * another id are not compared (NOT_ENROLLED until re-enrolment).
     */
    static final String ID = "face-api-resnet128-sim5-flip@1.7.15";

    /**
     * Similarity template for the 150x150 chip: where the eye centres and the mouth centre sit, on average, in
     * face-api's square crop (means over the 7,662 LFW faces of `eval lfw`'s {@code referencePointsInSquareCrop},
     * made left-right symmetric about the eyes' midpoint). The chip then has the square crop's scale and
     * position, but upright and fitted by least squares.
     */
    static final Alignment SIMILARITY = new Alignment(AlignmentMethod.SIMILARITY, Map.of(
            ReferencePoint.LEFT_EYE, new double[] {47.74, 44.58}, ReferencePoint.RIGHT_EYE, new double[] {102.53, 44.58},
            ReferencePoint.MOUTH, new double[] {75.13, 106.35}));

    /** The same, with five points: eye centres, nose tip and mouth corners (the other candidate measured). */
    static final Alignment SIMILARITY_FIVE_POINTS = new Alignment(AlignmentMethod.SIMILARITY, Map.of(
            ReferencePoint.LEFT_EYE, new double[] {47.74, 44.58}, ReferencePoint.RIGHT_EYE, new double[] {102.53, 44.58},
            ReferencePoint.NOSE, new double[] {75.13, 77.51}, ReferencePoint.MOUTH_LEFT, new double[] {51.21, 105.04},
            ReferencePoint.MOUTH_RIGHT, new double[] {99.06, 105.04}));

    /**
     * The decision threshold: the Euclidean distance at a false-match rate of 0.1 % on all 3,000 different-person
     * pairs of LFW with this descriptor's alignment and flip averaging; held out (threshold chosen on 9 folds,
     * applied to the 10th) it gave FAR 0.100 % and TAR 95.23 % on average.
     */
    static final Threshold THRESHOLD = new Threshold(0.5495617671621877, new Calibration(0.001, 0.001,
            0.9523333333333334, "LFW View 2, all 6,000 pairs (7,701 images; the 4 pairs with one of the 3 images"
                    + " without a face predicted 'different'); detection at the photo's own size",
            "java -jar target/facegate.jar eval lfw --dataset ../shared/datasets/lfw --out /tmp/eval-native --json",
            "2026-11-29T11:06:24Z"),
            List.of(new FarPoint(0.0005, 0.511231565031869), new FarPoint(0.001, 0.5495617671621877),
                    new FarPoint(0.002, 0.560349988470472), new FarPoint(0.005, 0.5895782648501007),
                    new FarPoint(0.01, 0.609003850052004), new FarPoint(0.02, 0.6326728351159621),
                    new FarPoint(0.05, 0.6716017583846923), new FarPoint(0.1, 0.7010223699650744)));

    /** face-api's own preprocessing with FaceGate's chosen alignment, flip averaging and threshold. */
    static ModelDescriptor build() {
        float s = 1f / 255f;
        return new ModelDescriptor(ID, ModelsFolder.RECOGNITION_FILE,
                new Input("chip", RecognitionNetGraph.INPUT_SIZE, RecognitionNetGraph.INPUT_SIZE, Layout.NCHW,
                        ChannelOrder.RGB, MEAN, new float[] {s, s, s}),
                new Output("embedding", RecognitionNetGraph.EMBEDDING_SIZE), Metric.EUCLIDEAN,
                SIMILARITY_FIVE_POINTS, true, THRESHOLD);
    }

    /** face-api exactly: its square crop, no flip averaging (for parity checks against the original package). */
    static ModelDescriptor faceApiParity() {
        return build().withAlignment(Alignment.FACE_API_SQUARE).withFlipAverage(false)
                .withId("face-api-resnet128-square@1.7.15");
    }
}
