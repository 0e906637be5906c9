package org.facegate.pad;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The shipped default PAD fusion in numbers, as {@code facegate train-pad-fusion} fitted it across cameras: the ids
 * of its members in weight order, the logistic fusion of their bona fide logits ({@code bias}, {@code weights}), its
 * threshold and out-of-fold (APCER, BPCER) table, and, for each member judged alone, the threshold the same rule
 * chose ({@link #alone}). Committed beside the command ({@link #RESOURCE}); the build turns it into the default
 * descriptor. Parsing fails with an {@link IOException} on malformed JSON; the constructor refuses weights that do
 * not match the members.
 *
 * @param calibration how the threshold and table were measured: data, folds, counts and the command
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PadFusionCoefficients(int schemaVersion, String id, List<String> members, double bias,
        double[] weights, double threshold, List<PadDescriptor.OperatingPoint> operatingPoints, String calibration,
        List<Alone> alone) {

    /** Classpath resource of the shipped fusion, beside the texture model it names. */
    public static final String RESOURCE = "/org/facegate/pad/pad-fusion-cameras.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One member judged alone: its threshold by the same rule, its out-of-fold table and how it was measured. */
    public record Alone(String id, double threshold, List<PadDescriptor.OperatingPoint> operatingPoints,
            String calibration) {

        public Alone {
            operatingPoints = operatingPoints == null ? List.of() : List.copyOf(operatingPoints);
        }
    }

    public PadFusionCoefficients {
        members = List.copyOf(members);
        if (weights.length != members.size()) {
            throw new IllegalArgumentException(members.size() + " members but " + weights.length + " weights");
        }
        weights = weights.clone();
        operatingPoints = operatingPoints == null ? List.of() : List.copyOf(operatingPoints);
        alone = alone == null ? List.of() : List.copyOf(alone);
    }

    /** The fusion rule these coefficients state. */
    public PadDescriptor.Fusion fusion() {
        return PadDescriptor.Fusion.logistic(bias, weights);
    }

    /** The threshold chosen for member {@code memberId} alone, or NaN when none was. */
    public double aloneThreshold(String memberId) {
        return alone.stream().filter(a -> a.id().equals(memberId)).mapToDouble(Alone::threshold).findFirst()
                .orElse(Double.NaN);
    }

    /** The shipped fusion, or null when the build has none. */
    public static PadFusionCoefficients shipped() throws IOException {
        try (InputStream in = PadFusionCoefficients.class.getResourceAsStream(RESOURCE)) {
            return in == null ? null : JSON.readValue(in, PadFusionCoefficients.class);
        }
    }

    public static PadFusionCoefficients parse(String json) throws IOException {
        return JSON.readValue(json, PadFusionCoefficients.class);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
