package org.facegate.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

/** Reads and writes {@link ModelDescriptor}'s JSON form (schema version 1, docs/face-pipeline.md "Model descriptor"). */
final class ModelDescriptorJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelDescriptorJson() {
    }

    /**
     * Parses and validates descriptor JSON.
     * @throws IllegalArgumentException naming the first missing or invalid field
     */
    static ModelDescriptor parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        require(root != null && root.isObject(), "a descriptor is a JSON object");
        int version = root.path("schemaVersion").asInt(-1);
        require(version == ModelDescriptor.SCHEMA_VERSION, "schemaVersion must be " + ModelDescriptor.SCHEMA_VERSION + ", got "
                + root.path("schemaVersion"));
        JsonNode in = object(root, "input");
        float[] mean = floats(in, "mean");
        float[] scale;
        if (in.has("scale")) {
            require(!in.has("std"), "give input.scale or input.std, not both");
            scale = floats(in, "scale");
        } else {
            float[] std = floats(in, "std");
            scale = new float[std.length];
            for (int i = 0; i < std.length; i++) {
                require(std[i] != 0, "input.std values must be non-zero");
                scale[i] = 1f / std[i];
            }
        }
        Input input = new Input(text(in, "name"), integer(in, "width"), integer(in, "height"),
                enumValue(Layout.class, text(in, "layout"), "input.layout"),
                enumValue(ChannelOrder.class, text(in, "channelOrder"), "input.channelOrder"), mean, scale);
        JsonNode out = object(root, "output");
        Output output = new Output(text(out, "name"), integer(out, "dimension"));
        Metric metric = enumValue(Metric.class, text(root, "metric"), "metric");
        JsonNode al = object(root, "alignment");
        AlignmentMethod method = AlignmentMethod.parse(text(al, "method"));
        Map<ReferencePoint, double[]> template = new EnumMap<>(ReferencePoint.class);
        if (al.has("template")) {
            JsonNode t = object(al, "template");
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode xy = e.getValue();
                require(xy.isArray() && xy.size() == 2 && xy.get(0).isNumber() && xy.get(1).isNumber(),
                        "alignment.template." + e.getKey() + " must be [x, y]");
                template.put(ReferencePoint.parse(e.getKey()), new double[] {xy.get(0).asDouble(), xy.get(1).asDouble()});
            }
        }
        Threshold threshold = threshold(object(root, "threshold"));
        String int8 = root.hasNonNull("int8OnnxFile") ? text(root, "int8OnnxFile") : null;
        return new ModelDescriptor(text(root, "id"), text(root, "onnxFile"), input, output, metric,
                new Alignment(method, template), root.path("flipAverage").asBoolean(false),
                threshold, int8);
    }

    /** Reads a {@code threshold} object (shared by single-model and fusion descriptors). */
    static Threshold threshold(JsonNode th) {
        require(th.path("distance").isNumber(), "threshold.distance must be a number");
        Calibration calibration = null;
        if (th.hasNonNull("calibration")) {
            JsonNode c = object(th, "calibration");
            calibration = new Calibration(c.path("falseMatchRate").asDouble(Double.NaN),
                    c.path("heldOutFalseMatchRate").asDouble(Double.NaN), c.path("trueMatchRate").asDouble(Double.NaN),
                    c.path("dataset").asText(""), c.path("command").asText(""), c.path("date").asText(""));
        }
        List<FarPoint> table = new ArrayList<>();
        for (JsonNode row : th.path("byFalseMatchRate")) {
            require(row.path("falseMatchRate").isNumber() && row.path("distance").isNumber(),
                    "threshold.byFalseMatchRate rows need falseMatchRate and distance");
            table.add(new FarPoint(row.get("falseMatchRate").asDouble(), row.get("distance").asDouble()));
        }
        return new Threshold(th.get("distance").asDouble(), calibration, table);
    }

    /** The descriptor as JSON (the format {@link #parse} reads). */
    static String write(ModelDescriptor d) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", ModelDescriptor.SCHEMA_VERSION);
        root.put("id", d.id());
        root.put("onnxFile", d.onnxFile());
        if (d.int8OnnxFile() != null) {
            root.put("int8OnnxFile", d.int8OnnxFile());
        }
        ObjectNode in = root.putObject("input");
        in.put("name", d.input().name()).put("width", d.input().width()).put("height", d.input().height())
                .put("layout", d.input().layout().name()).put("channelOrder", d.input().channelOrder().name());
        ArrayNode mean = in.putArray("mean");
        ArrayNode scale = in.putArray("scale");
        for (int c = 0; c < 3; c++) {
            mean.add(d.input().mean()[c]);
            scale.add(d.input().scale()[c]);
        }
        root.putObject("output").put("name", d.output().name()).put("dimension", d.output().dimension());
        root.put("metric", d.metric().name().toLowerCase(Locale.ROOT));
        root.put("flipAverage", d.flipAverage());
        ObjectNode al = root.putObject("alignment");
        al.put("method", d.alignment().method().json());
        if (!d.alignment().template().isEmpty()) {
            ObjectNode t = al.putObject("template");
            d.alignment().template().forEach((k, v) -> t.putArray(k.json()).add(v[0]).add(v[1]));
        }
        root.set("threshold", threshold(d.threshold()));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code threshold} object as {@link #parseThreshold} reads it. */
    static ObjectNode threshold(Threshold threshold) {
        ObjectNode th = JSON.createObjectNode();
        th.put("distance", threshold.distance());
        if (threshold.calibration() != null) {
            Calibration c = threshold.calibration();
            th.putObject("calibration").put("falseMatchRate", c.falseMatchRate())
                    .put("heldOutFalseMatchRate", c.heldOutFalseMatchRate()).put("trueMatchRate", c.trueMatchRate())
                    .put("dataset", c.dataset()).put("command", c.command()).put("date", c.date());
        } else {
            th.putNull("calibration");
        }
        ArrayNode table = th.putArray("byFalseMatchRate");
        for (FarPoint p : threshold.byFalseMatchRate()) {
            table.addObject().put("falseMatchRate", p.falseMatchRate()).put("distance", p.distance());
        }
        return th;
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        require(n != null && n.isObject(), field + " must be an object");
        return n;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        require(n != null && n.isTextual() && !n.asText().isBlank(), field + " must be a non-empty string");
        return n.asText();
    }

    private static int integer(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        require(n != null && n.canConvertToInt() && n.isIntegralNumber(), field + " must be a whole number");
        return n.asInt();
    }

    private static float[] floats(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        require(n != null && n.isArray() && n.size() == 3, "input." + field + " must be an array of 3 numbers");
        float[] v = new float[3];
        for (int i = 0; i < 3; i++) {
            require(n.get(i).isNumber(), "input." + field + " must be an array of 3 numbers");
            v[i] = (float) n.get(i).asDouble();
        }
        return v;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
