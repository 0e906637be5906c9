package org.facegate.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What FaceGate needs to know to run a face recognition ONNX model and decide with it: a small JSON file
 * ({@code *.model.json}, schema version 1, documented in docs/face-pipeline.md "Model descriptor"). Example:
 * <pre>{@code
 * {"schemaVersion": 1, "id": "face-api-resnet128-sim5-flip@1.7.15", "onnxFile": "face_recognition.onnx",
 *  "input": {"name": "chip", "width": 150, "height": 150, "layout": "NCHW", "channelOrder": "RGB",
 *            "mean": [122.782, 117.001, 104.298], "scale": [0.003921569, 0.003921569, 0.003921569]},
 *  "output": {"name": "embedding", "dimension": 128},
 *  "metric": "euclidean", "flipAverage": false,
 *  "alignment": {"method": "similarity", "template": {"leftEye": [..], "rightEye": [..], "mouth": [..]}},
 *  "threshold": {"distance": 0.55, "calibration": {...}, "byFalseMatchRate": [{"falseMatchRate": 0.001, "distance": ..}]}}
 * }</pre>
 * Pixel values are 0..255; the model sees {@code (value - mean[c]) * scale[c]} with {@code c} in the model's
 * channel order ({@code std} may be given instead of {@code scale}: {@code scale = 1 / std}).
 *
 * @param id          identifies the model in verdicts and templates, e.g. {@code face-api-resnet128-sim5-flip@1.7.15}
 * @param onnxFile    the ONNX file, relative to the descriptor's folder (or absolute)
 * @param input       the image tensor the model takes
 * @param output      the embedding tensor it gives
 * @param metric      how two embeddings are compared
 * @param alignment   how the face chip is cut from the photo
 * @param flipAverage embed the chip and its mirror image and average the two (test-time augmentation)
 * @param threshold   the decision threshold and where it came from
 * @param int8OnnxFile the same network quantised to int8 ({@code modelimport.Int8Quantiser}), run instead of
 *                    {@code onnxFile} on the CPU execution provider; null: fp32 everywhere. Optional in the JSON
 *                    ({@code "int8OnnxFile"}). The model id stays the same: the int8 graph is held to the fp32
 *                    graph's accuracy, fp32 templates included (docs/accuracy.md), as CUDA is to CPU.
 */
