package org.facegate.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Several recognition models run on the same aligned face and decided on by one score (schema version 1,
 * {@code "kind": "fusion"}, docs/face-pipeline.md "Model descriptor"). Each member's distance is normalised by the statistics of
 * impostor (different-person) pairs on the calibration data, then weighted:
 * <pre>{@code fused = sum_i weight_i * (d_i - impostorMean_i) / impostorStd_i}</pre>
 * so 0 is a typical impostor pair and genuine pairs lie well below it; MATCH when the fused distance is below the
 * threshold. Example:
 * <pre>{@code
 * {"schemaVersion": 1, "kind": "fusion", "id": "facegate-fusion-dlib128-arcface512@1",
 *  "members": [{"descriptor": "face-api-resnet128.model.json", "weight": 0.4, "impostorMean": 0.9, "impostorStd": 0.1},
 *              {"descriptor": "faceplugin-arcface512.model.json", "weight": 0.6, ...}],
 *  "threshold": {"distance": -3.1, "calibration": {...}, "byFalseMatchRate": [...]}}
 * }</pre>
 * An optional {@code "cohortNormalisation"} ({@link CohortNormalisation}; null without) is the rule used instead when a
 * cohort is configured; {@link #distance} stays the plain fused distance.
 */
public record FusionDescriptor(String id, List<Member> parts, ModelDescriptor.Threshold threshold,
        CohortNormalisation cohortNormalisation) implements RecognitionDescriptor {

    public static final String KIND = "fusion";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param descriptorFile the member's descriptor, relative to the fusion descriptor's folder
     * @param weight         its weight in the fused score (weights are not negative and add up to 1)
     */
    public record Member(String descriptorFile, ModelDescriptor model, double weight, double impostorMean,
            double impostorStd) {

        public Member {
            require(descriptorFile != null && !descriptorFile.isBlank(), "members[].descriptor is required");
            require(model != null, "members[].descriptor must name a model descriptor");
            require(Double.isFinite(weight) && weight >= 0, "members[].weight must be a number >= 0");
            require(Double.isFinite(impostorMean), "members[].impostorMean must be a number");
            require(Double.isFinite(impostorStd) && impostorStd > 0, "members[].impostorStd must be positive");
        }

        /** The member's distance, normalised by its impostor statistics. */
        public double normalised(double distance) {
            return (distance - impostorMean) / impostorStd;
        }
    }

    public FusionDescriptor {
        require(id != null && !id.isBlank(), "id is required");
        require(parts != null && parts.size() >= 2, "a fusion needs at least two members");
        parts = List.copyOf(parts);
        double sum = parts.stream().mapToDouble(Member::weight).sum();
        require(Math.abs(sum - 1) < 1e-6, "members' weights must add up to 1, not " + sum);
        Set<String> ids = new HashSet<>();
        for (Member m : parts) {
            require(ids.add(m.model().id()), "member " + m.model().id() + " appears twice");
        }
        require(threshold != null, "threshold is required");
        if (cohortNormalisation != null) {
            cohortNormalisation.requireMembers(parts.stream().map(Member::model).toList());
        }
    }

    /** A fusion without a cohort rule. */
    public FusionDescriptor(String id, List<Member> parts, ModelDescriptor.Threshold threshold) {
        this(id, parts, threshold, null);
    }

    /** The same fusion with {@code rule} as its cohort rule (null: none). */
    public FusionDescriptor withCohortNormalisation(CohortNormalisation rule) {
        return new FusionDescriptor(id, parts, threshold, rule);
    }

    @Override
    public List<ModelDescriptor> members() {
        return parts.stream().map(Member::model).toList();
    }

    @Override
    public double distance(Embedding a, Embedding b) {
        return fuse(memberDistances(a, b));
    }

    /** The fused distance of member distances given in member order. */
    public double fuse(double[] memberDistances) {
        double s = 0;
        for (int i = 0; i < parts.size(); i++) {
            Member m = parts.get(i);
            s += m.weight() * m.normalised(memberDistances[i]);
        }
        return s;
    }

    @Override
    public FusionDescriptor withThreshold(ModelDescriptor.Threshold t) {
        return new FusionDescriptor(id, parts, t, cohortNormalisation);
    }

    /** Reads a fusion from parsed JSON; member descriptor files are resolved against {@code dir}. */
    static FusionDescriptor parse(JsonNode root, Path dir) throws IOException {
        require(root.path("schemaVersion").asInt(-1) == ModelDescriptor.SCHEMA_VERSION,
                "schemaVersion must be " + ModelDescriptor.SCHEMA_VERSION);
        require(root.path("id").isTextual(), "id must be a non-empty string");
        require(root.path("members").isArray(), "members must be an array");
        List<Member> members = new ArrayList<>();
        for (JsonNode m : root.get("members")) {
            require(m.path("descriptor").isTextual(), "members[].descriptor must be a file name");
            String file = m.get("descriptor").asText();
            ModelDescriptor model = ModelDescriptor.load(dir.resolve(file));
            members.add(new Member(file, model, number(m, "weight"), number(m, "impostorMean"),
                    number(m, "impostorStd")));
        }
        require(root.path("threshold").isObject(), "threshold must be an object");
        CohortNormalisation cohortRule = root.has("cohortNormalisation")
                ? CohortNormalisation.parse(root.get("cohortNormalisation")) : null;
        return new FusionDescriptor(root.get("id").asText(), members,
                ModelDescriptor.parseThreshold(root.get("threshold")), cohortRule);
    }

    @Override
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", ModelDescriptor.SCHEMA_VERSION);
        root.put("kind", KIND);
        root.put("id", id);
        ArrayNode ms = root.putArray("members");
        for (Member m : parts) {
            ms.addObject().put("descriptor", m.descriptorFile()).put("modelId", m.model().id())
                    .put("weight", m.weight()).put("impostorMean", m.impostorMean()).put("impostorStd", m.impostorStd());
        }
        root.set("threshold", ModelDescriptor.thresholdJson(threshold));
        if (cohortNormalisation != null) {
            root.set("cohortNormalisation", cohortNormalisation.json());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double number(JsonNode m, String field) {
        require(m.path(field).isNumber(), "members[]." + field + " must be a number");
        return m.get(field).asDouble();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
