package org.facegate.pad;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * FaceGate's own PAD model in numbers: a colour-texture descriptor (uniform local binary pattern histograms of the
 * Y, Cb, Cr, H, S and V channels of the face crop, at each radius of {@code radii}, square-rooted) and the logistic
 * regression that turns it into a bona fide probability: {@code sigmoid(sum(weights * (f - featureMean) /
 * featureScale) + bias)}. Trained by {@code facegate train-pad} ({@link org.facegate.padtraining.TexturePadTraining})
 * on {@code nuaa-pad}; the build turns it into an ONNX graph ({@code modelimport.ColourTextureGraph}) and a
 * {@link PadDescriptor}. Small on purpose: it is committed beside the command that made it ({@link #RESOURCE}).
 *
 * @param threshold        bona fide at or above; chosen on leave-one-subject-out scores
 * @param operatingPoints  leave-one-subject-out (APCER, BPCER) at a few thresholds
 * @param calibration      how {@code threshold} and the table were measured
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TextureModel(int schemaVersion, String id, PadDescriptor.Crop crop, int[] radii, double[] featureMean,
        double[] featureScale, double[] weights, double bias, double threshold,
        List<PadDescriptor.OperatingPoint> operatingPoints, String calibration) {

    /** Classpath resource of the shipped coefficients, beside the training command's package. */
    public static final String RESOURCE = "/org/facegate/pad/colour-texture-nuaa.json";
    /** Classpath resource of the model retrained across cameras ({@code facegate train-pad-fusion}). */
    public static final String CAMERAS_RESOURCE = "/org/facegate/pad/colour-texture-cameras.json";
    /** Colour channels the texture is read from, in the order of the descriptor. */
    public static final List<String> CHANNELS = List.of("Y", "Cb", "Cr", "H", "S", "V");
    /** Uniform LBP with 8 neighbours: 58 uniform patterns and one bin for all others. */
    public static final int BINS = 59;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public TextureModel {
        int f = featureCount(radii);
        if (featureMean.length != f || featureScale.length != f || weights.length != f) {
            throw new IllegalArgumentException("a texture model with " + radii.length + " radii has " + f
                    + " features; mean, scale and weights must each have that many");
        }
        operatingPoints = operatingPoints == null ? List.of() : List.copyOf(operatingPoints);
    }

    public static int featureCount(int[] radii) {
        return radii.length * CHANNELS.size() * BINS;
    }

    /** The shipped NUAA-only model ({@link #RESOURCE}), or null when the build has none. */
    public static TextureModel shipped() throws IOException {
        return resource(RESOURCE);
    }

    /** The model of a classpath resource, or null when the build has none. */
    public static TextureModel resource(String resource) throws IOException {
        try (InputStream in = TextureModel.class.getResourceAsStream(resource)) {
            return in == null ? null : JSON.readValue(in, TextureModel.class);
        }
    }

    public static TextureModel parse(String json) throws IOException {
        return JSON.readValue(json, TextureModel.class);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
