package org.facegate.pad;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything FaceGate needs to run presentation-attack detection (PAD) and judge its score, as a JSON file beside the
 * models ({@code *.pad.json}, docs/presentation-attacks.md). Either of two kinds:
 * <ul>
 *   <li><b>one model</b>: the ONNX file, how the face is cut from the photo ({@link Crop}), how pixels are normalised,
 *       which output means bona fide ({@link ScoreRule}); {@code members} and {@code fusion} are absent;</li>
 *   <li><b>a fusion</b>: {@code members} (each a {@link Member}: what a one-model descriptor names, with its own id)
 *       and a {@link Fusion} rule that turns the members' bona fide logits into one score; the top-level model fields
 *       ({@code onnx}, {@code input}, {@code output}, {@code crop}, {@code normalisation}, {@code score}) are absent.
 *       Each member's {@code onnx} is relative to the fused descriptor's folder.</li>
 * </ul>
 * Both kinds carry the calibrated threshold and the (APCER, BPCER) table it was chosen from.
 *
 * <p>Scores are the probability of a bona fide presentation in [0, 1]: a face scoring at or above {@code threshold}
 * passes, below it is judged an attack. Construction refuses an inconsistent descriptor with an
 * {@link IllegalArgumentException} that names the broken rule; {@link #load} turns that into an {@link IOException}
 * naming the file.
 *
 * @param onnx            the model file, relative to the descriptor's folder (one-model descriptors only)
 * @param members         the fused models, in the order of {@link Fusion#weights()} (fusions only)
 * @param fusion          how the members' scores become one (fusions only)
 * @param operatingPoints measured (APCER, BPCER) pairs at a few thresholds, lowest threshold first
 * @param calibration     how the threshold and table were measured (data set, protocol, command)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PadDescriptor(int schemaVersion, String id, String onnx, String input, String output, Crop crop,
        Normalisation normalisation, ScoreRule score, List<Member> members, Fusion fusion, double threshold,
        List<OperatingPoint> operatingPoints, String calibration) {

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

    /** {@code (v - mean[c]) * scale[c]} on 0..255 values, channels in {@code order}, NCHW. Equal by content. */
    public record Normalisation(ChannelOrder order, float[] mean, float[] scale) {
        public Normalisation {
            if (order == null || mean == null || scale == null || mean.length != 3 || scale.length != 3) {
                throw new IllegalArgumentException("normalisation: order, three means and three scales are required");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Normalisation n && order == n.order && Arrays.equals(mean, n.mean)
                    && Arrays.equals(scale, n.scale);
        }

        @Override
        public int hashCode() {
            return Objects.hash(order, Arrays.hashCode(mean), Arrays.hashCode(scale));
        }

        @Override
        public String toString() {
            return "Normalisation[" + order + ", mean=" + Arrays.toString(mean) + ", scale=" + Arrays.toString(scale)
                    + "]";
        }
    }

    public enum ChannelOrder { RGB, BGR }

    /**
     * How the output becomes a bona fide probability: {@link Kind#PROBABILITY} takes element {@code bonaFideIndex}
     * as it is, {@link Kind#SOFTMAX} takes it after a softmax over the output's elements. The bona fide logit a
     * {@link Fusion} reads is {@code ln(p / (1 - p))} of that probability ({@link BonaFideLogits}).
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

    /**
     * One model of a fused descriptor: what a one-model descriptor names, under the member's own id (by convention
     * the id of the member's own one-model descriptor, which runs it alone).
     *
     * @param onnx the model file, relative to the fused descriptor's folder
     */
    public record Member(String id, String onnx, String input, String output, Crop crop, Normalisation normalisation,
            ScoreRule score) {
        public Member {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("member: id is required");
            }
            if (onnx == null || onnx.isBlank() || input == null || output == null || crop == null
                    || normalisation == null || score == null) {
                throw new IllegalArgumentException("member " + id
                        + ": onnx, input, output, crop, normalisation and score are required");
            }
        }

        /** The model a one-model descriptor names, as a member with the descriptor's id. */
        public static Member of(PadDescriptor single) {
            if (single.fused()) {
                throw new IllegalArgumentException(single.id() + " is a fusion, not one model: fuse its members");
            }
            return new Member(single.id(), single.onnx(), single.input(), single.output(), single.crop(),
                    single.normalisation(), single.score());
        }

        /** The model file, resolved against the folder of the descriptor that holds this member. */
        public Path onnxPath(Path descriptorDir) {
            return descriptorDir.resolve(onnx);
        }
    }

    /**
     * How a fusion's members become one score. {@link Kind#LOGISTIC}: {@code sigmoid(bias + sum(weights[i] *
     * logit[i]))}, where {@code logit[i]} is member i's bona fide logit ({@link BonaFideLogits}); one weight per
     * member, in the members' order; all numbers finite. Equal by content.
     */
    public record Fusion(Kind kind, double bias, double[] weights) {
        public Fusion {
            if (kind == null || weights == null || weights.length == 0) {
                throw new IllegalArgumentException("fusion: kind, bias and one weight per member are required");
            }
            if (!Double.isFinite(bias)) {
                throw new IllegalArgumentException("fusion: bias must be a finite number, got " + bias);
            }
            weights = weights.clone();
            for (int i = 0; i < weights.length; i++) {
                if (!Double.isFinite(weights[i])) {
                    throw new IllegalArgumentException("fusion: weight " + i + " must be a finite number, got "
                            + weights[i]);
                }
            }
        }

        public enum Kind { LOGISTIC }

        /** A logistic fusion. */
        public static Fusion logistic(double bias, double... weights) {
            return new Fusion(Kind.LOGISTIC, bias, weights);
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        /**
         * The fused bona fide probability of one face from its members' bona fide logits, in the members' order.
         * @throws IllegalArgumentException when there is not one logit per weight
         */
        public double score(double[] logits) {
            if (logits.length != weights.length) {
                throw new IllegalArgumentException("fusion: " + logits.length + " logits for " + weights.length
                        + " weights");
            }
            double z = bias;
            for (int i = 0; i < logits.length; i++) {
                z += weights[i] * logits[i];
            }
            return BonaFideLogits.sigmoid(z);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fusion f && kind == f.kind && Double.compare(bias, f.bias) == 0
                    && Arrays.equals(weights, f.weights);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, bias, Arrays.hashCode(weights));
        }

        @Override
        public String toString() {
            return "Fusion[" + kind + ", bias=" + bias + ", weights=" + Arrays.toString(weights) + "]";
        }
    }

    public PadDescriptor {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion must be " + SCHEMA_VERSION + ", got " + schemaVersion);
        }
        if (members != null || fusion != null) {
            members = fusedMembers(id, onnx, input, output, crop, normalisation, score, members, fusion);
        } else {
            if (id == null || id.isBlank() || onnx == null || onnx.isBlank() || input == null || output == null) {
                throw new IllegalArgumentException("id, onnx, input and output are required");
            }
            if (crop == null || normalisation == null || score == null) {
                throw new IllegalArgumentException("crop, normalisation and score are required");
            }
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be a probability in [0, 1]: " + threshold);
        }
        operatingPoints = operatingPoints == null ? List.of() : List.copyOf(operatingPoints);
    }

    /** A one-model descriptor. */
    public PadDescriptor(int schemaVersion, String id, String onnx, String input, String output, Crop crop,
            Normalisation normalisation, ScoreRule score, double threshold, List<OperatingPoint> operatingPoints,
            String calibration) {
        this(schemaVersion, id, onnx, input, output, crop, normalisation, score, null, null, threshold,
                operatingPoints, calibration);
    }

    /** A fused descriptor: {@code members} judged together by {@code fusion}. */
    public static PadDescriptor fused(String id, List<Member> members, Fusion fusion, double threshold,
            List<OperatingPoint> operatingPoints, String calibration) {
        return new PadDescriptor(SCHEMA_VERSION, id, null, null, null, null, null, null, members, fusion, threshold,
                operatingPoints, calibration);
    }

    private static List<Member> fusedMembers(String id, String onnx, String input, String output, Crop crop,
            Normalisation normalisation, ScoreRule score, List<Member> members, Fusion fusion) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is required");
        }
        if (onnx != null || input != null || output != null || crop != null || normalisation != null
                || score != null) {
            throw new IllegalArgumentException("fused descriptor " + id + ": members and fusion replace the"
                    + " top-level onnx, input, output, crop, normalisation and score; give one or the other");
        }
        if (members == null || members.isEmpty() || members.stream().anyMatch(Objects::isNull) || fusion == null) {
            throw new IllegalArgumentException("fused descriptor " + id + ": members (one or more) and fusion are"
                    + " required");
        }
        Set<String> ids = new HashSet<>();
        for (Member m : members) {
            if (!ids.add(m.id())) {
                throw new IllegalArgumentException("fused descriptor " + id + ": member ids must be unique, "
                        + m.id() + " appears twice");
            }
        }
        if (fusion.weights.length != members.size()) {
            throw new IllegalArgumentException("fused descriptor " + id + ": fusion has " + fusion.weights.length
                    + " weights for " + members.size() + " members (one weight per member, in the members' order)");
        }
        return List.copyOf(members);
    }

    /** Whether this descriptor fuses several members rather than naming one model. */
    public boolean fused() {
        return fusion != null;
    }

    /** The models this descriptor runs: its members, or the one model it names (as a member with its id). */
    public List<Member> models() {
        return fused() ? members : List.of(Member.of(this));
    }

    /** The same models judged at another threshold (a deployment's own choice, e.g. from the table). */
    public PadDescriptor withThreshold(double t) {
        return withCalibration(t, operatingPoints, calibration);
    }

    /** The same models with a new threshold, operating-point table and calibration text (a recalibration). */
    public PadDescriptor withCalibration(double t, List<OperatingPoint> points, String text) {
        return new PadDescriptor(schemaVersion, id, onnx, input, output, crop, normalisation, score, members, fusion,
                t, points, text);
    }

    /**
     * The same descriptor to be written into folder {@code to}: every model path rewritten so that it names, from
     * {@code to}, the file it named from {@code from} (relative where the two folders share a root).
     */
    public PadDescriptor relocate(Path from, Path to) {
        if (!fused()) {
            return new PadDescriptor(schemaVersion, id, moved(onnx, from, to), input, output, crop, normalisation,
                    score, threshold, operatingPoints, calibration);
        }
        List<Member> moved = members.stream().map(m -> new Member(m.id(), moved(m.onnx(), from, to), m.input(),
                m.output(), m.crop(), m.normalisation(), m.score())).toList();
        return fused(id, moved, fusion, threshold, operatingPoints, calibration);
    }

    private static String moved(String file, Path from, Path to) {
        Path target = from.toAbsolutePath().resolve(file).normalize();
        Path dir = to.toAbsolutePath().normalize();
        return target.getRoot().equals(dir.getRoot()) ? dir.relativize(target).toString() : target.toString();
    }

    /**
     * The model file of a one-model descriptor, resolved against the descriptor's folder.
     * @throws IllegalStateException for a fusion, whose members each name their own ({@link Member#onnxPath})
     */
    public Path onnxPath(Path descriptorDir) {
        if (fused()) {
            throw new IllegalStateException("fused PAD descriptor " + id + " has no model of its own; its members"
                    + " name theirs");
        }
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