public record ModelDescriptor(String id, String onnxFile, Input input, Output output, Metric metric,
        Alignment alignment, boolean flipAverage, Threshold threshold, String int8OnnxFile)
        implements RecognitionDescriptor {

    public static final int SCHEMA_VERSION = 1;

    public enum Layout { NCHW, NHWC }

    public enum ChannelOrder { RGB, BGR }

    /** Distance between embeddings: lower means more alike; MATCH when strictly below the threshold. */
    public enum Metric {
        /** L2 distance of the raw vectors. */
        EUCLIDEAN,
        /** 1 - cosine similarity (0 = same direction, 2 = opposite). */
        COSINE;

        public double distance(Embedding a, Embedding b) {
            return this == EUCLIDEAN ? a.euclideanDistance(b) : a.cosineDistance(b);
        }
    }

    /**
     * The model's input tensor.
     *
     * @param mean  per channel, in the model's channel order
     * @param scale per channel, in the model's channel order
     */
    public record Input(String name, int width, int height, Layout layout, ChannelOrder channelOrder, float[] mean,
            float[] scale) {

        public Input {
            require(name != null && !name.isBlank(), "input.name is required");
            require(width >= 8 && height >= 8 && width <= 1024 && height <= 1024,
                    "input width and height must be 8..1024, got " + width + "x" + height);
            require(layout != null && channelOrder != null, "input.layout and input.channelOrder are required");
            require(mean != null && mean.length == 3, "input.mean needs 3 values");
            require(scale != null && scale.length == 3, "input.scale (or std) needs 3 values");
            for (float s : scale) {
                require(Float.isFinite(s) && s != 0, "input.scale values must be finite and non-zero");
            }
            mean = mean.clone();
            scale = scale.clone();
        }

        @Override
        public float[] mean() {
            return mean.clone();
        }

        @Override
        public float[] scale() {
            return scale.clone();
        }

        /** Floats per face in the input tensor. */
        public int floatsPerFace() {
            return 3 * width * height;
        }

        /** The tensor shape for a batch of {@code n}. */
        public long[] shape(int n) {
            return layout == Layout.NCHW ? new long[] {n, 3, height, width} : new long[] {n, height, width, 3};
        }
    }

    public record Output(String name, int dimension) {
        public Output {
            require(name != null && !name.isBlank(), "output.name is required");
            require(dimension > 0, "output.dimension must be positive");
        }
    }

    /** How the chip is cut from the photo. */
    public enum AlignmentMethod {
        /** face-api's axis-aligned square around eyes and mouth (no rotation); needs a square input. */
        FACE_API_SQUARE("face-api-square"),
        /** Least-squares similarity transform (rotation, uniform scale, shift) of reference points onto a template. */
        SIMILARITY("similarity");

        private final String json;

        AlignmentMethod(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        static AlignmentMethod parse(String s) {
            for (AlignmentMethod m : values()) {
                if (m.json.equals(s)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("alignment.method must be face-api-square or similarity, not '" + s + "'");
        }
    }

    /**
     * Points derived from the 68 iBUG landmarks. "Left" is the left side of the image (the subject's right):
     * eyes are the means of points 36-41 and 42-47, nose is the tip (30), mouth corners are 48 and 54, mouth
     * is the mean of the 20 mouth points 48-67.
     */
    public enum ReferencePoint {
        LEFT_EYE("leftEye"), RIGHT_EYE("rightEye"), NOSE("nose"), MOUTH_LEFT("mouthLeft"), MOUTH_RIGHT("mouthRight"),
        MOUTH("mouth");

        private final String json;

        ReferencePoint(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        static ReferencePoint parse(String s) {
            for (ReferencePoint p : values()) {
                if (p.json.equals(s)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown alignment template point '" + s
                    + "' (leftEye, rightEye, nose, mouthLeft, mouthRight, mouth)");
        }
    }

    /**
     * @param template for {@link AlignmentMethod#SIMILARITY}: where each reference point goes, in input pixels
     *                 (at least two points); empty for the square crop
     */
    public record Alignment(AlignmentMethod method, Map<ReferencePoint, double[]> template) {

        public static final Alignment FACE_API_SQUARE = new Alignment(AlignmentMethod.FACE_API_SQUARE, Map.of());

        public Alignment {
            require(method != null, "alignment.method is required");
            EnumMap<ReferencePoint, double[]> copy = new EnumMap<>(ReferencePoint.class);
            template.forEach((k, v) -> {
                require(v.length == 2 && Double.isFinite(v[0]) && Double.isFinite(v[1]),
                        "alignment template point " + k.json() + " needs [x, y]");
                copy.put(k, v.clone());
            });
            if (method == AlignmentMethod.SIMILARITY) {
                require(copy.size() >= 2, "a similarity alignment needs at least two template points");
            }
            template = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /** A calibrated threshold: at this false-match rate on the calibration data, this distance. */
    public record FarPoint(double falseMatchRate, double distance) {
    }

    /**
     * Where the decision threshold came from.
     *
     * @param falseMatchRate        the false-match rate it was chosen for
     * @param heldOutFalseMatchRate the mean false-match rate on held-out folds (each fold with the threshold
     *                              chosen on the others)
     * @param trueMatchRate         the mean held-out true-match rate at that threshold
     */
    public record Calibration(double falseMatchRate, double heldOutFalseMatchRate, double trueMatchRate,
            String dataset, String command, String date) {
    }

    /**
     * @param distance         the default decision threshold (MATCH when distance &lt; it)
     * @param calibration      how it was obtained, or null for an uncalibrated model
     * @param byFalseMatchRate thresholds for other false-match rates on the same data, for
     *                         {@code targetFalseMatchRate} configuration; ascending by rate
     */
    public record Threshold(double distance, Calibration calibration, List<FarPoint> byFalseMatchRate) {

        public Threshold {
            require(Double.isFinite(distance), "threshold.distance must be a number");
            byFalseMatchRate = byFalseMatchRate.stream()
                    .sorted(Comparator.comparingDouble(FarPoint::falseMatchRate)).toList();
        }

        /**
         * The threshold for a false-match rate from the calibration table: exact, or interpolated linearly in
         * log(rate) between the two nearest rows.
         * @throws IllegalArgumentException when the rate lies outside the calibrated range
         */
        public double atFalseMatchRate(double rate) {
            List<FarPoint> t = byFalseMatchRate;
            if (t.isEmpty()) {
                throw new IllegalArgumentException("this model has no calibration table: set a threshold instead");
            }
            double lo = t.get(0).falseMatchRate();
            double hi = t.get(t.size() - 1).falseMatchRate();
            if (!(rate >= lo && rate <= hi)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "false-match rate %s is outside the calibrated range %s..%s", rate, lo, hi));
            }
            for (int i = 0; i < t.size(); i++) {
                FarPoint p = t.get(i);
                if (p.falseMatchRate() == rate) {
                    return p.distance();
                }
                if (p.falseMatchRate() > rate) {
                    FarPoint q = t.get(i - 1);
                    double a = (Math.log(rate) - Math.log(q.falseMatchRate()))
                            / (Math.log(p.falseMatchRate()) - Math.log(q.falseMatchRate()));
                    return q.distance() + a * (p.distance() - q.distance());
                }
            }
            return t.get(t.size() - 1).distance();
        }
    }

    /** A descriptor without an int8 graph (fp32 on every provider). */
    public ModelDescriptor(String id, String onnxFile, Input input, Output output, Metric metric, Alignment alignment,
            boolean flipAverage, Threshold threshold) {
        this(id, onnxFile, input, output, metric, alignment, flipAverage, threshold, null);
    }

    public ModelDescriptor {
        require(id != null && !id.isBlank(), "id is required");
        require(int8OnnxFile == null || !int8OnnxFile.isBlank(), "int8OnnxFile, when given, names a file");
        require(onnxFile != null && !onnxFile.isBlank(), "onnxFile is required");
        require(input != null && output != null && metric != null && alignment != null && threshold != null,
                "input, output, metric, alignment and threshold are required");
        require(alignment.method() != AlignmentMethod.FACE_API_SQUARE || input.width() == input.height(),
                "the face-api-square alignment needs a square input");
        require(threshold.distance() > 0, "threshold.distance must be positive for a distance metric");
    }

    @Override
    public List<ModelDescriptor> members() {
        return List.of(this);
    }

    @Override
    public double distance(Embedding a, Embedding b) {
        return metric.distance(a, b);
    }

    /** The same model under another id: the id names the embedding space, so change it with the alignment. */
    public ModelDescriptor withId(String newId) {
        return new ModelDescriptor(newId, onnxFile, input, output, metric, alignment, flipAverage, threshold, int8OnnxFile);
    }

    public ModelDescriptor withAlignment(Alignment a) {
        return new ModelDescriptor(id, onnxFile, input, output, metric, a, flipAverage, threshold, int8OnnxFile);
    }

    public ModelDescriptor withFlipAverage(boolean flip) {
        return new ModelDescriptor(id, onnxFile, input, output, metric, alignment, flip, threshold, int8OnnxFile);
    }

    @Override
    public ModelDescriptor withThreshold(Threshold t) {
        return new ModelDescriptor(id, onnxFile, input, output, metric, alignment, flipAverage, t, int8OnnxFile);
    }

    /** The same model with fp32 on every provider (no int8 graph). */
    public ModelDescriptor withoutInt8() {
        return new ModelDescriptor(id, onnxFile, input, output, metric, alignment, flipAverage, threshold, null);
    }

    /** The same model with its int8 graph {@code file} for the CPU provider. */
    public ModelDescriptor withInt8(String file) {
        return new ModelDescriptor(id, onnxFile, input, output, metric, alignment, flipAverage, threshold, file);
    }

    /** The int8 ONNX file resolved against the descriptor's folder, or null when the model has none. */
    public Path int8Path(Path descriptorDir) {
        if (int8OnnxFile == null) {
            return null;
        }
        Path p = Path.of(int8OnnxFile);
        return p.isAbsolute() ? p : descriptorDir.resolve(p);
    }

    /** The ONNX file, resolved against the folder that holds the descriptor. */
    public Path onnxPath(Path descriptorDir) {
        Path p = Path.of(onnxFile);
        return p.isAbsolute() ? p : descriptorDir.resolve(p);
    }

    /** Reads and validates a descriptor file. */
    public static ModelDescriptor load(Path file) throws IOException {
        try {
            return parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses and validates descriptor JSON ({@link ModelDescriptorJson}).
     * @throws IllegalArgumentException naming the first missing or invalid field
     */
    public static ModelDescriptor parse(String json) {
        return ModelDescriptorJson.parse(json);
    }

    /** The descriptor as JSON (the format {@link #parse} reads). */
    @Override
    public String toJson() {
        return ModelDescriptorJson.write(this);
    }

    /** Reads a {@code threshold} object (shared by single-model and fusion descriptors). */
    static Threshold parseThreshold(JsonNode th) {
        return ModelDescriptorJson.threshold(th);
    }

    /** A {@code threshold} object as {@link #parseThreshold} reads it. */
    static ObjectNode thresholdJson(Threshold threshold) {
        return ModelDescriptorJson.threshold(threshold);
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
