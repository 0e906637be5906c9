package org.facegate.pad;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything FaceGate needs to run one presentation-attack detection (PAD) model and judge its score, as a JSON file
 * beside the model ({@code *.pad.json}, docs/presentation-attacks.md): the ONNX file, how the face is cut from the
 * photo ({@link Crop}), how pixels are normalised, which output means bona fide ({@link ScoreRule}), the calibrated
 * threshold and the (APCER, BPCER) table it was chosen from.
 *
 * <p>Scores are the probability of a bona fide presentation in [0, 1]: a face scoring at or above {@code threshold}
 * passes, below it is judged an attack.
 *
 * @param onnx            the model file, relative to the descriptor's folder
 * @param operatingPoints measured (APCER, BPCER) pairs at a few thresholds, lowest threshold first
 * @param calibration     how the threshold and table were measured (data set, protocol, command)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PadDescriptor(int schemaVersion, String id, String onnx, String input, String output, Crop crop,
        Normalisation normalisation, ScoreRule score, double threshold, List<OperatingPoint> operatingPoints,
        String calibration) {

    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The face region a model sees: the detector's box scaled by {@code boxScale} about its centre, then either
     * shrunk to the photo ({@link Fill#CLAMP}), filled beyond it with the nearest edge pixel ({@link Fill#REPLICATE}),
     * or scaled less where the photo is too small and moved inside it ({@link Fill#SHIFT}); resized to
     * {@code size x size} as {@code resize} says ({@link Resize}; absent means {@link Resize#AREA_WHEN_SHRINKING}, the
     * rule of every descriptor written before the field existed).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Crop(double boxScale, int size, Fill fill, Resize resize) {
        public Crop {
            if (!(boxScale > 0 && boxScale <= 8) || size < 8 || size > 1024 || fill == null) {
                throw new IllegalArgumentException("crop: boxScale in (0, 8], size 8..1024 and fill are required");
            }
            if (resize == Resize.BILINEAR && fill != Fill.SHIFT) {
                throw new IllegalArgumentException("crop: resize BILINEAR is defined for fill SHIFT only");
            }
        }

        /** A crop resized the default way ({@link Resize#AREA_WHEN_SHRINKING}). */
        public Crop(double boxScale, int size, Fill fill) {
            this(boxScale, size, fill, null);
        }

        /** {@code resize}, or its default when the descriptor names none. */
        public Resize resizeRule() {
            return resize == null ? Resize.AREA_WHEN_SHRINKING : resize;
        }
    }

    /**
     * How the region becomes {@code size x size}. {@link #AREA_WHEN_SHRINKING}: the box as it is (sub-pixel), each
     * output pixel the average of the source pixels its footprint covers when shrinking, linear between pixel centres
     * when enlarging, float values. {@link #BILINEAR}: as Python code with OpenCV cuts and resizes (the MiniFASNet
     * nets' own {@code CropImage}): the box's corners truncated to whole pixels, the region including its right and
     * bottom pixel, then {@code cv2.resize} with {@code INTER_LINEAR} on 8-bit pixels (half-pixel centres, two
     * neighbours per axis whatever the scale, OpenCV's 11-bit fixed-point weights, results rounded to 0-255).
     */
    public enum Resize { AREA_WHEN_SHRINKING, BILINEAR }

    /**
     * What the crop shows outside the photo. {@code SHIFT} is upstream Silent-Face-Anti-Spoofing's rule (also the
     * faceplugin liveness code's): the scale first limited to {@code min((H-1)/h, (W-1)/w, boxScale)}, the box about
     * the face box's centre, then moved (not clipped) so that it lies within {@code [0, W-1] x [0, H-1]}.
     */
    public enum Fill { CLAMP, REPLICATE, SHIFT }

    /** {@code (v - mean[c]) * scale[c]} on 0..255 values, channels in {@code order}, NCHW. */
    public record Normalisation(ChannelOrder order, float[] mean, float[] scale) {
        public Normalisation {
            if (order == null || mean == null || scale == null || mean.length != 3 || scale.length != 3) {
                throw new IllegalArgumentException("normalisation: order, three means and three scales are required");
            }
        }
    }

    public enum ChannelOrder { RGB, BGR }

    /**
     * How the output becomes a bona fide probability: {@link Kind#PROBABILITY} takes element {@code bonaFideIndex}
     * as it is, {@link Kind#SOFTMAX} takes it after a softmax over the output's elements.
     */
    public record ScoreRule(Kind kind, int bonaFideIndex) {
        public ScoreRule {
            if (kind == null || bonaFideIndex < 0) {
                throw new IllegalArgumentException("score: kind and a non-negative bonaFideIndex are required");
            }
        }

        public enum Kind { PROBABILITY, SOFTMAX }
    }

    /** At {@code threshold}: attacks passed as bona fide (APCER) and bona fide presentations rejected (BPCER). */
    public record OperatingPoint(double threshold, double apcer, double bpcer) {
    }

    public PadDescriptor {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion must be " + SCHEMA_VERSION + ", got " + schemaVersion);
        }
        if (id == null || id.isBlank() || onnx == null || onnx.isBlank() || input == null || output == null) {
            throw new IllegalArgumentException("id, onnx, input and output are required");
        }
        if (crop == null || normalisation == null || score == null) {
            throw new IllegalArgumentException("crop, normalisation and score are required");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be a probability in [0, 1]: " + threshold);
        }
        operatingPoints = operatingPoints == null ? List.of() : List.copyOf(operatingPoints);
    }

    /** The same model judged at another threshold (a deployment's own choice, e.g. from the table). */
    public PadDescriptor withThreshold(double t) {
        return new PadDescriptor(schemaVersion, id, onnx, input, output, crop, normalisation, score, t, operatingPoints,
                calibration);
    }

    /** The model file, resolved against the descriptor's folder. */
    public Path onnxPath(Path descriptorDir) {
        return descriptorDir.resolve(onnx);
    }

    /**
     * Reads and validates a descriptor file.
     * @throws IOException when it cannot be read or is not a valid descriptor (the message names the file)
     */
    public static PadDescriptor load(Path file) throws IOException {
        try {
            return JSON.readValue(Files.readString(file), PadDescriptor.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": not a valid PAD descriptor: " + e.getMessage(), e);
        }
    }

    public static PadDescriptor parse(String json) throws IOException {
        return JSON.readValue(json, PadDescriptor.class);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the descriptor atomically. */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, toJson() + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
